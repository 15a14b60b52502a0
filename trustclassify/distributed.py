"""Scoring beyond one machine, with Dask: Dask DataFrames, and chunks sent to a cluster.

Dask is an optional extra (``pip install 'trustclassify[dask]'``); it is imported only when
one of these functions is called.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from .errors import InputTypeError, TrustClassifyError

__all__ = ["DaskNotInstalledError", "SchedulerUnavailableError", "map_on_cluster", "score_dask"]


class DaskNotInstalledError(TrustClassifyError, ImportError):
    """Dask scoring was asked for, but Dask is not installed."""


class SchedulerUnavailableError(TrustClassifyError, ConnectionError):
    """The Dask scheduler at the given address could not be reached."""


def _import(module: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise DaskNotInstalledError(
            f"scoring with Dask needs the optional dask extra ({exc.name or module} is not "
            "installed); install it with: pip install 'trustclassify[dask]'"
        ) from None


def score_dask(
    ddf,
    *,
    text_column: str = "text",
    model=None,
    on_identifiers: str = "warn",
    max_chars: int = 20_000,
    explain: bool = False,
    top_evidence: int = 5,
):
    """Score a Dask DataFrame's text column, partition by partition; lazily.

    Each partition is scored as :func:`~trustclassify.score_frame` would score it, so the
    computed result equals ``score_frame`` on the whole data row for row, index included.
    The model enters the task graph once, so each worker receives it once, not once per
    partition.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
    text_column, model, on_identifiers, max_chars, explain, top_evidence
        As in :func:`~trustclassify.score_frame`, except that ``"warn"`` cannot warn from
        the workers: read the ``identifiers`` column instead. ``"fail"`` raises when the
        result is computed.

    Returns
    -------
    dask.dataframe.DataFrame
        Not computed yet: call ``.compute()``, or write it with ``.to_parquet(...)``.

    Raises
    ------
    DaskNotInstalledError
        If Dask is not installed.
    InputTypeError, InvalidInputError
        If ``ddf`` is not a Dask DataFrame or lacks the text column.

    Examples
    --------
    >>> import pandas as pd
    >>> import dask.dataframe as dd
    >>> import trustclassify as tc
    >>> df = pd.DataFrame({"text": ["she lied about the money", "", "he hit me"] * 2})
    >>> scored = tc.score_dask(dd.from_pandas(df, npartitions=2)).compute()
    >>> scored["status"].tolist()
    ['ok', 'empty', 'ok', 'ok', 'empty', 'ok']
    """
    from .batch import _prepare_frame, _score_chunk

    dask = _import("dask")
    dd = _import("dask.dataframe")
    if not isinstance(ddf, dd.DataFrame):
        raise InputTypeError(
            f"ddf must be a dask DataFrame, got {type(ddf).__name__}; for a pandas DataFrame "
            "use score_frame, or convert it: dask.dataframe.from_pandas(df, npartitions=...)"
        )
    opts, model = _prepare_frame(ddf.columns, "ddf", model, text_column, on_identifiers,
                                 max_chars, explain, top_evidence)
    meta, _ = _score_chunk(model, ddf._meta, opts)
    # One named graph node holds the model; every partition's task depends on it.
    shipped = dask.delayed(model, name=f"trustclassify-model-{uuid.uuid4().hex}", traverse=False)
    return ddf.map_partitions(_score_partition, shipped, opts, meta=meta)


def _score_partition(part, model, opts):
    from .batch import _score_chunk

    return _score_chunk(model, part, opts)[0]


def map_on_cluster(
    address: str,
    model,
    func: Callable,
    items: Iterable[tuple],
    *,
    ahead: int | None = None,
) -> Iterator:
    """Yield ``func(model, *item)`` for each item, computed on a Dask cluster, in order.

    The model is sent to every worker once (scattered); items are submitted as they are
    read, at most ``ahead`` at a time (twice the cluster's threads by default), so memory
    stays bounded whatever the number of items.

    Raises
    ------
    DaskNotInstalledError
        If ``distributed`` is not installed.
    SchedulerUnavailableError
        If no scheduler answers at ``address``.
    """
    distributed = _import("distributed")
    try:
        client = distributed.Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SchedulerUnavailableError(
            f"cannot reach a Dask scheduler at {address!r} ({type(exc).__name__}: "
            f"{str(exc).strip().splitlines()[0] if str(exc).strip() else 'no answer'}); check "
            "the address, or start one with `dask scheduler` and workers with `dask worker`"
        ) from None
    with client:
        shipped = client.scatter(model, broadcast=True, hash=False)
        ahead = ahead or 2 * max(1, sum(client.nthreads().values()))
        pending: deque = deque()
        for item in items:
            pending.append(client.submit(func, shipped, *item, pure=False))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
