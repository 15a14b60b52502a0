"""A guard for anonymised text: find spans that look like direct identifiers.

It looks for e-mail addresses, URLs, phone numbers (North American, UK and international
formats), street addresses and postcodes/ZIP codes, dates of birth, and national id numbers
(US SSN, UK National Insurance and NHS numbers). It is a safety net, not an anonymiser:
names, for instance, are not found.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

__all__ = [
    "IdentifierSpan",
    "count_identifiers",
    "find_identifiers",
    "identifiers_by_position",
    "redact_identifiers",
]


@dataclass(frozen=True)
class IdentifierSpan:
    """A stretch of text that looks like a direct identifier.

    Attributes
    ----------
    kind : str
        ``email``, ``url``, ``phone``, ``address``, ``postcode``, ``date_of_birth``,
        ``ssn``, ``ni_number`` or ``nhs_number``.
    start, end : int
        Character offsets; ``text[start:end]`` is the span.
    text : str
    """

    kind: str
    start: int
    end: int
    text: str


_STREET_TYPES = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|"
    r"close|crescent|cres|terrace|terr|gardens|gdns|parkway|pkwy|highway|hwy|square|sq|row|"
    r"circle|cir|trail|mews|grove|hill"
)
_US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()

# Order matters: earlier kinds win where spans overlap.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("url", re.compile(
        r"\b(?:https?://|www\.)[^\s<>\"']+|\b[\w-]+\.(?:com|org|net|co\.uk|org\.uk|io|me|info)"
        r"(?:/[^\s<>\"']*)?\b", re.IGNORECASE)),
    ("ssn", re.compile(r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b")),
    ("ni_number", re.compile(
        r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
        r" ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")),
    ("nhs_number", re.compile(r"(?i:\bnhs\b[^0-9\n]{0,20})?\b\d{3}[ -]?\d{3}[ -]?\d{4}\b")),
    ("date_of_birth", re.compile(
        r"(?i:\b(?:d\.?o\.?b\.?|date of birth|birth ?date|born(?: on)?)\s*[:\-]?\s*)"
        r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)? (?i:[a-z]{3,9})\.? \d{4}"
        r"|(?i:[a-z]{3,9})\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{4}-\d{2}-\d{2})")),
    ("phone", re.compile(
        r"(?<![\w$£€.,])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,5}\)[ .-]?)?"
        r"\d{2,5}(?:[ .-]\d{2,6}){1,4}(?![\w.,]?\d)"
        r"|(?<![\w$£€])\+?\d{10,13}\b")),
    ("address", re.compile(
        # "I'm 46, I drive a bus": the pronoun is not a street name
        rf"\b\d{{1,5}}[a-z]?,? (?:(?!I )[A-Z][\w'-]*\.? ){{1,3}}(?i:{_STREET_TYPES})\b\.?")),
    ("postcode", re.compile(
        r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b"
        rf"|\b(?:{'|'.join(_US_STATES)}) \d{{5}}(?:-\d{{4}})?\b")),
]


def _nhs_checksum_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=False))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _accept(kind: str, match: re.Match[str]) -> bool:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    if kind == "nhs_number":
        named = text[:3].lower() == "nhs"
        grouped = bool(re.search(r"\d{3} \d{3} \d{4}", text))
        after_country_code = "+" in match.string[max(0, match.start() - 5) : match.start()]
        return (
            len(digits) == 10
            and _nhs_checksum_ok(digits)
            and (named or grouped)
            and not after_country_code
        )
    if kind == "phone":
        if not 9 <= len(digits) <= 15:
            return False
        if re.fullmatch(r"(19|20)\d\d[ .-](19|20)\d\d", text):  # "2015-2019"
            return False
        return text.startswith("+") or len(digits) >= 10 or text.startswith("0")
    return True


def _check_str(text) -> None:
    if not isinstance(text, str):
        from .errors import InputTypeError

        raise InputTypeError(f"text must be a str, got {type(text).__name__}")


def find_identifiers(text: str) -> list[IdentifierSpan]:
    """Return the spans of ``text`` that look like direct identifiers, in text order.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of IdentifierSpan

    Examples
    --------
    >>> [s.kind for s in find_identifiers("call me on 07700 900123 or mail jo@example.org")]
    ['phone', 'email']
    >>> find_identifiers("married 2012, 3 kids, he lost $14,000 by 10:30pm")
    []
    """
    _check_str(text)
    spans: list[IdentifierSpan] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken) or not _accept(kind, m):
                continue
            taken.append((start, end))
            spans.append(IdentifierSpan(kind, start, end, m.group(0)))
    return sorted(spans, key=lambda s: s.start)


def redact_identifiers(text: str, spans: list[IdentifierSpan] | None = None) -> str:
    """Replace each identifier span with a tag such as ``[PHONE]``.

    Examples
    --------
    >>> redact_identifiers("email me at jo@example.org please")
    'email me at [EMAIL] please'
    """
    spans = find_identifiers(text) if spans is None else spans
    for s in sorted(spans, key=lambda s: -s.start):
        text = text[: s.start] + f"[{s.kind.upper()}]" + text[s.end :]
    return text


def identifiers_by_position(texts: list[str]) -> dict[int, list[IdentifierSpan]]:
    """Find identifiers in many texts at once.

    Texts that cannot hold any identifier are skipped in one vectorised pass first, so a
    large batch costs little more than the few texts that need the full search.

    Parameters
    ----------
    texts : list of str

    Returns
    -------
    dict
        ``{position: spans}`` for the texts holding at least one identifier.
    """
    for text in texts:
        _check_str(text)
    candidates = np.flatnonzero(_may_hold_identifiers(texts))
    found = {}
    for pos in candidates:
        spans = find_identifiers(texts[pos])
        if spans:
            found[int(pos)] = spans
    return found


# A text can hold an identifier only if it has an "@", two digits in a row, a digit before a
# capitalised word ("12 High Street") or a postcode's digit-letter-letter ending, or something
# like a web address: every pattern above needs one of these. Checking for them
# first, in one vectorised pass, spares most texts the slow full search without changing
# what is found. Python's \d is any Unicode digit, as RE2's \p{Nd}; the letter classes spell
# out what Python's case-insensitive matching accepts ("ı" for "i"). If _PATTERNS gains a
# pattern needing none of these, widen this (tests/test_identifiers.py checks them against it).
_IDENTIFIER_HINT = (
    r"@|\p{Nd}{2}|\p{Nd}[a-z]?,? [A-Z]|\p{Nd}[A-Z\p{Nd}]? ?\p{Nd}[A-Z]{2}|GIR ?0AA"
    r"|\.[cCoOnNmMiIıİ]|[hH][tT][tT][pP]|[wW][wW][wW]"
)
_IDENTIFIER_HINT_PY = re.compile(
    r"@|\d{2}|\d[a-z]?,? [A-Z]|\d[A-Z\d]? ?\d[A-Z]{2}|GIR ?0AA"
    r"|\.[cCoOnNmMiIıİ]|[hH][tT][tT][pP]|[wW][wW][wW]"
)


def _may_hold_identifiers(texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros(0, dtype=bool)
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        array = pa.array(texts, type=pa.large_string())
    except (pa.ArrowException, UnicodeError):  # e.g. a lone surrogate, which UTF-8 cannot hold
        return np.fromiter((bool(_IDENTIFIER_HINT_PY.search(t)) for t in texts), dtype=bool,
                           count=len(texts))
    hint = pc.match_substring_regex(array, _IDENTIFIER_HINT)
    return hint.to_numpy(zero_copy_only=False).astype(bool)


def count_identifiers(texts: Iterable[str]) -> Counter:
    """Count, per kind, how many texts hold at least one identifier of that kind."""
    counts: Counter = Counter()
    for spans in identifiers_by_position(list(texts)).values():
        counts.update({s.kind for s in spans})
    return counts
