"""The exceptions trustclassify raises on purpose.

Every one derives from :class:`TrustClassifyError` and from the matching builtin, so callers
can catch either ``TrustClassifyError`` or the builtin they already expect (``ValueError``,
``TypeError``, ``OSError``).
"""

from __future__ import annotations


class TrustClassifyError(Exception):
    """Base class of every error trustclassify raises deliberately."""


class InvalidInputError(TrustClassifyError, ValueError):
    """A value has the right type but cannot be used (unknown label id, wrong shape, ...)."""


class InputTypeError(TrustClassifyError, TypeError):
    """A value has the wrong type (a single string where a list of texts is expected, ...)."""


class DataFileError(TrustClassifyError, ValueError):
    """A data file cannot be read or does not hold what the call needs."""


class ModelFileError(TrustClassifyError, ValueError):
    """A saved model file is corrupt, truncated, incompatible or refused as unsafe."""


class IdentifierFoundError(TrustClassifyError, ValueError):
    """Text that should be anonymised holds something that looks like a direct identifier."""
