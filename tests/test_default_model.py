"""The shipped model: packaged, cached, in step with the data, and sensible on plain texts."""

import pytest

import trustclassify as tc
from trustclassify.datasets import training_data_sha256


def test_second_call_returns_the_cached_model():
    assert tc.default_model() is tc.default_model()


def test_shipped_model_was_trained_on_the_current_statements(model, statements):
    assert model.metadata["training_data_sha256"] == training_data_sha256(
        statements.texts, statements.y
    ), (
        "data/statements.csv changed: retrain with `trustclassify train data/statements.csv "
        "-o trustclassify/resources/default_model.skops --force`"
    )


def test_the_issue_example(model):
    text = "He reads my texts every night and I'm scared to say no to him"
    assert "control_or_intimidation" in [m.category for m in model.classify(text)]


@pytest.mark.parametrize(
    "text",
    [
        "he threw a mug at me",
        "She grabbed my wrist and wouldn't let go",
        "my husband shoved me",
        "he slapped me across the face in front of the kids",
        "pt reports partner choked her during argument",
        "he kicked me when I was on the floor",
    ],
)
def test_plainly_written_violence_is_flagged(model, text):
    assert "physical_violence" in [m.category for m in model.classify(text)]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("My husband is abusive.", "control_or_intimidation"),
        ("He is very intimidating when he drinks.", "control_or_intimidation"),
        ("She assaulted me last year.", "physical_violence"),
        ("pt discloses DV from current partner", "physical_violence"),
        ("cl reports being assaulted by h on Sat", "physical_violence"),
    ],
)
def test_safety_risks_named_rather_than_described_are_flagged(model, text, category):
    # Data card rule 37: a name for what the partner does is evidence of it.
    assert category in [m.category for m in model.classify(text)]


@pytest.mark.parametrize(
    "text",
    [
        "no DV, no coercion, no safety concerns",
        "he has never been violent, we just argue about chores",
        "we share one account and both see every transaction",
        "we disagree about bedtimes for the kids",
        "we're getting married in the spring and want premarital counselling",
    ],
)
def test_near_misses_are_not_flagged_as_safety_risks(model, text):
    assert not [m for m in model.classify(text) if m.safety_related]
