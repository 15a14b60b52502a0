"""The model that ships with trustclassify, trained on the project's own labelled statements."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from .classifier import BreachClassifier

DEFAULT_MODEL_RESOURCE = "resources/default_model.skops"


@lru_cache(maxsize=1)
def default_model() -> BreachClassifier:
    """Return the shipped model, trained on the project's ``data/statements.csv``.

    It is loaded from inside the installed package (a safe skops file) on the first call and
    cached, so later calls in the same process return the same object at once. Treat it as
    read-only; to change thresholds, work on a copy (``copy.deepcopy(model)``).

    Returns
    -------
    BreachClassifier

    Examples
    --------
    >>> import trustclassify as tc
    >>> tc.default_model() is tc.default_model()
    True
    """
    from .persistence import load

    with resources.as_file(resources.files("trustclassify").joinpath(DEFAULT_MODEL_RESOURCE)) as p:
        return load(p)
