"""Batch scoring: score_frame, score_file and the ``trustclassify score`` command."""

from __future__ import annotations

import copy
import gzip
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import trustclassify as tc
import trustclassify.batch as batch
from trustclassify.batch import IdentifierWarning, ScoreSummary, result_columns
from trustclassify.cli import main
from trustclassify.errors import (
    DataFileError,
    IdentifierFoundError,
    InputTypeError,
    InvalidInputError,
)
from trustclassify.identifiers import redact_identifiers
from trustclassify.labels import join_labels
from trustclassify.tables import read_table

VIOLENT = "He grabbed my wrist and shoved me into the wall"
LIED = "She lied to me about the money she lost gambling"
CHORES = "We argue about whose turn it is to do the dishes"
PHONE = "07700 900123"
WITH_PHONE = f"call me on {PHONE}, he hit me again last night"
TEXTS = [VIOLENT, LIED, CHORES, "", "he checks my phone and reads my messages", LIED]
SAFETY = [c.id for c in tc.categories() if c.safety_related]


def frame(texts=TEXTS, **columns) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"c{i}" for i in range(len(texts))], "text": texts, **columns})


def quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IdentifierWarning)
        return func(*args, **kwargs)


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


# -- score_frame -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "index",
    [
        None,
        ["f", "e", "d", "c", "b", "a"],
        [5, 5, 3, 3, 1, 1],
        pd.date_range("2024-01-01", periods=6, name="received"),
        pd.MultiIndex.from_product([["x", "y"], [1, 2, 3]]),
        [10, -2, 7, 0, 99, 3],
    ],
    ids=["range", "strings", "duplicates", "dates", "multiindex", "unsorted"],
)
def test_score_frame_keeps_index_every_column_and_the_row_order(model, index):
    df = frame(age=[30, 41, 25, 60, 33, 52])
    if index is not None:
        df.index = index
    out = model.score_frame(df, text_column="text")
    assert out.index.equals(df.index)
    assert list(out.columns) == [*df.columns, *result_columns()]
    pd.testing.assert_frame_equal(out[df.columns], df)
    # row i of the output is row i of the input: its scores are those of its own text
    np.testing.assert_allclose(
        out[[f"p_{c}" for c in tc.CATEGORY_IDS]].to_numpy()[[0, 1, 2, 4, 5]],
        model.predict_proba([TEXTS[i] for i in (0, 1, 2, 4, 5)]),
    )


@pytest.mark.parametrize(
    "as_column",
    [
        lambda t: pd.Series(t, dtype=object),
        lambda t: pd.Series(t),
        lambda t: pd.Series(t, dtype="string"),
        lambda t: pd.Series(t, dtype="category"),
        lambda t: pd.Series(np.array(t, dtype=object)),
    ],
    ids=["object", "default-str", "string-dtype", "category", "ndarray"],
)
def test_score_frame_accepts_every_form_of_text_column(model, as_column):
    df = pd.DataFrame({"text": as_column(TEXTS)})
    out = model.score_frame(df)
    expected = model.score_frame(pd.DataFrame({"text": TEXTS}))
    pd.testing.assert_frame_equal(out.drop(columns="text"), expected.drop(columns="text"))


def test_module_level_score_frame_uses_the_default_model(model):
    df = frame()
    pd.testing.assert_frame_equal(tc.score_frame(df), model.score_frame(df))


def test_a_given_model_is_used(model):
    other = copy.deepcopy(model)
    other.thresholds_ = np.zeros(len(tc.CATEGORY_IDS))  # every category matches every text
    mine = tc.score_frame(frame(), model=other)
    assert mine["categories"][0] == ";".join(tc.CATEGORY_IDS)
    assert tc.score_frame(frame())["categories"][0] != mine["categories"][0]
    assert mine["safety_flag"].tolist() == [True, True, True, False, True, True]


def test_categories_top_category_and_flag_follow_probabilities_and_thresholds(model):
    out = model.score_frame(frame())
    P = model.predict_proba(TEXTS)
    hits = P >= model.thresholds_
    expected = [join_labels(ids) for ids in tc.from_indicator(hits.astype(int))]
    expected[3] = ""  # the empty text
    assert out["categories"].tolist() == expected
    assert out.loc[0, "categories"].split(";")[0] in tc.CATEGORY_IDS
    for _, row in out.iterrows():
        matched = [c for c in row["categories"].split(";") if c]
        if matched:
            assert row["top_category"] == max(matched, key=lambda c: row[f"p_{c}"])
        else:
            assert row["top_category"] == ""
        assert row["safety_flag"] == any(c in SAFETY for c in matched)
    assert bool(out.loc[0, "safety_flag"]) and not bool(out.loc[2, "safety_flag"])
    assert out.loc[0, "top_category"] == "physical_violence"


