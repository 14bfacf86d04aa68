"""Exports: pandas and DuckDB read Parquet and CSV as they are; PLOVER JSON; the GDELT-like table."""
from __future__ import annotations

import io
import json

import duckdb
import pandas as pd
import pytest

from corpus_fixtures import documents, stored
from kronika import clusters, export
from kronika.query import _schema_enum
from kronika.store import open_store


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """The fixture corpus's records as the store returns them (with clusters)."""
    path = tmp_path_factory.mktemp("export") / "k.db"
    with open_store(path) as s:
        for d in documents("query.json") + documents("clusters.json"):
            s.put_document(stored(d))
        clusters.rebuild(s)
        yield list(s.events()), s.clusters()


def by_id(rows, key="id"):
    return {r[key]: r for r in rows}


def test_parquet_read_by_pandas_and_duckdb(records, tmp_path):
    recs, _ = records
    path = tmp_path / "events.parquet"
    assert export.write_records(recs, "parquet", path) == len(recs)
    df = pd.read_parquet(path)
    assert len(df) == len(recs) and list(df.columns) == list(export.FLAT_COLUMNS)
    q05 = df[df.doc_id == "q05"].iloc[0]
    assert list(q05.actor_countries) == ["POL", "DEU"] and q05.location_name == "Warsaw"
    assert str(q05.date_start) == "2025-02-03"
    con = duckdb.connect()
    n, = con.execute(f"SELECT count(*) FROM read_parquet('{path}') WHERE list_contains(actor_countries, 'PRK')"
                     ).fetchone()
    assert n == 3 + 4  # q01, q18 (pact and promise); c01, c02 (Pjongjang), c03, c13
    troops = con.execute(f"SELECT doc_id, quantity_values FROM read_parquet('{path}')"
                         f" WHERE list_contains(quantity_units, 'troops') ORDER BY doc_id").fetchall()
    assert [d for d, _ in troops] == ["c01", "c02", "c03", "c13", "q01"]
    assert dict(troops)["c03"] == [11000.0]


def test_csv_read_by_pandas_and_duckdb(records, tmp_path):
    recs, _ = records
    path = tmp_path / "events.csv"
    export.write_records(recs, "csv", path)
    df = pd.read_csv(path)
    assert len(df) == len(recs) and list(df.columns) == list(export.FLAT_COLUMNS)
    row = df.set_index("doc_id").loc["q05"]
    assert row.actor_countries == "POL|DEU" and row.location_lat == pytest.approx(52.23)
    assert df.hypothetical.dtype == bool and df.hypothetical.sum() == 1
    con = duckdb.connect()
    n, = con.execute(f"SELECT count(*) FROM read_csv_auto('{path}') WHERE event_type = 'ASSAULT'").fetchone()
    assert n == sum(r["event_type"] == "ASSAULT" for r in recs)


def test_empty_parquet_keeps_its_columns(tmp_path):
    path = tmp_path / "none.parquet"
    assert export.write_records([], "parquet", path) == 0
    df = pd.read_parquet(path)
    assert len(df) == 0 and list(df.columns) == list(export.FLAT_COLUMNS)


def test_jsonl_is_the_records_verbatim(records):
    recs, _ = records
    out = io.StringIO()
    export.write_records(recs, "jsonl", out)
    assert [json.loads(line) for line in out.getvalue().splitlines()] == recs


def test_plover_json(records):
    recs, _ = records
    out = io.StringIO()
    assert export.write_records(recs, "plover", out) == len(recs)
    events = by_id(json.loads(out.getvalue()))
    q08 = events[next(r["id"] for r in recs if r["doc_id"] == "q08")]
    assert q08["event_type"] == "ASSAULT" and q08["recipient"][0]["country"] == "PRK"
    assert q08["reported_by"]["name"] == "South Korea" and q08["certainty"] == "estimated"
    q01 = events[next(r["id"] for r in recs if r["doc_id"] == "q01")]
    assert q01["size"] == 11000 and q01["date"] == "2024-10-01" and q01["cameo_root"] == "07"
    assert q01["story_id"] == "q01" and q01["cluster"]


def test_every_plover_type_has_a_cameo_root_and_quad_class():
    for t in _schema_enum("event_type"):
        root = export.cameo_root({"event_type": t, "mode": None, "actors": []})
        assert root in export.CAMEO_ROOT_NAMES and export.quad_class(root) in (1, 2, 3, 4)
    rebels = {"event_type": "ASSAULT", "mode": None, "actors": [{"sector": "REB"}]}
    assert export.cameo_root(rebels) == "18"
    assert export.cameo_root({"event_type": "ASSAULT", "mode": None, "actors": [{"sector": "MIL"}]}) == "19"
    assert export.cameo_root({"event_type": "ACCUSE", "mode": "investigate"}) == "09"


def test_gdelt_table_one_row_per_cluster(records, tmp_path):
    recs, stored_clusters = records
    path = tmp_path / "events.tsv"
    n = export.write_records(recs, "gdelt", path, stored_clusters)
    df = pd.read_csv(path, sep="\t", dtype={"EventRootCode": str, "SQLDATE": str})
    assert n == len(df) == len({r["cluster"] for r in recs}) and list(df.columns) == list(export.GDELT_COLUMNS)
    kyiv = df[(df.ActionGeo_FullName == "Kyiv") & (df.NumMentions > 1)].iloc[0]
    assert (kyiv.NumMentions, kyiv.NumSources, kyiv.NumArticles) == (4, 4, 4)
    assert kyiv.EventRootCode == "19" and kyiv.QuadClass == 4 and kyiv.SQLDATE == "20241220"
    assert kyiv.Actor1CountryCode == "RUS" and kyiv.ActionGeo_Type == 4
    sanction = df[df.PloverType == "SANCTION"]
    assert set(sanction.EventRootCode) == {"16"}


def test_table_format_and_unknown_format(records):
    recs, _ = records
    out = io.StringIO()
    export.write_records(recs[:3], "table", out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("date") and len(lines) == 5
    with pytest.raises(ValueError, match="unknown format"):
        export.write_records(recs, "xlsx", io.StringIO())


def test_parquet_through_a_text_stream_uses_its_buffer(records):
    recs, _ = records
    raw = io.BytesIO()
    text = io.TextIOWrapper(raw, encoding="utf-8")
    export.write_records(recs[:2], "parquet", text)
    assert len(pd.read_parquet(io.BytesIO(raw.getvalue()))) == 2
