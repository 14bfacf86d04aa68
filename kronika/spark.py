"""Code a corpus on Apache Spark: the local coder in every partition, events as partitioned Parquet.

Documents come from JSON Lines (one object per line with ``id``, ``text`` and optional
``published``, ``title``, ``source``, ``url``, as ``kronika code`` reads them) or from
Parquet with those columns.  Every line goes through kronika's own JSON Lines reader,
batch runner (language check, problems counted, never raised) and pipeline, one
pipeline per partition (Morfeusz cannot be pickled; the lexicons are package data of
the installed kronika), so the records are those ``kronika code`` writes for the same
input.  A document id seen twice keeps its first line, in (file path, line) order.

The output is Parquet partitioned by ``year`` and ``month`` of the event date
(``date.start``); an undated event has both null, which Spark writes as
``year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__`` and reads back as
null.  Each row has the typed columns of ``kronika code --format parquet`` (without
``cluster``) and ``record``: the event's JSON exactly as ``kronika code`` prints it, so
nested fields round-trip without a lossy schema.  See docs/spark.md.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kronika.batch import Tally

ORDER = "_order"
PARQUET_FIELDS = ("id", "text", "published", "title", "source", "url")
JSON_SUFFIXES = (".jsonl", ".json", ".ndjson")
PARQUET_SUFFIXES = (".parquet", ".pq")


def session(master: str | None = None, app: str = "kronika"):
    """A SparkSession: spark-submit's when launched by it, else one started here (``local[*]`` by default)
    whose Python workers run this interpreter, so they import the same kronika."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app)
    if "PYSPARK_GATEWAY_PORT" not in os.environ:  # not under spark-submit: this process starts the JVM
        builder = builder.master(master or "local[*]").config("spark.ui.showConsoleProgress", "false")
        if (master or "local").startswith("local"):
            # PySpark starts its workers with $PYSPARK_PYTHON, else "python3": maybe one without kronika.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    elif master:
        builder = builder.master(master)
    return builder.getOrCreate()


@contextmanager
def running(master: str | None = None):
    """A session for one job, stopped afterwards unless it was already running (a notebook's, a test's)."""
    from pyspark.sql import SparkSession

    existing = SparkSession.getActiveSession()
    spark = session(master)
    try:
        yield spark
    finally:
        if existing is None:
            spark.stop()


