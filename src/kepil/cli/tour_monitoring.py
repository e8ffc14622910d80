"""The tour's monitoring run: a small synthetic month through the Fund's automated algorithms on DuckDB,
stored in an SQLite file (the embedded defaults), with the illustrative tariff book."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from kepil.claims.synth import generate
from kepil.cli.common import console
from kepil.cli.monitor import summary_table
from kepil.data import data_path
from kepil.i18n import Lang
from kepil.monitoring.run import run_monitoring
from kepil.store.migrate import upgrade

CLAIMS = 20_000
SEED = 7
# The Monday after the period: the objection window of 26 is counted from it.
DETECTED_ON = dt.date(2026, 4, 6)


def monitoring_example(lang: Lang) -> None:
    with tempfile.TemporaryDirectory(prefix="kepil-tour-") as tmp:
        month, out = Path(tmp) / "month", Path(tmp) / "run"
        generate(CLAIMS, SEED, month)
        url = f"sqlite:///{Path(tmp) / 'kepil.db'}"
        upgrade(url)
        summary = run_monitoring(
            month / "claims.parquet",
            month / "persons.parquet",
            month / "contracts.parquet",
            out,
            tariffs=data_path("program_2026_2028", "tariffs_example_2026.yaml"),
            database_url=url,
            detected_on=DETECTED_ON,
        ).as_dict()
        console.print(summary_table(summary, lang))
        console.print(
            f"{summary['claims']:,} synthetic claims (kepil synth --claims {CLAIMS} --seed {SEED}); "
            f"objections until {summary['deadlines']['objection_deadline']} (monitoring-rules 26); "
            "kepil monitor run --help"
        )
