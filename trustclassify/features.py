"""From text to features: negation-aware word n-grams plus character n-grams, TF-IDF weighted."""

from __future__ import annotations

import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

NEGATION_PREFIX = "not_"

# Cues that open a negated stretch ("he has never been violent", "denies IPV").
_NEGATION_CUES = frozenset(
    "no not never nothing nobody none nor neither without denies denied deny "
    "cannot cant dont doesnt didnt isnt wasnt wont wouldnt hasnt havent hadnt".split()
)
# Words and punctuation that close it ("no DV but he checks my phone").
_SCOPE_ENDS = frozenset("but however though although except yet until unless".split())
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.,;:!?()\n]")
_MAX_SCOPE = 4


def mark_negation(text: str) -> str:
    """Lowercase ``text`` and prefix the few words after a negation cue with ``not_``.

    A bag of words sees "never violent" and "violent" alike; marking the negated words
    lets the model learn that "he has never hit me" is not a report of violence.

    Examples
    --------
    >>> mark_negation("He has never hit me, but he yells.")
    'he has never not_hit not_me , but he yells .'
    >>> mark_negation("Pt denies IPV")
    'pt denies not_ipv'
    """
    out: list[str] = []
    left = 0
    for tok in _TOKEN.findall(text.lower().replace("\u2019", "'")):
        word = tok.replace("'", "")
        if not tok[0].isalnum() or word in _SCOPE_ENDS:
            left = 0
            out.append(tok)
        elif left:
            out.append(NEGATION_PREFIX + word)
            left -= 1
        else:
            out.append(word)
        if word in _NEGATION_CUES or word.endswith("nt") and tok.endswith("n't"):
            left = _MAX_SCOPE
    return " ".join(out)


def make_features(
    *,
    word_ngram_range: tuple[int, int] = (1, 2),
    char_ngram_range: tuple[int, int] = (2, 5),
    min_df: int = 3,
    negation: bool = True,
) -> FeatureUnion:
    """Build the feature extractor: word n-grams (negation-marked) and char n-grams.

    ``min_df`` drops terms seen in fewer distinct training texts, so a one-off name or place
    from the training data is not kept in the model's vocabulary.
    """
    words = TfidfVectorizer(
        preprocessor=mark_negation if negation else None,
        ngram_range=word_ngram_range,
        token_pattern=r"(?u)\b\w+\b",
        min_df=min_df,
        sublinear_tf=True,
        dtype=np.float32,
    )
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=char_ngram_range,
        min_df=max(min_df, 2),
        sublinear_tf=True,
        dtype=np.float32,
    )
    return FeatureUnion([("words", words), ("chars", chars)])
