"""What ``classify`` returns for each category a text matches."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .categories import Category


@dataclass(frozen=True)
class Match:
    """One category a text was classified into.

    Attributes
    ----------
    category : str
        The category id, e.g. ``"physical_violence"``.
    title : str
        The article's title for the category.
    score : float
        The model's probability for the category, in [0, 1].
    threshold : float
        The category's decision threshold; ``score >= threshold`` made this a match.
    explanation : str
        The article's explanatory text for the category, quoted verbatim. For the four
        bullets the article does not explain, its general paragraph on how trust issues
        develop (see :attr:`Category.context`).
    safety_related : bool
        True for physical violence and control or intimidation: read these first.
    evidence : tuple of (str, float)
        The words or phrases of the text that pushed the score up most, with their weight
        (empty unless explanations were asked for).
    """

    category: str
    title: str
    score: float
    threshold: float
    explanation: str
    safety_related: bool
    evidence: tuple[tuple[str, float], ...] = field(default=())

    @classmethod
    def of(cls, cat: Category, score: float, threshold: float, evidence=()) -> Match:
        """Build a match for category ``cat``."""
        return cls(
            category=cat.id,
            title=cat.title,
            score=float(score),
            threshold=float(threshold),
            explanation=cat.text,
            safety_related=cat.safety_related,
            evidence=tuple((str(w), float(v)) for w, v in evidence),
        )

    def to_dict(self) -> dict:
        """Return the match as a plain dict (for JSON)."""
        d = asdict(self)
        d["evidence"] = [{"text": w, "weight": v} for w, v in self.evidence]
        return d
