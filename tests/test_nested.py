"""insensitive_to_past is learned within prior_trust_issues (NestedOneVsRest)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

import trustclassify as tc
from trustclassify.categories import CATEGORY_IDS, SUBSET_OF
from trustclassify.nested import NestedOneVsRest

CHILD = CATEGORY_IDS.index("insensitive_to_past")
PARENT = CATEGORY_IDS.index("prior_trust_issues")


@pytest.fixture(scope="module")
def toy():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    parent = (X[:, 0] > 0).astype(int)
    child = parent & (X[:, 1] > 0)  # decided by feature 1, but only among parent rows
    other = (X[:, 2] > 0).astype(int)
    return X, np.c_[parent, child, other]


def test_a_nested_column_never_scores_above_its_parent(toy):
    X, Y = toy
    P = NestedOneVsRest(LogisticRegression(), nested=((1, 0),)).fit(X, Y).predict_proba(X)
    assert P.shape == (200, 3) and ((0 <= P) & (P <= 1)).all()
    assert (P[:, 1] <= P[:, 0] + 1e-12).all()


def test_the_nested_column_is_fitted_only_on_its_parents_rows(toy):
    X, Y = toy
    model = NestedOneVsRest(LogisticRegression(), nested=((1, 0),)).fit(X, Y)
    inside = LogisticRegression().fit(X[Y[:, 0] == 1], Y[Y[:, 0] == 1, 1])
    np.testing.assert_allclose(model.estimators_[1].coef_, inside.coef_)
    # without nesting it is an ordinary one-vs-rest column over every row
    flat = NestedOneVsRest(LogisticRegression()).fit(X, Y)
    plain = LogisticRegression().fit(X, Y[:, 1])
    np.testing.assert_allclose(flat.estimators_[1].coef_, plain.coef_)


def test_a_single_class_column_gets_a_constant_probability(toy):
    X, Y = toy
    Y = Y.copy()
    Y[:, 2] = 0
    model = NestedOneVsRest(LogisticRegression()).fit(X, Y)
    assert model.estimators_[2] is None
    assert (model.predict_proba(X)[:, 2] == 0).all()


@pytest.mark.parametrize("pairs", [((1, 1),), ((5, 0),), ((1, 0), (0, 2))])
def test_impossible_nesting_is_refused(toy, pairs):
    X, Y = toy
    with pytest.raises(ValueError, match="nested"):
        NestedOneVsRest(LogisticRegression(), nested=pairs).fit(X, Y)


def test_the_guides_subset_rule_is_what_the_classifier_nests():
    assert SUBSET_OF == {"insensitive_to_past": "prior_trust_issues"}
    assert tc.BreachClassifier()._nested_pairs() == ((CHILD, PARENT),)
    assert tc.BreachClassifier(nested=False)._nested_pairs() == ()


def test_training_labels_that_break_the_subset_get_a_clear_error(small_training):
    labels = [list(x) for x in small_training.labels]
    i = next(i for i, x in enumerate(labels) if "insensitive_to_past" in x)
    labels[i].remove("prior_trust_issues")
    with pytest.raises(ValueError, match="insensitive_to_past.*without.*nested=False"):
        tc.BreachClassifier(cv=3).fit(small_training.texts, labels)


def test_nested_false_is_a_parameter_like_any_other(small_training):
    model = clone(tc.BreachClassifier(cv=3, nested=False))
    assert model.get_params()["nested"] is False
    P = model.fit(small_training.texts, small_training.labels).predict_proba(
        ["my ex cheated on me and she laughs about it"]
    )
    assert P.shape == (1, 14)


def test_the_shipped_model_scores_insensitivity_within_history(model):
    P = model.predict_proba(["he is kind", "my ex cheated on me, and my husband calls it drama"])
    assert (P[:, CHILD] <= P[:, PARENT] + 1e-12).all()


@pytest.mark.parametrize(
    "text",
    [
        "my dad left when I was 6 and I cant trust anyone",
        "my ex cheated on me so I find it hard to trust my new boyfriend",
        "Client reports childhood abandonment by father; finds it hard to trust partner.",
    ],
)
def test_a_history_alone_is_not_read_as_a_partners_insensitivity(model, text):
    found = {m.category for m in model.classify(text)}
    assert "prior_trust_issues" in found and "insensitive_to_past" not in found
