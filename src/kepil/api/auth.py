"""Bearer keys and roles. A verified key is remembered for `KEY_CACHE_SECONDS` so that the coverage hot
path does not read the database per request. A key revoked by this process (`POST /v1/keys/{id}/revoke`,
or `kepil.store.keys.revoke` here) stops working at once; one revoked elsewhere (`kepil keys revoke`,
another worker) within KEY_CACHE_SECONDS, when the cached entry expires and the key is read again."""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from kepil.store import keys
from kepil.store.keys import ORGANISATION_ROLES, Principal, authenticate

KEY_CACHE_SECONDS = 3.0
_cache: dict[str, tuple[float, Principal]] = {}


def bearer_key(header: str) -> str | None:
    """The key of an `Authorization: Bearer KEY` header; None for any other header."""
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    return key.strip()


async def principal(request: Request) -> Principal:
    key = bearer_key(request.headers.get("authorization", ""))
    if key is None:
        raise HTTPException(401)
    found = await principal_of_key(request, key)
    if found is None:
        raise HTTPException(401)
    return found


def cached_principal(key: str, now: float | None = None) -> Principal | None:
    """The principal of a key this process verified less than KEY_CACHE_SECONDS ago and has not revoked."""
    hit = _cache.get(key)
    if hit is not None and hit[0] > (now or _now()) and hit[1].key_id not in keys.revoked_here:
        return hit[1]
    return None


async def principal_of_key(request: Request, key: str) -> Principal | None:
    """The principal of a key (from the header or the pages' cookie), cached; None when not valid."""
    now = _now()
    hit = cached_principal(key, now)
    if hit is not None:
        return hit
    found = await run_in_threadpool(authenticate, request.app.state.engine, key)
    if found is None:
        _cache.pop(key, None)
        return None
    if len(_cache) > 10_000:
        _cache.clear()
    _cache[key] = (now + KEY_CACHE_SECONDS, found)
    return found


def _now() -> float:
    return time.monotonic()


def forget_keys() -> None:
    _cache.clear()


def allow(*roles: str) -> Callable[[Request], Coroutine[Any, Any, Principal]]:
    """A dependency: the caller's principal when its role is one of `roles` (admin always), else 403."""
    allowed = frozenset((*roles, "admin"))

    async def dependency(request: Request) -> Principal:
        who = await principal(request)
        if who.role not in allowed:
            raise HTTPException(403)
        return who

    dependency.kepil_roles = allowed  # type: ignore[attr-defined]  # kepil.api.openapi: 401, 403
    return dependency


def own_organisation(who: Principal, organisation_id: str) -> None:
    """Registrar and provider keys act for their own organisation only (403 otherwise)."""
    if who.role in ORGANISATION_ROLES and who.organisation_id != organisation_id:
        raise HTTPException(403)


ANY_ROLE = allow("registrar", "provider", "analyst")
ANY_ROLE_NAMES: frozenset[str] = ANY_ROLE.kepil_roles  # type: ignore[attr-defined]  # admin included
