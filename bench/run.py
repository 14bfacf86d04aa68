"""``make bench``: how fast the coder is on real news texts, against the floors, on 1 and 2 workers.

    .venv/bin/python -m bench.run [--corpus FILE] [--limit N] [--runs 3] [--workers 2] [--output bench/results.json]

Measures in one run, on the SlavicNER Polish news texts (../shared/eval/ner, read at run
time): single-core throughput of the whole coder, of raw ``morfeusz2.Morfeusz().analyse()``
paragraph by paragraph and of a regex tokenizer; the speed-up from 1 to N worker
processes; peak RSS per worker; cold start in a fresh process.  Each figure is the median
of ``--runs`` runs.  The machine may be shared, so everything is timed in CPU seconds and
in wall seconds; the headline figures are CPU-based (see docs/performance.md).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from bench import throughput, workers
from bench.corpus import corpus_path, load_texts

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"ratio_vs_morfeusz": (">=", 0.5), "scaling_2_workers": (">=", 1.8), "peak_rss_mb": ("<=", 400),
           "cold_start_s": ("<=", 2.0)}


def measure(corpus: Path, limit: int | None, runs: int, max_workers: int) -> dict:
    """Every measurement, medians over ``runs``; progress lines on stderr."""
    texts = load_texts(corpus, limit)
    load_before = os.getloadavg()
    say(f"single core: {runs} run(s) over {len(texts)} documents")
    single = throughput.summarise([throughput.run_once(texts) for _ in range(runs)])
    scaling_runs: dict[int, list[dict]] = {}
    for n in sorted({1, max_workers}):
        say(f"{n} worker(s): {runs} run(s)")
        scaling_runs[n] = [workers.run_workers(corpus, len(texts), n, limit) for _ in range(runs)]
    scaling = workers.summarise_scaling(scaling_runs)
    say(f"cold start: {max(runs, 3) + 1} fresh processes")
    cold = workers.cold_starts(corpus, max(runs, 3))
    return {"single": single, "scaling": scaling, "cold": cold,
            "load_average": {"start": load_before[0], "end": os.getloadavg()[0]}}


def results(m: dict, corpus: Path, max_workers: int) -> dict:
    """The JSON written to bench/results.json: headline keys first, then the detail."""
    s, sc, cold = m["single"], m["scaling"], m["cold"]
    out = {
        "coder_sentences_per_s": s["coder_sentences_per_s_cpu"],
        "coder_documents_per_s": s["coder_documents_per_s_cpu"],
        "morfeusz_sentences_per_s": s["morfeusz_sentences_per_s_cpu"],
        "regex_sentences_per_s": s["regex_sentences_per_s_cpu"],
        "ratio_vs_morfeusz": s["coder_sentences_per_s_cpu"] / s["morfeusz_sentences_per_s_cpu"],
        f"scaling_{max_workers}_workers": sc["speedup_cpu"],
        f"scaling_{max_workers}_workers_wall": sc["speedup_wall"],
        "peak_rss_mb": sc["peak_rss_mb"],
        "cold_start_s": cold["cpu_s"],
        "cold_start_wall_s": cold["wall_s"],
        "cold_start_uncached_s": cold["uncached"]["cpu_s"],
        "basis": "CPU seconds per core (process_time of a single-threaded process; a worker's own CPU "
                 "time for scaling); *_wall keys are wall-clock on this possibly shared machine",
        "ratio_vs_morfeusz_wall": s["coder_sentences_per_s_wall"] / s["morfeusz_sentences_per_s_wall"],
        "single_core": s, "scaling": sc, "cold_start": cold, "load_average": m["load_average"],
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "corpus": str(corpus), "commit": _commit(), "when": dt.datetime.now().isoformat(timespec="seconds"),
    }
    out["targets"] = {key: {"target": f"{op} {limit}", "value": out[key],
                            "met": out[key] >= limit if op == ">=" else out[key] <= limit}
                      for key, (op, limit) in TARGETS.items() if key in out}
    return out


def table(r: dict) -> list[str]:
    """The printed report: single core, stages, workers, cold start, targets."""
    s, sc, cold = r["single_core"], r["scaling"], r["cold_start"]
    lines = [f"corpus {r['corpus']}: {s['documents']} documents ({s['failed']} failed), {s['sentences']:,} "
             f"sentences, {s['events']:,} events; medians of {s['runs']} run(s)",
             f"machine: {r['machine']['cpus']} CPUs, load average {r['load_average']['start']:.1f} at start, "
             f"{r['load_average']['end']:.1f} at end; headline figures are CPU-based, wall in brackets",
             "", f"  {'single core':<28}{'sentences/s':>22}{'documents/s':>22}{'× Morfeusz':>14}"]
    for side, name in (("regex", "regex tokenizer (floor)"), ("morfeusz", "raw Morfeusz (floor)"),
                       ("coder", "coder, whole pipeline")):
        cpu, wall = s[f"{side}_sentences_per_s_cpu"], s[f"{side}_sentences_per_s_wall"]
        dcpu, dwall = s[f"{side}_documents_per_s_cpu"], s[f"{side}_documents_per_s_wall"]
        ratio = cpu / s["morfeusz_sentences_per_s_cpu"]
        lines.append(f"  {name:<28}{cpu:>11,.0f} ({wall:>7,.0f}){dcpu:>13,.1f} ({dwall:>6,.1f}){ratio:>14.2f}")
    total = sum(s["stage_cpu_s"].values())
    lines.append("  coder stages, CPU s (share): " + ", ".join(
        f"{k} {v:.1f} ({v / total:.0%})" for k, v in sorted(s["stage_cpu_s"].items(), key=lambda kv: -kv[1])))
    lines += ["", f"  {'workers':<10}{'docs/s wall':>13}{'docs/s cpu':>13}{'cores got':>11}{'peak RSS MB':>13}"]
    for n, w in sc["per_workers"].items():
        lines.append(f"  {n:<10}{w['documents_per_s_wall']:>13.1f}{w['documents_per_s_cpu']:>13.1f}"
                     f"{w['cpu_share'] * int(n):>11.2f}{w['peak_rss_mb']:>13.0f}")
    lines.append(f"  speed-up: ×{sc['speedup_cpu']:.2f} CPU-based (each worker on its own core), "
                 f"×{sc['speedup_wall']:.2f} by the wall clock")
    first = cold["uncached"]
    lines += ["", f"  cold start: {cold['cpu_s']:.2f} s CPU ({cold['wall_s']:.2f} s wall) = import "
                  f"{cold['import_s']:.2f} + lexicons {cold['build_s']:.2f} + first document "
                  f"{cold['first_document_s']:.2f} + interpreter, compiled lexicons from the cache",
              f"  the first process after an install or a lexicon change compiles them: {first['cpu_s']:.2f} s CPU "
              f"({first['wall_s']:.2f} s wall; lexicons {first['build_s']:.2f})", ""]
    for key, t in r["targets"].items():
        lines.append(f"  target {key} {t['target']}: {t['value']:.2f} {'met' if t['met'] else 'NOT met'}")
    return lines


def _commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def say(line: str) -> None:
    print(f"bench: {line}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="JSON Lines with a 'text' field (default: ../shared/eval/ner/...)")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; medians are reported")
    parser.add_argument("--workers", type=int, default=2, help="the worker count compared with one")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args(argv)
    corpus = corpus_path(args.corpus)
    r = results(measure(corpus, args.limit, args.runs, args.workers), corpus, args.workers)
    print("\n".join(table(r)))
    args.output.write_text(json.dumps(r, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
