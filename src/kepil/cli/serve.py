"""`kepil serve`: the HTTP API (FastAPI on uvicorn) and the pages beside it; `--demo` serves the
demonstration store that `kepil demo` built, with its sign-in buttons."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys
from pathlib import Path

import typer

from kepil.cli.common import err_console, handle_errors
from kepil.cli.db import UrlOption, shown_url
from kepil.errors import CommandFailed
from kepil.i18n import Text
from kepil.store.db import database_url
from kepil.store.migrate import open_store

PORT_TAKEN = Text(
    "{host}:{port} бос емес (басқа сервер тыңдап тұр); басқа --port беріңіз",
    "{host}:{port} занят (его слушает другой сервер); укажите другой --port",
    "{host}:{port} is taken (another server listens on it); give another --port",
)
NO_ADDRESS = Text(
    "{host}:{port} тыңдау мүмкін емес: {reason}",
    "невозможно слушать {host}:{port}: {reason}",
    "cannot listen on {host}:{port}: {reason}",
)
NO_DEMO = Text(
    "{dir} ішінде демо деректері жоқ: алдымен `kepil demo --no-serve --dir {dir}` іске қосыңыз",
    "в {dir} нет демо-данных: сначала выполните `kepil demo --no-serve --dir {dir}`",
    "no demonstration data in {dir}: run `kepil demo --no-serve --dir {dir}` first",
)

DEMO_NOT_LOCAL = Text(
    "--demo тек осы компьютерде тыңдайды (127.0.0.1, ::1, localhost), {host} емес: демо кілттері — "
    "нағыз әкімші кілттері, кіру бетінде батырма ретінде ұсынылады. Басқа компьютерлерге ашу үшін "
    "--demo-public беріңіз (желіде кім болса да әкімші ретінде кіреді).",
    "--demo слушает только этот компьютер (127.0.0.1, ::1, localhost), не {host}: демо-ключи — настоящие "
    "ключи администратора, и страница входа предлагает их кнопками. Чтобы открыть для других компьютеров, "
    "укажите --demo-public (любой в сети войдёт администратором).",
    "--demo listens on this computer only (127.0.0.1, ::1, localhost), not {host}: the demonstration keys "
    "are real admin keys and the sign-in page offers them as buttons. To open it to other computers give "
    "--demo-public (anyone on the network signs in as admin).",
)
DEMO_PUBLIC = Text(
    "НАЗАР АУДАРЫҢЫЗ: демо {host} адресінде ашық; оған жететін кез келген адам әкімші ретінде кіреді. "
    "Нағыз деректерді мұнда сақтамаңыз.",
    "ВНИМАНИЕ: демо открыто на {host}; любой, кто до него дотянется, войдёт администратором. "
    "Не храните здесь настоящие данные.",
    "WARNING: the demonstration is open on {host}; anyone who reaches it signs in as admin. "
    "Keep no real data in it.",
)


def check_port(host: str, port: int) -> None:
    """Bind the address once, so that a taken port is a clear message before uvicorn starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise CommandFailed(PORT_TAKEN.format(host=host, port=port)) from None
            raise CommandFailed(NO_ADDRESS.format(host=host, port=port, reason=e.strerror or e)) from None


