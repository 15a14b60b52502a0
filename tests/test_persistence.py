"""Saving and loading: round trips, metadata, refusing unsafe files, keeping no training text."""

import warnings
import zipfile

import joblib
import numpy as np
import pytest
import skops.io as sio

import trustclassify as tc

TEXTS = ["he shoved me against the fridge", "we share every account", ""]


@pytest.mark.parametrize("name", ["model.skops", "model.joblib"])
def test_round_trip_predicts_exactly_the_same(small_model, tmp_path, name):
    path = small_model.save(tmp_path / name)
    loaded = tc.load(path, allow_pickle=name.endswith(".joblib"))
    np.testing.assert_array_equal(loaded.predict_proba(TEXTS), small_model.predict_proba(TEXTS))
    np.testing.assert_array_equal(loaded.thresholds_, small_model.thresholds_)
    assert loaded.metadata == small_model.metadata


def test_default_format_is_skops_and_joblib_on_request(small_model, tmp_path):
    assert zipfile.is_zipfile(small_model.save(tmp_path / "m.model"))
    assert not zipfile.is_zipfile(tc.save(small_model, tmp_path / "m2.model", format="joblib"))


def test_metadata_names_versions_categories_data_and_thresholds(small_model):
    meta = small_model.metadata
    assert set(meta["versions"]) == {"trustclassify", "scikit-learn"}
    assert meta["category_ids"] == list(tc.CATEGORY_IDS)
    assert len(meta["training_data_sha256"]) == 64
    assert set(meta["thresholds"]) == set(tc.CATEGORY_IDS)
    assert meta["created"].endswith("+00:00")


def test_evaluation_figures_are_kept_and_saved(small_model, holdout, tmp_path):
    import copy

    m = copy.deepcopy(small_model)
    tc.evaluate(m, holdout.texts[:50], holdout.labels[:50], record_as="holdout")
    loaded = tc.load(m.save(tmp_path / "m.skops"))
    assert "micro avg" in loaded.metadata["evaluation"]["holdout"]


def test_joblib_needs_allow_pickle(small_model, tmp_path):
    path = small_model.save(tmp_path / "m.joblib")
    with pytest.raises(tc.TrustClassifyError, match="allow_pickle=True"):
        tc.load(path)


def test_other_library_versions_warn_naming_both(small_model, tmp_path, monkeypatch):
    path = small_model.save(tmp_path / "m.skops")
    monkeypatch.setattr(
        "trustclassify.persistence.library_versions",
        lambda: {"trustclassify": "9.9.9", "scikit-learn": "0.1"},
    )
    message = r"made with scikit-learn \S+, this is scikit-learn 0.1"
    with pytest.warns(tc.ModelVersionWarning, match=message):
        tc.load(path)


def test_same_versions_do_not_warn(small_model, tmp_path):
    path = small_model.save(tmp_path / "m.skops")
    with warnings.catch_warnings():
        warnings.simplefilter("error", tc.ModelVersionWarning)
        tc.load(path)


def test_other_categories_are_an_error(small_model, tmp_path):
    envelope = {"format": "trustclassify-model",
                "metadata": {**small_model.metadata, "category_ids": ["a", "b"]},
                "model": small_model}
    sio.dump(envelope, tmp_path / "m.skops")
    with pytest.raises(tc.TrustClassifyError, match="trained on other categories"):
        tc.load(tmp_path / "m.skops")


@pytest.mark.parametrize("cut", [0.3, 0.9])
def test_truncated_file_is_a_clear_error(small_model, tmp_path, cut):
    good = small_model.save(tmp_path / "m.skops").read_bytes()
    bad = tmp_path / "bad.skops"
    bad.write_bytes(good[: int(len(good) * cut)])
    with pytest.raises(tc.TrustClassifyError, match="corrupt or truncated"):
        tc.load(bad)


def test_truncated_joblib_is_a_clear_error(small_model, tmp_path):
    good = small_model.save(tmp_path / "m.joblib").read_bytes()
    bad = tmp_path / "bad.joblib"
    bad.write_bytes(good[: len(good) // 2])
    with pytest.raises(tc.TrustClassifyError, match="corrupt or truncated"):
        tc.load(bad, allow_pickle=True)


def test_missing_file(tmp_path):
    with pytest.raises(tc.TrustClassifyError, match="no such model file"):
        tc.load(tmp_path / "nope.skops")


# -- crafted malicious files -------------------------------------------------------------

EVIL_MODULE = '''
import pathlib

MARKER = pathlib.Path({marker!r})


def _write_marker(*args):
    MARKER.write_text("pwned")


class EvilPickle:
    def __reduce__(self):
        return (_write_marker, ())


class EvilState:
    def __init__(self):
        self.x = 1

    def __setstate__(self, state):
        MARKER.write_text("pwned")
        self.__dict__.update(state)
'''


@pytest.fixture
def evil(tmp_path, monkeypatch):
    marker = tmp_path / "marker.txt"
    (tmp_path / "evil_payload.py").write_text(EVIL_MODULE.format(marker=str(marker)))
    monkeypatch.syspath_prepend(str(tmp_path))
    import importlib

    import evil_payload

    importlib.reload(evil_payload)
    yield evil_payload, marker


def test_malicious_joblib_file_is_refused_and_runs_nothing(evil, tmp_path):
    module, marker = evil
    path = tmp_path / "model.joblib"
    joblib.dump({"model": module.EvilPickle()}, path)
    joblib.load(path)  # proof: an unguarded load runs the payload
    assert marker.exists()
    marker.unlink()
    with pytest.raises(tc.TrustClassifyError, match="could run any code"):
        tc.load(path)
    assert not marker.exists()


def test_malicious_skops_file_is_refused_and_runs_nothing(evil, tmp_path):
    module, marker = evil
    path = tmp_path / "model.skops"
    sio.dump({"model": module.EvilState()}, path)
    # proof: trusting it runs the payload
    sio.load(path, trusted=sio.get_untrusted_types(file=path))
    assert marker.exists()
    marker.unlink()
    with pytest.raises(tc.TrustClassifyError, match="does not trust.*evil_payload.EvilState"):
        tc.load(path)
    assert not marker.exists()


# -- no training text in a saved model ---------------------------------------------------


def test_a_one_off_name_in_the_training_data_is_not_in_the_saved_file(small_training, tmp_path):
    name = "Zebulonquist"
    texts = list(small_training.texts)
    labels = list(small_training.labels)
    texts[0] = f"{name} keeps reading my messages and tracking where I go. " + texts[0]
    model = tc.BreachClassifier(cv=3).fit(texts, labels)
    for fmt in ("skops", "joblib"):
        path = tc.save(model, tmp_path / f"m.{fmt}", format=fmt)
        raw = path.read_bytes()
        assert name.lower().encode() not in raw.lower()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                for member in z.namelist():
                    assert name.lower().encode() not in z.read(member).lower()
    card = model.card()
    assert name.lower() not in card.lower()
