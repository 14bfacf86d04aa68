"""Views of an analysed document for ``kronika analyze``: a readable table and its JSON twin.

Numbers (``doc.quantities``) and dates (``doc.times``) are shown field by field
from their dataclasses, so a field added to them later appears without a change here.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

from kronika.doc import Document

_WHERE = ("start", "end", "text", "sentence")  # shown as the span and quote, not as fields


def document_json(doc: Document) -> dict:
    """One JSON-ready object: metadata, sentences, tokens with their chosen reading, numbers and dates."""
    return {
        "id": doc.id, "published": _plain(doc.published), "title": doc.title, "source": doc.source,
        "url": doc.url, "language": doc.language,
        "sentences": [{"index": s.index, "start": s.start, "end": s.end, "text": doc.text[s.start:s.end]}
                      for s in doc.sentences],
        "tokens": [{"i": t.i, "start": t.start, "end": t.end, "text": t.text, "kind": t.kind,
                    "sentence": t.sentence, "lemma": t.best.lemma if t.best else None,
                    "tag": t.best.tag if t.best else None, "labels": list(t.best.labels) if t.best else []}
                   for t in doc.tokens],
        "quantities": [_fields(q) for q in doc.quantities],
        "times": [_fields(t) for t in doc.times],
    }


def _fields(item) -> dict:
    return {f.name: _plain(getattr(item, f.name)) for f in dataclasses.fields(item)}


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set | tuple):
        return sorted(value) if isinstance(value, frozenset | set) else list(value)
    return value


def table(doc: Document) -> Iterator[str]:
    """Lines of a readable table: each sentence with its tokens, then the numbers and dates in it."""
    meta = [f"published {doc.published or '?'}"] + [f"{k} {v}" for k, v in
                                                     (("title", doc.title), ("language", doc.language)) if v]
    yield (f"== {doc.id}  ({', '.join(meta)}; {len(doc.sentences)} sentences, {len(doc.tokens)} tokens, "
           f"{len(doc.quantities)} numbers, {len(doc.times)} dates)")
    for s in doc.sentences:
        yield f"[{s.index}] {s.start}-{s.end}  {_one_line(doc.text[s.start:s.end])}"
        for t in doc.tokens[s.first_token:s.end_token]:
            best = t.best
            lemma, tag = (best.lemma, best.tag) if best else ("", "")
            yield f"    {t.i:>5}  {f'{t.start}-{t.end}':<11} {t.text:<18} {lemma:<18} {tag}"
        yield from _found(doc, s.index)
    yield from _found(doc, -1)
    yield ""


def _found(doc: Document, sentence: int) -> Iterator[str]:
    """Numbers and dates of one sentence in text order (-1: those not tied to a sentence)."""
    found = [(item.start, title, item) for title, items in (("number", doc.quantities), ("date", doc.times))
             for item in items if getattr(item, "sentence", -1) == sentence]
    for _, title, item in sorted(found, key=lambda f: f[:2]):
        extra = " ".join(f"{k}={_plain(v)}" for k, v in _fields(item).items() if k not in _WHERE and v is not None)
        yield f"    {title:<7}{f'{item.start}-{item.end}':<11} {_one_line(item.text)!r}  {extra}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