def is_loopback(host: str) -> bool:
    """Whether `host` is this computer only: localhost or a loopback address (127.0.0.0/8, ::1)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_demo_host(host: str, public: bool, warn: bool = True) -> None:
    """A demonstration server offers admin keys to whoever opens it: only on loopback, unless `public`
    (then a loud warning; `warn=False` for the early check of a command whose `serve()` warns)."""
    if is_loopback(host):
        return
    if not public:
        raise CommandFailed(DEMO_NOT_LOCAL.format(host=host))
    if not warn:
        return
    warning = DEMO_PUBLIC.format(host=host)
    for lang in ("kk", "ru", "en"):  # loud, in every language: the operator must not miss it
        err_console.print(f"[bold red]{warning[lang]}[/]", highlight=False)


# How long a new worker may take to answer uvicorn's health check before it is killed and started again.
# uvicorn's 5 s are less than a worker's start on a busy machine (the spawned process imports the command
# and the application: 10 s of wall time were seen at load 13 on two cores), and a worker killed for being
# slow is started again just as slow: the server never became ready (issue 14).
WORKER_STARTUP_SECONDS = 60
# uvicorn's httptools protocol, with a single coverage decision answered as it is parsed (issue 17)
HTTP_PROTOCOL = "kepil.api.protocol:DecisionProtocol"


def serve(
    url: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    access_log: bool = True,
    demo_keys: Path | None = None,
    demo_public: bool = False,
    worker_timeout: int = WORKER_STARTUP_SECONDS,
) -> None:
    """Run uvicorn on the store at `url` until interrupted. `demo_keys`: the keys file whose keys the
    sign-in page offers as buttons (only a demonstration server sets it, on loopback unless `demo_public`)."""
    import uvicorn

    # here, not at the top: importing kepil.web loads every page (and their law modules); the server loads
    # them anyway, every other command would pay for them at start
    from kepil.web.pages.home import DEMO_KEYS_ENV

    if demo_keys is not None:
        check_demo_host(host, demo_public)

    # SQLite made on first use; a stale schema or an unreachable server refused here, in one line
    open_store(url).dispose()
    check_port(host, port)
    os.environ["KEPIL_DATABASE_URL"] = url
    if demo_keys is not None:
        os.environ[DEMO_KEYS_ENV] = str(demo_keys)
    else:  # a plain server never offers sign-in keys, whatever the environment it was started from says
        os.environ.pop(DEMO_KEYS_ENV, None)
    if workers > 1 and "POLARS_MAX_THREADS" not in os.environ:
        # Each worker's Polars pool would otherwise take every core: N workers oversubscribe the machine
        # (docs/service-benchmarks.md).
        os.environ["POLARS_MAX_THREADS"] = str(max(1, (os.cpu_count() or 1) // workers))
    err_console.print(f"kepil on http://{host}:{port}  (docs: /docs; database: {shown_url(url)})")
    if workers > 1:
        # Several workers: this process becomes uvicorn's own command. Each worker is a spawned interpreter
        # that first imports its parent's main module — uvicorn's, not the whole `kepil` command — before
        # it can answer the supervisor's health check (issue 14: a server that starts on a busy machine).
        args = ["--host", host, "--port", str(port), "--workers", str(workers), "--log-level", "info"]
        args += [
            "--loop",
            "uvloop",
            "--http",
            HTTP_PROTOCOL,
            f"--timeout-worker-healthcheck={worker_timeout}",
        ]
        args += ["--access-log" if access_log else "--no-access-log"]
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, [sys.executable, "-m", "uvicorn", "kepil.api.asgi:app", *args])
    uvicorn.run(
        "kepil.api.asgi:app",
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        log_level="info",
        loop="uvloop",
        http=HTTP_PROTOCOL,
        timeout_worker_healthcheck=worker_timeout,
    )


@handle_errors
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes."),
    database_url_option: str | None = UrlOption,
    access_log: bool = typer.Option(
        True, "--access-log/--no-access-log", help="Log each request (IINs masked)."
    ),
    demo: bool = typer.Option(
        False,
        "--demo",
        help="Serve the demonstration store of `kepil demo` (DIR/kepil.db) with its sign-in keys.",
    ),
    demo_dir: Path = typer.Option(Path("demo"), "--demo-dir", help="The directory `kepil demo` built."),
    demo_public: bool = typer.Option(
        False,
        "--demo-public",
        help="Let --demo listen on a non-loopback --host: anyone who reaches it signs in as admin.",
    ),
    worker_timeout: int = typer.Option(
        WORKER_STARTUP_SECONDS,
        "--worker-timeout",
        min=1,
        help="Seconds a worker may take to answer its health check (start-up on a busy machine).",
    ),
) -> None:
    """Serve the API: /v1 (JSON), /fhir (FHIR R4), /docs (OpenAPI), and the pages. Run `kepil db upgrade`
    first (or `kepil demo --no-serve` for --demo)."""
    keys = None
    if demo:
        check_demo_host(host, demo_public, warn=False)  # before anything else: the keys are admin keys
        db, keys = demo_dir / "kepil.db", demo_dir / "keys.json"
        if not (db.is_file() and keys.is_file()):
            raise CommandFailed(NO_DEMO.format(dir=demo_dir))
        url = f"sqlite:///{db.resolve()}"
        keys = keys.resolve()
    else:
        url = database_url(database_url_option)
    serve(url, host, port, workers, access_log, keys, demo_public, worker_timeout)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
