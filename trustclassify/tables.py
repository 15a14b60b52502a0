"""Reading and writing tables by file suffix: CSV, TSV, Parquet and JSON Lines."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

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


# -- streaming: chunked readers and writers ---------------------------------------------------

_COMPRESSED_OPENERS = {".gz": "gzip", ".bz2": "bz2", ".xz": "lzma"}


def read_table_chunks(path: str | Path, *, chunk_rows: int = 5_000) -> Iterator[pd.DataFrame]:
    """Read a table in chunks of at most ``chunk_rows`` rows, choosing the reader by suffix.

    Only one chunk is in memory at a time, so memory stays flat whatever the file size. CSV
    and TSV cells stay text (an empty cell is ``""``); ``-`` reads CSV from standard input.
    At least one chunk is yielded, empty for a file without rows, so its columns are known.

    Parameters
    ----------
    path : str or Path
    chunk_rows : int, default=5000

    Returns
    -------
    iterator of pandas.DataFrame
        Each chunk's index continues the previous one's (0, 1, ... over the whole file).

    Raises
    ------
    DataFileError
        If the file is missing, unreadable or not of its suffix's format: at once when the
        file cannot be opened, or while iterating when a later row is broken.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.csv").write_text("id,text\\n1,a\\n2,b\\n3,c\\n")
    >>> [len(chunk) for chunk in read_table_chunks(folder / "in.csv", chunk_rows=2)]
    [2, 1]
    """
    fmt = table_format(path)
    name = str(path)
    reader = None
    try:
        if fmt == "parquet":
            chunks = _parquet_chunks(path, chunk_rows)
        elif fmt == "jsonl":
            reader = pd.read_json(path, lines=True, dtype=False, chunksize=chunk_rows)
            chunks = iter(reader)
        else:
            reader = pd.read_csv(
                _stdin() if name == "-" else path,
                sep="\t" if fmt == "tsv" else ",",
                dtype=str,
                keep_default_na=False,
                na_values=[],
                chunksize=chunk_rows,
            )
            chunks = iter(reader)
        first = next(chunks, None)
    except FileNotFoundError:
        raise DataFileError(f"no such file: {name!r}") from None
    except pd.errors.EmptyDataError:
        raise DataFileError(f"{name!r} is empty: not even a header row with column names") from None
    except (OSError, ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read {name!r} as {fmt}: {_first_line(exc)}") from None
    if first is None:  # a JSON Lines file without lines
        raise DataFileError(f"{name!r} is empty: it has no rows and no column names")
    return _checked_chunks(first, chunks, reader, name, fmt)


def _checked_chunks(first, chunks, reader, name, fmt) -> Iterator[pd.DataFrame]:
    try:
        yield first
        yield from chunks
    except (OSError, ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read {name!r} as {fmt}: {_first_line(exc)}") from None
    finally:
        if reader is not None:
            reader.close()  # the file it opened; standard input stays open


def _parquet_chunks(path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    empty = True
    start = 0
    for batch in pf.iter_batches(batch_size=chunk_rows):
        empty = False
        # Columns as stored; a saved pandas index comes back as an ordinary column.
        frame = batch.to_pandas(ignore_metadata=True)
        frame.index = pd.RangeIndex(start, start + len(frame))
        start += len(frame)
        yield frame
    if empty:
        yield pf.schema_arrow.empty_table().to_pandas(ignore_metadata=True)


def _stdin():
    import sys

    return getattr(sys.stdin, "buffer", sys.stdin)


class TableWriter:
    """Write a table chunk by chunk to an open file, in the format its suffix asked for.

    Use :func:`write_table_atomically`, which also handles temporary files and renaming.
    """

    def __init__(self, file: BinaryIO, fmt: str):
        self._file = file
        self._fmt = fmt
        self._parquet = None
        self._schema = None
        self._text: io.TextIOWrapper | None = None
        self.rows = 0

    def write(self, frame: pd.DataFrame) -> None:
        """Append ``frame``'s rows (the index is not written); the first call writes a header."""
        if self._fmt == "parquet":
            self._write_parquet(frame)
        elif self._fmt == "jsonl":
            if len(frame):
                frame.to_json(self._text_file(), orient="records", lines=True,
                              force_ascii=False, double_precision=15)
        else:
            first = self._text is None
            frame.to_csv(self._text_file(), sep="\t" if self._fmt == "tsv" else ",",
                         index=False, header=first, lineterminator="\n")
        self.rows += len(frame)

    def _text_file(self) -> io.TextIOWrapper:
        if self._text is None:
            self._text = io.TextIOWrapper(self._file, encoding="utf-8", newline="")
        return self._text

    def _write_parquet(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._schema is None:
            schema = pa.Schema.from_pandas(frame, preserve_index=False)
            # A column with no value in the first chunk has the null type; let later chunks
            # fill it with text rather than fail.
            for i, field in enumerate(schema):
                if pa.types.is_null(field.type):
                    schema = schema.set(i, field.with_type(pa.string()))
            self._schema = schema
            self._parquet = pq.ParquetWriter(self._file, schema)
        try:
            table = pa.Table.from_pandas(frame, schema=self._schema, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise DataFileError(
                f"cannot write rows {self.rows + 1}-{self.rows + len(frame)} to Parquet: a "
                f"column's values change type from one part of the input to another "
                f"({_first_line(exc)}); make each column hold one type, or write CSV"
            ) from None
        self._parquet.write_table(table)

    def close(self) -> None:
        """Finish the file (Parquet footer, text buffers) without closing the file itself."""
        if self._parquet is not None:
            self._parquet.close()
        if self._text is not None:
            self._text.flush()
            self._text.detach()


@contextmanager
def write_table_atomically(path: str | Path, *, force: bool = False) -> Iterator[TableWriter]:
    """Write a table by suffix to a temporary file, renamed to ``path`` only when complete.

    If the block raises (an error, Ctrl-C), the temporary file is removed and ``path`` is
    left as it was: no half-written output. ``-`` writes CSV to standard output, also only
    once the block has completed. A ``.gz``, ``.bz2`` or ``.xz`` ending compresses the output.

    Parameters
    ----------
    path : str or Path
        Where the table goes; the format comes from its suffix.
    force : bool, default=False
        Replace an existing file at ``path``.

    Yields
    ------
    TableWriter
        Call its ``write(frame)`` for each chunk, in order.

    Raises
    ------
    DataFileError
        If ``path`` exists and ``force`` is false, its folder does not exist, or its suffix
        is not a known table format.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
    >>> with write_table_atomically(out) as writer:
    ...     writer.write(pd.DataFrame({"a": [1, 2]}))
    ...     writer.write(pd.DataFrame({"a": [3]}))
    >>> out.read_text()
    'a\\n1\\n2\\n3\\n'
    """
    fmt = table_format(path)
    to_stdout = str(path) == "-"
    dst = Path(path)
    if not to_stdout:
        _check_output_path(dst, force)
    compression = None if to_stdout else _COMPRESSED_OPENERS.get(dst.suffix.lower())
    if fmt == "parquet" and compression:
        raise DataFileError(f"cannot write {str(dst)!r}: Parquet compresses its own data; "
                            f"drop the {dst.suffix!r} ending")
    # The temporary file sits next to the output, so the final rename stays on one file system.
    handle, tmp_name = tempfile.mkstemp(
        prefix="trustclassify-" if to_stdout else f".{dst.name}.",
        suffix=".part",
        dir=None if to_stdout else dst.parent,
    )
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as raw:
            with _compressed(raw, compression) as file:
                writer = TableWriter(file, fmt)
                try:
                    yield writer
                finally:
                    writer.close()
        if to_stdout:
            _copy_to_stdout(tmp)
        else:
            _check_output_path(dst, force)  # another program may have made it meanwhile
            if dst.exists():
                import shutil

                shutil.copymode(dst, tmp)  # a replaced file keeps its permissions
            os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)


def _check_output_path(dst: Path, force: bool) -> None:
    if dst.is_dir():
        raise DataFileError(f"output {str(dst)!r} is a folder; give a file name such as "
                            f"{str(dst / 'scored.csv')!r}")
    if dst.exists() and not force:
        raise DataFileError(f"output {str(dst)!r} already exists; choose another name, or pass "
                            "force=True (CLI: --force) to replace it")
    if not dst.parent.is_dir():
        raise DataFileError(f"cannot write {str(dst)!r}: folder {str(dst.parent)!r} does not "
                            "exist; create it first")


@contextmanager
def _compressed(raw: BinaryIO, compression: str | None) -> Iterator[BinaryIO]:
    if compression is None:
        yield raw
        return
    import importlib

    module = importlib.import_module(compression)
    with module.open(raw, "wb") as file:
        yield file


def _copy_to_stdout(tmp: Path) -> None:
    import shutil
    import sys

    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    with open(tmp, "rb") as src:
        if out is None:
            sys.stdout.write(src.read().decode("utf-8"))
        else:
            shutil.copyfileobj(src, out)
            out.flush()