def test_each_status(model):
    long_text = VIOLENT + " and " + "then we talked for hours " * 5
    df = pd.DataFrame({"text": [VIOLENT, "", "   \n", None, np.nan, pd.NA, 42, 3.5, long_text]},
                      dtype=object)
    out = model.score_frame(df, max_chars=60)
    assert out["status"].tolist() == ["ok", "empty", "empty", "missing", "missing", "missing",
                                      "not_text", "not_text", "too_long"]
    unscored = out["status"].isin(["empty", "missing", "not_text"]).to_numpy()
    p = out[[f"p_{c}" for c in tc.CATEGORY_IDS]].to_numpy()
    assert np.isnan(p[unscored]).all() and not np.isnan(p[~unscored]).any()
    assert (out.loc[unscored, "categories"] == "").all()
    assert not out.loc[unscored, "safety_flag"].any()
    # too_long: scored on the first max_chars characters, the text itself kept whole
    np.testing.assert_allclose(p[8], model.predict_proba([long_text[:60]])[0])
    assert out.loc[8, "text"] == long_text
    assert not np.allclose(p[8], model.predict_proba([long_text])[0])


def test_score_frame_does_not_change_its_input(model):
    df = frame(texts=[WITH_PHONE, LIED])
    before = df.copy()
    model.score_frame(df, on_identifiers="redact")
    pd.testing.assert_frame_equal(df, before)


def test_score_frame_errors_say_what_and_how_to_fix(model):
    with pytest.raises(InputTypeError, match=r"got list; .*pd.DataFrame\(\{'text': texts\}\)"):
        model.score_frame(TEXTS)
    with pytest.raises(InvalidInputError, match=r"no column 'body'; its columns are: id, text"):
        model.score_frame(frame(), text_column="body")
    with pytest.raises(InvalidInputError, match=r"already has column\(s\) 'status'"):
        model.score_frame(frame(status=1))
    with pytest.raises(InvalidInputError, match=r"on_identifiers must be one of .*got 'ignore'"):
        model.score_frame(frame(), on_identifiers="ignore")
    with pytest.raises(InvalidInputError, match=r"max_chars must be an int >= 1, got 0"):
        model.score_frame(frame(), max_chars=0)


def test_score_frame_of_no_rows(model):
    out = model.score_frame(frame().iloc[:0])
    assert len(out) == 0 and list(out.columns) == ["id", "text", *result_columns()]


def test_explain_adds_the_evidence_of_each_match(model):
    out = model.score_frame(frame(), explain=True)
    assert list(out.columns)[-1] == "evidence"
    first = out.loc[0, "evidence"]
    assert first.startswith("physical_violence: ")
    assert any(w in first for w in ("grabbed", "shoved"))
    for _, row in out.iterrows():
        cats = [c for c in row["categories"].split(";") if c]
        assert (row["evidence"] == "") == (not cats)
        assert [part.split(":")[0] for part in row["evidence"].split("; ") if part] == sorted(
            cats, key=lambda c: -row[f"p_{c}"])


# -- identifiers -------------------------------------------------------------------------


def test_identifiers_warn_scores_and_names_the_kinds(model):
    df = frame(texts=[WITH_PHONE, "mail me at jo@example.org, she lied", CHORES])
    with pytest.warns(IdentifierWarning, match=r"2 of 3 texts .*\(email: 1, phone: 1\)"):
        out = model.score_frame(df)
    assert out["identifiers"].tolist() == ["phone", "email", ""]
    assert out["text"].tolist() == df["text"].tolist()
    np.testing.assert_allclose(out.loc[0, "p_physical_violence"],
                               model.predict_proba([WITH_PHONE])[0, 3])


def test_identifiers_redact_scores_and_outputs_the_redacted_text(model):
    df = frame(texts=[WITH_PHONE, CHORES])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = model.score_frame(df, on_identifiers="redact")
    redacted = redact_identifiers(WITH_PHONE)
    assert out.loc[0, "text"] == redacted and "[PHONE]" in redacted and PHONE not in redacted
    assert out.loc[1, "text"] == CHORES
    np.testing.assert_allclose(out.loc[0, [f"p_{c}" for c in tc.CATEGORY_IDS]].to_numpy(float),
                               model.predict_proba([redacted])[0])
    assert out.loc[0, "identifiers"] == "phone"


