"""Ingest: code documents with N worker processes and keep them in the store, safely and only once.

The main process reads the inputs, skips documents whose content hash is
already stored, hands the rest to workers and is the store's only writer.  Each
worker builds its own pipeline (Morfeusz cannot be pickled) and runs the shared
``BatchRunner`` on one document at a time, so the language check and the
handling of broken documents are those of every other command.  Every coded
document is written in one transaction, replacing its old version, so killing
the process at any moment loses at most the documents in flight; a rerun skips
what was stored and finishes the rest.  Clusters are rebuilt at the end of a
run whenever documents changed (or a killed run left them stale).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing as mp
import os
import queue
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kronika.doc import Document
from kronika.read import ReadProblem
from kronika.store import Store, StoredDocument

IN_FLIGHT = 4  # documents queued per worker: enough to keep it busy, few to lose to a crash
POLL_SECONDS = 0.5


def lexicon_version(directory: Path | None = None) -> str:
    """A digest of every data file of the language package: changes whenever a lexicon changes."""
    from kronika.lang import PACKAGE_DIR

    root = Path(directory or PACKAGE_DIR / "pl")
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p.suffix != ".pyc"):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:16]


def content_hash(doc: Document) -> str:
    """SHA-256 of the text and of the metadata that can change what is coded or shown."""
    fields = {"text": doc.text, "published": doc.published.isoformat() if doc.published else None,
              "title": doc.title, "source": doc.source, "url": doc.url}
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _mention(m) -> dict:
    return {"sentence": m.sentence, "start": m.start, "end": m.end, "text": m.text, "kind": m.kind,
            "base": m.base, "rule": m.rule, "refers": [asdict(e) for e in m.refers],
            "place": asdict(m.place) if m.place else None}


def stored(doc: Document, digest: str, lexicon: str) -> StoredDocument:
    """What the store keeps of a coded document: metadata, sentences with lemmas, mentions, event records."""
    from kronika.records import records

    sentences = tuple((s.index, s.start, s.end,
                       " ".join(t.lemma for t in doc.sentence_tokens(s.index) if t.kind == "word"))
                      for s in doc.sentences)
    return StoredDocument(
        id=doc.id, content_hash=digest, text=doc.text, lexicon_version=lexicon, title=doc.title,
        published=doc.published.isoformat() if doc.published else None, source=doc.source, url=doc.url,
        language=doc.language, meta=dict(doc.meta), sentences=sentences,
        mentions=tuple(_mention(m) for m in doc.mentions), records=tuple(records(doc)))


def as_document(s: StoredDocument) -> Document:
    """A stored document back as an uncoded ``Document``, ready to be coded again."""
    return Document(id=s.id, text=s.text, published=dt.date.fromisoformat(s.published) if s.published else None,
                    title=s.title, source=s.source, url=s.url, language=s.language, meta=dict(s.meta))


@dataclass(frozen=True)
class Outcome:
    """What became of one document sent to a worker: ``ok`` with its payload, ``skipped`` or ``failed``."""

    doc_id: str
    status: str
    payload: StoredDocument | None = None
    reason: str = ""
    message: str = ""


def _code(runner, doc: Document, digest: str, lexicon: str, messages: list[str]) -> Outcome:
    """Run the batch runner on one document and say what happened to it."""
    before = (Counter(runner.tally.skipped), Counter(runner.tally.failed))
    messages.clear()
    coded = list(runner.run([doc]))
    if coded:
        return Outcome(doc.id, "ok", stored(coded[0], digest, lexicon))
    for status, now, then in (("skipped", runner.tally.skipped, before[0]), ("failed", runner.tally.failed, before[1])):
        grew = now - then
        if grew:
            return Outcome(doc.id, status, reason=next(iter(grew)), message="; ".join(messages))
    return Outcome(doc.id, "failed", reason="no result", message="; ".join(messages))


def work(tasks, results, check_language: bool) -> None:
    """A worker process: one pipeline, then (document, hash, lexicon) tasks until None or orphaned."""
    from kronika.batch import BatchRunner
    from kronika.langid import LanguageCheck
    from kronika.pipeline import build

    # Ctrl-C reaches the whole process group: the main process alone decides, and stops us cleanly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    messages: list[str] = []
    runner = BatchRunner(build(), language=LanguageCheck() if check_language else None, report=messages.append)
    parent = os.getppid()
    while True:
        try:
            task = tasks.get(timeout=POLL_SECONDS * 2)
        except queue.Empty:
            if os.getppid() != parent:  # the main process was killed: nobody will read our results
                return
            continue
        if task is None:
            return
        results.put(_code(runner, *task, messages))


class Workers:
    """N worker processes, each with its own task queue so a crashed worker's documents are known."""

    def __init__(self, n: int, check_language: bool = True):
        self.n = max(1, n)
        self.check_language = check_language
        self.ctx = mp.get_context("spawn")  # no inherited SQLite handles or threads in the workers
        self.results = None
        self.procs: list = []
        self.queues: list = []
        self.in_flight: list[dict[str, Document]] = []
        self.lost: list[Outcome] = []

    def start(self) -> None:
        self.results = self.ctx.Queue()
        for k in range(self.n):
            self.queues.append(self.ctx.Queue())
            self.in_flight.append({})
            self.procs.append(None)
            self._spawn(k)

    def _spawn(self, k: int) -> None:
        p = self.ctx.Process(target=work, args=(self.queues[k], self.results, self.check_language),
                             name=f"kronika-worker-{k}", daemon=True)
        p.start()
        self.procs[k] = p

    def has_room(self) -> bool:
        return any(len(f) < IN_FLIGHT for f in self.in_flight)

    def busy(self) -> bool:
        return any(self.in_flight) or bool(self.lost)

    def submit(self, doc: Document, digest: str, lexicon: str) -> None:
        k = min(range(self.n), key=lambda i: len(self.in_flight[i]))
        self.in_flight[k][doc.id] = doc
        self.queues[k].put((doc, digest, lexicon))

    def next_outcome(self) -> Outcome:
        """The next finished document; a dead worker's documents come back as failures."""
        while True:
            if self.lost:
                return self.lost.pop(0)
            try:
                outcome = self.results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                self._check_alive()
                continue
            for flight in self.in_flight:
                flight.pop(outcome.doc_id, None)
            return outcome

    def _check_alive(self) -> None:
        for k, p in enumerate(self.procs):
            if p.is_alive():
                continue
            for doc_id in sorted(self.in_flight[k]):
                self.lost.append(Outcome(doc_id, "failed", reason="worker died",
                                         message=f"worker process died (exit code {p.exitcode}) while coding it"))
            self.in_flight[k].clear()
            self.queues[k] = self.ctx.Queue()
            self._spawn(k)

    def stop(self) -> None:
        for q in self.queues:
            q.put(None)
        for p in self.procs:
            p.join(timeout=10)
            if p.is_alive():
                p.kill()


