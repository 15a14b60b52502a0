"""Batch scoring: a DataFrame or a table file of intake texts in, one scored row per row out.

Every row comes back, in its place, with its categories, one probability column per
category, a ``status`` saying whether and how it was scored, and a ``safety_flag`` marking
the rows a clinician should read first. Files are streamed in chunks, so memory stays flat
whatever their size, and written to a temporary file renamed into place only when complete.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections import Counter
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .categories import CATEGORY_IDS, categories
from .errors import DataFileError, IdentifierFoundError, InputTypeError, InvalidInputError
from .identifiers import identifiers_by_position, redact_identifiers
from .tables import read_table_chunks, write_table_atomically

if TYPE_CHECKING:
    from .classifier import BreachClassifier

__all__ = [
    "IdentifierWarning",
    "ScoreSummary",
    "result_columns",
    "score_file",
    "score_frame",
]

STATUSES = ("ok", "too_long", "empty", "missing", "not_text")
"""Values of the ``status`` column: scored (``ok``, ``too_long``: truncated and scored) or
not scored (``empty``: blank text, ``missing``: no value, ``not_text``: a number or other
non-text value)."""
SCORED = ("ok", "too_long")
ON_IDENTIFIERS = ("warn", "redact", "fail")
PROBABILITY_COLUMNS = tuple(f"p_{cid}" for cid in CATEGORY_IDS)
DEFAULT_MAX_CHARS = 20_000
DEFAULT_CHUNK_ROWS = 2_000  # ~1 s of scoring: small enough to share out evenly among jobs
_PREDICT_ROWS = 4_096  # texts per predict_proba call, so a huge frame never builds one huge matrix


class IdentifierWarning(UserWarning):
    """Scored texts hold what look like direct identifiers (``on_identifiers="warn"``)."""


def result_columns(*, explain: bool = False) -> list[str]:
    """Return the names of the columns scoring adds, in their order.

    Examples
    --------
    >>> cols = result_columns()
    >>> cols[:3], cols[-3:]
    (['categories', 'top_category', 'p_affairs'], ['status', 'safety_flag', 'identifiers'])
    >>> result_columns(explain=True)[-1]
    'evidence'
    """
    cols = ["categories", "top_category", *PROBABILITY_COLUMNS, "status", "safety_flag",
            "identifiers"]
    return cols + ["evidence"] if explain else cols


# -- the options of one scoring run ---------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    text_column: str
    on_identifiers: str
    max_chars: int
    explain: bool
    top_evidence: int

    @classmethod
    def checked(cls, text_column, on_identifiers, max_chars, explain, top_evidence) -> _Options:
        if text_column is None or not isinstance(text_column, Hashable):
            raise InputTypeError(f"text_column must be a column name, got {text_column!r}")
        if on_identifiers not in ON_IDENTIFIERS:
            raise InvalidInputError(
                f"on_identifiers must be one of {', '.join(map(repr, ON_IDENTIFIERS))}, "
                f"got {on_identifiers!r}"
            )
        for name, value in (("max_chars", max_chars), ("top_evidence", top_evidence)):
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
                raise InvalidInputError(f"{name} must be an int >= 1, got {value!r}")
        return cls(text_column, on_identifiers, int(max_chars), bool(explain), int(top_evidence))


def _resolve_model(model):
    from sklearn.utils.validation import check_is_fitted

    from .classifier import BreachClassifier
    from .default import default_model

    if model is None:
        return default_model()
    if not isinstance(model, BreachClassifier):
        raise InputTypeError(f"model must be a fitted BreachClassifier, got {type(model).__name__}")
    check_is_fitted(model, "pipeline_")
    return model


def _check_columns(columns, opts: _Options, *, where: str, error=InvalidInputError,
                   copied=None) -> None:
    """Check the text column is there once, and no column scoring adds is among ``copied``."""
    names = list(columns)
    if opts.text_column not in names:
        raise error(
            f"{where} has no column {opts.text_column!r}; its columns are: "
            f"{', '.join(map(str, names)) or '(none)'}. Name the column holding the text "
            "with text_column= (CLI: --text-column)"
        )
    if names.count(opts.text_column) > 1:
        raise error(f"{where} has {names.count(opts.text_column)} columns named "
                    f"{opts.text_column!r}; rename all but one")
    copied = names if copied is None else copied
    clash = [c for c in result_columns(explain=opts.explain) if c in copied]
    if clash:
        raise error(
            f"{where} already has column(s) {', '.join(map(repr, clash))}, which scoring adds "
            "(was it scored before?); rename or drop them first"
        )


# -- scoring one chunk ----------------------------------------------------------------------


@dataclass
class _Tally:
    """What one chunk held; added up over the chunks of a file for its summary."""

    rows: int = 0
    statuses: Counter = field(default_factory=Counter)
    matches: np.ndarray = field(default_factory=lambda: np.zeros(len(CATEGORY_IDS), np.int64))
    safety_flags: int = 0
    identifier_rows: int = 0
    identifier_kinds: Counter = field(default_factory=Counter)

    def add(self, other: _Tally) -> None:
        self.rows += other.rows
        self.statuses.update(other.statuses)
        self.matches += other.matches
        self.safety_flags += other.safety_flags
        self.identifier_rows += other.identifier_rows
        self.identifier_kinds.update(other.identifier_kinds)


def _score_chunk(
    model, frame: pd.DataFrame, opts: _Options, first_row: int | None = None
) -> tuple[pd.DataFrame, _Tally]:
    """Score one frame; return it with the result columns added, and its tally.

    ``first_row`` is the file row number of the frame's first row (for error messages); None
    means the rows are named by their index labels.
    """
    values = frame[opts.text_column].to_numpy(dtype=object)
    n = len(values)
    status = np.full(n, "ok", dtype=object)
    is_text = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=n)
    missing = ~is_text & pd.isna(values).astype(bool)
    status[missing] = "missing"
    status[~is_text & ~missing] = "not_text"
    text_rows = np.flatnonzero(is_text)
    blank = np.fromiter((not v.strip() for v in values[text_rows]), dtype=bool,
                        count=len(text_rows))
    status[text_rows[blank]] = "empty"
    rows = text_rows[~blank]  # the rows that get scored
    texts: list[str] = values[rows].tolist()

    tally = _Tally(rows=n)
    kinds = np.full(n, "", dtype=object)
    redacted = None
    found = identifiers_by_position(texts)
    if found:
        for pos, spans in found.items():
            row_kinds = sorted({s.kind for s in spans})
            kinds[rows[pos]] = ";".join(row_kinds)
            tally.identifier_kinds.update(row_kinds)
        tally.identifier_rows = len(found)
        if opts.on_identifiers == "fail":
            raise _identifier_error(frame, rows[sorted(found)], tally, first_row)
        if opts.on_identifiers == "redact":
            redacted = values.copy()
            for pos, spans in found.items():
                texts[pos] = redacted[rows[pos]] = redact_identifiers(texts[pos], spans)

    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    for pos in np.flatnonzero(lengths > opts.max_chars):
        texts[pos] = texts[pos][: opts.max_chars]
        status[rows[pos]] = "too_long"

    P = np.full((n, len(CATEGORY_IDS)), np.nan)
    for start in range(0, len(texts), _PREDICT_ROWS):
        stop = start + _PREDICT_ROWS
        P[rows[start:stop]] = model.predict_proba(texts[start:stop])
    with np.errstate(invalid="ignore"):
        hits = P >= model.thresholds_  # NaN (not scored) is never a hit
    safety = np.array([c.safety_related for c in categories()])
    flag = hits[:, safety].any(axis=1)

    columns: dict[str, object] = {
        "categories": _joined_ids(hits),
        "top_category": _top_category(P, hits),
        **{name: P[:, j] for j, name in enumerate(PROBABILITY_COLUMNS)},
        "status": status,
        "safety_flag": flag,
        "identifiers": kinds,
    }
    if opts.explain:
        columns["evidence"] = _evidence(model, P, hits, rows, texts, opts.top_evidence, n)
    result = pd.DataFrame(
        {k: _column(v, frame.index, str if k in _TEXT_COLUMNS else None)
         for k, v in columns.items()},
        index=frame.index,
    )
    out = pd.concat([frame, result], axis=1)
    if redacted is not None:
        dtype = object if frame[opts.text_column].dtype == object else str
        out[opts.text_column] = _column(redacted, frame.index, dtype)

    tally.statuses.update(dict(zip(*np.unique(status, return_counts=True), strict=True)))
    tally.matches = hits.sum(axis=0).astype(np.int64)
    tally.safety_flags = int(flag.sum())
    return out, tally


def _column(values, index, dtype) -> pd.Series:
    try:
        return pd.Series(values, index=index, dtype=dtype)
    except UnicodeError:  # a lone surrogate from the input, which arrow strings cannot hold
        return pd.Series(values, index=index, dtype=object)


_TEXT_COLUMNS = frozenset({"categories", "top_category", "status", "identifiers", "evidence"})
_BITS = 1 << np.arange(len(CATEGORY_IDS), dtype=np.int64)


def _joined_ids(hits: np.ndarray) -> np.ndarray:
    # Few distinct combinations occur, so join ids once per combination, not once per row.
    codes, inverse = np.unique(hits.astype(np.int64) @ _BITS, return_inverse=True)
    ids = list(zip(CATEGORY_IDS, _BITS, strict=True))
    joined = np.array([";".join(cid for cid, bit in ids if code & bit) for code in codes],
                      dtype=object)
    return joined[inverse.ravel()] if len(hits) else np.array([], dtype=object)


def _top_category(P: np.ndarray, hits: np.ndarray) -> np.ndarray:
    best = np.where(hits, P, -1.0).argmax(axis=1) if len(P) else np.array([], dtype=np.int64)
    ids = np.array(CATEGORY_IDS, dtype=object)
    return np.where(hits.any(axis=1), ids[best], "").astype(object)


def _identifier_error(frame, where_rows, tally: _Tally, first_row) -> IdentifierFoundError:
    kinds = ", ".join(f"{k}: {n}" for k, n in sorted(tally.identifier_kinds.items()))
    if first_row is None:
        shown = ", ".join(map(repr, frame.index[where_rows[:5]].tolist()))
        place = f"index {shown}"
        stopped = "nothing was scored"
    else:
        shown = ", ".join(str(first_row + int(r)) for r in where_rows[:5])
        place = f"data row(s) {shown}"
        stopped = "nothing was written"
    more = f" and {len(where_rows) - 5} more" if len(where_rows) > 5 else ""
    return IdentifierFoundError(
        f"{len(where_rows)} text(s) hold what look like direct identifiers ({kinds}) at "
        f"{place}{more}; {stopped}. Anonymise the text, or use on_identifiers='redact' "
        "(CLI: --on-identifiers redact) to replace them with tags such as [PHONE], or 'warn' "
        "to score the text as it is"
    )


def _evidence(model, P, hits, rows, texts, top, n) -> np.ndarray:
    from .evidence import EvidenceReader

    reader = EvidenceReader(model.pipeline_)
    out = np.full(n, "", dtype=object)
    for pos, row in enumerate(rows):
        cols = np.flatnonzero(hits[row])
        if not len(cols):
            continue
        cols = cols[np.argsort(-P[row, cols], kind="stable")]
        found = reader.evidence(texts[pos], cols, top)
        out[row] = "; ".join(
            f"{CATEGORY_IDS[j]}: {', '.join(term for term, _ in found[j])}" for j in cols
        )
    return out


# -- DataFrames -----------------------------------------------------------------------------


def score_frame(
    df: pd.DataFrame,
    *,
    text_column: str = "text",
    model=None,
    on_identifiers: str = "warn",
    max_chars: int = DEFAULT_MAX_CHARS,
    explain: bool = False,
    top_evidence: int = 5,
) -> pd.DataFrame:
    """Score every row of a DataFrame's text column; return a new, wider DataFrame.

    The result has ``df``'s index and every one of its columns, in the same order, then:

    ``categories``
        The matched category ids joined by ``;`` in the article's order (empty for none).
    ``top_category``
        The matched category with the highest probability (empty for none).
    ``p_<id>``
        One probability column per category (NaN where the row was not scored).
    ``status``
        ``ok``; ``too_long`` (longer than ``max_chars``: truncated, then scored); or why the
        row was not scored: ``empty`` (blank text), ``missing`` (no value) or ``not_text``.
    ``safety_flag``
        True when a safety-related category (physical violence, control or intimidation)
        reaches its recall-first threshold: a row for a clinician to read first. False
        never means "screened negative": the model misses cases, and unscored rows are
        never flagged. Follow your service's risk-assessment protocol whatever it says.
    ``identifiers``
        The kinds of direct identifier found in the text (``email;phone``), empty for none.
    ``evidence`` (only with ``explain=True``)
        For each match, the words that pushed its score up most:
        ``physical_violence: grabbed, shoved me; ...``.

    No row is dropped or reordered; ``df`` itself is not changed.

    Parameters
    ----------
    df : pandas.DataFrame
    text_column : str, default="text"
        The column holding the texts.
    model : BreachClassifier, optional
        A fitted model; the shipped :func:`default_model` if not given.
    on_identifiers : {"warn", "redact", "fail"}, default="warn"
        What to do with texts holding what look like direct identifiers (e-mail, phone,
        address, ...): ``warn`` scores them and warns (:class:`IdentifierWarning`);
        ``redact`` replaces each one with a tag such as ``[PHONE]`` before scoring and in
        the returned text column; ``fail`` raises before scoring anything.
    max_chars : int, default=20000
        Longer texts are truncated to this many characters for scoring.
    explain : bool, default=False
        Add the ``evidence`` column (slower: each matched row is read again).
    top_evidence : int, default=5
        At most this many evidence terms per match.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    InputTypeError
        If ``df`` is not a DataFrame.
    InvalidInputError
        If the text column is missing, or ``df`` already has a column scoring adds.
    IdentifierFoundError
        With ``on_identifiers="fail"``, if any text holds what looks like an identifier.

    Examples
    --------
    >>> import pandas as pd
    >>> import trustclassify as tc
    >>> df = pd.DataFrame({"text": ["He grabbed my wrist and shoved me into the wall", ""]},
    ...                   index=["a", "b"])
    >>> scored = tc.score_frame(df, text_column="text")
    >>> scored[["top_category", "status", "safety_flag"]]
      top_category status  safety_flag
    a  physical_violence     ok         True
    b                     empty        False
    >>> list(scored.index), len(scored.columns) == 1 + len(tc.batch.result_columns())
    (['a', 'b'], True)
    """
    if not isinstance(df, pd.DataFrame):
        raise InputTypeError(
            f"df must be a pandas DataFrame, got {type(df).__name__}; for a list or Series of "
            "texts, wrap it: pd.DataFrame({'text': texts})"
        )
    opts, model = _prepare_frame(df.columns, "df", model, text_column, on_identifiers, max_chars,
                                 explain, top_evidence)
    out, tally = _score_chunk(model, df, opts)
    if opts.on_identifiers == "warn" and tally.identifier_rows:
        warnings.warn(_identifier_warning(tally, "the 'identifiers' column"), IdentifierWarning,
                      stacklevel=2)
    return out


def _prepare_frame(columns, where: str, model, text_column, on_identifiers, max_chars, explain,
                   top_evidence) -> tuple[_Options, BreachClassifier]:
    """Check the options and the frame's columns, then load the model: what every in-memory
    scorer (``score_frame``, ``score_dask``) does before scoring."""
    opts = _Options.checked(text_column, on_identifiers, max_chars, explain, top_evidence)
    _check_columns(columns, opts, where=where)
    return opts, _resolve_model(model)


def _identifier_warning(tally: _Tally, where: str) -> str:
    kinds = ", ".join(f"{k}: {n}" for k, n in sorted(tally.identifier_kinds.items()))
    return (
        f"{tally.identifier_rows} of {tally.rows} texts hold what look like direct identifiers "
        f"({kinds}); {where} names them per row. Anonymise the text, or use "
        "on_identifiers='redact' (CLI: --on-identifiers redact)"
    )


# -- files ----------------------------------------------------------------------------------


@dataclass
class ScoreSummary:
    """What a :func:`score_file` run read, scored and found; ``str()`` gives one screen of it.

    Attributes
    ----------
    source, output : str
        The input and output paths (``-`` for standard input or output).
    rows_read : int
    statuses : dict of str to int
        Rows per ``status`` value.
    matches : dict of str to int
        Rows matching each category, for all 14 in the article's order.
    safety_flags : int
        Rows with ``safety_flag`` true.
    rows_with_identifiers : int
        Rows whose text held what looks like a direct identifier.
    identifier_kinds : dict of str to int
        Rows per kind of identifier.
    on_identifiers : str
        What was done about them: ``warn`` or ``redact``.
    seconds : float
        Wall-clock time of the run.
    """

    source: str
    output: str
    rows_read: int
    statuses: dict[str, int]
    matches: dict[str, int]
    safety_flags: int
    rows_with_identifiers: int
    identifier_kinds: dict[str, int]
    on_identifiers: str
    seconds: float

    @property
    def rows_scored(self) -> int:
        """Rows with status ``ok`` or ``too_long``."""
        return sum(self.statuses.get(s, 0) for s in SCORED)

    @property
    def not_scored(self) -> dict[str, int]:
        """Rows not scored, per status (only the statuses that occurred)."""
        return {s: self.statuses[s] for s in STATUSES if s not in SCORED and self.statuses.get(s)}

    def identifier_notice(self) -> str:
        """One line about identifiers found, or "" if none was."""
        if not self.rows_with_identifiers:
            return ""
        kinds = ", ".join(f"{k}: {n}" for k, n in sorted(self.identifier_kinds.items()))
        done = ("replaced with tags in the scored text and the output"
                if self.on_identifiers == "redact"
                else "left as they are; anonymise the text, or use --on-identifiers redact")
        return (f"warning: {self.rows_with_identifiers} rows hold what look like direct "
                f"identifiers ({kinds}); {done}")

    def format(self) -> str:
        """Return the summary as aligned text (fits one screen)."""
        rate = self.rows_read / self.seconds if self.seconds else 0.0
        too_long = self.statuses.get("too_long", 0)
        source = "stdin" if self.source == "-" else self.source
        output = "stdout" if self.output == "-" else self.output
        lines = [
            f"Scored {source} -> {output} in {self.seconds:.1f} s "
            f"({rate:,.0f} rows/s)",
            f"  rows read    {self.rows_read:>10,}",
            f"  scored       {self.rows_scored:>10,}"
            + (f"  ({too_long:,} too_long: truncated, then scored)" if too_long else ""),
            f"  not scored   {self.rows_read - self.rows_scored:>10,}"
            + ("  (" + ", ".join(f"{s}: {c:,}" for s, c in self.not_scored.items()) + ")"
               if self.not_scored else ""),
            f"  safety flag  {self.safety_flags:>10,}  rows to read first (no flag never "
            "means screened negative)",
            "Rows per category:",
        ]
        width = max(map(len, self.matches))
        lines += [f"  {cid:<{width}} {count:>10,}" for cid, count in self.matches.items()]
        notice = self.identifier_notice()
        return "\n".join(lines + ([notice] if notice else []))

    def __str__(self) -> str:
        return self.format()


def score_file(
    src: str | Path,
    dst: str | Path,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    model=None,
    n_jobs: int | None = 1,
    scheduler: str | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    on_identifiers: str = "warn",
    max_chars: int = DEFAULT_MAX_CHARS,
    explain: bool = False,
    top_evidence: int = 5,
    force: bool = False,
    progress: bool | None = None,
) -> ScoreSummary:
    """Score a table file of texts chunk by chunk and write the scored table.

    Formats come from the suffixes: CSV, TSV, Parquet or JSON Lines (``-`` is CSV on
    standard input or output). Each output row is the input row with the columns of
    :func:`score_frame` added, in the input's order. The output is written to a temporary
    file next to ``dst`` and renamed into place only when complete, so a failed or
    interrupted run leaves no half-written output (and an existing file untouched). A new
    output file is readable by its owner only: it describes people.

    Parameters
    ----------
    src, dst : str or Path
        Input and output table files.
    text_column : str, default="text"
    id_column : str, optional
        Copy only this column (as the first) with the scores, rather than every input
        column; the output then holds no text. Without it, every input column is copied.
    model : BreachClassifier, optional
        A fitted model; the shipped :func:`default_model` if not given.
    n_jobs : int, default=1
        Processes scoring chunks at once (joblib; -1 for one per CPU). Each process receives
        the model once.
    scheduler : str, optional
        Address of a Dask scheduler (``tcp://host:8786``): chunks are read here and scored
        on the cluster's workers, which receive the model once. Needs ``trustclassify[dask]``.
    chunk_rows : int, default=2000
        Rows read, scored and written at a time.
    on_identifiers, max_chars, explain, top_evidence
        As in :func:`score_frame`. With ``"fail"`` the run stops at the first chunk holding
        an identifier and nothing is written.
    force : bool, default=False
        Replace ``dst`` if it exists.
    progress : bool, optional
        Show a progress bar on standard error; by default only when it is a terminal.

    Returns
    -------
    ScoreSummary
        Rows read, scored and not scored by status, and rows per category.

    Raises
    ------
    DataFileError
        If ``src`` is missing, unreadable or of an unknown format, a column is missing, or
        ``dst`` exists and ``force`` is false.
    IdentifierFoundError
        With ``on_identifiers="fail"``, if a text holds what looks like an identifier.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> import trustclassify as tc
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> pd.DataFrame({"id": [7, 8], "text": ["she lied about the money", ""]}).to_csv(
    ...     folder / "intake.csv", index=False)
    >>> summary = tc.score_file(folder / "intake.csv", folder / "scored.parquet")
    >>> summary.rows_read, summary.rows_scored, summary.not_scored
    (2, 1, {'empty': 1})
    >>> pd.read_parquet(folder / "scored.parquet")[["id", "status"]].values.tolist()
    [['7', 'ok'], ['8', 'empty']]
    """
    opts = _Options.checked(text_column, on_identifiers, max_chars, explain, top_evidence)
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
        raise InvalidInputError(f"chunk_rows must be an int >= 1, got {chunk_rows!r}")
    if scheduler is not None and n_jobs not in (None, 1):
        raise InvalidInputError(
            f"give n_jobs or scheduler, not both (got n_jobs={n_jobs!r}, scheduler="
            f"{scheduler!r}); with a scheduler the cluster's workers do the scoring"
        )
    jobs = _effective_jobs(n_jobs)
    model = _resolve_model(model)
    src_name = str(src)
    started = time.perf_counter()
    total = _Tally()
    with write_table_atomically(dst, force=force) as writer:
        chunks = read_table_chunks(src, chunk_rows=chunk_rows)
        first = next(chunks)
        _check_columns(first.columns, opts, where=repr(src_name), error=DataFileError,
                       copied=None if id_column is None else [id_column])
        if id_column is not None and id_column not in first.columns:
            raise DataFileError(
                f"{src_name!r} has no column {id_column!r} (the id column); its columns are: "
                f"{', '.join(map(str, first.columns))}. Pick one with --id-column, or leave it "
                "out to copy every column"
            )
        carried = list(dict.fromkeys([id_column, opts.text_column])) if id_column else None
        keep = [id_column, *result_columns(explain=opts.explain)] if id_column else None

        def numbered() -> Iterator[tuple[pd.DataFrame, int]]:
            row = 1
            for chunk in _chain(first, chunks):
                yield (chunk[carried] if carried else chunk), row
                row += len(chunk)

        bar = _progress_bar(progress)
        try:
            for out, tally in _map_chunks(model, numbered(), opts, jobs, scheduler):
                writer.write(out[keep] if keep else out)
                total.add(tally)
                bar.update(tally.rows)
        finally:
            bar.close()
    summary = ScoreSummary(
        source=src_name,
        output=str(dst),
        rows_read=total.rows,
        statuses={s: int(total.statuses[s]) for s in STATUSES if total.statuses[s]},
        matches={cid: int(c) for cid, c in zip(CATEGORY_IDS, total.matches, strict=True)},
        safety_flags=total.safety_flags,
        rows_with_identifiers=total.identifier_rows,
        identifier_kinds=dict(sorted(total.identifier_kinds.items())),
        on_identifiers=opts.on_identifiers,
        seconds=time.perf_counter() - started,
    )
    if opts.on_identifiers == "warn" and total.identifier_rows:
        warnings.warn(_identifier_warning(total, "the output's 'identifiers' column"),
                      IdentifierWarning, stacklevel=2)
    return summary


def _chain(first, rest):
    yield first
    yield from rest


def _effective_jobs(n_jobs) -> int:
    if n_jobs is None:
        return 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int | np.integer) or n_jobs == 0:
        raise InvalidInputError(
            f"n_jobs must be a non-zero int (-1 for one per CPU), got {n_jobs!r}"
        )
    from joblib import effective_n_jobs

    return effective_n_jobs(int(n_jobs))


def _progress_bar(progress: bool | None):
    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    return tqdm(disable=not show, unit=" rows", unit_scale=True, file=sys.stderr,
                mininterval=0.5, desc="scoring")


def _map_chunks(model, chunks, opts: _Options, jobs: int, scheduler: str | None):
    """Yield (scored chunk, tally) for each (chunk, first row), in order."""
    if scheduler is not None:
        from .distributed import map_on_cluster

        yield from map_on_cluster(
            scheduler, model, _score_chunk, ((chunk, opts, row) for chunk, row in chunks)
        )
    elif jobs == 1:
        for chunk, row in chunks:
            yield _score_chunk(model, chunk, opts, row)
    else:
        yield from _map_on_processes(model, chunks, opts, jobs)


def _map_on_processes(model, chunks, opts: _Options, jobs: int):
    import pickle
    import tempfile
    import uuid

    import joblib

    # Each worker process loads the model once, from a private file, instead of receiving a
    # copy with every chunk. We wrote the file ourselves, so unpickling it is safe.
    with tempfile.TemporaryDirectory(prefix="trustclassify-") as folder:
        path = str(Path(folder) / f"model-{uuid.uuid4().hex}.pickle")
        with open(path, "wb") as f:
            pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)
        parallel = joblib.Parallel(n_jobs=jobs, return_as="generator", batch_size=1,
                                   pre_dispatch="2*n_jobs")
        yield from parallel(
            joblib.delayed(_score_chunk_in_worker)(path, chunk, opts, row) for chunk, row in chunks
        )


_WORKER_MODEL: tuple[str, object] | None = None


def _score_chunk_in_worker(model_path: str, chunk, opts, row):
    global _WORKER_MODEL
    if _WORKER_MODEL is None or _WORKER_MODEL[0] != model_path:
        import pickle

        with open(model_path, "rb") as f:
            _WORKER_MODEL = (model_path, pickle.load(f))
    return _score_chunk(_WORKER_MODEL[1], chunk, opts, row)