def test_identifiers_redact_also_redacts_the_evidence_source(model):
    out = model.score_frame(frame(texts=["he hit me, email me at jo@example.org"]),
                            on_identifiers="redact", explain=True)
    assert "jo@example.org" not in out.to_csv() and "example" not in out.loc[0, "evidence"]


def test_identifiers_fail_raises_without_showing_the_identifier(model):
    df = frame(texts=[CHORES, WITH_PHONE], index=None)
    df.index = ["first", "second"]
    expected = r"1 text\(s\) .*\(phone: 1\) at index 'second'"
    with pytest.raises(IdentifierFoundError, match=expected) as info:
        model.score_frame(df, on_identifiers="fail")
    assert PHONE not in str(info.value)
    assert "on_identifiers='redact'" in str(info.value)


def test_texts_utf8_cannot_hold_still_get_checked(model):
    texts = pd.Series(["\ud800 call 07700 900123 he hit me", "\udfff fine"], dtype=object)
    out = quiet(model.score_frame, pd.DataFrame({"text": texts}), explain=True)
    assert out["identifiers"].tolist() == ["phone", ""]
    assert out["status"].tolist() == ["ok", "ok"]
    redacted = model.score_frame(pd.DataFrame({"text": texts}), on_identifiers="redact")
    assert redacted["text"].tolist() == ["\ud800 call [PHONE] he hit me", "\udfff fine"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=60), min_size=1, max_size=5))
def test_arbitrary_unicode_never_crashes_and_keeps_every_row(model, texts):
    out = quiet(model.score_frame, pd.DataFrame({"text": texts}))
    assert len(out) == len(texts)
    assert set(out["status"]) <= {"ok", "empty"}
    p = out[[f"p_{c}" for c in tc.CATEGORY_IDS]].to_numpy()
    scored = (out["status"] == "ok").to_numpy()
    assert ((p[scored] >= 0) & (p[scored] <= 1)).all() and np.isnan(p[~scored]).all()


# -- score_file --------------------------------------------------------------------------

FORMATS = {"csv": ".csv", "tsv": ".tsv", "parquet": ".parquet", "jsonl": ".jsonl"}


def write(df: pd.DataFrame, path) -> None:
    suffix = str(path).rsplit(".", 1)[-1]
    if suffix == "parquet":
        df.to_parquet(path, index=False)
    elif suffix == "jsonl":
        df.to_json(path, orient="records", lines=True)
    else:
        df.to_csv(path, sep="\t" if suffix == "tsv" else ",", index=False)


@pytest.mark.parametrize("src_fmt", FORMATS)
@pytest.mark.parametrize("dst_fmt", FORMATS)
def test_every_format_round_trips(model, tmp_path, src_fmt, dst_fmt):
    src = tmp_path / f"in{FORMATS[src_fmt]}"
    dst = tmp_path / f"out{FORMATS[dst_fmt]}"
    write(frame(), src)
    summary = tc.score_file(src, dst, text_column="text", chunk_rows=4)
    got = read_table(dst)
    expected = model.score_frame(read_table(src))
    assert got["id"].astype(str).tolist() == [f"c{i}" for i in range(len(TEXTS))]
    assert list(got.columns) == list(expected.columns)
    assert got["text"].fillna("").tolist() == TEXTS
    for col in ("categories", "top_category", "status", "identifiers"):
        assert got[col].fillna("").astype(str).tolist() == expected[col].tolist(), col
    assert got["safety_flag"].astype(str).tolist() == expected["safety_flag"].astype(str).tolist()
    p = got[[f"p_{c}" for c in tc.CATEGORY_IDS]].replace("", np.nan).astype(float).to_numpy()
    # JSON Lines keeps 15 decimal places (pandas' limit); the other formats keep every digit
    np.testing.assert_allclose(p, expected[[f"p_{c}" for c in tc.CATEGORY_IDS]].to_numpy(),
                               rtol=0, atol=1e-15 if dst_fmt == "jsonl" else 0)
    assert summary.rows_read == len(TEXTS) and summary.statuses == {"ok": 5, "empty": 1}


