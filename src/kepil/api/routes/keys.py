"""API keys over HTTP: an admin revokes a key (effective at once in this worker, within
`KEY_CACHE_SECONDS` in the others; docs/service.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request

from kepil.api.auth import allow
from kepil.api.routing import BoundedRoute, known_query
from kepil.api.threads import in_store_thread
from kepil.errors import InvalidInput
from kepil.store import keys
from kepil.store.keys import Principal
from kepil.store.providers import NotFound

router = APIRouter(prefix="/v1", tags=["keys"], route_class=BoundedRoute, dependencies=[Depends(known_query)])
KeyId = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[0-9a-f]+$", description="the key's id")]


@router.post("/keys/{key_id}/revoke", summary="Revoke an API key (admin): refused from the next request on")
async def revoke_key(request: Request, key_id: KeyId, who: Principal = Depends(allow())) -> dict[str, Any]:
    try:
        await in_store_thread(keys.revoke, request.app.state.engine, key_id, who.actor)
    except InvalidInput:
        raise NotFound(key_id) from None
    return {"id": key_id, "revoked": True}
