"""The built wheel works outside the source tree, with its data inside it."""

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True,
    )
    return next(out.glob("trustclassify-*.whl"))


def test_wheel_holds_the_categories_and_the_default_model(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("trustclassify/resources/categories.json",
                   "trustclassify/resources/default_model.skops",
                   "trustclassify/py.typed"):
        assert needed in names


def test_installed_wheel_classifies_from_another_folder(wheel, tmp_path):
    env = tmp_path / "env"
    venv.create(env, with_pip=False)
    bin_dir = env / "bin"
    # The new environment borrows this one's dependencies (a bare path entry: the
    # editable install's hooks here are not run), but gets trustclassify only from the wheel.
    site = Path(subprocess.run([str(bin_dir / "python"), "-c",
                                "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install",
                    "--no-deps", "-q", str(wheel)], check=True)
    code = "import trustclassify; print(trustclassify.__file__)"
    where = subprocess.run([str(bin_dir / "python"), "-c", code],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert str(env) in where
    out = subprocess.run([str(bin_dir / "trustclassify"), "classify", "--json",
                          "he shoved me into the wall and grabbed my wrist"],
                         cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert '"category": "physical_violence"' in out
