"""The store: migrations, WAL, round trips, atomic replacement, digests, runs."""
from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from corpus_fixtures import documents, stored
from kronika.query import make_filter
from kronika.store import MIGRATIONS, open_store


@pytest.fixture()
def docs():
    return documents("query.json")


@pytest.fixture()
def store(tmp_path):
    with open_store(tmp_path / "k.db") as s:
        yield s


def test_migrations_are_named_ordered_and_recorded_once(tmp_path):
    path = tmp_path / "k.db"
    with open_store(path) as s:
        applied = s.migrations()
    assert [name for name, _ in applied] == [name for name, _ in MIGRATIONS]
    assert [name for name, _ in applied] == sorted(name for name, _ in applied)
    with open_store(path) as s:  # reopening applies nothing again
        assert s.migrations() == applied
        assert s.pending_migrations() == []


def test_wal_mode_and_default_location(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store() as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert (tmp_path / "kronika.db").exists()


def test_read_only_store_reads_but_never_writes(tmp_path, docs):
    path = tmp_path / "k.db"
    with open_store(path) as s:
        s.put_document(stored(docs[0]))
    with open_store(path, readonly=True) as r:
        assert r.count_events() == len(docs[0]["records"])
        with pytest.raises(sqlite3.OperationalError):
            r.put_document(stored(docs[1]))
    with pytest.raises(FileNotFoundError):
        open_store(tmp_path / "missing.db", readonly=True)


def test_reader_sees_committed_state_while_writer_is_mid_transaction(tmp_path, docs):
    path = tmp_path / "k.db"
    with open_store(path) as writer, open_store(path, readonly=True) as reader:
        writer.put_document(stored(docs[0]))
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.conn.execute("DELETE FROM documents")
        assert reader.count_events() == len(docs[0]["records"])  # WAL: the reader is not blocked
        writer.conn.execute("ROLLBACK")


def test_round_trip_gives_back_identical_records(store, docs):
    for d in docs:
        store.put_document(stored(d))
    for d in docs:
        got = list(store.events(make_filter(document=d["id"])))
        assert [{k: v for k, v in r.items() if k != "cluster"} for r in got] == d["records"]
        assert all("cluster" in r for r in got)
    assert store.totals()["documents"] == len(docs)
    assert store.count_events() == sum(len(d["records"]) for d in docs)


def test_changed_document_replaces_old_events_entities_and_search_rows(store, docs):
    q18 = next(d for d in docs if d["id"] == "q18")
    store.put_document(stored(q18))
    assert store.count_events(make_filter(text="KCNA")) == 1
    smaller = replace(stored(q18), content_hash="h2", records=(q18["records"][1],))
    store.put_document(smaller)
    assert [r["id"] for r in store.events()] == [q18["records"][1]["id"]]
    assert store.count_events(make_filter(text="KCNA")) == 0
    n_entities = store.conn.execute("SELECT count(*) FROM event_entities").fetchone()[0]
    assert n_entities == 2  # Kim Dzong Un and Rosji: nothing left over from the first version
    assert store.document_state("q18").content_hash == "h2"


def test_failed_write_leaves_the_old_version_whole(store, docs):
    q01 = docs[0]
    store.put_document(stored(q01))
    before = store.digest()
    broken = dict(q01["records"][0])
    del broken["trigger"]
    with pytest.raises(KeyError):
        store.put_document(replace(stored(q01), content_hash="h2", records=(q01["records"][0], broken)))
    assert store.digest() == before
    assert store.document_state("q01").content_hash == "h-q01"


def test_delete_document_cascades(store, docs):
    store.put_document(stored(docs[1]))
    assert store.delete_document("q02")
    assert not store.delete_document("q02")
    for table in ("events", "event_entities", "event_quantities", "sentences", "events_fts"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_digest_ignores_ingest_order_but_not_content(tmp_path, docs):
    with open_store(tmp_path / "a.db") as a, open_store(tmp_path / "b.db") as b:
        for d in docs:
            a.put_document(stored(d))
        for d in reversed(docs):
            b.put_document(stored(d))
        assert a.digest() == b.digest() and a.digest("documents") == b.digest("documents")
        changed = dict(docs[0]["records"][0], certainty="believed")
        b.put_document(replace(stored(docs[0]), records=(changed,)))
        assert a.digest() != b.digest()


def test_runs_and_problems_are_recorded(store):
    run = store.begin_run("ingest", "lex1", "0.1.0", ["a.jsonl"])
    store.add_problem(run, "doc x", "language looks like en, skipped")
    assert store.runs()[-1]["status"] == "running"
    store.finish_run(run, ingested=3, unchanged=1, failed=1)
    last = store.runs()[-1]
    assert (last["status"], last["ingested"], last["unchanged"], last["failed"]) == ("finished", 3, 1, 1)
    assert store.problems(run) == [("doc x", "language looks like en, skipped")]


def test_documents_listed_by_lexicon_version(store, docs):
    store.put_document(stored(docs[0], lexicon="old"))
    store.put_document(stored(docs[1], lexicon="new"))
    assert store.document_ids() == ["q01", "q02"]
    assert store.document_ids(stale_for="new") == ["q01"]
    back = store.document("q01")
    assert (back.text, back.published, back.source) == (docs[0]["text"], "2024-10-19", "PAP")
