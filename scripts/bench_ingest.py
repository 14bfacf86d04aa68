"""Benchmark (not a test): ingest throughput with 1 and 2 workers, and store size per 1,000 documents.

Reads the texts of a JSON Lines corpus (default: the SlavicNER news texts in
../shared/eval/ner), ingests them into a fresh store once per worker count, and
prints documents/s for the coding loop (worker start-up included, as a user
sees it) and for the whole run (plus the cluster rebuild), then the store's
size after a WAL checkpoint.  Numbers depend on which pipeline stages exist
at the time of the run: say so when reporting them.

    .venv/bin/python scripts/bench_ingest.py [--corpus FILE] [--limit N] [--workers 1 2] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from kronika import ingest
from kronika.doc import Document
from kronika.read import parse_date
from kronika.store import open_store

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "ner" / "slavicner_pl.jsonl"


def load(path: Path, limit: int | None) -> list[Document]:
    """Documents from JSON Lines with ``id`` or ``doc_id``, ``text`` and optional ``published``."""
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            docs.append(Document(id=row.get("id") or row["doc_id"], text=row["text"],
                                 published=parse_date(row.get("published")), source=row.get("source")))
            if limit and len(docs) >= limit:
                break
    return docs


def measure(docs: list[Document], workers: int, directory: Path) -> dict:
    """Ingest ``docs`` into a fresh store with ``workers`` processes; throughput and size."""
    db = directory / f"bench-{workers}.db"
    started = time.perf_counter()
    with open_store(db) as store:
        report = ingest.ingest(store, docs, inputs=["bench"], workers=workers)
        total = time.perf_counter() - started
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        totals = store.totals()
    size = db.stat().st_size
    return {"workers": workers, "documents": report.ingested, "failed": sum(report.failed.values()),
            "skipped": sum(report.skipped.values()), "events": totals["events"], "mentions": totals["mentions"],
            "sentences": totals["sentences"], "clusters": totals["clusters"],
            "coding_docs_per_s": report.ingested / report.seconds, "coding_s": report.seconds,
            "total_docs_per_s": report.ingested / total, "total_s": total,
            "store_mb": size / 1e6, "store_mb_per_1000_docs": size / 1e6 / max(report.ingested, 1) * 1000}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    docs = load(args.corpus, args.limit)
    chars = sum(len(d.text) for d in docs)
    print(f"corpus: {args.corpus} — {len(docs)} documents, {chars / len(docs):.0f} characters on average")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.workers:
            results.append(measure(docs, n, Path(tmp)))
    header = ("workers", "docs", "events", "coding docs/s", "total docs/s", "total s", "store MB", "MB/1000 docs")
    print("  ".join(f"{h:>13}" for h in header))
    for r in results:
        cells = (r["workers"], r["documents"], r["events"], f"{r['coding_docs_per_s']:.1f}",
                 f"{r['total_docs_per_s']:.1f}", f"{r['total_s']:.1f}", f"{r['store_mb']:.1f}",
                 f"{r['store_mb_per_1000_docs']:.1f}")
        print("  ".join(f"{c!s:>13}" for c in cells))
    if len(results) > 1:
        base = results[0]["coding_docs_per_s"]
        print("speed-up vs first row: " + ", ".join(f"{r['workers']} workers ×{r['coding_docs_per_s'] / base:.2f}"
                                                  for r in results[1:]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
