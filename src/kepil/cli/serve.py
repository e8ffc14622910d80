"""`kepil serve`: the HTTP API (FastAPI on uvicorn)."""

from __future__ import annotations

import os

import typer

from kepil.cli.common import err_console, handle_errors
from kepil.cli.db import UrlOption, shown_url
from kepil.store.db import database_url, make_engine
from kepil.store.migrate import ensure_current


@handle_errors
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes."),
    database_url_option: str | None = UrlOption,
    access_log: bool = typer.Option(
        True, "--access-log/--no-access-log", help="Log each request (IINs masked)."
    ),
) -> None:
    """Serve the API: /v1 (JSON), /fhir (FHIR R4), /docs (OpenAPI). Run `kepil db upgrade` first."""
    import uvicorn

    url = database_url(database_url_option)
    engine = make_engine(url)
    ensure_current(engine)  # refuse to start on a stale schema, with the command that fixes it
    engine.dispose()
    os.environ["KEPIL_DATABASE_URL"] = url
    if workers > 1 and "POLARS_MAX_THREADS" not in os.environ:
        # Each worker's Polars pool would otherwise take every core: N workers oversubscribe the machine
        # (docs/service-benchmarks.md).
        os.environ["POLARS_MAX_THREADS"] = str(max(1, (os.cpu_count() or 1) // workers))
    err_console.print(f"kepil on http://{host}:{port}  (docs: /docs; database: {shown_url(url)})")
    uvicorn.run(
        "kepil.api.asgi:app",
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        log_level="info",
        loop="uvloop",
        http="httptools",
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
