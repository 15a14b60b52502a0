"""Choosing one decision threshold per category from out-of-fold probabilities."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import precision_recall_curve

NEVER = 1.0  # threshold for a category with no positive training example: it never fires


def best_threshold(
    y_true: np.ndarray, scores: np.ndarray, *, beta: float = 1.0, min_recall: float = 0.0
) -> float:
    """Return the score threshold that maximises F-beta, lowered if needed to reach ``min_recall``.

    ``y_true`` is a 0/1 vector and ``scores`` the out-of-fold probabilities for one category.
    A text is predicted positive when its score is at least the threshold.

    Examples
    --------
    >>> best_threshold(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]))
    0.35
    >>> best_threshold(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]), beta=0.5)
    0.8
    """
    if y_true.sum() == 0:
        return NEVER
    precision, recall, thresholds = precision_recall_curve(y_true, scores)
    precision, recall = precision[:-1], recall[:-1]  # the last point has no threshold
    b2 = beta * beta
    with np.errstate(divide="ignore", invalid="ignore"):
        fbeta = np.nan_to_num((1 + b2) * precision * recall / (b2 * precision + recall))
    ok = recall >= min_recall
    if not ok.any():
        return float(thresholds[0])
    best = np.flatnonzero(ok)[np.argmax(fbeta[ok])]
    return float(thresholds[best])


def learn_thresholds(
    Y: np.ndarray,
    P: np.ndarray,
    *,
    safety: np.ndarray,
    beta: float,
    safety_beta: float,
    min_recall: np.ndarray,
) -> np.ndarray:
    """Return one threshold per column of the out-of-fold probability matrix ``P``.

    Safety-related columns (``safety`` is a boolean mask) use ``safety_beta`` and their
    ``min_recall`` floor, so they favour recall; the others maximise F-``beta``.
    """
    return np.array(
        [
            best_threshold(
                Y[:, j],
                P[:, j],
                beta=safety_beta if safety[j] else beta,
                min_recall=float(min_recall[j]),
            )
            for j in range(Y.shape[1])
        ]
    )
