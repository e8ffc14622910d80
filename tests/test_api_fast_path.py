"""`POST /v1/coverage/decisions` without FastAPI's dependency resolution once the key is known (issue 17,
`kepil.api.routes.coverage.DecisionFastPath`): the same status, headers and bytes as the route gives."""

from __future__ import annotations

from typing import Any

import pytest

from decision_bodies import BODIES, REQUEST
from kepil.api import auth
from serving import run_coroutine

PATH = "/v1/coverage/decisions"


@pytest.fixture
def key_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every key the FastAPI route's dependency looks up (the fast path looks up none)."""
    reads: list[str] = []
    real = auth.principal_of_key

    async def counted(request: Any, key: str) -> Any:
        reads.append(key)
        return await real(request, key)

    monkeypatch.setattr(auth, "principal_of_key", counted)
    return reads


@pytest.mark.parametrize("lang", [None, "ru", "kk"])
def test_the_fast_path_answers_as_the_route(api, key_reads: list[str], lang: str | None) -> None:  # type: ignore[no-untyped-def]
    client = api.as_("analyst", lang=lang)
    for body in BODIES:
        auth.forget_keys()
        route = client.post(PATH, content=body, headers={"Content-Type": "application/json"})
        assert len(key_reads) == 1  # the route's way: the key read from the store, then remembered
        fast = client.post(PATH, content=body, headers={"Content-Type": "application/json"})
        assert len(key_reads) == 1  # answered before FastAPI: no dependency ran
        assert fast.status_code == route.status_code
        assert fast.content == route.content
        assert dict(fast.headers) == dict(route.headers)
        assert fast.headers.raw == route.headers.raw  # the same headers in the same order: the same bytes
        key_reads.clear()


def test_anything_else_goes_the_route_s_way(api, key_reads: list[str]) -> None:  # type: ignore[no-untyped-def]
    client = api.as_("analyst")
    assert client.post(PATH, json=REQUEST).status_code == 200
    explained = client.post(PATH + "?explain=true", json=REQUEST)
    assert explained.status_code == 200 and "trace" in explained.json()
    assert client.post(PATH + "?explain=maybe", json=REQUEST).status_code == 422
    assert client.post(PATH, json=REQUEST, headers={"Authorization": "Bearer kepil_x.y"}).status_code == 401
    assert len(key_reads) == 4  # every one of them through the route's dependency


def test_a_key_revoked_here_stops_at_once(api) -> None:  # type: ignore[no-untyped-def]
    from kepil.store.keys import revoke

    client = api.as_("analyst")
    assert client.post(PATH, json=REQUEST).status_code == 200
    assert client.post(PATH, json=REQUEST).status_code == 200  # the fast path, key remembered
    key_id = next(iter(auth._cache.values()))[1].key_id
    revoke(api.engine, key_id)
    r = client.post(PATH, json=REQUEST)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_a_failing_decision_is_answered_by_the_stack_as_by_the_route(api, monkeypatch, key_reads) -> None:  # type: ignore[no-untyped-def]
    from kepil.api.routes import coverage

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("broken")

    monkeypatch.setattr(coverage, "decide", broken)
    client = api.as_("analyst")
    auth.forget_keys()
    route = client.post(PATH, json=REQUEST)
    fast = client.post(PATH, json=REQUEST)  # key known: the fast path tries, then the stack answers
    assert route.status_code == fast.status_code == 500
    assert fast.content == route.content and dict(fast.headers) == dict(route.headers)


def test_a_body_past_the_limit_goes_to_the_stack_unread() -> None:
    """The body limit's 413 is the stack's (kepil.api.routing.BodyLimit): no body past it is read."""
    from kepil.api.routes.coverage import DecisionFastPath
    from kepil.store.keys import Principal

    seen: list[Any] = []

    async def stack(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["path"])

    async def receive() -> Any:
        raise AssertionError("the fast path read the body")

    async def send(message: Any) -> None:
        raise AssertionError("the fast path answered")

    auth._cache["kepil_test.key"] = (float("inf"), Principal("k", "analyst", None))
    try:
        headers = [(b"authorization", b"Bearer kepil_test.key"), (b"content-length", b"11")]
        scope = {"type": "http", "path": PATH, "method": "POST", "query_string": b"", "headers": headers}
        run_coroutine(lambda: DecisionFastPath(stack, [], limit=10)(scope, receive, send))
    finally:
        auth.forget_keys()
    assert seen == [PATH]
