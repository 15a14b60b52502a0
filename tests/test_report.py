"""The evaluation report: figures written and valid, report.md embeds them, clear errors."""

import re
import sys

import numpy as np
import pytest
from click.testing import CliRunner

import trustclassify as tc
from trustclassify.cli import main
from trustclassify.report import FIGURES, MissingExtraError, confusion_matrix, write_report

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def sample(holdout) -> tc.LabelledTexts:
    return tc.LabelledTexts(holdout.texts[:150], holdout.labels[:150])


@pytest.fixture(scope="module")
def written(small_model, sample, tmp_path_factory):
    folder = tmp_path_factory.mktemp("r") / "new"
    return write_report(small_model, sample.texts, sample.labels, folder)


def test_writes_report_md_and_three_figures_and_returns_its_path(written):
    assert written.name == "report.md" and written.is_file()
    assert sorted(p.name for p in written.parent.iterdir()) == sorted(
        ["report.md", *FIGURES.values()]
    )


@pytest.mark.parametrize("name", FIGURES.values())
def test_figures_are_real_pngs_of_a_readable_size(written, name):
    import matplotlib.image

    path = written.parent / name
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    pixels = matplotlib.image.imread(path)
    height, width = pixels.shape[:2]
    assert 500 <= width <= 2000 and 400 <= height <= 2000
    assert pixels[..., :3].std() > 0.05, "a blank figure"


def test_report_md_embeds_every_figure_by_relative_path(written):
    md = written.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", md)
    assert sorted(links) == sorted(FIGURES.values())
    for link in links:
        assert (written.parent / link).is_file()


def test_report_md_holds_the_score_table_and_the_thresholds(written, small_model, sample):
    md = written.read_text(encoding="utf-8")
    table = tc.evaluate(small_model, sample.texts, sample.labels)
    for cid in tc.CATEGORY_IDS:
        row = table.loc[cid]
        assert (
            f"| {cid} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} | "
            f"{int(row['support'])} |" in md
        )
        threshold = small_model.thresholds_[tc.CATEGORY_IDS.index(cid)]
        assert re.search(rf"\| {cid} \| {threshold:.3f} \| (\d\.\d{{3}}|n/a[^|]*) \|", md)
    assert f"{len(sample)} labelled texts" in md
    assert "trained on" in md and "optimistic" not in md


def test_training_texts_are_called_optimistic(small_model, small_training, tmp_path):
    texts, labels = small_training.texts, small_training.labels
    md = write_report(small_model, texts, labels, tmp_path).read_text(encoding="utf-8")
    assert "texts the model was trained on" in md and "optimistic" in md


def test_labels_as_lists_or_indicator_matrix_give_the_same_report(small_model, sample, tmp_path):
    a = write_report(small_model, sample.texts, sample.labels, tmp_path / "a")
    b = write_report(small_model, sample.texts, sample.y, tmp_path / "b")
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")


def test_a_category_without_labelled_text_still_gets_a_panel(small_model, tmp_path):
    texts = ["he shoved me into the door", "she gambled away our savings", "we argue"]
    labels = [["physical_violence"], ["financial_mistakes"], []]
    md = write_report(small_model, texts, labels, tmp_path).read_text(encoding="utf-8")
    assert "| affairs | " in md and "n/a (no labelled text)" in md


def test_confusion_matrix_diagonal_is_recall_and_off_diagonal_only_wrong_predictions():
    true = tc.to_indicator([["affairs", "poor_repair"], ["affairs"], ["affairs"], []])
    pred = tc.to_indicator([["affairs", "poor_repair"], ["poor_repair"], [], ["affairs"]])
    m = confusion_matrix(true, pred)
    assert m.shape == (15, 15)
    assert m.loc["affairs", "affairs"] == pytest.approx(1 / 3)
    # the first text is labelled poor_repair, so predicting it there is no mix-up
    assert m.loc["affairs", "poor_repair"] == pytest.approx(1 / 3)
    assert m.loc["affairs", "(nothing)"] == pytest.approx(1 / 3)
    assert m.loc["poor_repair", "affairs"] == 0
    assert m.loc["(no label)", "affairs"] == 1
    assert np.isnan(m.loc["physical_violence"]).all()
    assert m.attrs["counts"].loc["affairs", "affairs"] == 1
    assert m.attrs["support"]["affairs"] == 3


def test_confusion_diagonal_matches_the_recall_of_the_score_table(small_model, sample):
    pred = small_model.predict(sample.texts)
    m = confusion_matrix(sample.y, pred)
    table = tc.evaluate(small_model, sample.texts, sample.labels)
    for cid in tc.CATEGORY_IDS:
        if table.loc[cid, "support"]:
            assert m.loc[cid, cid] == pytest.approx(table.loc[cid, "recall"])


def test_the_callers_matplotlib_backend_is_left_alone(small_model, sample, tmp_path):
    import matplotlib

    before = matplotlib.get_backend()
    write_report(small_model, sample.texts[:20], sample.labels[:20], tmp_path)
    assert matplotlib.get_backend() == before


def test_missing_matplotlib_is_a_clear_error_naming_the_extra(
    small_model, sample, tmp_path, monkeypatch
):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    with pytest.raises(MissingExtraError, match=r'pip install "trustclassify\[report\]"') as info:
        write_report(small_model, sample.texts, sample.labels, tmp_path / "out")
    assert isinstance(info.value, ImportError) and isinstance(info.value, tc.TrustClassifyError)
    assert not (tmp_path / "out").exists()


def test_bad_labels_are_refused_before_anything_is_written(small_model, tmp_path):
    with pytest.raises(tc.TrustClassifyError, match="different lengths: 2 texts but 1 label"):
        write_report(small_model, ["a", "b"], [["affairs"]], tmp_path / "out")
    with pytest.raises(ValueError, match="unknown label id 'cheating'"):
        write_report(small_model, ["a"], [["cheating"]], tmp_path / "out")
    with pytest.raises(TypeError, match="wrap it in a list"):
        write_report(small_model, "he hit me", [["physical_violence"]], tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def model_file(small_model, tmp_path_factory):
    return small_model.save(tmp_path_factory.mktemp("m") / "small.skops")


@pytest.fixture(scope="module")
def labelled_csv(sample, tmp_path_factory):
    path = tmp_path_factory.mktemp("d") / "sample.csv"
    import pandas as pd

    pd.DataFrame({"text": sample.texts[:60], "labels": [";".join(ls) for ls in sample.labels[:60]]}
                 ).to_csv(path, index=False)
    return path


def test_cli_evaluate_report_writes_the_folder(model_file, labelled_csv, tmp_path):
    out = tmp_path / "report"
    result = CliRunner().invoke(
        main, ["evaluate", str(labelled_csv), "--model", str(model_file), "--report", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"report written to {out / 'report.md'}" in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(["report.md", *FIGURES.values()])


def test_cli_without_matplotlib_is_one_line_exit_1(model_file, labelled_csv, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = CliRunner().invoke(
        main, ["evaluate", str(labelled_csv), "--model", str(model_file), "--report", str(tmp_path)]
    )
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("Error: ") and 'pip install "trustclassify[report]"' in last
    assert "Traceback" not in result.output
