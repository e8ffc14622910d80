"""Where blocking store calls run: a few threads per worker, not the event loop's default forty."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

P = ParamSpec("P")
T = TypeVar("T")
_limiter: CapacityLimiter | None = None


def _store_limiter() -> CapacityLimiter:
    """KEPIL_STORE_THREADS (default 4) threads per worker write to the store at once. More threads do
    not make a 2-core machine faster: they contend for the GIL and the connection pool, and each write
    costs more CPU (docs/service-benchmarks.md)."""
    global _limiter
    if _limiter is None:
        _limiter = CapacityLimiter(int(os.environ.get("KEPIL_STORE_THREADS", "4")))
    return _limiter


async def in_store_thread(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=_store_limiter())
