"""Shared, deterministic fixtures. Paths come from this file, never the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest

import trustclassify as tc

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def statements() -> tc.LabelledTexts:
    return tc.read_statements(DATA / "statements.csv")


@pytest.fixture(scope="session")
def holdout() -> tc.LabelledTexts:
    return tc.read_statements(DATA / "holdout.csv")


@pytest.fixture(scope="session")
def holdout_2() -> tc.LabelledTexts:
    return tc.read_statements(DATA / "holdout_2.csv")


@pytest.fixture(scope="session")
def small_training(statements) -> tc.LabelledTexts:
    """The first 850 training statements, every 4th: enough for every category, quick to fit."""
    return tc.LabelledTexts(statements.texts[:3400:4], statements.labels[:3400:4])


@pytest.fixture(scope="session")
def small_model(small_training) -> tc.BreachClassifier:
    """A classifier fitted on the small set; tests must not change it."""
    return tc.BreachClassifier(cv=3).fit(small_training.texts, small_training.labels)


@pytest.fixture(scope="session")
def model() -> tc.BreachClassifier:
    return tc.default_model()
