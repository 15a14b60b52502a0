"""trustclassify: screen relationship-problem texts for the 14 ways trust issues develop.

A screening aid for couples therapists and intake teams, not a diagnosis. Categories and
their explanations come from the article "How Trust Issues Develop in Relationships".
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("trustclassify")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

from .batch import score_file, score_frame
from .categories import CATEGORY_IDS, Category, categories, category
from .classifier import BreachClassifier
from .datasets import LabelledTexts, read_statements
from .default import default_model
from .distributed import score_dask
from .errors import TrustClassifyError
from .evaluation import evaluate
from .identifiers import find_identifiers
from .label_check import find_label_issues
from .labels import from_indicator, to_indicator
from .matches import Match
from .persistence import ModelVersionWarning, load, save
from .report import write_report

__all__ = [
    "BreachClassifier",
    "CATEGORY_IDS",
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
    "find_identifiers",
    "find_label_issues",
    "from_indicator",
    "load",
    "read_statements",
    "save",
    "score_dask",
    "score_file",
    "score_frame",
    "to_indicator",
    "write_report",
]
