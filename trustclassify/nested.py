"""One regression per category, where a category that implies another is learned within it.

The labelling guide makes ``insensitive_to_past`` a subset of ``prior_trust_issues``: a
partner can only be insensitive to a past that the text gives. Learned over all texts, the
subset category picks up the history itself ("my ex cheated on me") as its evidence, since
about half of the histories also carry it. :class:`NestedOneVsRest` learns it only among the
texts that carry the implied category, where what sets it apart is the partner's response,
and scores a text as ``p(implied) * p(subset | implied)``.
"""

from __future__ import annotations

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

__all__ = ["NestedOneVsRest"]


def _fit_column(estimator, X, y):
    """Fit a clone on one column; return None when the column has a single class."""
    if np.unique(y).size < 2:
        return None
    return clone(estimator).fit(X, y)


class NestedOneVsRest(ClassifierMixin, BaseEstimator):
    """One binary classifier per column of a 0/1 target; nested columns learned within their parent.

    Parameters
    ----------
    estimator : classifier with ``predict_proba``
        Cloned once per column.
    nested : tuple of (int, int) pairs, default=()
        ``(child, parent)`` column pairs: every text labelled ``child`` is also labelled
        ``parent``. The child's classifier is fitted only on the rows where ``parent`` is 1,
        and its probability is multiplied by the parent's.
    n_jobs : int or None, default=None
        Columns fitted in parallel (joblib).

    Attributes
    ----------
    estimators_ : list
        The fitted classifier of each column, or None where the training rows held a single
        class (its probability is then ``constants_[j]``).
    constants_ : ndarray of float, shape (n_columns,)
        The fixed probability of single-class columns; NaN where an estimator was fitted.
    classes_ : ndarray of int
        Column indices, ``arange(n_columns)``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> Y = np.array([[0, 0], [1, 0], [1, 1], [1, 1]])
    >>> model = NestedOneVsRest(LogisticRegression(), nested=((1, 0),)).fit(X, Y)
    >>> P = model.predict_proba(X)
    >>> bool((P[:, 1] <= P[:, 0]).all())
    True
    """

    def __init__(self, estimator, nested: tuple[tuple[int, int], ...] = (), n_jobs=None):
        self.estimator = estimator
        self.nested = nested
        self.n_jobs = n_jobs

    def fit(self, X, Y):
        """Fit one classifier per column of the 0/1 matrix ``Y``; return self."""
        Y = np.asarray(Y)
        parent_of = self._parents(Y.shape[1])
        # Each column's training rows: all of them, or its parent's positives.
        rows = [
            Y[:, parent_of[j]] == 1 if j in parent_of else slice(None) for j in range(Y.shape[1])
        ]
        self.estimators_ = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_column)(self.estimator, X[r], Y[r, j]) for j, r in enumerate(rows)
        )
        self.constants_ = np.full(Y.shape[1], np.nan)
        for j, (est, r) in enumerate(zip(self.estimators_, rows, strict=True)):
            if est is None:
                column = Y[r, j]
                self.constants_[j] = float(column[0]) if column.size else 0.0
        self.classes_ = np.arange(Y.shape[1])
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Return each column's probability, shape (n_samples, n_columns)."""
        check_is_fitted(self, "estimators_")
        n = X.shape[0]
        P = np.empty((n, len(self.estimators_)))
        for j, est in enumerate(self.estimators_):
            P[:, j] = self.constants_[j] if est is None else est.predict_proba(X)[:, 1]
        for child, parent in self._parents(P.shape[1]).items():
            P[:, child] *= P[:, parent]
        return P

    def predict(self, X) -> np.ndarray:
        """Return 0/1 predictions at 0.5."""
        return (self.predict_proba(X) >= 0.5).astype(np.int64)

    def _parents(self, n_columns: int) -> dict[int, int]:
        parent_of = {}
        children = {child for child, _ in self.nested}
        for child, parent in self.nested:
            if not (0 <= child < n_columns and 0 <= parent < n_columns) or child == parent:
                raise ValueError(
                    f"nested pair {(child, parent)!r} does not fit {n_columns} columns"
                )
            if parent in children:
                raise ValueError(f"nested pairs must be one level deep, got {self.nested!r}")
            parent_of[child] = parent
        return parent_of
