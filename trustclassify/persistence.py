"""Saving and loading models: a safe format by default, pickles only when asked for.

Two formats:

* ``skops`` (default, ``.skops``): a zip of JSON and arrays. Loading it only rebuilds the
  types trustclassify expects; any other type in the file is refused, so a crafted file
  cannot run code.
* ``joblib`` (``.joblib``/``.pkl``, or ``format="joblib"``): a pickle, faster to load but
  able to run any code it holds. :func:`load` refuses it unless ``allow_pickle=True``.
"""

from __future__ import annotations

import io
import pickle
import warnings
import zipfile
from pathlib import Path

import joblib

from .categories import CATEGORY_IDS
from .classifier import BreachClassifier, library_versions
from .errors import ModelFileError

__all__ = ["ModelVersionWarning", "load", "save"]

FORMATS = ("skops", "joblib")
_PICKLE_SUFFIXES = (".joblib", ".pkl", ".pickle")
_ENVELOPE = "trustclassify-model"

# Every type a trustclassify model is built from; a skops file naming any other is refused.
TRUSTED_TYPES = frozenset(
    """
    builtins.slice
    iterstrat.ml_stratifiers.MultilabelStratifiedKFold
    numpy.dtype
    numpy.float32
    numpy.float64
    numpy.int64
    scipy.sparse._csr.csr_matrix
    sklearn.feature_extraction.text.TfidfTransformer
    sklearn.feature_extraction.text.TfidfVectorizer
    sklearn.linear_model._logistic.LogisticRegression
    sklearn.multiclass.OneVsRestClassifier
    sklearn.multiclass._ConstantPredictor
    sklearn.pipeline.FeatureUnion
    sklearn.pipeline.Pipeline
    sklearn.preprocessing._label.LabelBinarizer
    trustclassify.classifier.BreachClassifier
    trustclassify.features.mark_negation
    trustclassify.nested.NestedOneVsRest
    trustclassify.pooling.WindowPooling
    """.split()
)


class ModelVersionWarning(UserWarning):
    """A model file was made by another trustclassify or scikit-learn version."""


def save(model: BreachClassifier, path: str | Path, *, format: str | None = None) -> Path:
    """Write a fitted model, with its metadata, to ``path``.

    Parameters
    ----------
    model : BreachClassifier
        A fitted classifier.
    path : str or Path
    format : {"skops", "joblib"} or None, default=None
        None picks joblib for a ``.joblib``/``.pkl`` suffix and skops otherwise. Use skops
        to share a model; joblib only for your own trusted, local files.

    Returns
    -------
    Path
        Where the model was written.
    """
    from sklearn.utils.validation import check_is_fitted

    if not isinstance(model, BreachClassifier):
        raise ModelFileError(f"only a BreachClassifier can be saved, got {type(model).__name__}")
    check_is_fitted(model, "pipeline_")
    path = Path(path)
    fmt = format or ("joblib" if path.suffix.lower() in _PICKLE_SUFFIXES else "skops")
    if fmt not in FORMATS:
        raise ModelFileError(f"format must be one of {FORMATS}, got {format!r}")
    envelope = {"format": _ENVELOPE, "metadata": model.metadata, "model": model}
    tmp = path.with_name(path.name + ".part")
    if fmt == "skops":
        import skops.io as sio  # imported here: it takes a second, and only saving needs it

        sio.dump(envelope, tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    else:
        joblib.dump(envelope, tmp)
    tmp.replace(path)
    return path


def load(
    path: str | Path, *, allow_pickle: bool = False, trusted: list[str] | None = None
) -> BreachClassifier:
    """Read a model written by :func:`save`, checking its format, versions and categories.

    Parameters
    ----------
    path : str or Path
    allow_pickle : bool, default=False
        Let a joblib (pickle) file be loaded. Loading a pickle runs whatever code it holds:
        only pass True for files you made yourself or fully trust.
    trusted : list of str, optional
        Further type names to accept in a skops file, beyond trustclassify's own.

    Returns
    -------
    BreachClassifier

    Raises
    ------
    ModelFileError
        If the file is missing, corrupt or truncated, is a pickle and ``allow_pickle`` is
        False, holds types trustclassify does not trust, or has other category ids.

    Warns
    -----
    ModelVersionWarning
        If the file was made with another trustclassify or scikit-learn version.
    """
    path = Path(path)
    try:
        head = path.read_bytes()[:4]
    except FileNotFoundError:
        raise ModelFileError(f"no such model file: {str(path)!r}") from None
    except OSError as exc:
        raise ModelFileError(f"cannot read model file {str(path)!r}: {exc}") from None
    if head.startswith(b"PK"):
        envelope = _load_skops(path, trusted)
    elif allow_pickle:
        envelope = _load_joblib(path)
    else:
        raise ModelFileError(
            f"{str(path)!r} is not a skops model file; if it is a joblib/pickle file, loading "
            "it could run any code it holds, so it is refused. Pass allow_pickle=True only "
            "if you made it yourself or fully trust it"
        )
    return _check_envelope(envelope, path)


def _load_skops(path: Path, trusted: list[str] | None) -> object:
    import skops.io as sio
    allowed = TRUSTED_TYPES | set(trusted or ())
    try:
        found = sio.get_untrusted_types(file=path)
        refused = sorted(set(found) - allowed)
        if refused:
            raise ModelFileError(
                f"{str(path)!r} holds types trustclassify does not trust, so it was not "
                f"loaded: {', '.join(refused)}. If you know why they are there and trust the "
                "file, pass trusted=[...] with those names"
            )
        return sio.load(path, trusted=sorted(set(found)))
    except ModelFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, EOFError, OSError) as exc:
        raise ModelFileError(
            f"{str(path)!r} is corrupt or truncated and cannot be loaded ({exc})"
        ) from None


def _load_joblib(path: Path) -> object:
    try:
        return joblib.load(path)
    except (EOFError, pickle.UnpicklingError, ValueError, KeyError, IndexError, zipfile.BadZipFile,
            io.UnsupportedOperation, AttributeError, ModuleNotFoundError) as exc:
        raise ModelFileError(
            f"{str(path)!r} is corrupt or truncated and cannot be loaded "
            f"({type(exc).__name__}: {exc})"
        ) from None


def _check_envelope(envelope: object, path: Path) -> BreachClassifier:
    if not (isinstance(envelope, dict) and envelope.get("format") == _ENVELOPE):
        raise ModelFileError(f"{str(path)!r} is not a trustclassify model file")
    model = envelope["model"]
    if not isinstance(model, BreachClassifier):
        raise ModelFileError(f"{str(path)!r} does not hold a BreachClassifier")
    meta = envelope.get("metadata", {})
    if list(meta.get("category_ids", [])) != list(CATEGORY_IDS):
        raise ModelFileError(
            f"{str(path)!r} was trained on other categories ({meta.get('category_ids')}); "
            f"this trustclassify uses {list(CATEGORY_IDS)}"
        )
    now = library_versions()
    then = meta.get("versions", {})
    for lib, version in now.items():
        if then.get(lib) != version:
            warnings.warn(
                f"{str(path)!r} was made with {lib} {then.get(lib, 'unknown')}, this is {lib} "
                f"{version}; its predictions may differ. Retrain it to be sure.",
                ModelVersionWarning,
                stacklevel=3,
            )
    return model
