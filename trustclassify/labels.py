"""Converting between label-id lists (for people) and 0/1 indicator matrices (for sklearn)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .categories import CATEGORY_IDS
from .errors import InputTypeError, InvalidInputError

__all__ = ["from_indicator", "join_labels", "parse_labels", "to_indicator"]

SEPARATOR = ";"
_INDEX = {cid: i for i, cid in enumerate(CATEGORY_IDS)}


def parse_labels(value: object, *, sep: str = SEPARATOR) -> list[str]:
    """Split a ``"a;b"`` label cell into ids; an empty or missing cell means no label.

    Examples
    --------
    >>> parse_labels("affairs; poor_repair")
    ['affairs', 'poor_repair']
    >>> parse_labels("")
    []
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if not isinstance(value, str):
        raise InputTypeError(
            f"a labels cell must be a string of ids joined by {sep!r}, got {value!r}"
        )
    return [part.strip() for part in value.split(sep) if part.strip()]


def join_labels(ids: Iterable[str], *, sep: str = SEPARATOR) -> str:
    """Join label ids into one cell, in the categories' order (inverse of :func:`parse_labels`)."""
    return sep.join(sorted(set(ids), key=_INDEX.__getitem__))


def to_indicator(label_lists: Iterable[Iterable[str]]) -> np.ndarray:
    """Turn lists of category ids into an (n, 14) 0/1 indicator matrix.

    Raises
    ------
    InvalidInputError
        If an id is not one of the 14 category ids (the message names it and its row).

    Examples
    --------
    >>> to_indicator([["affairs"], []]).sum(axis=1).tolist()
    [1, 0]
    """
    rows = list(label_lists)
    y = np.zeros((len(rows), len(CATEGORY_IDS)), dtype=np.int64)
    for r, ids in enumerate(rows):
        if isinstance(ids, str):
            raise InputTypeError(
                f"labels of row {r} must be a list of ids, got the string {ids!r}; "
                f"wrap it in a list: [{ids!r}]"
            )
        for cid in ids:
            try:
                y[r, _INDEX[cid]] = 1
            except (KeyError, TypeError):
                raise InvalidInputError(
                    f"unknown label id {cid!r} in row {r}; "
                    f"expected one of: {', '.join(CATEGORY_IDS)}"
                ) from None
    return y


def from_indicator(y: np.ndarray | Sequence[Sequence[int]]) -> list[list[str]]:
    """Turn an (n, 14) 0/1 indicator matrix back into lists of category ids.

    Examples
    --------
    >>> from_indicator(to_indicator([["poor_repair", "affairs"]]))
    [['affairs', 'poor_repair']]
    """
    arr = np.asarray(y)
    if arr.ndim != 2 or arr.shape[1] != len(CATEGORY_IDS):
        raise InvalidInputError(
            f"an indicator matrix must have shape (n, {len(CATEGORY_IDS)}), got {arr.shape}"
        )
    return [[CATEGORY_IDS[j] for j in np.flatnonzero(row)] for row in arr]
