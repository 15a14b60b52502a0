"""Scoring with Dask: score_dask on a two-process LocalCluster, and score_file --scheduler."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import trustclassify as tc
from trustclassify.cli import main
from trustclassify.distributed import DaskNotInstalledError
from trustclassify.errors import IdentifierFoundError, InputTypeError, InvalidInputError

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

TEXTS = [
    "He grabbed my wrist and shoved me into the wall",
    "She lied to me about the money she lost gambling",
    "",
    "we argue about whose turn it is to do the dishes",
    "he checks my phone and reads my messages",
    "my partner promised to stop drinking and did not",
    "call me on 07700 900123, he hit me again",
]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as c:
            yield c


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    texts = TEXTS * 6 + [None]
    return pd.DataFrame(
        {"client": [f"k{i:03d}" for i in range(len(texts))], "text": texts,
         "age": np.arange(len(texts)) + 20},
        index=pd.Index(np.arange(len(texts))[::-1] * 10, name="row"),
    )


def test_score_dask_on_two_worker_processes_equals_score_frame(client, model, df):
    assert len(client.nthreads()) == 2
    ddf = dd.from_pandas(df, npartitions=4, sort=False)
    with pytest.warns(tc.batch.IdentifierWarning):
        expected = tc.score_frame(df, text_column="text", model=model)
    with distributed.get_task_stream(client) as tasks:
        got = tc.score_dask(ddf, text_column="text", model=model).compute()
    assert {t["worker"] for t in tasks.data} <= set(client.nthreads()) and tasks.data
    # Dask stores the input's text columns as its own string dtype; values are the same.
    new = tc.batch.result_columns()
    pd.testing.assert_frame_equal(got[new], expected[new])
    pd.testing.assert_frame_equal(got[df.columns], expected[df.columns], check_dtype=False)
    assert got.index.equals(df.index) and list(got.columns) == list(expected.columns)


def test_the_model_enters_the_graph_once(model, df):
    ddf = dd.from_pandas(df, npartitions=5, sort=False)
    scored = tc.score_dask(ddf, model=model)
    graph = dict(scored.__dask_graph__())
    model_keys = [k for k in graph if "trustclassify-model" in str(k)]
    assert len(model_keys) == 1
    assert sum(v is model for v in graph.values()) <= 1
    assert scored.npartitions == 5


def test_score_dask_options_reach_the_workers(client, model, df):
    ddf = dd.from_pandas(df, npartitions=3, sort=False)
    redacted = tc.score_dask(ddf, model=model, on_identifiers="redact", max_chars=30).compute()
    assert "[PHONE]" in redacted["text"].iloc[6] and "07700" not in redacted["text"].iloc[6]
    assert (redacted["status"] == "too_long").sum() > 0
    with pytest.raises(IdentifierFoundError, match="direct identifiers"):
        tc.score_dask(ddf, model=model, on_identifiers="fail").compute()


def test_score_file_with_a_scheduler_equals_local_scoring(client, model, df, tmp_path):
    src = tmp_path / "in.csv"
    df.to_csv(src, index=False)
    local = tc.score_file(src, tmp_path / "local.csv", model=model, chunk_rows=5,
                          on_identifiers="redact")
    remote = tc.score_file(src, tmp_path / "remote.csv", model=model, chunk_rows=5,
                           on_identifiers="redact", scheduler=client.scheduler.address)
    assert (tmp_path / "local.csv").read_bytes() == (tmp_path / "remote.csv").read_bytes()
    assert local.matches == remote.matches and local.statuses == remote.statuses


def test_cli_scheduler_option(client, df, tmp_path):
    src = tmp_path / "in.parquet"
    df.reset_index().to_parquet(src)
    result = CliRunner().invoke(main, ["score", str(src), "-o", str(tmp_path / "out.jsonl"),
                                       "--scheduler", client.scheduler.address, "--id-column",
                                       "client"])
    assert result.exit_code == 0, result.output
    out = pd.read_json(tmp_path / "out.jsonl", lines=True, dtype=False)
    assert out["client"].tolist() == df["client"].tolist()
    assert "rows read" in result.stdout


def test_score_dask_errors(model, df):
    with pytest.raises(InputTypeError, match="dask DataFrame, got DataFrame; .*from_pandas"):
        tc.score_dask(df, model=model)
    with pytest.raises(InvalidInputError, match="no column 'body'"):
        tc.score_dask(dd.from_pandas(df, npartitions=2), text_column="body", model=model)


def test_missing_dask_gives_a_clear_error(monkeypatch, model, df):
    monkeypatch.setitem(sys.modules, "dask", None)
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(DaskNotInstalledError, match=r"pip install 'trustclassify\[dask\]'"):
        tc.score_dask(df, model=model)
    with pytest.raises(ImportError):  # also an ImportError, for code that expects one
        tc.score_dask(df, model=model)
