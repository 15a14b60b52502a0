"""The labelled data sets: sizes, balance, validity and separation of training and holdout."""

import re

import pytest

import trustclassify as tc


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def test_training_set_size_and_balance(statements):
    assert len(statements) >= 1600
    y = statements.y
    counts = dict(zip(tc.CATEGORY_IDS, y.sum(axis=0), strict=False))
    assert min(counts.values()) >= 90, counts
    n_labels = y.sum(axis=1)
    assert ((n_labels >= 2) & (n_labels <= 3)).sum() >= 250
    assert (n_labels == 0).sum() >= 200


@pytest.mark.parametrize("name", ["holdout", "holdout_2"])
def test_holdout_size(name, request):
    data = request.getfixturevalue(name)
    assert len(data) >= 300
    assert (data.y.sum(axis=0) >= 15).all(), "every category needs holdout support"


@pytest.mark.parametrize("first, second", [
    ("statements", "holdout"), ("statements", "holdout_2"), ("holdout", "holdout_2"),
])
def test_no_text_is_in_two_sets(first, second, request):
    a, b = request.getfixturevalue(first), request.getfixturevalue(second)
    shared = {_key(t) for t in a.texts} & {_key(t) for t in b.texts}
    assert not shared, sorted(shared)[:5]


@pytest.mark.parametrize("name", ["statements", "holdout", "holdout_2"])
def test_labelling_rule_insensitive_to_past_implies_prior(name, request):
    data = request.getfixturevalue(name)
    for text, ids in zip(data.texts, data.labels, strict=False):
        if "insensitive_to_past" in ids:
            assert "prior_trust_issues" in ids, text


@pytest.mark.parametrize(
    "body, message",
    [
        ('he hit me,physical_violence;cheating\n', r"row 1: unknown label id\(s\) 'cheating'"),
        ('"  ",affairs\n', "row 1: empty text"),
        ('he lied,affairs\nHe  lied,\n', "row 2: same text as row 1"),
    ],
)
def test_reading_a_labelled_file_reports_each_bad_row(tmp_path, body, message):
    path = tmp_path / "bad.csv"
    path.write_text("text,labels\n" + body, encoding="utf-8")
    with pytest.raises(tc.TrustClassifyError, match=message):
        tc.read_statements(path)


def test_missing_column_is_named(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("body,labels\nhello,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="has no column 'text'; its columns are: body, labels"):
        tc.read_statements(path)


def test_other_column_names_and_separator(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("note\ttags\nhe hit me\tphysical_violence|control_or_intimidation\n", "utf-8")
    data = tc.read_statements(path, text_column="note", labels_column="tags", sep="|")
    assert data.labels == [["physical_violence", "control_or_intimidation"]]