def errors() -> tuple[type[Exception], ...]:
    """What Spark raises for a bad job (a missing input, an existing output): shown as one line."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException

    return PySparkException, Py4JJavaError


def spark_type(t):
    """The Spark type of a pyarrow type of export.FLAT_SCHEMA."""
    import pyarrow as pa
    from pyspark.sql import types as T

    if pa.types.is_list(t):
        return T.ArrayType(spark_type(t.value_type))
    simple = {pa.string(): T.StringType(), pa.int32(): T.IntegerType(), pa.float64(): T.DoubleType(),
              pa.bool_(): T.BooleanType(), pa.date32(): T.DateType()}
    return simple[t]


def output_schema():
    """The columns written: the flat export columns (no ``cluster``), ``record`` JSON, ``year``, ``month``."""
    from pyspark.sql import types as T

    from kronika.export import FLAT_SCHEMA

    typed = [T.StructField(f.name, spark_type(f.type)) for f in FLAT_SCHEMA if f.name != "cluster"]
    return T.StructType(typed + [T.StructField("record", T.StringType(), False),
                                 T.StructField("year", T.IntegerType()), T.StructField("month", T.IntegerType())])


def output_row(record: dict, columns: tuple[str, ...]) -> tuple:
    """One event record as a row of ``output_schema()``: typed columns, its JSON, year and month."""
    from kronika.export import flat_row

    row = flat_row(record)
    start = dt.date.fromisoformat(record["date"]["start"]) if record.get("date") else None
    return (tuple(row[c] for c in columns) + (json.dumps(record, ensure_ascii=False),)
            + ((start.year, start.month) if start else (None, None)))


@dataclass
class Counts:
    """What the partitions did, summed over the job by a Spark accumulator."""

    tally: Tally = field(default_factory=Tally)
    events: int = 0

    def add(self, other: Counts) -> Counts:
        t, o = self.tally, other.tally
        t.read += o.read
        t.processed += o.processed
        t.skipped.update(o.skipped)
        t.failed.update(o.failed)
        self.events += other.events
        return self


def _counts_param():
    from pyspark.accumulators import AccumulatorParam

    class CountsParam(AccumulatorParam):
        def zero(self, value):
            return Counts()

        def addInPlace(self, a, b):
            return a.add(b)

    return CountsParam()


def documents(rows: Iterable, max_bytes: int) -> Iterator:
    """Documents and read problems of (label, JSON line) rows, the later of two equal ids skipped."""
    from kronika.doc import Document
    from kronika.read import ReadProblem, _jsonl_documents

    seen: dict[str, str] = {}
    for label, line in rows:
        for item in _jsonl_documents([line.lstrip("\ufeff")], label, max_bytes):
            if isinstance(item, Document):
                if item.id in seen:
                    item = ReadProblem(label, f"duplicate document id {item.id!r} (first read from "
                                              f"{seen[item.id]}); skipped", "duplicate id", "skipped")
                else:
                    seen[item.id] = label
            yield item


def code_partition(rows: Iterable, counts, columns: tuple[str, ...], max_bytes: int) -> Iterator[tuple]:
    """Code one partition of (label, line) rows with one pipeline; output rows, counts to ``counts``."""
    from kronika.batch import BatchRunner
    from kronika.langid import LanguageCheck
    from kronika.pipeline import build
    from kronika.records import records

    runner = BatchRunner(build(), language=LanguageCheck(), report=lambda line: None)
    events = 0
    for doc in runner.run(documents(((r[0], r[1]) for r in rows), max_bytes)):
        for record in records(doc):
            events += 1
            yield output_row(record, columns)
    counts.add(Counts(runner.tally, events))


def input_format(path: str, fmt: str = "auto") -> str:
    """``jsonl`` or ``parquet``: as given, else from the suffix of the path or of the files in it."""
    if fmt != "auto":
        return fmt
    p = Path(path)
    names = [p.name] if not p.is_dir() else sorted(f.name for f in p.rglob("*") if f.is_file())
    if any(n.lower().endswith(PARQUET_SUFFIXES) for n in names):
        return "parquet"
    if any(n.lower().endswith(JSON_SUFFIXES) for n in names) or not p.exists():
        return "jsonl"
    raise ValueError(f"{path}: cannot tell JSON Lines from Parquet; give --format")


def read_lines(spark, path: str, fmt: str):
    """The input as (label, line, order) rows: JSON Lines as they are, Parquet rows as JSON lines."""
    from pyspark.sql import functions as F

    if fmt == "jsonl":
        df = spark.read.text(path).select(F.input_file_name().alias("file"), F.col("value").alias("line"))
    else:
        df = spark.read.parquet(path)
        cols = [c for c in PARQUET_FIELDS if c in df.columns]
        if "id" not in cols or "text" not in cols:
            raise ValueError(f"{path}: Parquet input needs columns 'id' and 'text' (has {', '.join(df.columns)})")
        values = [F.col(c).cast("string").alias(c) for c in cols]
        df = df.select(F.input_file_name().alias("file"), F.to_json(F.struct(*values)).alias("line"))
    df = df.withColumn(ORDER, F.monotonically_increasing_id())
    return df.select(F.concat_ws(":", "file", ORDER).alias("label"), "line", "file", ORDER)


def code_corpus(spark, path: str, output: str, *, fmt: str = "auto", partitions: int | None = None,
                mode: str = "error", max_bytes: int = 10_000_000) -> Counts:
    """Code every document of ``path`` and write the events to ``output`` (Parquet by year/month)."""
    from pyspark.sql import functions as F

    fmt = input_format(path, fmt)
    lines = read_lines(spark, path, fmt)
    n = partitions or max(spark.sparkContext.defaultParallelism, lines.rdd.getNumPartitions())
    # Equal ids meet in one partition, in input order, where the later ones are skipped.
    ordered = (lines.repartition(n, F.get_json_object("line", "$.id"))
               .sortWithinPartitions("file", ORDER).select("label", "line"))
    schema = output_schema()
    columns = tuple(f.name for f in schema.fields[:-3])
    counts = spark.sparkContext.accumulator(Counts(), _counts_param())
    work = functools.partial(code_partition, counts=counts, columns=columns, max_bytes=max_bytes)
    events = spark.createDataFrame(ordered.rdd.mapPartitions(work), schema)
    events.write.mode(mode).partitionBy("year", "month").parquet(output)
    return counts.value


def summary(counts: Counts, output: str) -> str:
    """One line: documents processed, skipped, failed, and the events written."""
    return f"{counts.tally.summary()}; {counts.events} event{'' if counts.events == 1 else 's'} written to {output}"
