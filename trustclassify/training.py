"""Training a model from a labelled file, with the checks and report a user needs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .classifier import BreachClassifier
from .datasets import read_statements
from .evaluation import evaluate
from .formatting import format_scores
from .persistence import save


def train_from_file(
    path: str | Path,
    output: str | Path,
    *,
    text_column: str = "text",
    labels_column: str = "labels",
    sep: str = ";",
    evaluate_path: str | Path | Sequence[str | Path] | None = None,
    cv: int = 5,
    echo: Callable[[str], None] = print,
) -> BreachClassifier:
    """Read and check a labelled file, fit a classifier, report, and save it to ``output``.

    Parameters
    ----------
    path : str or Path
        Labelled file (CSV, TSV, Parquet or JSON Lines) with a text and a labels column.
    output : str or Path
        Where to save the model (skops unless the suffix is ``.joblib``/``.pkl``).
    evaluate_path : str or Path, or a sequence of them, optional
        Separate labelled files; their figures are printed and kept in the model's metadata
        under each file's name. They are never used for fitting or for thresholds.
    echo : callable
        Where report lines go.

    Returns
    -------
    BreachClassifier
        The fitted model, as saved.
    """
    from .identifiers import count_identifiers

    data = read_statements(path, text_column=text_column, labels_column=labels_column, sep=sep)
    echo(f"{len(data)} labelled texts read from {path}; every row is valid")
    found = count_identifiers(data.texts)
    if found:
        kinds = ", ".join(f"{k}: {n}" for k, n in sorted(found.items()))
        echo(f"warning: texts hold what look like direct identifiers ({kinds}); "
             "anonymise them before sharing this data. The model keeps no training text.")
    model = BreachClassifier(cv=cv).fit(data.texts, data.labels)
    echo(f"\nCross-validated figures ({cv} folds, out-of-fold, at the learned thresholds):")
    import pandas as pd

    echo(format_scores(pd.DataFrame.from_dict(model.cv_report_, orient="index")))
    if evaluate_path is None:
        evaluate_paths = []
    elif isinstance(evaluate_path, str | Path):
        evaluate_paths = [evaluate_path]
    else:
        evaluate_paths = list(evaluate_path)
    for held_path in evaluate_paths:
        held = read_statements(held_path, text_column=text_column,
                               labels_column=labels_column, sep=sep)
        table = evaluate(model, held.texts, held.labels, record_as=Path(held_path).name)
        echo(f"\nFigures on {held_path} ({len(held)} texts, not used for fitting):")
        echo(format_scores(table))
    written = save(model, output)
    echo(f"\nmodel saved to {written}")
    return model