def test_summary_counts_agree_with_the_output(model, tmp_path):
    src, dst = tmp_path / "in.csv", tmp_path / "out.parquet"
    write(frame(texts=TEXTS * 3 + ["x" * 50]), src)
    summary = tc.score_file(src, dst, chunk_rows=5, max_chars=40)
    out = pd.read_parquet(dst)
    assert summary.rows_read == len(out) == 19
    assert summary.statuses == out["status"].value_counts().to_dict()
    assert summary.rows_scored == 16 and summary.not_scored == {"empty": 3}
    for cid, count in summary.matches.items():
        assert count == sum(cid in cats.split(";") for cats in out["categories"])
    assert summary.safety_flags == out["safety_flag"].sum() > 0
    text = str(summary)
    assert "rows read" in text and "too_long" in text and "empty: 3" in text
    assert len(text.splitlines()) <= 24


def test_chunk_size_changes_nothing(tmp_path):
    src = tmp_path / "in.csv"
    write(frame(texts=TEXTS * 4), src)
    tc.score_file(src, tmp_path / "a.csv", chunk_rows=1)
    tc.score_file(src, tmp_path / "b.csv", chunk_rows=7)
    tc.score_file(src, tmp_path / "c.csv", chunk_rows=10_000)
    a = (tmp_path / "a.csv").read_bytes()
    assert a == (tmp_path / "b.csv").read_bytes() == (tmp_path / "c.csv").read_bytes()
    assert a.count(b"\n") == 1 + len(TEXTS) * 4


def test_two_jobs_give_the_same_file_as_one(tmp_path):
    src = tmp_path / "in.csv"
    write(frame(texts=[f"{t} ({i})" for i, t in enumerate(TEXTS * 5)]), src)
    one = tc.score_file(src, tmp_path / "one.csv", chunk_rows=3, n_jobs=1)
    two = tc.score_file(src, tmp_path / "two.csv", chunk_rows=3, n_jobs=2)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    assert one.matches == two.matches and one.statuses == two.statuses


def test_missing_values_in_files(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "he hit me"}\n{"id": 2, "text": null}\n'
                   '{"id": 3, "text": 17}\n{"id": 4}\n{"id": 5, "text": ""}\n')
    tc.score_file(src, tmp_path / "out.csv")
    out = read_table(tmp_path / "out.csv")
    assert out["status"].tolist() == ["ok", "missing", "not_text", "missing", "empty"]
    assert out["id"].tolist() == ["1", "2", "3", "4", "5"]


def test_id_column_copies_only_the_id_and_the_scores(tmp_path):
    src = tmp_path / "in.csv"
    write(frame(), src)
    tc.score_file(src, tmp_path / "out.csv", id_column="id")
    out = read_table(tmp_path / "out.csv")
    assert list(out.columns) == ["id", *result_columns()]
    assert out["id"].tolist() == [f"c{i}" for i in range(len(TEXTS))]
    assert LIED not in (tmp_path / "out.csv").read_text()


def test_header_only_file_gives_header_only_output(tmp_path):
    (tmp_path / "in.csv").write_text("id,text\n")
    summary = tc.score_file(tmp_path / "in.csv", tmp_path / "out.csv")
    assert summary.rows_read == 0
    assert (tmp_path / "out.csv").read_text().strip() == ",".join(["id", "text", *result_columns()])


def test_compressed_output(tmp_path):
    write(frame(), tmp_path / "in.csv")
    tc.score_file(tmp_path / "in.csv", tmp_path / "out.csv.gz")
    with gzip.open(tmp_path / "out.csv.gz", "rt") as f:
        assert f.readline().startswith("id,text,categories")
    assert len(read_table(tmp_path / "out.csv.gz")) == len(TEXTS)


def test_identifiers_fail_leaves_no_output_even_after_good_chunks(tmp_path):
    src = tmp_path / "in.csv"
    write(frame(texts=[CHORES] * 10 + [WITH_PHONE]), src)
    with pytest.raises(IdentifierFoundError, match=r"at data row\(s\) 11; nothing was written"):
        tc.score_file(src, tmp_path / "out.csv", on_identifiers="fail", chunk_rows=3)
    assert list(tmp_path.iterdir()) == [src]


