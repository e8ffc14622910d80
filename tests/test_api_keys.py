"""Revoking an API key (issue 14): effective at once in the process that revoked it (the API's
`POST /v1/keys/{id}/revoke`, or the store's `revoke` in this process), within `KEY_CACHE_SECONDS` (a few
seconds) in every other process — `kepil keys revoke`, another worker — which read the key again when their
cached entry expires (docs/service.md)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from kepil.api import auth
from kepil.store.keys import PREFIX


def key_id(key: str) -> str:
    return key.removeprefix(PREFIX).split(".")[0]


def test_an_admin_revokes_a_key_over_http_and_it_is_refused_at_once(api) -> None:  # type: ignore[no-untyped-def]
    desk = api.as_("analyst")
    assert desk.get("/v1/acts").status_code == 200  # verified and cached
    r = api.as_("admin").post(f"/v1/keys/{key_id(api.key('analyst'))}/revoke")
    assert r.status_code == 200 and r.json()["revoked"] is True
    assert desk.get("/v1/acts").status_code == 401  # the next request, not 3 s later
    assert api.as_("admin").post("/v1/keys/abcdef123456/revoke").status_code == 404


def test_only_an_admin_revokes_keys(api) -> None:  # type: ignore[no-untyped-def]
    target = key_id(api.key("analyst"))
    assert api.as_("analyst").post(f"/v1/keys/{target}/revoke").status_code == 403
    assert api.as_("analyst").get("/v1/acts").status_code == 200


def test_a_key_revoked_by_another_process_is_refused_within_the_cache_time(
    api, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from kepil.store.db import transaction
    from kepil.store.models import ApiKey

    assert auth.KEY_CACHE_SECONDS <= 5  # "within a few seconds elsewhere"
    desk = api.as_("analyst")
    assert desk.get("/v1/acts").status_code == 200
    now = auth._now()
    # another process (`kepil keys revoke`, another worker) writes the revocation: this process's set of
    # keys revoked here does not know of it
    import datetime as dt

    with transaction(api.engine) as s:
        s.execute(update(ApiKey).values(revoked_at=dt.datetime.now(dt.UTC)))
    clock: dict[str, Any] = {"t": now + auth.KEY_CACHE_SECONDS / 2}
    monkeypatch.setattr(auth, "_now", lambda: clock["t"])
    assert desk.get("/v1/acts").status_code == 200  # still cached, for less than KEY_CACHE_SECONDS
    clock["t"] = now + auth.KEY_CACHE_SECONDS + 0.01
    assert desk.get("/v1/acts").status_code == 401
