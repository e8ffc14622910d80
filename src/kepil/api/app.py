"""The FastAPI application: `create_app()` binds it to one database; `kepil serve` runs it."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import kepil
from kepil.api import errors, openapi
from kepil.api.logs import install_masking
from kepil.api.routes import (
    attachments,
    coverage,
    fhir,
    keys,
    monitoring,
    payments,
    reference,
    registry,
    whatif,
)
from kepil.api.routing import BodyLimit
from kepil.limits import MAX_JSON_BYTES
from kepil.store.db import make_engine
from kepil.store.migrate import ensure_current
from kepil.web import install as install_pages

VERSION_HEADER = b"x-kepil-version"
log = logging.getLogger("kepil.api")


class VersionHeader:
    """A pure ASGI middleware (cheap on the hot path): every response names kepil's version."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.value = kepil.__version__.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (VERSION_HEADER, self.value)]
            await send(message)

        await self.app(scope, receive, with_header)


def create_app(
    database_url: str | None = None, engine: Engine | None = None, check_schema: bool = True
) -> FastAPI:
    """The service on `engine` (or a new engine for `database_url` / KEPIL_DATABASE_URL / kepil.db)."""
    engine = engine or make_engine(database_url)
    if check_schema:
        ensure_current(engine)
    app = FastAPI(
        title="kepil",
        version=kepil.__version__,
        description=(
            "Kazakhstan's guarantees of medical care (GVFMC / CSHI 2026–2028) as a service: coverage "
            "decisions citing their clauses, the PHC attachment registry, providers and purchase contracts, "
            "the acts' reference tables, the Fund's monitoring (defects, objections, hidden defects, the "
            "review worklist), and FHIR R4 CoverageEligibilityRequest. Authenticate with "
            "`Authorization: Bearer KEY` (`kepil keys create`). Messages follow Accept-Language: kk, ru, en."
        ),
    )
    app.state.engine = engine
    errors.install(app)
    for module in (coverage, attachments, registry, keys, reference, fhir, monitoring, payments, whatif):
        app.include_router(module.router)
    install_pages(app)  # the pages for people (kepil.web): /, /coverage, /persons, /monitoring, ...

    @app.get("/health", tags=["service"], summary="Liveness: the process answers")
    async def health() -> dict[str, str]:
        return {"status": "ok", "version": kepil.__version__}

    openapi.install(app)  # every status each operation answers, with the error object
    app.add_middleware(BodyLimit, limit=MAX_JSON_BYTES)  # larger bodies: 413, never read whole
    app.add_middleware(VersionHeader)
    build = app.build_middleware_stack
    version = [(VERSION_HEADER, kepil.__version__.encode())]

    def with_fast_path() -> ASGIApp:  # outermost: one decision skips the stack (~11 µs of ~66; issue 17)
        return coverage.DecisionFastPath(build(), headers=version, limit=MAX_JSON_BYTES)

    app.build_middleware_stack = with_fast_path  # type: ignore[method-assign]
    setattr(app.state, coverage.FAST_DECISIONS, True)  # and kepil serve's protocol (kepil.api.protocol)
    install_masking()
    return app
