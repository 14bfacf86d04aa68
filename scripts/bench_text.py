"""Measure the text layer: sentences + tokens + morphology against raw Morfeusz, on one core.

Not a test.  Reads the ``text`` of every line of a JSON Lines file (by default the
SlavicNER Polish texts in ../shared/eval/ner), then, in one process pinned to one CPU:

* raw:   ``morfeusz2.Morfeusz().analyse(paragraph)`` for every non-blank line of every text;
* split: sentences + tokens alone (``build(until="tokens")``);
* ours:  ``kronika.pipeline.build(until="morphology")`` on every document, first with a
  cold Morfeusz cache (a fresh analyzer), then a second pass with the cache warm (raw is
  measured again in that pass).

The three are interleaved in chunks of 25 documents and timed in CPU seconds of this
process, so other load on the machine does not tilt the ratio.  Throughput is counted in
our tokens (every token the tokenizer emits) per second for every side, so the ratio
compares the same text; Morfeusz's own segment count is printed too.

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


class Sides:
    """The three things measured, interleaved chunk by chunk so that load from other processes
    falls on all of them alike; times are CPU seconds of this process (``process_time``)."""

    def __init__(self):
        import morfeusz2

        from kronika.pipeline import build

        self.morfeusz = morfeusz2.Morfeusz()
        self.split = build(until="tokens")
        self.full = build(until="morphology")  # a fresh Morfeusz cache: the first pass is cold
        self.seconds: dict[str, float] = {}
        self.tokens = 0
        self.segments = 0

    def _timed(self, name: str, work):
        start = time.process_time()
        result = work()
        self.seconds[name] = self.seconds.get(name, 0.0) + time.process_time() - start
        return result

    def chunk(self, texts: list[str], warm: bool) -> None:
        from kronika.doc import Document

        docs = [Document(f"d{i}", t) for i, t in enumerate(texts)]
        paragraphs = [p for t in texts for p in t.split("\n") if p.strip()]
        raw = self._timed("raw2" if warm else "raw", lambda: [self.morfeusz.analyse(p) for p in paragraphs])
        if warm:
            self._timed("warm", lambda: [self.full(d) for d in docs])
            return
        self.segments += sum(len({i for i, _, _ in r}) for r in raw)
        split = self._timed("split", lambda: [self.split(d) for d in docs])
        full = self._timed("cold", lambda: [self.full(d) for d in docs])
        self.tokens += sum(len(d.tokens) for d in split)
        assert sum(len(d.tokens) for d in full) == sum(len(d.tokens) for d in split)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonl", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = parser.parse_args()

    where = pin_to_one_core()
    texts = read_texts(args.jsonl, args.limit)
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} documents, {chars:,} characters from {args.jsonl}; {where}")

    sides = Sides()
    chunks = [texts[i:i + 25] for i in range(0, len(texts), 25)]
    for warm in (False, True):
        for chunk in chunks:
            sides.chunk(chunk, warm)

    tokens, sec = sides.tokens, sides.seconds
    print(f"{tokens:,} tokens (ours); Morfeusz segments {sides.segments:,}; CPU seconds of this process; ratio = ours / raw tokens per second")
    rows = [("raw morfeusz2.analyse per paragraph", sec["raw"], sec["raw"]),
            ("ours: sentences + tokens", sec["split"], sec["raw"]),
            ("ours: + morphology, cold cache", sec["cold"], sec["raw"]),
            ("raw again (second pass)", sec["raw2"], sec["raw2"]),
            ("ours: + morphology, warm cache", sec["warm"], sec["raw2"])]
    for name, seconds, raw in rows:
        print(f"  {name:<40} {seconds:7.2f} s  {tokens / seconds:>10,.0f} tokens/s"
              f"  ratio to raw {raw / seconds:5.2f}")


if __name__ == "__main__":
    main()
