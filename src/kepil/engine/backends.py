"""Ibis connections for the batch work (monitoring, payment): DuckDB by default, Apache Spark on request.

The monitoring algorithms are Ibis expressions written once; `connect` gives the backend they run on.

- DuckDB: an in-process, in-memory database; spills to `workdir` past its memory limit.
- Spark: one local (or configured) SparkSession per process, with its warehouse and Derby metastore in
  `workdir` (never in the repository), temporary views only, UTC session time zone (dates stay dates).

`register_parquet` makes an input file a table of the connection: on DuckDB a view over the Parquet
file by default (each query reads only the columns it needs, in parallel; loading 10 M claims into
memory first costs more time and ~2.5 GB than the few scans the rules make — `load=True` loads it), on
Spark a temporary view. `register_arrow` does the same for a small Arrow table built in Python (the
working-day calendar, the coverage engine's answers).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, Literal, get_args

import ibis
import pyarrow as pa
from ibis.backends import BaseBackend

from kepil.errors import InvalidInput
from kepil.i18n import Text

Engine = Literal["duckdb", "spark"]
ENGINES: tuple[str, ...] = get_args(Engine)
ENV_MASTER = "KEPIL_SPARK_MASTER"
DEFAULT_MASTER = "local[2]"
# DuckDB's share of the memory: the run must stay within 4 GB in all (issue 5), Python and Arrow included.
ENV_DUCKDB_MEMORY = "KEPIL_DUCKDB_MEMORY_LIMIT"
DEFAULT_DUCKDB_MEMORY = "3GB"

_lock = threading.Lock()
_spark: Any = None  # the process's SparkSession, created once

NO_PYSPARK = Text(
    "Spark қозғалтқышына PySpark керек: `pip install 'kepil[spark]'` орнатыңыз.",
    "Для движка Spark нужен PySpark: установите `pip install 'kepil[spark]'`.",
    "The Spark engine needs PySpark: install it with `pip install 'kepil[spark]'`.",
)
NO_JAVA = Text(
    "Spark қозғалтқышына Java (17) керек: JAVA_HOME белгіленбеген және `java` PATH-та жоқ.",
    "Для движка Spark нужна Java (17): JAVA_HOME не задан и `java` нет в PATH.",
    "The Spark engine needs Java (17): JAVA_HOME is not set and `java` is not on the PATH.",
)
BAD_ENGINE = Text(
    "белгісіз қозғалтқыш {value!r}; күтілетіні: duckdb немесе spark",
    "неизвестный движок {value!r}; ожидается duckdb или spark",
    "unknown engine {value!r}; expected duckdb or spark",
)
SPARK_FAILED = Text(
    "Spark сессиясы ашылмады: {error}",
    "Не удалось открыть сессию Spark: {error}",
    "Could not start a Spark session: {error}",
)


class EngineUnavailable(InvalidInput):
    """The chosen engine cannot run here (PySpark or Java missing); `field` is "engine"."""


def check_engine(engine: str) -> Engine:
    if engine not in ENGINES:
        raise InvalidInput("engine", BAD_ENGINE.format(value=engine))
    return engine  # type: ignore[return-value]


def connect(
    engine: str = "duckdb",
    workdir: str | Path | None = None,
    *,
    master: str | None = None,
    spark_conf: dict[str, str] | None = None,
) -> BaseBackend:
    """An Ibis backend for `engine`. `workdir` holds DuckDB's spill files or Spark's warehouse and
    metastore (default: the system's temporary directory). `master` (Spark) defaults to
    $KEPIL_SPARK_MASTER, else local[2]; `spark_conf` adds Spark settings for a session created now."""
    chosen = check_engine(engine)
    work = Path(workdir) if workdir is not None else Path(tempfile.gettempdir()) / "kepil-engine"
    work.mkdir(parents=True, exist_ok=True)
    if chosen == "duckdb":
        return ibis.duckdb.connect(
            memory_limit=os.environ.get(ENV_DUCKDB_MEMORY, DEFAULT_DUCKDB_MEMORY),
            temp_directory=str(work / "duckdb-tmp"),
        )
    # The session first: `ibis.pyspark` imports PySpark, and without it the user should get NO_PYSPARK.
    session = spark_session(work, master=master, conf=spark_conf)
    return ibis.pyspark.connect(session)


def _java_available() -> bool:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return True
    return shutil.which("java") is not None


def spark_session(workdir: Path, *, master: str | None = None, conf: dict[str, str] | None = None) -> Any:
    """The process's SparkSession, created on first use (later calls reuse it whatever they ask)."""
    global _spark
    with _lock:
        if _spark is not None and _spark.sparkContext._jsc is not None:  # not stopped by someone
            return _spark
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise EngineUnavailable("engine", NO_PYSPARK) from None
        if not _java_available():
            raise EngineUnavailable("engine", NO_JAVA)
        work = workdir.resolve()
        extra = dict(conf or {})
        # the Derby metastore in workdir; a caller's JVM options (e.g. -XX:TieredStopAtLevel=1 for quick
        # small runs) are kept beside it
        java = f"-Dderby.system.home={work / 'derby'} {extra.pop('spark.driver.extraJavaOptions', '')}"
        settings = {
            "spark.sql.warehouse.dir": str(work / "spark-warehouse"),
            "spark.driver.extraJavaOptions": java.strip(),
            "spark.local.dir": str(work / "spark-local"),
            "spark.sql.session.timeZone": "UTC",
            "spark.sql.execution.arrow.pyspark.enabled": "true",
            "spark.sql.shuffle.partitions": "4",
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.ansi.enabled": "false",
            **extra,
        }
        builder = SparkSession.builder.master(master or os.environ.get(ENV_MASTER) or DEFAULT_MASTER)
        builder = builder.appName("kepil")
        for key, value in settings.items():
            builder = builder.config(key, value)
        try:
            session = builder.getOrCreate()
        except Exception as e:  # the JVM failed to start: name the cause, not a Py4J traceback
            raise EngineUnavailable("engine", SPARK_FAILED.format(error=str(e).splitlines()[0])) from None
        session.sparkContext.setLogLevel("ERROR")
        _spark = session
        return session


def is_spark(con: BaseBackend) -> bool:
    return con.name == "pyspark"


def register_parquet(con: BaseBackend, name: str, path: str | Path, *, load: bool = False) -> ibis.Table:
    """`path` as table `name` of `con`: a view over the file (DuckDB; `load=True` copies it into memory
    once) or a Spark temporary view."""
    if is_spark(con):
        spark = con._session
        spark.read.parquet(str(path)).createOrReplaceTempView(name)
        return con.table(name)
    view = con.read_parquet(str(path), table_name=f"{name}__file" if load else name)
    if load:
        return con.create_table(name, view, overwrite=True)
    return view


def register_arrow(con: BaseBackend, name: str, table: pa.Table) -> ibis.Table:
    """A small Arrow table (built in Python) as table `name` of `con`."""
    if is_spark(con):
        spark = con._session
        spark.createDataFrame(table).createOrReplaceTempView(name)
        return con.table(name)
    return con.create_table(name, table, overwrite=True)
