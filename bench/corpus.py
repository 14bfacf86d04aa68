"""The benchmark corpus: real Polish news texts read from ../shared at run time, never copied here."""
from __future__ import annotations

import json
import os
from pathlib import Path

# The SlavicNER Polish news texts beside the repository (../shared/eval/ner); KRONIKA_BENCH_CORPUS
# or --corpus points elsewhere.
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "ner" / "slavicner_pl.jsonl"


class CorpusMissing(SystemExit):
    """The corpus file is absent: the benchmark stops with a message saying where it looked."""


def corpus_path(given: str | Path | None = None) -> Path:
    """The corpus to measure on: ``given``, else $KRONIKA_BENCH_CORPUS, else the SlavicNER file."""
    return Path(given or os.environ.get("KRONIKA_BENCH_CORPUS") or DEFAULT_CORPUS)


def load_texts(path: Path, limit: int | None = None) -> list[str]:
    """The ``text`` of every line of a JSON Lines corpus (the first ``limit`` only, if given)."""
    if not path.is_file():
        raise CorpusMissing(
            f"bench: corpus not found: {path}\n"
            "bench: the benchmark reads the SlavicNER Polish news texts from ../shared/eval/ner/"
            "slavicner_pl.jsonl beside the repository; give another JSON Lines file with a 'text' "
            "field by --corpus PATH or KRONIKA_BENCH_CORPUS=PATH")
    texts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                texts.append(json.loads(line)["text"])
                if limit and len(texts) >= limit:
                    break
    if not texts:
        raise CorpusMissing(f"bench: corpus {path} holds no documents")
    return texts


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of a text: what raw Morfeusz is given, one call each."""
    return [p for p in text.split("\n") if p.strip()]
