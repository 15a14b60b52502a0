"""The 14 breach categories, their article text and trustclassify's safety metadata.

The titles and explanations are quoted verbatim from the article "How Trust Issues Develop in
Relationships" (a copy is in the repository's ``data/`` folder); ``safety_related`` is this
project's own metadata and is not part of the article.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["CATEGORY_IDS", "SUBSET_OF", "Category", "categories", "category", "source"]


@dataclass(frozen=True)
class Category:
    """One way trust issues develop, as the article lists it.

    Attributes
    ----------
    id : str
        Stable identifier, e.g. ``"physical_violence"``.
    title : str
        The article's bullet title, verbatim.
    explanation : str
        The article's explanatory text after the title's colon, verbatim. Empty for the four
        bullets the article does not explain (see ``context``).
    context : str
        For a bullet without its own explanation, the article's general paragraph on how trust
        issues develop, verbatim; empty otherwise.
    safety_related : bool
        True for categories where missing a case costs most (physical violence, control or
        intimidation): their thresholds favour recall.
    recall_target : float
        For a safety-related category, the cross-validated recall its threshold must reach
        (0.95 for physical violence, 0.90 for control or intimidation); 0 otherwise.
    """

    id: str
    title: str
    explanation: str
    context: str
    safety_related: bool
    recall_target: float = 0.0

    @property
    def text(self) -> str:
        """The article text to show for this category: its explanation, else the context."""
        return self.explanation or self.context


@lru_cache(maxsize=1)
def _load() -> dict:
    raw = resources.files("trustclassify").joinpath("resources/categories.json").read_text("utf-8")
    return json.loads(raw)


@lru_cache(maxsize=1)
def categories() -> tuple[Category, ...]:
    """Return the 14 categories in the article's order.

    Returns
    -------
    tuple of Category

    Examples
    --------
    >>> import trustclassify as tc
    >>> cats = tc.categories()
    >>> len(cats), cats[0].id, cats[0].title
    (14, 'affairs', 'Affairs')
    >>> [c.id for c in cats if c.safety_related]
    ['control_or_intimidation', 'physical_violence']
    """
    data = _load()
    return tuple(
        Category(
            id=c["id"],
            title=c["title"],
            explanation=c["explanation"],
            context="" if c["explanation"] else data["context"],
            safety_related=bool(c["safety_related"]),
            recall_target=float(c.get("recall_target", 0.0)),
        )
        for c in data["categories"]
    )


def category(category_id: str) -> Category:
    """Return the category with this id.

    Raises
    ------
    InvalidInputError
        If the id is not one of the 14.
    """
    for c in categories():
        if c.id == category_id:
            return c
    from .errors import InvalidInputError

    raise InvalidInputError(
        f"unknown category id {category_id!r}; expected one of: {', '.join(CATEGORY_IDS)}"
    )


def source() -> dict:
    """Return the article's attribution (title, author, where the copy lives)."""
    return dict(_load()["source"])


CATEGORY_IDS: tuple[str, ...] = tuple(c.id for c in categories())

# Labelling guide: insensitivity to a past needs that past in the text, so every text labelled
# with the key is also labelled with its value (project metadata, not the article's).
SUBSET_OF: dict[str, str] = {"insensitive_to_past": "prior_trust_issues"}
