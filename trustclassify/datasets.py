"""Labelled statements: reading them from a file and checking every row before training."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .categories import CATEGORY_IDS
from .errors import DataFileError
from .labels import SEPARATOR, to_indicator
from .tables import read_table

__all__ = ["LabelledTexts", "read_statements", "training_data_sha256"]


@dataclass(frozen=True)
class LabelledTexts:
    """Texts with their category ids, as read from a labelled file.

    Attributes
    ----------
    texts : list of str
    labels : list of list of str
        Each text's category ids; an empty list for none.
    """

    texts: list[str]
    labels: list[list[str]]

    @property
    def y(self) -> np.ndarray:
        """The (n, 14) 0/1 indicator matrix of the labels."""
        return to_indicator(self.labels)

    def __len__(self) -> int:
        return len(self.texts)


def read_statements(
    path: str | Path,
    *,
    text_column: str = "text",
    labels_column: str = "labels",
    sep: str = SEPARATOR,
) -> LabelledTexts:
    """Read and check a labelled file (CSV, TSV, Parquet or JSON Lines).

    Every row is checked before anything is returned, and every problem is reported at once
    with its row number (the first data row is row 1; in a CSV with a header it is on line 2).

    Parameters
    ----------
    path : str or Path
    text_column, labels_column : str
        Column names; labels are category ids joined by ``sep``, empty for none.
    sep : str, default=";"

    Returns
    -------
    LabelledTexts

    Raises
    ------
    DataFileError
        If the file cannot be read, a column is missing, or any row has an empty text, an
        unknown label id, or a text that appeared on an earlier row.
    """
    frame = read_table(path)
    for col in (text_column, labels_column):
        if col not in frame.columns:
            raise DataFileError(
                f"{str(path)!r} has no column {col!r}; "
                f"its columns are: {', '.join(map(str, frame.columns))}"
            )
    problems: list[str] = []
    texts: list[str] = []
    labels: list[list[str]] = []
    seen: dict[str, int] = {}
    cells = zip(frame[text_column], frame[labels_column], strict=False)
    for row, (text, cell) in enumerate(cells, start=1):
        text = "" if _missing(text) else str(text)
        cell = "" if _missing(cell) else str(cell)
        ids = [p.strip() for p in cell.split(sep) if p.strip()]
        if not text.strip():
            problems.append(f"row {row}: empty text")
        unknown = [i for i in ids if i not in CATEGORY_IDS]
        if unknown:
            problems.append(f"row {row}: unknown label id(s) {', '.join(map(repr, unknown))}")
        key = " ".join(text.lower().split())
        if key and key in seen:
            problems.append(f"row {row}: same text as row {seen[key]}")
        seen.setdefault(key, row)
        texts.append(text)
        labels.append(ids)
    if problems:
        shown = "\n  ".join(problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise DataFileError(
            f"{str(path)!r} has {len(problems)} problem(s); fix them and try again "
            f"(valid ids: {', '.join(CATEGORY_IDS)}):\n  {shown}{more}"
        )
    return LabelledTexts(texts=texts, labels=labels)


def training_data_sha256(texts, Y: np.ndarray) -> str:
    """Return a SHA-256 of texts and their indicator labels, in order.

    The same data gives the same digest whatever file it came from.
    """
    digest = hashlib.sha256()
    for text, row in zip(texts, np.asarray(Y), strict=False):
        digest.update(text.encode("utf-8"))
        digest.update(b"\x1f")
        digest.update("".join(map(str, row.tolist())).encode("ascii"))
        digest.update(b"\x1e")
    return digest.hexdigest()


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA
