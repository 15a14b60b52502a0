import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

import trustclassify as tc

TEXTS = ["He shoved me into the wall last night.", "we argue about whose turn it is to cook"]


@pytest.mark.parametrize(
    "as_input",
    [list, tuple, lambda t: np.array(t, dtype=object), pd.Series, lambda t: (x for x in t)],
    ids=["list", "tuple", "ndarray", "Series", "generator"],
)
def test_predict_accepts_every_iterable_of_strings(small_model, as_input):
    y = small_model.predict(as_input(TEXTS))
    assert y.shape == (2, 14) and y.dtype.kind == "i" and set(np.unique(y)) <= {0, 1}
    np.testing.assert_array_equal(y, small_model.predict(TEXTS))


def test_predict_proba_shape_range_and_agreement_with_predict(small_model):
    P = small_model.predict_proba(TEXTS)
    assert P.shape == (2, 14) and ((P >= 0) & (P <= 1)).all()
    expected = (P >= small_model.thresholds_).astype(int)
    np.testing.assert_array_equal(expected, small_model.predict(TEXTS))


def test_classes_are_the_category_ids(small_model):
    assert list(small_model.classes_) == list(tc.CATEGORY_IDS)


def test_fit_accepts_label_lists_or_the_indicator_matrix(small_training):
    texts, labels = small_training.texts[:120], small_training.labels[:120]
    a = tc.BreachClassifier(cv=2).fit(texts, labels)
    b = tc.BreachClassifier(cv=2).fit(texts, tc.to_indicator(labels))
    np.testing.assert_allclose(a.predict_proba(TEXTS), b.predict_proba(TEXTS))
    np.testing.assert_array_equal(a.thresholds_, b.thresholds_)


def test_fit_returns_self_and_learns_thresholds_other_than_one_half(small_training):
    clf = tc.BreachClassifier(cv=3)
    assert clf.fit(small_training.texts, small_training.labels) is clf
    assert clf.thresholds_.shape == (14,)
    assert not np.allclose(clf.thresholds_, 0.5)


def test_safety_categories_trade_precision_for_recall(small_training):
    plain = tc.BreachClassifier(cv=3, safety_beta=1.0, safety_min_recall=0.0)
    safe = tc.BreachClassifier(cv=3, safety_beta=2.0, safety_min_recall=0.9)
    plain.fit(small_training.texts, small_training.labels)
    safe.fit(small_training.texts, small_training.labels)
    for cid in ("physical_violence", "control_or_intimidation"):
        j = tc.CATEGORY_IDS.index(cid)
        assert safe.thresholds_[j] <= plain.thresholds_[j]
        assert safe.cv_report_[cid]["recall"] >= 0.9


def test_classify_one_text_gives_sorted_matches_with_the_articles_text(small_model):
    matches = small_model.classify("He punched me in the face and then said it was my fault")
    assert matches, "a plain description of violence must match something"
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    for m in matches:
        cat = tc.category(m.category)
        assert m.title == cat.title and m.explanation == cat.text
        assert m.score >= m.threshold
        assert m.evidence and all(w > 0 for _, w in m.evidence)


def test_classify_many_texts_gives_one_list_each(small_model):
    out = small_model.classify(TEXTS)
    assert isinstance(out, list) and len(out) == 2 and all(isinstance(x, list) for x in out)


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_empty_text_is_no_match_not_an_error(small_model, blank):
    assert small_model.classify(blank) == []
    assert small_model.predict([blank]).sum() == 0
    assert small_model.predict_proba([blank]).sum() == 0


def test_evidence_can_be_switched_off(small_model):
    for m in small_model.classify(TEXTS[0], explain=False):
        assert m.evidence == ()


# -- bad input ---------------------------------------------------------------------------


def test_predict_before_fit():
    with pytest.raises(NotFittedError):
        tc.BreachClassifier().predict(TEXTS)


def test_a_single_string_is_not_a_batch(small_model):
    with pytest.raises(TypeError, match=r"got a single str; wrap it in a list: \[text\]"):
        small_model.predict("he hit me")


