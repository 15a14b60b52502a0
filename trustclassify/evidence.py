"""Which words pushed a text over a category's threshold, read off the linear model itself.

Each feature's contribution to a category's log-odds is its TF-IDF value times the
category's coefficient. Word n-grams are shown as they are; character n-grams are shared
out among the words they occur in, so every weight lands on something a reader can see.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from .features import NEGATION_PREFIX
from .pooling import text_pipeline

_WORD = re.compile(r"\w+(?:['\u2019]\w+)?")


class EvidenceReader:
    """Computes evidence for one fitted pipeline; build once, use for many texts."""

    def __init__(self, pipeline):
        pipeline = text_pipeline(pipeline)
        features = pipeline.named_steps["features"]
        (_, self._words), (_, self._chars) = features.transformer_list
        self._features = features
        self._word_names = self._words.get_feature_names_out()
        self._n_words = len(self._word_names)
        self._char_vocab = self._chars.vocabulary_
        self._char_pre = self._chars.build_preprocessor()
        lo, hi = self._chars.ngram_range
        self._char_lengths = range(lo, hi + 1)
        estimators = pipeline.named_steps["scores"].estimators_
        n_features = self._n_words + len(self._char_vocab)
        self._coef = np.vstack(
            [
                est.coef_.ravel() if hasattr(est, "coef_") else np.zeros(n_features)
                for est in estimators
            ]
        )

    def evidence(self, text: str, columns, top: int = 5) -> dict[int, list[tuple[str, float]]]:
        """Return, for each category column asked for, its ``top`` terms with positive weight."""
        row = self._features.transform([text]).tocsr()
        idx, vals = row.indices, row.data
        word_mask = idx < self._n_words
        chars_of_token = self._char_ngrams_by_token(text)
        out = {}
        for j in columns:
            contrib = vals * self._coef[j, idx]
            scores: dict[str, float] = defaultdict(float)
            for f, c in zip(idx[word_mask], contrib[word_mask], strict=False):
                scores[self._display(self._word_names[f])] += c
            char_share = self._char_shares(idx[~word_mask], contrib[~word_mask], chars_of_token)
            for token, c in char_share.items():
                scores[token] += c
            out[j] = _top_terms(scores, top)
        return out

    @staticmethod
    def _display(name: str) -> str:
        return " ".join(
            f"not {w[len(NEGATION_PREFIX):]}" if w.startswith(NEGATION_PREFIX) else w
            for w in name.split()
        )

    def _char_ngrams_by_token(self, text: str) -> dict[int, list[str]]:
        """Map each char n-gram feature index in ``text`` to the words it occurs in."""
        where: dict[int, list[str]] = defaultdict(list)
        for token in self._char_pre(text).split():
            padded = f" {token} "
            word = " ".join(_WORD.findall(token)) or token
            for n in self._char_lengths:
                for k in range(len(padded) - n + 1):
                    f = self._char_vocab.get(padded[k : k + n])
                    if f is not None:
                        where[f].append(word)
        return where

    def _char_shares(self, feats, contribs, where) -> dict[str, float]:
        shares: dict[str, float] = defaultdict(float)
        for f, c in zip(feats - self._n_words, contribs, strict=False):
            tokens = where.get(int(f), ())
            for token in tokens:
                shares[token] += c / len(tokens)
        return shares


MIN_SHARE = 0.2  # a term weighing less than this share of the strongest one is noise


def _top_terms(scores: dict[str, float], top: int) -> list[tuple[str, float]]:
    chosen: list[tuple[str, float]] = []
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    floor = MIN_SHARE * ranked[0][1] if ranked else 0.0
    for term, weight in ranked:
        if weight <= 0 or weight < floor or len(chosen) == top:
            break
        if any(term in other.split() or other in term.split() for other, _ in chosen):
            continue  # "shoved" adds nothing next to "shoved me"
        chosen.append((term, round(float(weight), 4)))
    return chosen
