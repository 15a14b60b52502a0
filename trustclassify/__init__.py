"""trustclassify: screen relationship-problem texts for the 14 ways trust issues develop.

A screening aid for couples therapists and intake teams, not a diagnosis. Categories and
their explanations come from the article "How Trust Issues Develop in Relationships".
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("trustclassify")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

from .categories import CATEGORY_IDS, Category, categories, category
from .classifier import BreachClassifier
from .datasets import LabelledTexts, read_statements
from .default import default_model
from .errors import TrustClassifyError
from .evaluation import evaluate
from .labels import from_indicator, to_indicator
from .matches import Match
from .persistence import ModelVersionWarning, load, save

__all__ = [
    "CATEGORY_IDS",
    "BreachClassifier",
    "Category",
    "LabelledTexts",
    "Match",
    "ModelVersionWarning",
    "TrustClassifyError",
    "__version__",
    "categories",
    "category",
    "default_model",
    "evaluate",
    "from_indicator",
    "load",
    "read_statements",
    "save",
    "to_indicator",
]
