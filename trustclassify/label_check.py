"""Finding labelled rows whose labels are most likely wrong or missing.

Each text is scored by a model that never saw it (cross-validation), and cleanlab's
multi-label confident learning compares those out-of-fold probabilities with the given
labels, one category at a time: a given label the model finds very unlikely is *doubtful*, a
label not given that the model finds very likely is *missing*. Nothing is changed; a person
reads the rows and decides, following the labelling rules.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd
from sklearn.model_selection import cross_val_predict

from .categories import CATEGORY_IDS
from .errors import InputTypeError, InvalidInputError
from .validation import check_targets, check_texts

__all__ = [
    "describe_issue",
    "find_label_issues",
    "flatten_issues",
    "format_label_issues",
    "out_of_fold_proba",
]

COLUMNS = ["row", "quality", "text", "given", "suspected_missing", "suspected_wrong"]


def out_of_fold_proba(
    texts: Iterable[str], labels, *, cv: int | object = 5, estimator=None, n_jobs: int | None = None
) -> np.ndarray:
    """Return each text's category probabilities from a model fitted without that text.

    The folds are those :meth:`BreachClassifier.fit` uses to learn its thresholds (iterative
    multi-label stratification for an int ``cv``), so rare categories appear in every fold.

    Parameters
    ----------
    texts : iterable of str
        Labelled texts; none may be empty.
    labels : list of lists of str, or array-like of shape (n_samples, 14)
        Each text's category ids, or the 0/1 indicator matrix.
    cv : int or cross-validation splitter, default=5
        Number of folds (at least 2), or a splitter with a ``split`` method.
    estimator : BreachClassifier, optional
        Whose parameters to use (its fitted state, if any, is ignored). Default:
        ``BreachClassifier(cv=cv)``.
    n_jobs : int, optional
        Folds fitted in parallel.

    Returns
    -------
    ndarray of float, shape (n_samples, 14)
    """
    from sklearn.base import clone

    from .classifier import BreachClassifier

    texts = check_texts(texts, allow_empty_texts=False)
    Y = check_targets(labels, len(texts))
    if estimator is None:
        estimator = BreachClassifier()
    elif not isinstance(estimator, BreachClassifier):
        raise InputTypeError(
            f"estimator must be a BreachClassifier, got {type(estimator).__name__}"
        )
    estimator = clone(estimator).set_params(cv=cv)
    estimator._check_params()
    n_splits = cv if isinstance(cv, int) else 2
    if len(texts) < 2 * n_splits:
        raise InvalidInputError(
            f"too few texts to cross-validate with cv={cv!r}: got {len(texts)}, "
            f"need at least {2 * n_splits}"
        )
    with warnings.catch_warnings():
        # As in BreachClassifier.fit: a fold without a rare category's positives is expected.
        warnings.filterwarnings("ignore", message="Label .* is present in all training")
        warnings.filterwarnings("ignore", message="Label not .* is present in all training")
        return cross_val_predict(
            estimator._make_pipeline(),
            np.asarray(texts, dtype=object),
            Y,
            cv=estimator._splitter(),
            method="predict_proba",
            n_jobs=n_jobs,
        ).astype(np.float64)


def find_label_issues(
    texts: Iterable[str],
    labels,
    *,
    cv: int | object = 5,
    top: int | None = None,
    estimator=None,
    n_jobs: int | None = None,
    pred_probs: np.ndarray | None = None,
) -> pd.DataFrame:
    """Rank the rows whose labels are most likely wrong or missing.

    Out-of-fold probabilities (see :func:`out_of_fold_proba`) and the given labels go to
    cleanlab's multi-label methods: ``find_multilabel_issues_per_class`` says which
    category of which row looks mislabelled (a row is flagged when any category is, as in
    cleanlab's ``find_label_issues``), and ``get_label_quality_scores`` ranks the flagged
    rows, lowest quality (most likely mislabelled) first. They are computed with
    ``adjust_pred_probs=True``, which measures each probability against the typical
    probability of its category's labelled texts, so categories whose probabilities run low
    or high are ranked fairly against each other.

    Parameters
    ----------
    texts : iterable of str
        Labelled texts; none may be empty.
    labels : list of lists of str, or array-like of shape (n_samples, 14)
        Each text's category ids (an empty list for none), or the 0/1 indicator matrix.
    cv : int or cross-validation splitter, default=5
        Folds for the out-of-fold probabilities.
    top : int, optional
        Return only the first ``top`` rows of the ranking (default: every flagged row).
    estimator : BreachClassifier, optional
        Whose parameters to use for the cross-validated models (default parameters if None).
    n_jobs : int, optional
        Folds fitted in parallel.
    pred_probs : ndarray of shape (n_samples, 14), optional
        Out-of-fold probabilities already computed (e.g. by :func:`out_of_fold_proba`); then
        no model is fitted and ``cv``, ``estimator`` and ``n_jobs`` are unused.

    Returns
    -------
    pandas.DataFrame
        One line per flagged row, most likely mislabelled first, with columns

        - ``row``: the row's number, counting from 1 (as :func:`read_statements` reports rows),
        - ``quality``: cleanlab's label quality score in [0, 1]; lower is more suspect,
        - ``text``: the text,
        - ``given``: the given category ids (list of str),
        - ``suspected_missing``: dict of category id to out-of-fold probability, for labels
          not given that the model finds likely (highest first),
        - ``suspected_wrong``: dict of category id to out-of-fold probability, for given
          labels the model finds unlikely (lowest first).

    Raises
    ------
    InputTypeError
        If texts is a single string or holds non-strings, or ``top`` is not an int.
    InvalidInputError
        If a text is empty, a label id is unknown, the lengths differ, ``top`` or ``cv`` is
        out of range, there are too few texts for ``cv`` folds, or ``pred_probs`` has the
        wrong shape.

    Examples
    --------
    With out-of-fold probabilities given, nothing is fitted. Ten texts say "affairs" and
    the model agrees but for the tenth; of ten unlabelled ones, the model is sure the last
    is about an affair.

    >>> texts = [f"statement {i}" for i in range(20)]
    >>> labels = [["affairs"]] * 10 + [[]] * 10
    >>> P = np.full((20, 14), 0.02)
    >>> P[:10, 0] = 0.9
    >>> P[9, 0], P[19, 0] = 0.03, 0.96
    >>> issues = find_label_issues(texts, labels, pred_probs=P)
    >>> for _, issue in issues.iterrows():
    ...     print(issue["row"], issue["given"], describe_issue(issue))
    20 [] missing: affairs (p=0.96)
    10 ['affairs'] doubtful: affairs (p=0.03)
    """
    with warnings.catch_warnings():
        # cleanlab imports tqdm.auto, which warns in a notebook without ipywidgets; no
        # progress bar is shown here anyway.
        warnings.filterwarnings("ignore", message="IProgress not found")
        from cleanlab.multilabel_classification.filter import find_multilabel_issues_per_class
        from cleanlab.multilabel_classification.rank import get_label_quality_scores

    texts = check_texts(texts, allow_empty_texts=False)
    Y = check_targets(labels, len(texts))
    if top is not None and (isinstance(top, bool) or not isinstance(top, int | np.integer)):
        raise InputTypeError(f"top must be an int or None, got {type(top).__name__} {top!r}")
    if top is not None and top < 1:
        raise InvalidInputError(f"top must be at least 1 (or None for every row), got {top!r}")
    if pred_probs is None:
        P = out_of_fold_proba(texts, Y, cv=cv, estimator=estimator, n_jobs=n_jobs)
    else:
        P = np.asarray(pred_probs, dtype=np.float64)
        if P.shape != Y.shape:
            raise InvalidInputError(
                f"pred_probs must have shape {Y.shape} (one row per text, one column per "
                f"category), got {P.shape}"
            )
        if not ((P >= 0) & (P <= 1)).all():
            raise InvalidInputError("pred_probs must hold probabilities in [0, 1]")

    # A category nobody labelled, or everybody, gives cleanlab nothing to compare against.
    usable = (Y.sum(axis=0) > 0) & (Y.sum(axis=0) < len(Y))
    suspect = np.zeros(Y.shape, dtype=bool)
    if usable.any():
        cols = np.flatnonzero(usable)
        sub = [list(np.flatnonzero(row)) for row in Y[:, cols]]
        suspect[:, cols] = find_multilabel_issues_per_class(sub, P[:, cols], n_jobs=1)
    quality = get_label_quality_scores(
        [list(np.flatnonzero(row)) for row in Y], P, adjust_pred_probs=True
    )

    flagged = np.flatnonzero(suspect.any(axis=1))
    flagged = flagged[np.argsort(quality[flagged], kind="stable")]
    if top is not None:
        flagged = flagged[:top]
    records = []
    for i in flagged:
        missing = np.flatnonzero(suspect[i] & (Y[i] == 0))
        wrong = np.flatnonzero(suspect[i] & (Y[i] == 1))
        records.append(
            {
                "row": int(i) + 1,
                "quality": float(quality[i]),
                "text": texts[i],
                "given": [CATEGORY_IDS[j] for j in np.flatnonzero(Y[i])],
                "suspected_missing": {
                    CATEGORY_IDS[j]: round(float(P[i, j]), 4)
                    for j in sorted(missing, key=lambda j: -P[i, j])
                },
                "suspected_wrong": {
                    CATEGORY_IDS[j]: round(float(P[i, j]), 4)
                    for j in sorted(wrong, key=lambda j: P[i, j])
                },
            }
        )
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def describe_issue(issue: pd.Series | dict) -> str:
    """Return one line naming a row's suspected labels, e.g. ``missing: affairs (p=0.93)``.

    Examples
    --------
    >>> describe_issue({"suspected_missing": {"affairs": 0.93},
    ...                 "suspected_wrong": {"poor_repair": 0.04}})
    'missing: affairs (p=0.93); doubtful: poor_repair (p=0.04)'
    """
    parts = []
    for key, word in (("suspected_missing", "missing"), ("suspected_wrong", "doubtful")):
        if issue[key]:
            found = ", ".join(f"{cid} (p={p:.2f})" for cid, p in issue[key].items())
            parts.append(f"{word}: {found}")
    return "; ".join(parts)


def format_label_issues(issues: pd.DataFrame, *, width: int = 200) -> str:
    """Return flagged rows as readable text: row, quality, suspected labels, given labels, text."""
    import textwrap

    blocks = []
    for _, issue in issues.iterrows():
        text = textwrap.shorten(" ".join(issue["text"].split()), width=width, placeholder=" ...")
        blocks.append(
            f"row {issue['row']} (quality {issue['quality']:.3f}): {describe_issue(issue)}\n"
            f"  given: {', '.join(issue['given']) or '(none)'}\n"
            f"  text:  {text}"
        )
    return "\n\n".join(blocks)


def flatten_issues(issues: pd.DataFrame, *, sep: str = ";") -> pd.DataFrame:
    """Return the issues with one string per cell, for a CSV file or a spreadsheet.

    ``given``, ``suspected_missing`` and ``suspected_wrong`` become ids joined by ``sep``, and
    an ``issue`` column describes them with their probabilities (see :func:`describe_issue`).
    """
    flat = issues.copy()
    flat["issue"] = [describe_issue(issue) for _, issue in issues.iterrows()]
    for col in ("given", "suspected_missing", "suspected_wrong"):
        flat[col] = [sep.join(ids) for ids in issues[col]]
    return flat[
        ["row", "quality", "issue", "given", "suspected_missing", "suspected_wrong", "text"]
    ]