def test_non_string_items_are_named(small_model):
    with pytest.raises(TypeError, match="item 1 is NoneType"):
        small_model.predict(["fine", None])


def test_empty_batch(small_model):
    with pytest.raises(ValueError, match="X is empty"):
        small_model.predict([])


def test_fit_rejects_unknown_label_ids():
    with pytest.raises(ValueError, match="unknown label id 'cheating'"):
        tc.BreachClassifier().fit(["a", "b"], [["cheating"], []])


def test_fit_rejects_a_wrong_matrix_shape():
    with pytest.raises(ValueError, match=r"shape \(n_samples, 14\)"):
        tc.BreachClassifier().fit(["a", "b"], np.zeros((2, 3)))


def test_fit_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="3 texts but 2 label rows"):
        tc.BreachClassifier().fit(["a", "b", "c"], [[], []])


def test_fit_rejects_empty_training_text():
    with pytest.raises(ValueError, match="text 1 is empty"):
        tc.BreachClassifier().fit(["he hit me", " "], [["physical_violence"], []])


def test_fit_rejects_bad_parameters_naming_the_value(small_training):
    with pytest.raises(ValueError, match="C must be a positive number, got -1"):
        tc.BreachClassifier(C=-1).fit(small_training.texts, small_training.labels)


def test_all_deliberate_errors_share_one_base():
    with pytest.raises(tc.TrustClassifyError):
        tc.to_indicator([["nope"]])


# -- the scikit-learn contract -----------------------------------------------------------


def test_init_stores_parameters_unchanged():
    clf = tc.BreachClassifier(C=3.0, word_ngram_range=(1, 3), cv=4)
    assert clf.get_params()["C"] == 3.0 and clf.word_ngram_range == (1, 3) and clf.cv == 4


def test_clone_keeps_params_and_drops_state(small_model):
    c = clone(small_model)
    assert c.get_params() == small_model.get_params()
    assert not hasattr(c, "thresholds_")


def test_set_params_round_trip():
    clf = tc.BreachClassifier()
    assert clf.set_params(C=2.5, negation=False) is clf
    assert clf.get_params()["C"] == 2.5 and clf.get_params()["negation"] is False


def test_pickle_round_trip_predicts_the_same(small_model):
    again = pickle.loads(pickle.dumps(small_model))
    np.testing.assert_array_equal(again.predict_proba(TEXTS), small_model.predict_proba(TEXTS))


def test_inside_a_pipeline(small_training):
    pipe = Pipeline([("lower", FunctionTransformer(lambda X: [t.lower() for t in X])),
                     ("clf", tc.BreachClassifier(cv=2))])
    pipe.fit(small_training.texts[:150], small_training.labels[:150])
    assert pipe.predict(TEXTS).shape == (2, 14)


def test_grid_search(small_training):
    y = tc.to_indicator(small_training.labels[:200])
    search = GridSearchCV(tc.BreachClassifier(cv=2), {"C": [1.0, 8.0]}, scoring="f1_micro",
                          cv=KFold(2, shuffle=True, random_state=0))
    search.fit(small_training.texts[:200], y)
    assert search.best_params_["C"] in (1.0, 8.0)
    assert search.predict(TEXTS).shape == (2, 14)


def test_set_thresholds(small_model):
    import copy

    m = copy.deepcopy(small_model)
    m.set_thresholds({"affairs": 0.0})
    assert m.predict(TEXTS)[:, 0].tolist() == [1, 1]
    with pytest.raises(ValueError, match="unknown category id"):
        m.set_thresholds({"nope": 0.3})


# -- properties ----------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(), min_size=1, max_size=6))
def test_arbitrary_unicode_never_crashes_and_probabilities_are_in_range(small_model, texts):
    P = small_model.predict_proba(texts)
    assert P.shape == (len(texts), 14)
    assert ((P >= 0) & (P <= 1)).all()
    matches = small_model.classify(texts)
    assert len(matches) == len(texts)
