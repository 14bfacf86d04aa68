"""Worker processes: scaling from 1 to N workers, peak RSS per worker, and cold start.

Each worker is a fresh spawned process that reads the corpus, builds its own
pipeline (as ``kronika ingest`` workers do), says it is ready, then codes the
documents it takes from a shared queue in small chunks.  The clock runs from the
moment every worker is ready until the last one is done, so start-up (measured
separately as cold start) does not blur the speed-up.  Each worker also reports
its CPU seconds for the coding and its peak RSS.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TASK_CHUNK = 4  # documents per task: small enough to balance the workers at the end


def _worker(corpus: str, limit: int | None, tasks, results) -> None:
    from bench.corpus import load_texts
    from bench.throughput import WARM_UP, code
    from kronika.doc import Document
    from kronika.pipeline import build

    texts = load_texts(Path(corpus), limit)
    pipeline = build()
    pipeline(Document("warm-up", WARM_UP))
    results.put(("ready", os.getpid()))
    cpu = time.process_time()
    documents = sentences = 0
    while (task := tasks.get()) is not None:
        for i in task:
            documents += 1
            coded = code(pipeline, Document(f"d{i}", texts[i]))
            sentences += len(coded.sentences) if coded else 0
    results.put(("done", {"cpu_s": time.process_time() - cpu, "documents": documents, "sentences": sentences,
                          "peak_rss_mb": peak_rss_mb()}))


def peak_rss_mb() -> float:
    """This process's peak resident memory.  On Linux VmHWM, the peak of the process image since
    exec: ``ru_maxrss`` of a spawned worker keeps the peak of the forked copy of its parent from
    before the exec, so it would report the bench process's memory, not the worker's."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_workers(corpus: Path, n_docs: int, workers: int, limit: int | None) -> dict:
    """Code ``n_docs`` documents with ``workers`` processes: wall seconds, each worker's CPU and RSS."""
    ctx = mp.get_context("spawn")
    tasks, results = ctx.Queue(), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(str(corpus), limit, tasks, results), daemon=True)
             for _ in range(workers)]
    for p in procs:
        p.start()
    for _ in procs:
        kind, _pid = results.get(timeout=600)
        assert kind == "ready", kind
    started = time.perf_counter()
    for first in range(0, n_docs, TASK_CHUNK):
        tasks.put(list(range(first, min(first + TASK_CHUNK, n_docs))))
    for _ in procs:
        tasks.put(None)
    done = [results.get(timeout=3600)[1] for _ in procs]
    wall = time.perf_counter() - started
    for p in procs:
        p.join(timeout=30)
    assert sum(d["documents"] for d in done) == n_docs
    return {"workers": workers, "wall_s": wall, "cpu_s": [d["cpu_s"] for d in done],
            "peak_rss_mb": max(d["peak_rss_mb"] for d in done),
            "sentences": sum(d["sentences"] for d in done), "documents": n_docs}


def summarise_scaling(runs: dict[int, list[dict]]) -> dict:
    """Medians per worker count, and the speed-up of the largest count over one worker.

    ``wall``: documents/s by the clock, what a user sees, capped by whatever else
    runs on the machine.  ``cpu``: documents / the busiest worker's CPU seconds,
    the speed-up if every worker had a core to itself (imbalance and contention for
    memory and caches still count; other load on the machine does not).  ``cpu_share``:
    the fraction of ``workers`` cores the workers actually got during the run.
    """
    out: dict = {"per_workers": {}}
    for n, rs in sorted(runs.items()):
        docs = rs[0]["documents"]
        out["per_workers"][n] = {
            "documents_per_s_wall": statistics.median(docs / r["wall_s"] for r in rs),
            "documents_per_s_cpu": statistics.median(docs / max(r["cpu_s"]) for r in rs),
            "cpu_share": statistics.median(sum(r["cpu_s"]) / (n * r["wall_s"]) for r in rs),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in rs),
            "wall_s": statistics.median(r["wall_s"] for r in rs)}
    counts = sorted(runs)
    one, top = out["per_workers"][counts[0]], out["per_workers"][counts[-1]]
    out["speedup_wall"] = top["documents_per_s_wall"] / one["documents_per_s_wall"]
    out["speedup_cpu"] = top["documents_per_s_cpu"] / one["documents_per_s_cpu"]
    out["peak_rss_mb"] = max(v["peak_rss_mb"] for v in out["per_workers"].values())
    return out


# Run in a fresh interpreter: import, language package and lexicons, first document; phases on stdout.
COLD_START = """
import json, sys, time
w0, c0 = time.perf_counter(), time.process_time()
from kronika.doc import Document
from kronika.pipeline import build
w1, c1 = time.perf_counter(), time.process_time()
pipeline = build()
w2, c2 = time.perf_counter(), time.process_time()
pipeline(Document("first", json.loads(sys.stdin.readline())["text"]))
w3, c3 = time.perf_counter(), time.process_time()
print(json.dumps({"import_s": c1 - c0, "build_s": c2 - c1, "first_document_s": c3 - c2,
                  "import_wall_s": w1 - w0, "build_wall_s": w2 - w1, "first_document_wall_s": w3 - w2}))
"""


def cold_start(corpus: Path, cache: Path) -> dict:
    """One fresh process: total CPU (user + sys, interpreter start included) and wall seconds, and phases.

    ``cache`` is the compiled-lexicon cache directory it uses.  Bytecode is written and read
    as in any installation (the bench drops PYTHONDONTWRITEBYTECODE for this process).
    """
    with corpus.open(encoding="utf-8") as fh:
        first_line = next(line for line in fh if line.strip())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["KRONIKA_CACHE_DIR"] = str(cache)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", COLD_START], input=first_line, capture_output=True,
                          text=True, check=True, cwd=Path(__file__).resolve().parents[1], env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"cpu_s": cpu, "wall_s": wall, **json.loads(done.stdout)}


def cold_starts(corpus: Path, runs: int) -> dict:
    """The first process with an empty lexicon cache (it compiles and fills it), then the median of
    ``runs`` processes that find it, as every process after an installation or a lexicon change does."""
    with tempfile.TemporaryDirectory(prefix="kronika-bench-cache-") as tmp:
        first = cold_start(corpus, Path(tmp) / "cache")
        later = [cold_start(corpus, Path(tmp) / "cache") for _ in range(runs)]
    out = {key: statistics.median(r[key] for r in later) for key in later[0]}
    out["uncached"] = first
    return out
