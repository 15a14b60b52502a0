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
        for text, matches in zip(texts, results, strict=False):
            click.echo(json.dumps({"text": text, "matches": [m.to_dict() for m in matches]}))
        return
    color = sys.stdout.isatty()
    for i, (text, matches) in enumerate(zip(texts, results, strict=False)):
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
@click.option("--evaluate", "evaluate_path", type=click.Path(dir_okay=False), multiple=True,
              help="A separate labelled file to score the model on; figures are saved with it. "
                   "Repeat for several files.")
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


@main.command("check-labels")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--text-column", default="text", show_default=True)
@click.option("--labels-column", default="labels", show_default=True)
@click.option("--sep", default=";", show_default=True, help="Separator of label ids.")
@click.option("--top", default=30, show_default=True, type=click.IntRange(min=0),
              help="Show the N most likely mislabelled rows (0 for all).")
@click.option("--cv", default=5, show_default=True, type=click.IntRange(min=2),
              help="Folds for the out-of-fold probabilities.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per row).")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@_one_line_errors
def check_labels(path, text_column, labels_column, sep, top, cv, as_json, as_csv):
    """List the rows of a labelled file whose labels are most likely wrong or missing.

    Each text is scored by models cross-validated without it; rows where those scores are
    far from the given labels come first, with the suspected labels ("missing: ..." for a
    label the text probably needs, "doubtful: ..." for one it probably does not). Nothing
    is changed: read each row and decide by the labelling rules.
    """
    from .datasets import read_statements
    from .label_check import find_label_issues, flatten_issues, format_label_issues

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    data = read_statements(path, text_column=text_column, labels_column=labels_column, sep=sep)
    click.echo(f"cross-validating {len(data)} labelled texts from {path} in {cv} folds ...",
               err=True)
    issues = find_label_issues(data.texts, data.labels, cv=cv)
    shown = issues if top == 0 else issues.head(top)
    if as_json:
        for record in shown.to_dict(orient="records"):
            click.echo(json.dumps(record, ensure_ascii=False))
    elif as_csv:
        click.echo(flatten_issues(shown, sep=sep).to_csv(index=False), nl=False)
    elif issues.empty:
        click.echo(f"none of the {len(data)} rows looks mislabelled")
    else:
        which = "all" if len(shown) == len(issues) else f"the {len(shown)} most likely"
        click.echo(f"{len(issues)} of {len(data)} rows look mislabelled; {which} shown, "
                   "most likely first.\n")
        click.echo(format_label_issues(shown))


@main.command()
@click.argument("src", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", "dst", required=True,
              type=click.Path(dir_okay=False, allow_dash=True),
              help="Scored table to write: CSV, TSV, Parquet or JSON Lines by suffix "
                   "(- for CSV on stdout).")
@click.option("--text-column", default="text", show_default=True)
@click.option("--id-column", default=None,
              help="Copy only this column and the scores, not the text or other columns.")
@click.option("-j", "--jobs", default=1, show_default=True, type=int,
              help="Processes scoring chunks at once (-1: one per CPU).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Score on a Dask cluster (tcp://host:8786); needs trustclassify[dask].")
@click.option("--on-identifiers", type=click.Choice(["warn", "redact", "fail"]), default="warn",
              show_default=True,
              help="Texts holding e-mails, phone numbers, ...: score and count them, replace "
                   "them with tags such as [PHONE], or stop before writing anything.")
@click.option("--max-chars", default=20_000, show_default=True, type=click.IntRange(min=1),
              help="Longer texts are truncated to this for scoring (status too_long).")
@click.option("--explain", is_flag=True, help="Add an evidence column (slower).")
@click.option("--chunk-rows", default=2_000, show_default=True, type=click.IntRange(min=1),
              help="Rows read, scored and written at a time.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@_model_option
@_one_line_errors
def score(src, dst, text_column, id_column, jobs, scheduler, on_identifiers, max_chars, explain,
          chunk_rows, force, quiet, model_path, allow_pickle):
    """Score every row of the table SRC (- for CSV on stdin) and write it with its scores.

    Each row keeps its columns and gains: categories, top_category, a p_<id> probability per
    category, status (ok, too_long, or why it was not scored: empty, missing, not_text) and
    safety_flag. A safety flag means "read this first"; no flag never means "screened
    negative". Rows are never dropped or reordered, and the output appears only once complete.
    """
    import warnings

    from .batch import IdentifierWarning, score_file

    if jobs == 0:
        raise click.UsageError("--jobs must be a number of processes, or -1 for one per CPU")
    if scheduler is not None and jobs != 1:
        raise click.UsageError("give --jobs or --scheduler, not both")
    model = _get_model(model_path, allow_pickle)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IdentifierWarning)  # the summary reports them
        summary = score_file(
            src, dst, text_column=text_column, id_column=id_column, model=model, n_jobs=jobs,
            scheduler=scheduler, chunk_rows=chunk_rows, on_identifiers=on_identifiers,
            max_chars=max_chars, explain=explain, force=force,
            progress=False if quiet else None,
        )
    if not quiet:
        click.echo(summary.format(), err=dst == "-")
    elif summary.identifier_notice():
        click.echo(summary.identifier_notice(), err=True)
