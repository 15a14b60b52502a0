"""Reading long texts window by window, so one sentence about violence is not drowned out.

A long letter mixes a trust breach with background that matters to nothing; in a TF-IDF
vector the breach's few words weigh little against the rest. :class:`WindowPooling` scores
the whole text and every window of adjacent sentences, and blends the whole-text probability
with the best window's.
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\s*\n+\s*|\s+-\s+")


def text_estimator_tags(tags):
    """Mark sklearn tags for an estimator that takes raw texts and a multi-label target."""
    tags.input_tags.two_d_array = False
    tags.input_tags.string = True
    tags.target_tags.multi_output = True
    return tags


def split_windows(text: str, size: int = 2) -> list[str]:
    """Split ``text`` into windows of ``size`` adjacent sentences (one window if it is short).

    Examples
    --------
    >>> split_windows("We moved in May. He shoved me. I left.")
    ['We moved in May. He shoved me.', 'He shoved me. I left.']
    >>> split_windows("he shoved me")
    ['he shoved me']
    """
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if len(sentences) <= size:
        return [text]
    return [" ".join(sentences[i : i + size]) for i in range(len(sentences) - size + 1)]


class WindowPooling(ClassifierMixin, BaseEstimator):
    """Blend a text's probabilities with those of its best window of sentences.

    ``predict_proba(X) = (p(text) + max over windows p(window)) / 2``, category by category;
    a text of at most ``window`` sentences is scored as a whole.

    Parameters
    ----------
    estimator : estimator with ``predict_proba`` on texts
        Fitted (a clone) on whole texts.
    window : int, default=2
        Sentences per window.

    Attributes
    ----------
    estimator_ : estimator
        The fitted clone of ``estimator``.
    classes_ : ndarray
        As ``estimator_.classes_``.
    """

    def __init__(self, estimator, window: int = 2):
        self.estimator = estimator
        self.window = window

    def __sklearn_tags__(self):
        return text_estimator_tags(super().__sklearn_tags__())

    def fit(self, X, Y):
        """Fit a clone of ``estimator`` on the whole texts; return self."""
        self.estimator_ = clone(self.estimator).fit(list(X), Y)
        self.classes_ = self.estimator_.classes_
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Return the blended probabilities, shape (n_samples, n_categories)."""
        check_is_fitted(self, "estimator_")
        texts = list(X)
        whole = self.estimator_.predict_proba(texts)
        windows: list[str] = []
        starts: list[int] = []
        owners: list[int] = []
        for i, text in enumerate(texts):
            parts = split_windows(text, self.window)
            if len(parts) > 1:
                owners.append(i)
                starts.append(len(windows))
                windows.extend(parts)
        best = whole.copy()
        if windows:
            scores = self.estimator_.predict_proba(windows)
            best[owners] = np.maximum.reduceat(scores, starts, axis=0)
        return (whole + best) / 2

    def predict(self, X) -> np.ndarray:
        """Return 0/1 predictions at 0.5 (BreachClassifier applies its own thresholds)."""
        return (self.predict_proba(X) >= 0.5).astype(np.int64)


def text_pipeline(fitted):
    """Return the features-and-regressions pipeline inside a fitted model's ``pipeline_``."""
    return fitted.estimator_ if isinstance(fitted, WindowPooling) else fitted
