"""The ``trustclassify`` command: a thin layer that parses arguments and formats output.

Library errors become a one-line message on stderr and exit code 1 (a failed job) or 2 (bad
usage or bad input file); no traceback.
"""

from __future__ import annotations

import functools
import json
import sys

import click

from .errors import DataFileError, IdentifierFoundError, ModelFileError, TrustClassifyError

EXIT_FAILED = 1
EXIT_USAGE = 2


def _one_line_errors(func):
    """Turn library errors into a one-line ``Error: ...`` and an exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (DataFileError, ModelFileError, IdentifierFoundError) as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except TrustClassifyError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_FAILED)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)

    return wrapper


def _model_option(func):
    return click.option(
        "--model",
        "model_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="A model file from `trustclassify train` (default: the shipped model).",
    )(
        click.option(
            "--allow-pickle",
            is_flag=True,
            help="Allow a joblib/pickle model file (it can run code: only for files you trust).",
        )(func)
    )


def _get_model(model_path, allow_pickle):
    from .default import default_model
    from .persistence import load

    if model_path is None:
        return default_model()
    return load(model_path, allow_pickle=allow_pickle)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="trustclassify")
def main() -> None:
    """Screen relationship-problem texts for the 14 ways trust issues develop.

    A screening aid for clinicians, not a diagnosis: read the texts it flags, starting with
    those flagged for physical violence or control and intimidation.
    """


@main.command()
@click.argument("texts", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per text).")
@click.option("--explain/--no-explain", default=True, help="Show the words that led to each match.")
@_model_option
@_one_line_errors
def classify(texts, as_json, explain, model_path, allow_pickle):
    """Classify TEXTS (or lines of stdin when none is given) and explain each match."""
    from .formatting import format_matches

    if not texts:
        if sys.stdin.isatty():
            raise click.UsageError("give one or more texts, or pipe them in one per line")
        texts = tuple(line.rstrip("\n") for line in sys.stdin if line.strip())
    model = _get_model(model_path, allow_pickle)
    results = model.classify(list(texts), explain=explain)
    if as_json:
        for text, matches in zip(texts, results):
            click.echo(json.dumps({"text": text, "matches": [m.to_dict() for m in matches]}))
        return
    color = sys.stdout.isatty()
    for i, (text, matches) in enumerate(zip(texts, results)):
        if i:
            click.echo()
        click.echo(format_matches(text, matches, color=color))


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--text-column", default="text", show_default=True)
@click.option("--labels-column", default="labels", show_default=True)
@click.option("--sep", default=";", show_default=True, help="Separator of label ids.")
@click.option("--report", "report_dir", type=click.Path(file_okay=False), default=None,
              help="Also write PNG figures and report.md into this folder.")
@_model_option
@_one_line_errors
def evaluate(path, text_column, labels_column, sep, report_dir, model_path, allow_pickle):
    """Score a model on a labelled file (CSV, TSV, Parquet or JSON Lines)."""
    from .datasets import read_statements
    from .evaluation import evaluate as run_evaluation
    from .formatting import format_scores

    data = read_statements(path, text_column=text_column, labels_column=labels_column, sep=sep)
    model = _get_model(model_path, allow_pickle)
    table = run_evaluation(model, data.texts, data.labels)
    click.echo(f"{len(data)} labelled texts from {path}")
    click.echo(format_scores(table))
    if report_dir is not None:
        from .report import write_report

        written = write_report(model, data.texts, data.y, report_dir)
        click.echo(f"report written to {written}")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Model file to write (.skops, or .joblib for trusted local use).")
@click.option("--text-column", default="text", show_default=True)
@click.option("--labels-column", default="labels", show_default=True)
@click.option("--sep", default=";", show_default=True, help="Separator of label ids.")
@click.option("--evaluate", "evaluate_path", type=click.Path(dir_okay=False), default=None,
              help="A separate labelled file to score the model on; figures are saved with it.")
@click.option("--cv", default=5, show_default=True, help="Folds for thresholds and the report.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@_one_line_errors
def train(path, output, text_column, labels_column, sep, evaluate_path, cv, force):
    """Train a model on a labelled file and save it.

    Every row is checked first (unknown ids, empty texts, duplicates, all reported with row
    numbers) and the texts are screened for direct identifiers before fitting.
    """
    from pathlib import Path

    from .training import train_from_file

    if Path(output).exists() and not force:
        raise click.UsageError(f"{output} exists; pass --force to overwrite it")
    train_from_file(
        path,
        output,
        text_column=text_column,
        labels_column=labels_column,
        sep=sep,
        evaluate_path=evaluate_path,
        cv=cv,
        echo=click.echo,
    )


@main.command()
@_model_option
@_one_line_errors
def card(model_path, allow_pickle):
    """Print the model card (Markdown) of a model file or the shipped model."""
    click.echo(_get_model(model_path, allow_pickle).card(), nl=False)
