"""The public surface is small and added to on purpose."""

import trustclassify as tc


def test_public_names_are_pinned():
    assert tc.__all__ == sorted(tc.__all__)
    assert set(tc.__all__) == {
        "CATEGORY_IDS", "BreachClassifier", "Category", "LabelledTexts", "Match",
        "ModelVersionWarning", "TrustClassifyError", "__version__", "categories", "category",
        "default_model", "evaluate", "find_identifiers", "find_label_issues", "from_indicator",
        "load", "read_statements", "save", "score_dask", "score_file", "score_frame",
        "to_indicator", "write_report",
    }
    for name in tc.__all__:
        assert hasattr(tc, name), name


def test_version_comes_from_the_package_metadata():
    from importlib.metadata import version

    assert tc.__version__ == version("trustclassify")


def test_importing_does_not_pull_in_the_optional_extras():
    import subprocess
    import sys

    code = ("import sys, trustclassify; "
            "print(sorted(m for m in ('distributed', 'matplotlib', 'cleanlab', 'skops')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
