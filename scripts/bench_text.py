"""Measure the text layer: sentences + tokens + morphology against raw Morfeusz, on one core.

Not a test.  Reads the ``text`` of every line of a JSON Lines file (by default the
SlavicNER Polish texts in ../shared/eval/ner), then, in one process pinned to one CPU:

* ours:  ``kronika.pipeline.build(until="morphology")`` on every document, with a cold
  Morfeusz cache (a fresh analyzer), then again with the cache warm;
* split: sentences + tokens alone (``until="tokens"``);
* raw:   ``morfeusz2.Morfeusz().analyse(paragraph)`` for every non-blank line of every text.

Throughput is counted in our tokens (every token the tokenizer emits) per second for
both sides, so the ratio compares the same text; Morfeusz's own segment count is printed too.

    .venv/bin/python scripts/bench_text.py [--jsonl PATH] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "ner" / "slavicner_pl.jsonl"


def read_texts(path: Path, limit: int | None) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    return texts[:limit] if limit else texts


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity here)"


def run_ours(texts: list[str], until: str) -> tuple[float, int, object]:
    from kronika.doc import Document
    from kronika.pipeline import build

    pipeline = build(until=until)
    docs = [Document(f"d{i}", t) for i, t in enumerate(texts)]
    start = time.perf_counter()
    count = sum(len(pipeline(d).tokens) for d in docs)
    return time.perf_counter() - start, count, pipeline


def rerun(pipeline, texts: list[str]) -> float:
    from kronika.doc import Document

    docs = [Document(f"d{i}", t) for i, t in enumerate(texts)]
    start = time.perf_counter()
    for d in docs:
        pipeline(d)
    return time.perf_counter() - start


def run_raw(texts: list[str]) -> tuple[float, int]:
    import morfeusz2

    morfeusz = morfeusz2.Morfeusz()
    paragraphs = [p for t in texts for p in t.split("\n") if p.strip()]
    segments = 0
    start = time.perf_counter()
    for p in paragraphs:
        segments += len({i for i, _, _ in morfeusz.analyse(p)})
    return time.perf_counter() - start, segments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonl", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = parser.parse_args()

    where = pin_to_one_core()
    texts = read_texts(args.jsonl, args.limit)
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} documents, {chars:,} characters from {args.jsonl}; {where}")

    raw_s, segments = run_raw(texts)
    split_s, tokens, _ = run_ours(texts, "tokens")
    cold_s, tokens_m, pipeline = run_ours(texts, "morphology")
    warm_s = rerun(pipeline, texts)
    assert tokens == tokens_m

    raw_tps = tokens / raw_s
    rows = [
        ("raw morfeusz2.analyse per paragraph", raw_s, raw_tps),
        ("ours: sentences + tokens", split_s, tokens / split_s),
        ("ours: + morphology, cold cache", cold_s, tokens / cold_s),
        ("ours: + morphology, warm cache", warm_s, tokens / warm_s),
    ]
    print(f"{tokens:,} tokens (ours); Morfeusz segments {segments:,}")
    for name, seconds, tps in rows:
        print(f"  {name:<40} {seconds:7.2f} s  {tps:>10,.0f} tokens/s  ratio to raw {tps / raw_tps:5.2f}")


if __name__ == "__main__":
    main()
