"""Profile the coder on the benchmark corpus with pyinstrument: top functions by cumulative time.

    .venv/bin/python -m bench.profile [--corpus FILE] [--limit N] [--top 30] [--html out.html]

One fresh pipeline codes the documents under pyinstrument's sampling profiler; the
summary lists, for every function, its cumulative time (counted once per stack, so
recursion does not double it) and its own time, as shares of the coding time.
Pipeline construction is outside the profile (cold start is measured by ``bench.run``).
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from bench.corpus import corpus_path, load_texts


def profile(texts: list[str], interval: float = 0.001):
    """Code ``texts`` with one pipeline under pyinstrument; the session."""
    from pyinstrument import Profiler

    from bench.throughput import code
    from kronika.doc import Document
    from kronika.pipeline import build

    pipeline = build()
    pipeline(Document("warm-up", "Premier spotkał się wczoraj z prezydentem."))
    profiler = Profiler(interval=interval)
    profiler.start()
    for i, text in enumerate(texts):
        code(pipeline, Document(f"d{i}", text))  # a document a stage fails on is skipped, as in a batch
    return profiler.stop()


def _name(frame) -> str:
    path = frame.file_path or ""
    where = path.split("site-packages/")[-1] if "site-packages/" in path else path.split("/kronika/")[-1]
    if "/kronika/" in path:
        where = "kronika/" + where
    return f"{frame.function} ({where}:{frame.line_no})"


def totals(root) -> tuple[dict[str, float], dict[str, float]]:
    """Cumulative and own seconds per function over the whole call tree."""
    cumulative: dict[str, float] = defaultdict(float)
    own: dict[str, float] = defaultdict(float)
    stack = [(root, frozenset())]
    while stack:
        frame, above = stack.pop()
        stack.extend((child, above | {_name(frame)}) for child in frame.children if not child.is_synthetic)
        if frame.is_synthetic:
            continue
        name = _name(frame)
        if name not in above:  # a recursive call is already inside its caller's cumulative time
            cumulative[name] += frame.time
        own[name] += frame.total_self_time
    return cumulative, own


def summary(session, top: int) -> list[str]:
    """Markdown table: the ``top`` functions by cumulative time, as shares of the whole."""
    root = session.root_frame()
    cumulative, own = totals(root)
    whole = root.time
    lines = [f"{session.duration:.1f} s profiled, {session.sample_count:,} samples",
             "", "| cumulative | own | function |", "| ---: | ---: | --- |"]
    for name, t in sorted(cumulative.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"| {t / whole:6.1%} | {own[name] / whole:6.1%} | `{name}` |")
    lines += ["", "| own | function |", "| ---: | --- |"]
    for name, t in sorted(own.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"| {t / whole:6.1%} | `{name}` |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--html", type=Path, help="also write pyinstrument's HTML view here")
    args = parser.parse_args(argv)
    session = profile(load_texts(corpus_path(args.corpus), args.limit))
    print("\n".join(summary(session, args.top)))
    if args.html:
        from pyinstrument.renderers import HTMLRenderer
        args.html.write_text(HTMLRenderer().render(session), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
