"""The monitoring algorithms are written once (Ibis) and run on DuckDB and on Apache Spark (issue 5):
the same fixture gives identical defects tables; the engine's errors are named in kk/ru/en."""

from __future__ import annotations

from pathlib import Path

import pytest

from kepil.engine import backends
from kepil.errors import InvalidInput
from kepil.law.monitoring_rules.defects import find_defects
from test_monitoring_algorithms import SCENARIO_FOUND, scenario  # a claim for every rule, clean ones


@pytest.mark.spark
def test_duckdb_and_spark_give_identical_defects(tmp_path: Path) -> None:
    """monitoring-rules 13: the automated algorithms give the same codes, penalties and details on both."""
    pytest.importorskip("pyspark")
    if not backends._java_available():
        pytest.skip("no Java for Spark")
    inputs = scenario().write(tmp_path / "in")
    # One local session for the whole test run, made for tiny data: one core, one shuffle partition, the
    # JVM's quick (C1) compiler only (halves the first run's warm-up).
    quick = {
        "spark.sql.shuffle.partitions": "1",
        "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
    }
    backends.spark_session(tmp_path / "spark", master="local[1]", conf=quick)
    duck = find_defects(inputs, "2026-03", engine="duckdb", workdir=tmp_path / "d")
    spark = find_defects(inputs, "2026-03", engine="spark", workdir=tmp_path / "s")
    assert duck.num_rows == len(SCENARIO_FOUND)
    assert spark.schema == duck.schema
    assert spark.to_pylist() == duck.to_pylist()
    # temporary views of a run are dropped: the session can serve the next run
    session = backends.spark_session(tmp_path / "spark")
    assert not [t for t in session.catalog.listTables() if t.name.startswith("kepil_")]


def test_unknown_engine_is_named() -> None:
    with pytest.raises(InvalidInput) as e:
        backends.connect("oracle")
    assert e.value.field == "engine" and "duckdb" in e.value.text("ru")


def test_spark_without_java_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(backends, "_spark", None)
    monkeypatch.setattr(backends, "_java_available", lambda: False)
    with pytest.raises(backends.EngineUnavailable) as e:
        backends.connect("spark", tmp_path)
    assert "Java" in e.value.text("kk") and "JAVA_HOME" in e.value.message


def test_spark_without_pyspark_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    monkeypatch.setattr(backends, "_spark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # import fails
    with pytest.raises(backends.EngineUnavailable) as e:
        backends.connect("spark", tmp_path)
    assert "kepil[spark]" in e.value.message


def test_duckdb_reads_parquet_as_views_or_loads_them(tmp_path: Path) -> None:
    inputs = scenario().write(tmp_path / "in")
    con = backends.connect("duckdb", tmp_path / "w")
    view = backends.register_parquet(con, "claims", inputs.claims)
    loaded = backends.register_parquet(con, "claims_mem", inputs.claims, load=True)
    assert con.execute(view.count()) == con.execute(loaded.count()) == len(scenario().claims)
    assert find_defects(inputs, "2026-03", load=True, workdir=tmp_path / "w").equals(
        find_defects(inputs, "2026-03", workdir=tmp_path / "w")
    )
