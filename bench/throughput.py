"""Single-core throughput: the coder, raw Morfeusz and a regex tokenizer on the same texts.

The three sides are interleaved chunk by chunk in one process, so load from other
processes on the machine falls on all of them alike, and each is timed in both CPU
seconds of this process (``time.process_time``) and wall seconds.  Every run starts
from a fresh language package and pipeline (a cold Morfeusz cache), as a new worker does.
"""
from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, replace

from bench.corpus import paragraphs

# The floor below Morfeusz: words and single non-space characters, nothing else.
REGEX_TOKEN = re.compile(r"\w+|[^\w\s]")
# Loads the Morfeusz dictionary and warms every stage before the clock starts; not from the corpus.
WARM_UP = "Premier Polski spotkał się wczoraj w Berlinie z kanclerzem Niemiec."
SIDES = ("regex", "morfeusz", "coder")


@dataclass
class Clock:
    """CPU and wall seconds accumulated over many timed calls."""

    cpu: float = 0.0
    wall: float = 0.0

    def time(self, work):
        c, w = time.process_time(), time.perf_counter()
        result = work()
        self.cpu += time.process_time() - c
        self.wall += time.perf_counter() - w
        return result


def timed_stages(pipeline, clocks: dict[str, Clock]):
    """The same pipeline with every stage's run timed into ``clocks[stage name]``."""
    from kronika.pipeline import Pipeline

    def wrap(stage):
        clock = clocks.setdefault(stage.name, Clock())
        return replace(stage, run=lambda doc: clock.time(lambda: stage.run(doc)))

    return Pipeline(wrap(s) for s in pipeline.stages)


def code(pipeline, doc):
    """The coded document, or None when a stage fails on it (counted, as the batch runner counts it)."""
    from kronika.pipeline import StageError

    try:
        return pipeline(doc)
    except StageError:
        return None


def run_once(texts: list[str], chunk: int = 25) -> dict:
    """One pass over ``texts``: seconds per side and per stage, sentences, documents and events."""
    import morfeusz2

    from kronika.doc import Document
    from kronika.lang import load
    from kronika.pipeline import build

    stage_clocks: dict[str, Clock] = {}
    pipeline = timed_stages(build(load("pl")), stage_clocks)
    morfeusz = morfeusz2.Morfeusz()
    pipeline(Document("warm-up", WARM_UP))
    morfeusz.analyse(WARM_UP)
    for clock in stage_clocks.values():  # the warm-up does not count
        clock.cpu = clock.wall = 0.0
    clocks = {side: Clock() for side in SIDES}
    sentences = events = failed = 0
    for first in range(0, len(texts), chunk):
        part = texts[first:first + chunk]
        paras = [p for t in part for p in paragraphs(t)]
        clocks["regex"].time(lambda: [REGEX_TOKEN.findall(t) for t in part])  # noqa: B023 - called at once
        clocks["morfeusz"].time(lambda: [morfeusz.analyse(p) for p in paras])  # noqa: B023
        coded = clocks["coder"].time(
            lambda: [code(pipeline, Document(f"d{first + k}", t)) for k, t in enumerate(part)])  # noqa: B023
        sentences += sum(len(d.sentences) for d in coded if d)
        events += sum(len(d.events) for d in coded if d)
        failed += sum(d is None for d in coded)
    return {"documents": len(texts), "sentences": sentences, "events": events, "failed": failed,
            "sides": {s: {"cpu_s": c.cpu, "wall_s": c.wall} for s, c in clocks.items()},
            "stages": {name: c.cpu for name, c in stage_clocks.items()}}


def summarise(runs: list[dict]) -> dict:
    """Medians over runs: seconds, sentences/s and documents/s per side (CPU and wall), stage shares."""
    sentences, documents = runs[0]["sentences"], runs[0]["documents"]
    out: dict = {"documents": documents, "sentences": sentences, "events": runs[0]["events"],
                 "failed": runs[0]["failed"], "runs": len(runs)}
    for side in SIDES:
        for basis in ("cpu", "wall"):
            seconds = statistics.median(r["sides"][side][f"{basis}_s"] for r in runs)
            out[f"{side}_{basis}_s"] = seconds
            out[f"{side}_sentences_per_s_{basis}"] = sentences / seconds
            out[f"{side}_documents_per_s_{basis}"] = documents / seconds
    stages = {name: statistics.median(r["stages"][name] for r in runs) for name in runs[0]["stages"]}
    out["stage_cpu_s"] = stages
    return out