def _counted(counts: Counter, what: str) -> str:
    """"2 failed (1 worker died, 1 pipeline error)"."""
    total = sum(counts.values())
    reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{total} {what}" + (f" ({reasons})" if total else "")


@dataclass
class Report:
    """The outcome of an ingest or recode run."""

    run_id: int
    ingested: int = 0
    unchanged: int = 0
    events: int = 0
    skipped: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)
    problems: list[tuple[str, str]] = field(default_factory=list)
    clusters: int | None = None
    seconds: float = 0.0
    stale_lexicon: int = 0  # unchanged documents coded with another lexicon version
    verb: str = "ingested"

    @property
    def documents(self) -> int:
        return self.ingested + self.unchanged + sum(self.skipped.values()) + sum(self.failed.values())

    def summary(self) -> str:
        """One line: counts, reasons, speed."""
        rate = self.ingested / self.seconds if self.seconds else 0.0
        line = (f"{self.documents} document{'' if self.documents == 1 else 's'}: {self.ingested} {self.verb} ({self.events} events, {rate:.1f} docs/s), "
                f"{self.unchanged} unchanged, {_counted(self.skipped, 'skipped')}, "
                f"{_counted(self.failed, 'failed')}")
        if self.stale_lexicon:
            line += f"; {self.stale_lexicon} unchanged document(s) were coded with an older lexicon: run kronika recode"
        return line

    def exit_code(self) -> int:
        from kronika.batch import EXIT_NOTHING, EXIT_OK, EXIT_SOME_LOST

        done = self.ingested + self.unchanged
        if self.documents and not done:
            return EXIT_NOTHING
        return EXIT_OK if done == self.documents else EXIT_SOME_LOST


