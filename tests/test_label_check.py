"""Checking labels: planted mistakes are found near the top; the function and CLI; bad input."""

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import trustclassify as tc
from trustclassify.cli import main
from trustclassify.label_check import (
    COLUMNS,
    describe_issue,
    find_label_issues,
    flatten_issues,
    format_label_issues,
)

NEAR_THE_TOP = 15  # of some 430 texts, of which the check flags about a fifth


@pytest.fixture(scope="module")
def planted(statements, model):
    """Every 8th statement, with two labels spoilt: a dropped label and a swapped one.

    The spoilt rows are the single-label texts the shipped model is surest about, so a
    careful labeller would not have hesitated over them either.
    """
    texts = statements.texts[::8]
    labels = [list(ls) for ls in statements.labels[::8]]
    P = model.predict_proba(texts)

    def surest(cid):
        j = tc.CATEGORY_IDS.index(cid)
        return max((i for i, ls in enumerate(labels) if ls == [cid]), key=lambda i: P[i, j])

    dropped, swapped = surest("physical_violence"), surest("took_emotions_out")
    labels[dropped] = []
    labels[swapped] = ["affairs"]
    issues = find_label_issues(texts, labels, cv=3)
    return texts, labels, issues, dropped + 1, swapped + 1


def test_a_dropped_label_is_found_near_the_top_as_missing(planted):
    _, _, issues, dropped, _ = planted
    top = issues.head(NEAR_THE_TOP).set_index("row")
    assert dropped in top.index, f"row {dropped} not among {list(top.index)}"
    assert top.loc[dropped, "given"] == []
    assert "physical_violence" in top.loc[dropped, "suspected_missing"]
    assert top.loc[dropped, "suspected_missing"]["physical_violence"] > 0.5


def test_a_swapped_label_is_found_near_the_top_as_wrong_and_missing(planted):
    _, _, issues, _, swapped = planted
    top = issues.head(NEAR_THE_TOP).set_index("row")
    assert swapped in top.index, f"row {swapped} not among {list(top.index)}"
    assert top.loc[swapped, "given"] == ["affairs"]
    assert "affairs" in top.loc[swapped, "suspected_wrong"]
    assert top.loc[swapped, "suspected_wrong"]["affairs"] < 0.5
    assert "took_emotions_out" in top.loc[swapped, "suspected_missing"]


def test_issues_are_ranked_with_one_based_rows_and_the_given_labels(planted):
    texts, labels, issues, _, _ = planted
    assert list(issues.columns) == COLUMNS
    assert len(issues) < len(texts) / 3, "flags most of the data: the check says nothing"
    assert issues["quality"].is_monotonic_increasing
    assert issues["row"].is_unique and issues["row"].between(1, len(texts)).all()
    for _, issue in issues.iterrows():
        assert issue["text"] == texts[issue["row"] - 1]
        assert issue["given"] == labels[issue["row"] - 1]
        assert issue["suspected_missing"] or issue["suspected_wrong"]
        assert not set(issue["suspected_missing"]) & set(issue["given"])
        assert set(issue["suspected_wrong"]) <= set(issue["given"])


# -- with probabilities given: exact, fast ---------------------------------------------------


@pytest.fixture
def twenty():
    texts = [f"statement {i}" for i in range(20)]
    labels = [["affairs"]] * 10 + [[]] * 10
    P = np.full((20, 14), 0.02)
    P[:10, 0] = 0.9
    P[9, 0] = 0.03  # row 10: "affairs" given, the model disagrees
    P[19, 0] = 0.96  # row 20: no label, the model is sure of affairs
    return texts, labels, P


def test_given_probabilities_name_rows_and_suspected_labels(twenty):
    issues = find_label_issues(*twenty[:2], pred_probs=twenty[2])
    assert issues["row"].tolist() == [20, 10]
    assert issues["suspected_missing"].tolist() == [{"affairs": 0.96}, {}]
    assert issues["suspected_wrong"].tolist() == [{}, {"affairs": 0.03}]
    assert issues["given"].tolist() == [[], ["affairs"]]
    assert issues["quality"].is_monotonic_increasing


def test_top_keeps_the_head_of_the_ranking(twenty):
    every = find_label_issues(*twenty[:2], pred_probs=twenty[2])
    first = find_label_issues(*twenty[:2], pred_probs=twenty[2], top=2)
    pd.testing.assert_frame_equal(first, every.head(2))


def test_clean_labels_give_an_empty_frame_with_the_columns():
    texts = [f"statement {i}" for i in range(20)]
    labels = [["affairs"]] * 10 + [[]] * 10
    P = np.full((20, 14), 0.02)
    P[:10, 0] = 0.9
    issues = find_label_issues(texts, labels, pred_probs=P)
    assert issues.empty and list(issues.columns) == COLUMNS


@pytest.mark.parametrize("as_labels", [lambda ls: ls, tc.to_indicator], ids=["lists", "matrix"])
def test_labels_as_lists_or_matrix(twenty, as_labels):
    texts, labels, P = twenty
    issues = find_label_issues(pd.Series(texts), as_labels(labels), pred_probs=P)
    assert issues["row"].tolist() == [20, 10]


