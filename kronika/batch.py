"""The batch runner every multi-document command uses: read items in, analysed documents out.

It checks each document's language, runs the pipeline, and turns every problem
into one line handed to a ``report`` callback (library code does not print), so
one bad document never stops the batch.  It keeps the counts behind the final
summary line and the exit code:

- 0: every document was processed;
- 1: some documents were skipped (not Polish, duplicate id) or failed (unreadable, pipeline error);
- 2: nothing could be processed (also used by the CLI for usage errors).
"""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from kronika.doc import Document
from kronika.langid import LanguageCheck
from kronika.read import ReadProblem

EXIT_OK, EXIT_SOME_LOST, EXIT_NOTHING = 0, 1, 2


@dataclass
class Tally:
    """Running counts of one batch: documents read, processed, skipped and failed (by reason)."""

    read: int = 0
    processed: int = 0
    skipped: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)

    @property
    def documents(self) -> int:
        return self.processed + sum(self.skipped.values()) + sum(self.failed.values())

    def summary(self) -> str:
        """One line, e.g. "38 documents: 37 processed, 1 skipped (not Polish), 0 failed"."""
        n = self.documents
        return (f"{n} document{'' if n == 1 else 's'}: {self.processed} processed, "
                f"{_with_reasons(self.skipped, 'skipped')}, {_with_reasons(self.failed, 'failed')}")

    def exit_code(self) -> int:
        if self.processed == 0:
            return EXIT_NOTHING
        return EXIT_OK if self.processed == self.documents else EXIT_SOME_LOST


def _with_reasons(counts: Counter, what: str) -> str:
    """"3 failed (2 invalid JSON, 1 empty)"; one reason is named without its count: "1 skipped (not Polish)"."""
    total = sum(counts.values())
    if not total:
        return f"0 {what}"
    if len(counts) == 1:
        return f"{total} {what} ({next(iter(counts))})"
    return f"{total} {what} (" + ", ".join(f"{n} {reason}" for reason, n in counts.most_common()) + ")"


class BatchRunner:
    """Runs ``pipeline`` over items from ``read_inputs``; problems go to ``report``, counts to ``tally``.

    ``language`` is the check that skips non-Polish documents (None: keep all);
    ``progress`` draws a tqdm bar on stderr once a second document arrives.
    """

    def __init__(self, pipeline: Callable[[Document], Document], *, language: LanguageCheck | None = None,
                 report: Callable[[str], None] = lambda line: None, progress: bool = False):
        self.pipeline = pipeline
        self.language = language
        self.report = report
        self.progress = progress
        self.tally = Tally()
        self._seen = 0
        self._bar = None

    def run(self, items: Iterable[Document | ReadProblem]) -> Iterator[Document]:
        """Analysed documents, in input order; everything else is reported and counted."""
        try:
            for item in items:
                doc = self._one(item)
                self._advance()
                if doc is not None:
                    yield doc
        finally:
            if self._bar is not None:
                self._bar.close()
                self._bar = None

    def _one(self, item: Document | ReadProblem) -> Document | None:
        if isinstance(item, ReadProblem):
            self._say(str(item))
            if item.outcome != "ignored":
                (self.tally.skipped if item.outcome == "skipped" else self.tally.failed)[item.reason] += 1
            return None
        self.tally.read += 1
        if self.language is not None:
            verdict = self.language(item.text)
            if not verdict.keep:
                self._say(f"doc {item.id}: {verdict.message}")
                self.tally.skipped["not Polish" if self.language.expected == "pl" else "other language"] += 1
                return None
            item = replace(item, language=verdict.language or item.language)
        try:
            doc = self.pipeline(item)
        except Exception as exc:  # one broken document must not stop the batch; it is reported and counted
            self._say(f"doc {item.id}: {exc}; skipped")
            self.tally.failed["pipeline error"] += 1
            return None
        self.tally.processed += 1
        return doc

    def _advance(self) -> None:
        """Count one more item done; the bar starts at the second (one document needs no bar)."""
        self._seen += 1
        if not self.progress or self._seen < 2:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(file=sys.stderr, unit="doc", initial=1, dynamic_ncols=True, leave=False)
        self._bar.update()

    def _say(self, line: str) -> None:
        if self._bar is None:
            self.report(line)
            return
        with self._bar.external_write_mode():
            self.report(line)
