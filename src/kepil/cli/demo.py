"""`kepil demo`: build the demonstration dataset (once) and serve the pages on it.

    kepil demo [--dir demo] [--claims 200000] [--seed 7] [--rebuild] [--no-serve] [--host H] [--port P]

The dataset (kepil.demo.dataset) is built into DIR and reused while its stamp matches; then the service
runs on DIR/kepil.db with the sign-in page offering one key per role (KEPIL_DEMO_KEYS=DIR/keys.json)."""

from __future__ import annotations

from pathlib import Path

import typer

from kepil.cli.common import console, err_console, fail, parse_lang
from kepil.cli.serve import check_demo_host, check_port, serve
from kepil.demo.dataset import DEFAULT_CLAIMS, DEFAULT_SEED, DemoInfo, build
from kepil.errors import CommandFailed, InvalidInput, KepilError
from kepil.i18n import Lang, Text

TEXTS: dict[str, Text] = {
    "built": Text("Демо деректері дайын: {dir} ({seconds:.1f} с)",
                  "Демо-данные готовы: {dir} ({seconds:.1f} с)",
                  "Demonstration data ready: {dir} ({seconds:.1f} s)"),
    "reused": Text("Бұрынғы демо деректері қолданылды: {dir} (--rebuild қайта құрады)",
                   "Использованы прежние демо-данные: {dir} (--rebuild пересоздаст)",
                   "Reused the demonstration data in {dir} (--rebuild builds it anew)"),
    "open": Text("Ашыңыз: {url}  (Ctrl-C тоқтатады)", "Откройте: {url}  (Ctrl-C остановит)",
                 "Open: {url}  (Ctrl-C stops)"),
    "keys": Text("Кілттер (кіру бетінде батырма ретінде де бар)", "Ключи (есть и кнопками на странице входа)",
                 "Keys (also offered as buttons on the sign-in page)"),
    "try": Text("Байқап көріңіз: ЖСН {attached} (тіркелген), {free} (тіркелмеген), шағым {claim}",
                "Попробуйте: ИИН {attached} (прикреплён), {free} (не прикреплён), случай {claim}",
                "Try: IIN {attached} (attached), {free} (not attached), claim {claim}"),
    "serve_cmd": Text("Кейін: kepil serve --demo --demo-dir {dir}",
                      "Позже: kepil serve --demo --demo-dir {dir}",
                      "Later: kepil serve --demo --demo-dir {dir}"),
}  # fmt: skip


def demo_command(
    directory: Path = typer.Option(
        Path("demo"), "--dir", help="Where the dataset is built (gitignored demo/)."
    ),
    claims: int = typer.Option(DEFAULT_CLAIMS, "--claims", help="Claims of each synthetic month."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Random seed: the same seed gives the same data."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Build anew even when DIR holds a matching build."),
    serve_after: bool = typer.Option(True, "--serve/--no-serve", help="Serve the pages after building."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    lang: str = typer.Option("en", "--lang", help="Language of the progress and messages: kk, ru or en."),
    public: bool = typer.Option(
        False,
        "--demo-public",
        help="Listen on a non-loopback --host: anyone who reaches it signs in as admin.",
    ),
) -> None:
    """Build the demonstration dataset (providers, attachments, two monitored months, the stored reports,
    one key per role) and serve the pages on it until Ctrl-C."""
    try:
        chosen = parse_lang(lang)
        if serve_after:
            check_demo_host(host, public, warn=False)  # admin keys: loopback only (serve() warns)
            check_port(host, port)  # before minutes of work, not after
        info = build(
            directory,
            claims,
            seed,
            rebuild=rebuild,
            step=lambda text, seconds: err_console.print(
                f"  {seconds:6.2f} s  {text[chosen]}", highlight=False
            ),
        )
        _print(info, chosen, host, port, serve_after)
        if serve_after:
            serve(info.database_url, host, port, demo_keys=info.keys_path, demo_public=public)
    except CommandFailed as e:
        fail(e.text(lang if lang in ("kk", "ru", "en") else "en"), code=1)
    except InvalidInput as e:
        fail(f"{e.field}: {e.text(lang if lang in ('kk', 'ru', 'en') else 'en')}")
    except KepilError as e:
        fail(str(e), code=1)


def _print(info: DemoInfo, lang: Lang, host: str, port: int, serving: bool) -> None:
    t = {k: v[lang] for k, v in TEXTS.items()}
    line = t["reused"] if info.reused else t["built"]
    console.print(line.format(dir=info.dir, seconds=info.seconds), highlight=False)
    console.print(f"{t['keys']}:", highlight=False)
    for k in info.keys:  # one line a key (a table would wrap the keys in a narrow terminal)
        console.print(
            f"  {k['role']:<10} {k['organisation'] or '—':<12} {k['key']}", highlight=False, soft_wrap=True
        )
    a, m = info.about.get("attachments", {}), info.about.get("monitoring", {})
    console.print(
        t["try"].format(attached=a.get("attached_iin"), free=a.get("free_iin"), claim=m.get("claim_id")),
        highlight=False,
    )
    if serving:
        shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
        console.print(t["open"].format(url=f"http://{shown}:{port}/login"), highlight=False)
    else:
        console.print(t["serve_cmd"].format(dir=info.dir), highlight=False)


def register(app: typer.Typer) -> None:
    """Add `kepil demo` to the main app."""
    app.command("demo")(demo_command)
