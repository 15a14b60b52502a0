"""Scoring predictions against labels: per-category precision, recall, F1 and support."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_fscore_support

from .categories import CATEGORY_IDS

__all__ = ["evaluate", "per_category_scores"]


def per_category_scores(Y_true: np.ndarray, Y_pred: np.ndarray) -> pd.DataFrame:
    """Return precision, recall, F1 and support per category, then micro and macro averages.

    Parameters
    ----------
    Y_true, Y_pred : array-like of shape (n_samples, 14)
        0/1 indicator matrices, columns in the order of ``CATEGORY_IDS``.

    Returns
    -------
    pandas.DataFrame
        Index: the 14 ids, then ``"micro avg"`` and ``"macro avg"``; columns ``precision``,
        ``recall``, ``f1``, ``support``.
    """
    Y_true, Y_pred = np.asarray(Y_true), np.asarray(Y_pred)
    p, r, f, s = precision_recall_fscore_support(Y_true, Y_pred, average=None, zero_division=0)
    table = pd.DataFrame({"precision": p, "recall": r, "f1": f, "support": s}, index=CATEGORY_IDS)
    for avg in ("micro", "macro"):
        p, r, f, _ = precision_recall_fscore_support(
            Y_true, Y_pred, average=avg, zero_division=0
        )
        table.loc[f"{avg} avg"] = [p, r, f, int(Y_true.sum())]
    table["support"] = table["support"].astype(int)
    return table


def evaluate(model, texts, labels, *, record_as: str | None = None) -> pd.DataFrame:
    """Score a fitted model on labelled texts.

    Parameters
    ----------
    model : BreachClassifier
        A fitted classifier.
    texts : iterable of str
    labels : list of lists of str, or array-like of shape (n_samples, 14)
    record_as : str, optional
        Also keep the figures in the model's metadata under this name (e.g. ``"holdout"``),
        so they are saved with it.

    Returns
    -------
    pandas.DataFrame
        As :func:`per_category_scores`.
    """
    from .validation import check_targets, check_texts

    texts = check_texts(texts)
    Y = check_targets(labels, len(texts))
    table = per_category_scores(Y, model.predict(texts))
    if record_as is not None:
        if not hasattr(model, "evaluation_"):
            model.evaluation_ = {}
        model.evaluation_[record_as] = table.to_dict(orient="index")
    return table