def test_identifiers_redact_in_files(tmp_path):
    src = tmp_path / "in.csv"
    write(frame(texts=[WITH_PHONE, "mail jo@example.org", CHORES]), src)
    summary = tc.score_file(src, tmp_path / "out.csv", on_identifiers="redact")
    written = (tmp_path / "out.csv").read_text()
    assert PHONE not in written and "jo@example.org" not in written
    assert "[PHONE]" in written and "[EMAIL]" in written
    assert summary.rows_with_identifiers == 2
    assert summary.identifier_kinds == {"email": 1, "phone": 1}
    assert "replaced with tags" in summary.identifier_notice()


def test_identifiers_warn_in_files(tmp_path):
    src = tmp_path / "in.csv"
    write(frame(texts=[WITH_PHONE, CHORES]), src)
    with pytest.warns(IdentifierWarning, match="1 of 2 texts"):
        summary = tc.score_file(src, tmp_path / "out.csv")
    assert PHONE in (tmp_path / "out.csv").read_text()
    assert read_table(tmp_path / "out.csv")["identifiers"].tolist() == ["phone", ""]
    assert "1 rows hold what look like direct identifiers (phone: 1)" in str(summary)


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path, capsys):
    write(frame(), tmp_path / "in.csv")
    tc.score_file(tmp_path / "in.csv", tmp_path / "a.csv")  # stderr is not a terminal here
    assert capsys.readouterr().err == ""
    tc.score_file(tmp_path / "in.csv", tmp_path / "b.csv", progress=True)
    assert "scoring: " in capsys.readouterr().err


# -- atomic writing ----------------------------------------------------------------------


