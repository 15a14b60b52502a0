"""Checking what users pass in, with errors that say what was wrong and how to fix it."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .categories import CATEGORY_IDS
from .errors import InputTypeError, InvalidInputError
from .labels import to_indicator


def check_texts(X: object, *, allow_empty_texts: bool = True) -> list[str]:
    """Return ``X`` as a list of str, or raise a precise error.

    ``X`` may be any iterable of strings (list, tuple, numpy array, pandas Series, generator).
    """
    if isinstance(X, str | bytes):
        raise InputTypeError(
            f"X must be an iterable of strings, got a single {type(X).__name__}; "
            "wrap it in a list: [text]"
        )
    if not isinstance(X, Iterable):
        raise InputTypeError(f"X must be an iterable of strings, got {type(X).__name__}")
    texts = list(X.tolist() if isinstance(X, np.ndarray) else X)
    if not texts:
        raise InvalidInputError("X is empty; pass at least one text")
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise InputTypeError(
                f"X must hold only strings, but item {i} is {type(t).__name__} ({t!r:.40}); "
                "convert or drop missing values first"
            )
        if not allow_empty_texts and not t.strip():
            raise InvalidInputError(f"text {i} is empty; every training text needs words")
    return texts


def check_targets(y: object, n_samples: int) -> np.ndarray:
    """Return ``y`` as an (n, 14) 0/1 int matrix, from label-id lists or an indicator matrix."""
    if y is None:
        raise InputTypeError("y is required: a list of label-id lists or an (n, 14) 0/1 matrix")
    if isinstance(y, str):
        raise InputTypeError("y must hold one list of label ids per text, got a single string")
    if hasattr(y, "toarray"):  # scipy sparse indicator matrix
        y = y.toarray()
    if isinstance(y, np.ndarray) or hasattr(y, "to_numpy") and getattr(y, "ndim", 1) == 2:
        arr = np.asarray(y)
        if arr.ndim != 2 or arr.shape[1] != len(CATEGORY_IDS):
            raise InvalidInputError(
                f"y as a matrix must have shape (n_samples, {len(CATEGORY_IDS)}) with columns "
                f"in the order of CATEGORY_IDS, got shape {arr.shape}"
            )
        if not np.isin(arr, (0, 1)).all():
            raise InvalidInputError("y as a matrix must hold only 0 and 1")
        y_ind = arr.astype(np.int64)
    else:
        y_ind = to_indicator(y)
    if y_ind.shape[0] != n_samples:
        raise InvalidInputError(
            f"X and y have different lengths: {n_samples} texts but {y_ind.shape[0]} label rows"
        )
    return y_ind
