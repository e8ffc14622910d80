"""Who is looking at a page: the API key given at sign-in, kept in an HttpOnly, SameSite=Strict cookie
(so that a form posted from another site carries no key). Pages allow the same roles as the API."""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from kepil.api.auth import principal_of_key
from kepil.store.keys import ORGANISATION_ROLES, Principal
from kepil.store.providers import organisation_names

COOKIE = "kepil_key"


class LoginRequired(Exception):
    """No valid key: the page redirects to /login and comes back after it."""


class PageForbidden(Exception):
    """A valid key whose role may not open this page (403, as the API)."""


async def viewer(request: Request) -> Principal | None:
    """The signed-in principal, or None; its organisation's name goes to `request.state` for the header
    (read here, in a thread, not while the page renders on the event loop)."""
    key = request.cookies.get(COOKIE, "").strip()
    if not key:
        return None
    who = await principal_of_key(request, key)
    if who is not None and who.organisation_id:
        request.state.organisation_name = await organisation_name(request, who.organisation_id)
    return who


def page_access(*roles: str) -> Callable[[Request], Coroutine[Any, Any, Principal]]:
    """A dependency: the viewer when signed in with one of `roles` (admin always)."""
    allowed = frozenset((*roles, "admin"))

    async def dependency(request: Request) -> Principal:
        who = await viewer(request)
        if who is None:
            raise LoginRequired()
        if who.role not in allowed:
            raise PageForbidden()
        return who

    return dependency


NAME_CACHE_SECONDS = 60.0


async def organisation_name(request: Request, organisation_id: str) -> str | None:
    """The registry's name of the viewer's organisation, for the header; remembered for a minute so that a
    page view does not read it each time (a primary-key read when it does)."""
    state = request.app.state
    if not hasattr(state, "organisation_names"):
        state.organisation_names = {}  # this app's (its database's) names: {id: (expires, name)}
    names: dict[str, tuple[float, str | None]] = state.organisation_names
    now = time.monotonic()
    hit = names.get(organisation_id)
    if hit is not None and hit[0] > now:
        return hit[1]
    found = await run_in_threadpool(organisation_names, state.engine, [organisation_id])
    name = found.get(organisation_id)
    if len(names) > 10_000:
        names.clear()
    names[organisation_id] = (now + NAME_CACHE_SECONDS, name)
    return name


def organisation_scope(who: Principal) -> str | None:
    """The one organisation a registrar or provider key may see; None for analysts and admins."""
    return who.organisation_id if who.role in ORGANISATION_ROLES else None
