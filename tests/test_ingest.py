"""Ingest with the real pipeline on our own articles: idempotent, replaces changed documents, survives kill -9.

The assertions compare store digests, not event counts, so they hold whatever the
coder finds today (documents, sentences and mentions are digested too, so the
tests bite even on a day the coder finds no events).
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus_fixtures import documents
from kronika import ingest
from kronika.doc import Document
from kronika.read import read_inputs
from kronika.store import open_store

TABLES = ("documents", "sentences", "mentions", "events", "clusters")
ROOT = Path(__file__).parents[1]


def write_corpus(path: Path, generated: int = 0) -> int:
    """Our fixture articles as JSON Lines, plus ``generated`` longer articles stitched from them."""
    docs = documents("query.json") + documents("clusters.json")
    rows = [{k: d[k] for k in ("id", "text", "published", "title", "source")} for d in docs]
    for k in range(generated):
        parts = [docs[(k * 7 + j * 5) % len(docs)] for j in range(3)]
        rows.append({"id": f"gen-{k:03d}", "text": "\n".join(p["text"] for p in parts),
                     "published": parts[0]["published"], "source": parts[1]["source"]})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return len(rows)


def digests(path: Path) -> dict[str, str]:
    with open_store(path, readonly=True) as s:
        return {t: s.digest(t) for t in TABLES}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("ingest") / "corpus.jsonl"
    return path, write_corpus(path)


def run(db: Path, corpus: Path, **options):
    with open_store(db) as s:
        return ingest.ingest(s, read_inputs([str(corpus)]), inputs=[str(corpus)], workers=2, **options)


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory):
    """One ingest of the corpus, shared: tests work on copies (``copy_of``)."""
    db = tmp_path_factory.mktemp("base") / "k.db"
    return db, run(db, corpus[0])


def copy_of(db: Path, target: Path) -> Path:
    with open_store(db, readonly=True) as src, open_store(target) as dst:
        src.conn.backup(dst.conn)
    return target


def test_lexicon_version_follows_the_data_files(tmp_path):
    (tmp_path / "a.tsv").write_text("x\ty\n", "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yaml").write_text("- id: a\n", "utf-8")
    first = ingest.lexicon_version(tmp_path)
    assert ingest.lexicon_version(tmp_path) == first
    (tmp_path / "sub" / "b.yaml").write_text("- id: b\n", "utf-8")
    assert ingest.lexicon_version(tmp_path) != first
    assert len(ingest.lexicon_version()) == 16


def test_content_hash_covers_text_and_metadata():
    import datetime as dt
    doc = Document(id="a", text="Rosja zaatakowała Kijów.", published=dt.date(2024, 12, 20), source="PAP")
    same = Document(id="b", text="Rosja zaatakowała Kijów.", published=dt.date(2024, 12, 20), source="PAP")
    assert ingest.content_hash(doc) == ingest.content_hash(same)  # the id is not content
    for other in (Document(id="a", text="Rosja zaatakowała Kijów!", published=doc.published, source="PAP"),
                  Document(id="a", text=doc.text, published=dt.date(2024, 12, 21), source="PAP")):
        assert ingest.content_hash(other) != ingest.content_hash(doc)


def test_ingest_twice_changes_nothing(corpus, ingested, tmp_path):
    path, n = corpus
    db, first = copy_of(ingested[0], tmp_path / "k.db"), ingested[1]
    assert (first.ingested, first.unchanged, first.documents) == (n, 0, n)
    before = digests(db)
    second = run(db, path)
    assert (second.ingested, second.unchanged, second.events) == (0, n, 0)
    assert digests(db) == before
    with open_store(db, readonly=True) as s:
        assert s.totals()["documents"] == n and s.count_events() == first.events
        assert [r["status"] for r in s.runs()] == ["finished", "finished"]  # the copy's run, then ours


def test_changed_document_replaces_its_old_version(corpus, ingested, tmp_path):
    path, n = corpus
    db, fresh = copy_of(ingested[0], tmp_path / "k.db"), tmp_path / "fresh.db"
    lines = path.read_text("utf-8").splitlines()
    changed = json.loads(lines[0])
    changed["text"] = "Rosja zaatakowała w piątek Kijów rakietami balistycznymi.\n" + changed["text"]
    edited = tmp_path / "edited.jsonl"
    edited.write_text("\n".join([json.dumps(changed, ensure_ascii=False)] + lines[1:]) + "\n", "utf-8")
    report = run(db, edited)
    assert (report.ingested, report.unchanged) == (1, n - 1)
    run(fresh, edited)
    assert digests(db) == digests(fresh)  # as if the old version had never been there


def test_problems_are_reported_and_the_batch_goes_on(tmp_path):
    corpus = tmp_path / "mixed.jsonl"
    polish = documents("query.json")[0]
    corpus.write_text("\n".join([
        json.dumps({"id": "pl", "text": polish["text"], "published": polish["published"]}, ensure_ascii=False),
        json.dumps({"id": "en", "text": "The Prime Minister met the President of France in Paris on Tuesday "
                                        "to discuss the war and new sanctions against Russia."}),
        "{not json",
        json.dumps({"id": "pl", "text": "Druga wersja z tym samym identyfikatorem.", "published": None}),
    ]) + "\n", "utf-8")
    report = run(tmp_path / "k.db", corpus)
    assert report.ingested == 1
    assert report.skipped["not Polish"] == 1 and report.skipped["duplicate id"] == 1
    assert sum(report.failed.values()) == 1
    assert report.exit_code() == 1 and "1 ingested" in report.summary()
    with open_store(tmp_path / "k.db", readonly=True) as s:
        assert len(s.problems(report.run_id)) == 3


def test_recode_after_a_lexicon_change(corpus, ingested, tmp_path, monkeypatch):
    path, n = corpus
    db = copy_of(ingested[0], tmp_path / "k.db")
    with open_store(db, readonly=True) as s:
        version = s.document_state("q01").lexicon_version
    # versions pinned: what is tested is the bookkeeping, not files changing under the test
    monkeypatch.setattr(ingest, "lexicon_version", lambda directory=None: version)
    before = digests(db)
    with open_store(db) as s:
        assert ingest.recode(s, workers=2).ingested == 0  # nothing is stale
    monkeypatch.setattr(ingest, "lexicon_version", lambda directory=None: "changed-lexicon")
    with open_store(db) as s:
        assert ingest.run_batch(s, read_inputs([str(path)]), command="ingest", inputs=[]).stale_lexicon == n
        report = ingest.recode(s, workers=2)
        assert report.ingested == n and s.document_ids(stale_for="changed-lexicon") == []
        assert ingest.recode(s, workers=2).ingested == 0
    assert digests(db) == before  # the same lexicon files behind both versions: the same records


def test_a_dead_worker_fails_its_documents_and_is_replaced():
    workers = ingest.Workers(1, check_language=False)
    workers.start()
    try:
        doc = Document(id="d1", text="Rosja zaatakowała Kijów.")
        workers.procs[0].kill()
        workers.procs[0].join()
        workers.submit(doc, "h", "lex")
        lost = workers.next_outcome()
        assert (lost.doc_id, lost.status, lost.reason) == ("d1", "failed", "worker died")
        workers.submit(Document(id="d2", text="Rosja zaatakowała Kijów."), "h", "lex")
        assert workers.next_outcome().status == "ok"  # the replacement worker codes the next one
    finally:
        workers.stop()


def _count_documents(db: Path) -> int:
    try:
        with open_store(db, readonly=True) as s:
            return s.totals()["documents"]
    except Exception:  # the store may not exist or be migrated yet at the very start
        return 0


def _kill_run(db: Path, corpus: Path, target: int | None, delay: float) -> None:
    """Start ``kronika ingest`` and kill -9 it once ``target`` documents are stored (or after ``delay``)."""
    proc = subprocess.Popen([sys.executable, "-m", "kronika.cli", "ingest", str(corpus), "--db", str(db), "-j", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    started = time.monotonic()
    while proc.poll() is None and time.monotonic() < deadline:
        if (target is None and time.monotonic() - started >= delay) or \
                (target is not None and _count_documents(db) >= target):
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the main process and its workers, mid-write or not
    proc.wait()


def test_kill_9_at_random_points_then_rerun_gives_the_uninterrupted_store(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    n = write_corpus(corpus, generated=64)
    reference, db = tmp_path / "reference.db", tmp_path / "killed.db"
    run(reference, corpus)
    rng = random.Random(20250327)
    stored_after_kills = []
    for _ in range(10):
        done = _count_documents(db)
        # mostly a few more documents in, sometimes during start-up, before anything is written
        target = None if rng.random() < 0.2 else done + rng.randint(1, max(1, n // 14))
        _kill_run(db, corpus, target, delay=rng.uniform(0.05, 1.5))
        stored_after_kills.append(_count_documents(db))
    assert any(0 < k < n for k in stored_after_kills), stored_after_kills  # kills did land mid-ingest
    with open_store(db) as s:
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    final = run(db, corpus)
    assert final.ingested + final.unchanged == n
    assert digests(db) == digests(reference)
    with open_store(db, readonly=True) as s:
        statuses = [r["status"] for r in s.runs()]
    assert statuses[-1] == "finished" and statuses.count("running") >= 5
