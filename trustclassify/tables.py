"""Reading and writing tables by file suffix: CSV, TSV, Parquet and JSON Lines."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import DataFileError

FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def table_format(path: str | Path) -> str:
    """Return ``"csv"``, ``"tsv"``, ``"parquet"`` or ``"jsonl"`` from a path's suffix.

    ``-`` (standard input or output) is CSV. A ``.gz`` ending is looked through for text formats.

    Raises
    ------
    DataFileError
        If the suffix is none of the known ones.
    """
    if str(path) == "-":
        return "csv"
    p = Path(path)
    suffixes = [s.lower() for s in p.suffixes]
    if suffixes and suffixes[-1] in (".gz", ".bz2", ".zst", ".xz"):
        suffixes = suffixes[:-1]
    fmt = FORMATS.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        raise DataFileError(
            f"unknown table format for {str(path)!r}; use one of the suffixes "
            f"{', '.join(sorted(FORMATS))} (or '-' for CSV on stdin/stdout)"
        )
    return fmt


def read_table(path: str | Path, **kwargs) -> pd.DataFrame:
    """Read a whole table, choosing the reader by suffix; text columns stay text.

    Raises
    ------
    DataFileError
        If the file is missing, unreadable or not of its suffix's format.
    """
    fmt = table_format(path)
    try:
        if fmt == "parquet":
            return pd.read_parquet(path, **kwargs)
        if fmt == "jsonl":
            return pd.read_json(path, lines=True, dtype=False, **kwargs)
        sep = "\t" if fmt == "tsv" else ","
        return pd.read_csv(
            "/dev/stdin" if str(path) == "-" else path,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            na_values=[],
            **kwargs,
        )
    except FileNotFoundError:
        raise DataFileError(f"no such file: {str(path)!r}") from None
    except (OSError, ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read {str(path)!r} as {fmt}: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
