"""The breach classifier: a scikit-learn estimator from texts to the 14 categories."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone

import numpy as np
from iterstrat.ml_stratifiers import MultilabelStratifiedKFold
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from .categories import CATEGORY_IDS, SUBSET_OF, categories, category
from .datasets import training_data_sha256
from .errors import InputTypeError, InvalidInputError
from .evidence import EvidenceReader
from .features import make_features
from .matches import Match
from .nested import NestedOneVsRest
from .pooling import WindowPooling, text_estimator_tags, text_pipeline
from .thresholds import learn_thresholds
from .validation import check_targets, check_texts

__all__ = ["BreachClassifier"]


class BreachClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label classifier of relationship-problem texts into the 14 breach categories.

    Text is turned into TF-IDF features (negation-aware word n-grams and character
    n-grams), one logistic regression per category scores it (``insensitive_to_past`` within
    the texts labelled ``prior_trust_issues``, see ``nested``), and a per-category threshold
    learned by cross-validation on the training data decides the matches. Thresholds of the
    safety-related categories (physical violence, control or intimidation) favour recall.

    Parameters
    ----------
    C : float, default=8.0
        Inverse regularisation strength of each category's logistic regression.
    word_ngram_range : tuple of (int, int), default=(1, 2)
        Word n-gram lengths.
    char_ngram_range : tuple of (int, int), default=(2, 5)
        Character n-gram lengths (within word boundaries).
    min_df : int, default=3
        A term must occur in at least this many distinct training texts to be kept, so a
        one-off name or place is not stored in the model.
    negation : bool, default=True
        Mark words after "never", "no", "denies", ... so "he never hit me" is not read as
        violence.
    class_weight : "balanced" or None, default="balanced"
        Passed to each logistic regression; "balanced" helps rare categories.
    cv : int or cross-validation splitter, default=5
        Folds used to learn thresholds from out-of-fold probabilities. An int uses iterative
        multi-label stratification, so rare categories appear in every fold.
    beta : float, default=1.0
        Thresholds of ordinary categories maximise F-beta on the out-of-fold probabilities.
    safety_beta : float, default=2.0
        F-beta used for safety-related categories (2 weighs recall twice as much).
    safety_min_recall : float, dict or None, default=None
        Safety-related thresholds are also lowered until out-of-fold recall reaches this:
        None uses each category's ``recall_target`` (0.95 for physical violence, 0.90 for
        control or intimidation); a float applies to both; a dict maps ids to targets. 0
        leaves F-``safety_beta`` alone to decide. Lower floors mean fewer false flags and
        more missed cases.
    nested : bool, default=True
        Learn ``insensitive_to_past`` only among texts labelled ``prior_trust_issues`` (the
        labelling guide makes it a subset) and score it as p(prior) * p(insensitive | prior),
        so a history alone is not read as a partner's insensitivity to it. Training labels
        must then respect the subset. False learns every category over all texts.
    window_sentences : int or None, default=2
        Also score every window of this many adjacent sentences and blend the text's
        probability with its best window's, so one sentence about violence in a long letter
        is not drowned out by background. None scores whole texts only.
    random_state : int or None, default=0
        Seed of the cross-validation shuffle.
    n_jobs : int or None, default=None
        Parallel jobs for the per-category models and the threshold cross-validation.

    Attributes
    ----------
    classes_ : ndarray of str, shape (14,)
        The category ids, in the article's order; columns of ``predict`` follow it.
    thresholds_ : ndarray of float, shape (14,)
        The decision threshold of each category.
    pipeline_ : WindowPooling or sklearn.pipeline.Pipeline
        The fitted scikit-learn estimator from texts to probabilities: the features and
        per-category logistic regressions, inside sentence-window pooling unless
        ``window_sentences`` is None.
    cv_report_ : dict
        Out-of-fold precision, recall, F1 and support per category at the learned thresholds.
    n_training_texts_ : int
        How many texts the model was trained on.

    Examples
    --------
    >>> import trustclassify as tc
    >>> model = tc.default_model()
    >>> matches = model.classify("He grabbed my wrist and shoved me into the wall")
    >>> "physical_violence" in [m.category for m in matches]
    True
    >>> model.predict(["we argue about chores"]).shape
    (1, 14)
    """

    def __init__(
        self,
        C: float = 8.0,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (2, 5),
        min_df: int = 3,
        negation: bool = True,
        class_weight: str | None = "balanced",
        cv: int | object = 5,
        beta: float = 1.0,
        safety_beta: float = 2.0,
        safety_min_recall: float | Mapping[str, float] | None = None,
        nested: bool = True,
        window_sentences: int | None = 2,
        random_state: int | None = 0,
        n_jobs: int | None = None,
    ):
        self.C = C
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.negation = negation
        self.class_weight = class_weight
        self.cv = cv
        self.beta = beta
        self.safety_beta = safety_beta
        self.safety_min_recall = safety_min_recall
        self.nested = nested
        self.window_sentences = window_sentences
        self.random_state = random_state
        self.n_jobs = n_jobs

    def __sklearn_tags__(self):
        tags = text_estimator_tags(super().__sklearn_tags__())
        tags.classifier_tags.multi_label = True
        return tags

    # -- fitting -------------------------------------------------------------------------

    def _check_params(self) -> None:
        if not (isinstance(self.C, int | float) and self.C > 0):
            raise InvalidInputError(f"C must be a positive number, got {self.C!r}")
        if not (isinstance(self.min_df, int) and self.min_df >= 1):
            raise InvalidInputError(f"min_df must be an int >= 1, got {self.min_df!r}")
        self._recall_floors()
        for name in ("beta", "safety_beta"):
            if not getattr(self, name) > 0:
                raise InvalidInputError(f"{name} must be positive, got {getattr(self, name)!r}")
        if self.window_sentences is not None and not (
            isinstance(self.window_sentences, int) and self.window_sentences >= 1
        ):
            raise InvalidInputError(
                f"window_sentences must be an int >= 1 or None, got {self.window_sentences!r}"
            )
        if isinstance(self.cv, int) and self.cv < 2:
            raise InvalidInputError(f"cv must be at least 2 folds, got {self.cv!r}")

    def _recall_floors(self) -> np.ndarray:
        """Return the out-of-fold recall each category's threshold must reach."""
        cats = categories()
        floors = self.safety_min_recall
        if floors is None:
            values = {c.id: c.recall_target for c in cats}
        elif isinstance(floors, Mapping):
            unknown = set(floors) - set(CATEGORY_IDS)
            if unknown:
                raise InvalidInputError(
                    f"safety_min_recall names unknown category ids: {', '.join(sorted(unknown))}"
                )
            values = dict(floors)
        elif isinstance(floors, int | float):
            values = {c.id: float(floors) for c in cats if c.safety_related}
        else:
            raise InputTypeError(
                f"safety_min_recall must be None, a float or a dict, got {type(floors).__name__}"
            )
        out = np.array([float(values.get(c.id, 0.0)) if c.safety_related else 0.0 for c in cats])
        if not ((out >= 0) & (out <= 1)).all():
            raise InvalidInputError(f"safety_min_recall must be in [0, 1], got {floors!r}")
        return out

    def _make_pipeline(self) -> WindowPooling | Pipeline:
        text_pipeline = self._make_text_pipeline()
        if self.window_sentences is None:
            return text_pipeline
        return WindowPooling(text_pipeline, window=self.window_sentences)

    def _make_text_pipeline(self) -> Pipeline:
        regression = LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            solver="liblinear",
            dual=True,  # far faster than the primal when features outnumber texts
            random_state=self.random_state,
            max_iter=1000,
        )
        return Pipeline(
            [
                (
                    "features",
                    make_features(
                        word_ngram_range=tuple(self.word_ngram_range),
                        char_ngram_range=tuple(self.char_ngram_range),
                        min_df=self.min_df,
                        negation=self.negation,
                    ),
                ),
                ("scores", NestedOneVsRest(regression, nested=self._nested_pairs(),
                                           n_jobs=self.n_jobs)),
            ]
        )

    def _nested_pairs(self) -> tuple[tuple[int, int], ...]:
        if not self.nested:
            return ()
        return tuple(
            (CATEGORY_IDS.index(child), CATEGORY_IDS.index(parent))
            for child, parent in SUBSET_OF.items()
        )

    def _check_subsets(self, Y: np.ndarray) -> None:
        for child, parent in self._nested_pairs():
            orphans = int(((Y[:, child] == 1) & (Y[:, parent] == 0)).sum())
            if orphans:
                raise InvalidInputError(
                    f"{orphans} training texts are labelled {CATEGORY_IDS[child]!r} without "
                    f"{CATEGORY_IDS[parent]!r}; the labelling guide makes the first a subset of "
                    "the second. Add the missing label, or pass nested=False"
                )

    def _splitter(self):
        if isinstance(self.cv, int):
            return MultilabelStratifiedKFold(
                n_splits=self.cv, shuffle=True, random_state=self.random_state
            )
        return self.cv

    def fit(self, X: Iterable[str], y) -> BreachClassifier:
        """Learn the per-category models and thresholds from labelled texts.

        Parameters
        ----------
        X : iterable of str
            Training texts (list, tuple, array, pandas Series ...). None may be empty.
        y : list of lists of str, or array-like of shape (n_samples, 14)
            Each text's category ids (an empty list for none), or a 0/1 indicator matrix
            whose columns follow ``CATEGORY_IDS``.

        Returns
        -------
        self : BreachClassifier
            The fitted classifier.

        Raises
        ------
        InputTypeError
            If X is a single string or holds non-strings.
        InvalidInputError
            If X is empty or has an empty text, a label id is unknown, y's shape does not
            fit, or a parameter is out of range.
        """
        self._check_params()
        texts = check_texts(X, allow_empty_texts=False)
        Y = check_targets(y, len(texts))
        self._check_subsets(Y)
        counts = Y.sum(axis=0)
        n_splits = self.cv if isinstance(self.cv, int) else 2
        if len(texts) < 2 * n_splits:
            raise InvalidInputError(
                f"too few texts to learn thresholds with cv={self.cv!r}: got {len(texts)}, "
                f"need at least {2 * n_splits}"
            )
        for cid, count in zip(CATEGORY_IDS, counts, strict=False):
            if count == 0:
                warnings.warn(
                    f"category {cid!r} has no positive training text; it will never be predicted",
                    UserWarning,
                    stacklevel=2,
                )

        # A fold with no positive text of a rare category scores it with a constant; that
        # category's threshold then comes from the folds that do have positives.
        oof = cross_val_predict(
            self._make_pipeline(),
            np.asarray(texts, dtype=object),
            Y,
            cv=self._splitter(),
            method="predict_proba",
            n_jobs=self.n_jobs,
        )
        self.pipeline_ = self._make_pipeline().fit(texts, Y)

        safety = np.array([c.safety_related for c in categories()])
        self.thresholds_ = learn_thresholds(
            Y,
            oof,
            safety=safety,
            beta=self.beta,
            safety_beta=self.safety_beta,
            min_recall=self._recall_floors(),
        )
        self.thresholds_[counts == 0] = 1.0
        _forget_dropped_terms(text_pipeline(self.pipeline_))
        self.classes_ = np.array(CATEGORY_IDS, dtype=object)
        self.n_training_texts_ = len(texts)
        self.training_data_sha256_ = training_data_sha256(texts, Y)
        self.fitted_with_ = library_versions()
        self.fitted_at_ = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.cv_report_ = _per_category_report(Y, (oof >= self.thresholds_).astype(int))
        return self

    # -- prediction ----------------------------------------------------------------------

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Return each category's probability for each text.

        Parameters
        ----------
        X : iterable of str

        Returns
        -------
        ndarray of float, shape (n_samples, 14)
            Values in [0, 1], columns in the order of ``classes_``. An empty or whitespace
            text has probability 0 for every category (it holds no evidence).
        """
        check_is_fitted(self, "pipeline_")
        texts = check_texts(X)
        P = self.pipeline_.predict_proba(texts).astype(np.float64)
        empty = np.fromiter((not t.strip() for t in texts), dtype=bool, count=len(texts))
        P[empty] = 0.0
        return P

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """Return the 0/1 indicator matrix of matched categories, shape (n_samples, 14)."""
        return (self.predict_proba(X) >= self.thresholds_).astype(np.int64)

    def classify(
        self, X: str | Iterable[str], *, explain: bool = True, top_evidence: int = 5
    ) -> list[Match] | list[list[Match]]:
        """Return the matched categories with the article's explanations.

        Parameters
        ----------
        X : str or iterable of str
            One text, or several.
        explain : bool, default=True
            Give each match its ``evidence``: the words that pushed its score up most.
        top_evidence : int, default=5
            How many evidence terms to give at most.

        Returns
        -------
        list of Match, or list of lists of Match
            For one text, its matches sorted by score (highest first); for an iterable,
            one such list per text. An empty text has no match.
        """
        single = isinstance(X, str)
        texts = [X] if single else check_texts(X)
        P = self.predict_proba(texts)
        cats = categories()
        reader = EvidenceReader(self.pipeline_) if explain else None
        out = []
        for text, row in zip(texts, P, strict=False):
            hits = np.flatnonzero(row >= self.thresholds_)
            hits = hits[np.argsort(-row[hits], kind="stable")]
            ev = reader.evidence(text, hits, top_evidence) if reader and len(hits) else {}
            out.append(
                [Match.of(cats[j], row[j], self.thresholds_[j], ev.get(j, ())) for j in hits]
            )
        return out[0] if single else out

    def score_frame(self, df, *, text_column: str = "text", **options):
        """Score a DataFrame's text column with this model; see :func:`trustclassify.score_frame`.

        Returns a new DataFrame: ``df``'s index and columns plus ``categories``,
        ``top_category``, ``p_<id>`` per category, ``status`` and ``safety_flag``.

        Examples
        --------
        >>> import pandas as pd
        >>> import trustclassify as tc
        >>> scored = tc.default_model().score_frame(pd.DataFrame({"text": ["he hit me", ""]}))
        >>> scored["status"].tolist()
        ['ok', 'empty']
        """
        from .batch import score_frame

        return score_frame(df, text_column=text_column, model=self, **options)

    @property
    def metadata(self) -> dict:
        """What the model was made from and how it scored; saved with it by :func:`save`.

        Returns
        -------
        dict
            ``versions`` (trustclassify and scikit-learn at fit time), ``category_ids``,
            ``training_data_sha256``, ``n_training_texts``, ``thresholds`` (id to float),
            ``created`` (UTC, ISO 8601), ``cv_report`` (out-of-fold figures per category)
            and ``evaluation`` (figures recorded by :func:`evaluate`, if any).
        """
        check_is_fitted(self, "pipeline_")
        return {
            "versions": dict(self.fitted_with_),
            "category_ids": list(CATEGORY_IDS),
            "training_data_sha256": self.training_data_sha256_,
            "n_training_texts": int(self.n_training_texts_),
            "thresholds": {
                c: float(t) for c, t in zip(CATEGORY_IDS, self.thresholds_, strict=False)
            },
            "created": self.fitted_at_,
            "cv_report": self.cv_report_,
            "evaluation": dict(getattr(self, "evaluation_", {})),
        }

    def card(self) -> str:
        """Return a Markdown model card (intended use, data, figures, thresholds, limits)."""
        from .card import model_card

        check_is_fitted(self, "pipeline_")
        return model_card(self)

    def save(self, path, *, format: str | None = None):
        """Save the model; see :func:`trustclassify.save`."""
        from .persistence import save

        return save(self, path, format=format)

    def set_thresholds(self, thresholds: Mapping[str, float]) -> BreachClassifier:
        """Override the decision thresholds of some categories, e.g. ``{"affairs": 0.4}``.

        Returns
        -------
        self : BreachClassifier
        """
        check_is_fitted(self, "thresholds_")
        if not isinstance(thresholds, Mapping):
            raise InputTypeError(
                "thresholds must be a mapping of category id to float, "
                f"got {type(thresholds).__name__}"
            )
        new = self.thresholds_.copy()
        for cid, value in thresholds.items():
            category(cid)  # raises the usual error for an unknown id
            if not 0.0 <= float(value) <= 1.0:
                raise InvalidInputError(f"threshold for {cid!r} must be in [0, 1], got {value!r}")
            new[CATEGORY_IDS.index(cid)] = float(value)
        self.thresholds_ = new
        return self


def _forget_dropped_terms(pipeline: Pipeline) -> None:
    # TfidfVectorizer keeps the terms min_df dropped in ``stop_words_``: exactly the one-off
    # names and places a model trained on intake text must not carry.
    for _, vectorizer in pipeline.named_steps["features"].transformer_list:
        if hasattr(vectorizer, "stop_words_"):
            vectorizer.stop_words_ = None


def library_versions() -> dict[str, str]:
    """Return the versions of trustclassify and scikit-learn in use."""
    import sklearn

    from . import __version__

    return {"trustclassify": __version__, "scikit-learn": sklearn.__version__}


def _per_category_report(Y: np.ndarray, pred: np.ndarray) -> dict:
    from .evaluation import per_category_scores

    return per_category_scores(Y, pred).to_dict(orient="index")