class _Run:
    """One run's bookkeeping: outcomes go to the store and the report, problems to ``report_line``."""

    def __init__(self, store: Store, report: Report, progress, report_line):
        self.store, self.report, self.progress, self.report_line = store, report, progress, report_line

    def problem(self, label: str, message: str, reason: str, status: str) -> None:
        if status != "ignored":
            (self.report.skipped if status == "skipped" else self.report.failed)[reason] += 1
        self.report.problems.append((label, message))
        self.store.add_problem(self.report.run_id, label, message)
        self.report_line(f"{label}: {message}")

    def outcome(self, o: Outcome) -> None:
        if o.status == "ok":
            self.report.events += self.store.put_document(o.payload, self.report.run_id)
            self.report.ingested += 1
        else:
            self.problem(f"doc {o.doc_id}", o.message or o.reason, o.reason, o.status)
        self.tick()

    def tick(self) -> None:
        if self.progress:
            self.progress(self.report)


def _drive(run: _Run, items: Iterable, workers: Workers, lexicon: str, skip_unchanged: bool) -> None:
    """Feed documents to the workers and store their results as they come back."""
    for item in items:
        if isinstance(item, ReadProblem):
            run.problem(item.label, item.message, item.reason, item.outcome)
            run.tick()
            continue
        digest = content_hash(item)
        state = run.store.document_state(item.id) if skip_unchanged else None
        if state is not None and state.content_hash == digest:
            run.report.unchanged += 1
            run.report.stale_lexicon += state.lexicon_version != lexicon
            run.tick()
            continue
        while not workers.has_room():
            run.outcome(workers.next_outcome())
        workers.submit(item, digest, lexicon)
    while workers.busy():
        run.outcome(workers.next_outcome())


def run_batch(store: Store, items: Iterable[Document | ReadProblem], *, command: str, inputs: list[str],
              workers: int | None = None, check_language: bool = True, skip_unchanged: bool = True,
              progress: Callable[[Report], None] | None = None,
              report_line: Callable[[str], None] = lambda line: None) -> Report:
    """Code and store ``items`` with ``workers`` processes (default: the number of cores)."""
    from kronika import __version__, clusters

    started = time.perf_counter()
    lexicon = lexicon_version()
    report = Report(store.begin_run(command, lexicon, __version__, inputs),
                    verb="recoded" if command.startswith("recode") else "ingested")
    pool = Workers(workers or os.cpu_count() or 1, check_language)
    pool.start()
    try:
        _drive(_Run(store, report, progress, report_line), items, pool, lexicon, skip_unchanged)
    finally:
        pool.stop()
    report.seconds = time.perf_counter() - started
    if store.clusters_stale():
        report.clusters = clusters.rebuild(store)
    store.finish_run(report.run_id, report.ingested, report.unchanged,
                     sum(report.skipped.values()) + sum(report.failed.values()))
    return report


def ingest(store: Store, items: Iterable[Document | ReadProblem], inputs: list[str] | None = None,
           **options) -> Report:
    """Code and store documents, skipping those already stored with the same content hash."""
    return run_batch(store, items, command="ingest", inputs=list(inputs or []), **options)


def stale_documents(store: Store, everything: bool = False) -> Iterator[Document]:
    """Stored documents coded with another lexicon version (all of them with ``everything``)."""
    for doc_id in store.document_ids(stale_for=None if everything else lexicon_version()):
        doc = store.document(doc_id)
        if doc is not None:
            yield as_document(doc)


def recode(store: Store, everything: bool = False, **options) -> Report:
    """Code again the stored documents whose lexicon version is not the current one (or all)."""
    return run_batch(store, stale_documents(store, everything), command="recode" + (" --all" if everything else ""),
                     inputs=[], check_language=False, skip_unchanged=False, **options)