def _interrupt_on_second_chunk(monkeypatch):
    real = batch._score_chunk
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "_score_chunk", flaky)
    return calls


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_interrupted_run_leaves_no_output(tmp_path, monkeypatch, fmt):
    src, dst = tmp_path / "in.csv", tmp_path / f"out{FORMATS[fmt]}"
    write(frame(), src)
    calls = _interrupt_on_second_chunk(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        tc.score_file(src, dst, chunk_rows=2)
    assert len(calls) == 2  # the first chunk was written to the temporary file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_an_interrupted_forced_run_keeps_the_old_output(tmp_path, monkeypatch):
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    write(frame(), src)
    dst.write_text("precious\n")
    _interrupt_on_second_chunk(monkeypatch)
    result = run("score", src, "-o", dst, "--force", "--chunk-rows", 2)
    assert result.exit_code == 130 and "Interrupted" in result.stderr
    assert dst.read_text() == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_a_broken_row_late_in_the_file_leaves_no_output(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,text\n" + "".join(f"{i},we argue\n" for i in range(20)) + '21,"unclosed\n')
    result = run("score", src, "-o", tmp_path / "out.csv", "--chunk-rows", 5)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: cannot read") and "Traceback" not in result.output
    assert not (tmp_path / "out.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_existing_output_needs_force(tmp_path):
    write(frame(), tmp_path / "in.csv")
    (tmp_path / "out.csv").write_text("old\n")
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv")
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert (tmp_path / "out.csv").read_text() == "old\n"
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv", "--force")
    assert result.exit_code == 0, result.output
    assert len(read_table(tmp_path / "out.csv")) == len(TEXTS)
    with pytest.raises(DataFileError, match="already exists"):
        tc.score_file(tmp_path / "in.csv", tmp_path / "out.csv")


def test_new_output_is_private_and_a_replaced_one_keeps_its_mode(tmp_path):
    write(frame(), tmp_path / "in.csv")
    tc.score_file(tmp_path / "in.csv", tmp_path / "new.csv")
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o600
    (tmp_path / "old.csv").write_text("old\n")
    (tmp_path / "old.csv").chmod(0o640)
    tc.score_file(tmp_path / "in.csv", tmp_path / "old.csv", force=True)
    assert (tmp_path / "old.csv").stat().st_mode & 0o777 == 0o640
    assert len(read_table(tmp_path / "old.csv")) == len(TEXTS)


# -- the command -------------------------------------------------------------------------


def test_cli_scores_a_file_and_prints_the_summary(tmp_path):
    write(frame(), tmp_path / "in.tsv")
    result = run("score", tmp_path / "in.tsv", "-o", tmp_path / "out.parquet", "--jobs", 1)
    assert result.exit_code == 0, result.output
    out = pd.read_parquet(tmp_path / "out.parquet")
    assert out["status"].tolist() == ["ok", "ok", "ok", "empty", "ok", "ok"]
    assert re.search(r"rows read +6\n", result.stdout)
    assert re.search(r"not scored +1  \(empty: 1\)\n", result.stdout)
    assert "physical_violence" in result.stdout and "screened negative" in result.stdout


def test_cli_reads_stdin_and_writes_stdout(model):
    source = frame().to_csv(index=False)
    result = run("score", "-", "-o", "-", "--id-column", "id", input=source)
    assert result.exit_code == 0, result.output
    out = pd.read_csv(pd.io.common.StringIO(result.stdout), dtype=str, keep_default_na=False)
    assert out["id"].tolist() == [f"c{i}" for i in range(len(TEXTS))]
    assert out["categories"].tolist() == model.score_frame(frame())["categories"].tolist()
    assert "rows read" in result.stderr and "rows read" not in result.stdout
    assert result.stderr.startswith("Scored stdin -> stdout in ")


def test_cli_quiet_prints_nothing_but_identifier_warnings(tmp_path):
    write(frame(texts=[WITH_PHONE]), tmp_path / "in.csv")
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv", "-q")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.startswith("warning: 1 rows hold what look like direct identifiers")


def test_cli_identifiers_fail_exits_2_with_no_output(tmp_path):
    write(frame(texts=[CHORES, WITH_PHONE]), tmp_path / "in.csv")
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv",
                 "--on-identifiers", "fail")
    assert result.exit_code == 2
    assert "data row(s) 2" in result.stderr and PHONE not in result.output
    assert not (tmp_path / "out.csv").exists()


def test_cli_explain_and_max_chars(tmp_path):
    write(frame(texts=[VIOLENT, "x" * 100]), tmp_path / "in.csv")
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / "out.jsonl", "--explain",
                 "--max-chars", 50)
    assert result.exit_code == 0, result.output
    out = read_table(tmp_path / "out.jsonl")
    assert out["evidence"][0].startswith("physical_violence:")
    assert out["status"].tolist() == ["ok", "too_long"]


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ["nope.csv", "-o", "out.csv"], "Error: no such file: 'nope.csv'"),
        ("in.csv", ["in.csv", "-o", "out.xlsx"], "Error: unknown table format for 'out.xlsx'"),
        ("in.txt", ["in.txt", "-o", "out.csv"], "Error: unknown table format for 'in.txt'"),
        ("in.csv", ["in.csv", "-o", "out.csv", "--text-column", "body"],
         "Error: 'in.csv' has no column 'body'; its columns are: id, text"),
        ("in.csv", ["in.csv", "-o", "out.csv", "--id-column", "client"],
         "Error: 'in.csv' has no column 'client' (the id column)"),
        ("bad.parquet", ["bad.parquet", "-o", "out.csv"],
         "Error: cannot read 'bad.parquet' as parquet"),
        ("empty.csv", ["empty.csv", "-o", "out.csv"], "Error: 'empty.csv' is empty"),
        ("in.csv", ["in.csv", "-o", "no/such/dir/out.csv"], "folder 'no/such/dir' does not exist"),
    ],
    ids=["missing", "unknown-out", "unknown-in", "no-text-column", "no-id-column", "unreadable",
         "empty", "no-folder"],
)
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path, monkeypatch, setup, args, message):
    monkeypatch.chdir(tmp_path)
    if setup == "bad.parquet":
        (tmp_path / setup).write_bytes(b"this is not parquet")
    elif setup == "empty.csv":
        (tmp_path / setup).write_text("")
    elif setup:
        write(frame(), tmp_path / "in.csv")
        if setup != "in.csv":
            (tmp_path / setup).write_text("x")
    result = run("score", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "out.csv").exists()


def test_cli_jobs_and_scheduler_together_is_a_usage_error(tmp_path):
    write(frame(), tmp_path / "in.csv")
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / "o.csv", "-j", 2,
                 "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2 and "--jobs or --scheduler" in result.output
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / "o.csv", "-j", 0)
    assert result.exit_code == 2 and "--jobs must be" in result.output
    assert not (tmp_path / "o.csv").exists()


def test_summary_is_a_plain_object():
    s = ScoreSummary("a.csv", "b.csv", 3, {"ok": 2, "missing": 1},
                     dict.fromkeys(tc.CATEGORY_IDS, 0), 0, 0, {}, "warn", 1.0)
    assert s.rows_scored == 2 and s.not_scored == {"missing": 1} and s.identifier_notice() == ""