def test_describe_format_and_flatten(twenty):
    issues = find_label_issues(*twenty[:2], pred_probs=twenty[2])
    assert describe_issue(issues.iloc[0]) == "missing: affairs (p=0.96)"
    assert describe_issue(issues.iloc[1]) == "doubtful: affairs (p=0.03)"
    text = format_label_issues(issues)
    assert text.startswith("row 20 (quality ") and "given: (none)" in text
    assert "row 10 (quality " in text and "text:  statement 9" in text
    flat = flatten_issues(issues)
    assert flat.loc[0, "suspected_missing"] == "affairs" and flat.loc[1, "given"] == "affairs"
    assert flat.loc[1, "issue"] == "doubtful: affairs (p=0.03)"


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"texts": "he hit me"}, TypeError, "wrap it in a list"),
        ({"texts": ["a", None]}, TypeError, "item 1 is NoneType"),
        ({"texts": ["a", " "]}, ValueError, "text 1 is empty"),
        ({"labels": [["cheating"], []]}, ValueError, "unknown label id 'cheating'"),
        ({"labels": [["affairs"]]}, ValueError, "2 texts but 1 label rows"),
        ({"top": 0}, ValueError, r"top must be at least 1 \(or None for every row\), got 0"),
        ({"top": "5"}, TypeError, "top must be an int or None, got str '5'"),
        ({"pred_probs": np.zeros((2, 3))}, ValueError, r"shape \(2, 14\).*got \(2, 3\)"),
        ({"pred_probs": np.full((2, 14), 2.0)}, ValueError, r"probabilities in \[0, 1\]"),
        ({"cv": 1}, ValueError, "cv must be at least 2 folds, got 1"),
        ({"cv": 5}, ValueError, "too few texts to cross-validate with cv=5: got 2, need at least"),
        ({"estimator": "BreachClassifier"}, TypeError, "estimator must be a BreachClassifier"),
    ],
)
def test_bad_input_is_named(kwargs, error, message):
    args = {"texts": ["he hit me", "she lied"], "labels": [["physical_violence"], []], **kwargs}
    with pytest.raises(error, match=message) as info:
        find_label_issues(**args)
    assert isinstance(info.value, tc.TrustClassifyError)


# -- the command ----------------------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(main, ["check-labels", *map(str, args)])


@pytest.fixture(scope="module")
def labelled_csv(statements, tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "mine.csv"
    pd.DataFrame(
        {"text": statements.texts[::25], "labels": [";".join(ls) for ls in statements.labels[::25]]}
    ).to_csv(path, index=False)
    return path


@pytest.fixture
def fixed_probabilities(monkeypatch, statements):
    """Make the command fast and exact: the model 'finds' affairs in the first three rows."""

    def fake(texts, labels, **kwargs):
        Y = tc.to_indicator(labels) if not isinstance(labels, np.ndarray) else labels
        P = np.where(Y == 1, 0.9, 0.02).astype(float)
        P[:3, 0] = np.where(Y[:3, 0] == 1, 0.01, 0.99)
        return P

    monkeypatch.setattr("trustclassify.label_check.out_of_fold_proba", fake)


def test_command_cross_validates_and_lists_rows(labelled_csv):
    result = run(labelled_csv, "--cv", 2, "--top", 3)
    assert result.exit_code == 0, result.output
    assert "cross-validating" in result.output and "in 2 folds" in result.output
    assert "rows look mislabelled" in result.output
    assert result.output.count("\nrow ") <= 3


def test_command_json_gives_one_object_per_row(labelled_csv, fixed_probabilities):
    result = CliRunner().invoke(main, ["check-labels", str(labelled_csv), "--json", "--top", "0"])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert {o["row"] for o in objects} >= {1, 2, 3}
    assert all(set(o) == set(COLUMNS) for o in objects)
    first = next(o for o in objects if o["row"] == 1)
    assert "affairs" in first["suspected_missing"] or "affairs" in first["suspected_wrong"]


def test_command_csv_and_top(labelled_csv, fixed_probabilities):
    import io

    result = CliRunner().invoke(main, ["check-labels", str(labelled_csv), "--csv", "--top", "2"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert len(table) == 2
    assert list(table.columns[:3]) == ["row", "quality", "issue"]
    assert table["issue"].str.contains(r"affairs \(p=0\.\d\d\)").all()


def test_command_errors_are_one_line(tmp_path, labelled_csv):
    bad = tmp_path / "bad.csv"
    bad.write_text("text,labels\nhe hit me,physical_violence\nshe lied,cheating\n")
    result = run(bad)
    assert result.exit_code == 2 and "row 2: unknown label id(s) 'cheating'" in result.output
    assert "Traceback" not in result.output
    result = run(labelled_csv, "--text-column", "body")
    assert result.exit_code == 2 and "has no column 'body'" in result.output
    result = run(labelled_csv, "--json", "--csv")
    assert result.exit_code == 2 and "choose one of --json and --csv" in result.output
    result = run(labelled_csv, "--top", -1)
    assert result.exit_code == 2
    tiny = tmp_path / "tiny.csv"
    tiny.write_text("text,labels\nhe hit me,physical_violence\nshe lied,affairs\n")
    result = run(tiny)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "Error: too few texts to cross-validate with cv=5: got 2, need at least 10"
    )


def test_command_says_so_when_no_row_looks_wrong(labelled_csv, monkeypatch):
    def agreeing(texts, labels, **kwargs):
        return np.where(np.asarray(labels) == 1, 0.9, 0.02)

    monkeypatch.setattr("trustclassify.label_check.out_of_fold_proba", agreeing)
    result = run(labelled_csv)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("rows looks mislabelled")
    assert result.stdout.startswith("none of the ")
