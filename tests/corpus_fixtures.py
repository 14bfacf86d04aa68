"""Hand-coded corpus fixtures: Polish articles we wrote, with the event records a careful coder gives them.

Each fixture document has one sentence per line; each event is written compactly
(trigger, type, participants as [text, name, country, sector, id?], ...) and
expanded here into a full schema record whose spans point into the text.  Store,
query, cluster and export tests use these records so that they do not depend on
what the event coder finds today.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jsonschema

from kronika.records import event_id
from kronika.store import StoredDocument

DATA = Path(__file__).parent / "data" / "corpus"
SCHEMA = json.loads((Path(__file__).parents[1] / "kronika" / "schema" / "event.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _find(text: str, needle: str, span: tuple[int, int], what: str) -> list[int]:
    at = text.find(needle, span[0], span[1])
    if at < 0:
        raise ValueError(f"fixture error: {what} {needle!r} not in sentence {text[span[0]:span[1]]!r}")
    return [at, at + len(needle)]


def _entity(text: str, span, spec, what: str) -> dict:
    surface, name, country, sector, *rest = spec
    return {"text": surface, "name": name, "country": country, "sector": sector, "id": rest[0] if rest else None,
            "span": _find(text, surface, span, what)}


def record(doc: dict, spec: dict) -> dict:
    """The full schema record of one compact event spec of ``doc``."""
    text, i = doc["text"], spec["sentence"]
    sspan = sentence_spans(text)[i]
    span = _find(text, spec["trigger"], sspan, "trigger")
    loc = spec.get("location")
    date = spec.get("date")
    src = spec.get("source")
    rec = {
        "id": event_id(doc["id"], i, tuple(span), spec["type"]), "doc_id": doc["id"], "sentence": i,
        "sentence_span": list(sspan), "span": span, "trigger": spec["trigger"], "text": text[sspan[0]:sspan[1]],
        "event_type": spec["type"], "mode": spec.get("mode"), "context": spec.get("context", []),
        "actors": [_entity(text, sspan, a, "actor") for a in spec.get("actors", [])],
        "recipients": [_entity(text, sspan, r, "recipient") for r in spec.get("recipients", [])],
        "location": {"text": loc[0], "name": loc[1], "country": loc[2], "lat": loc[3], "lon": loc[4],
                     "precision": loc[5], "span": _find(text, loc[0], sspan, "location")} if loc else None,
        "date": {"text": date[0], "start": date[1], "end": date[2], "precision": date[3],
                 "span": _find(text, date[0], sspan, "date")} if date else None,
        "quantities": [{"text": q[0], "value": q[1], "approximate": q[2], "unit": q[3],
                        "currency": q[4] if len(q) > 4 else None, "span": _find(text, q[0], sspan, "quantity")}
                       for q in spec.get("quantities", [])],
        "objects": spec.get("objects", []),
        "source": _entity(text, sspan, src, "source") if src else None,
        "certainty": spec.get("certainty", "stated"), "hypothetical": spec.get("hypothetical", False),
        "negated": spec.get("negated", False), "quote": spec.get("quote"),
    }
    VALIDATOR.validate(rec)
    return rec


@lru_cache(maxsize=None)
def _load(name: str) -> str:
    return (DATA / name).read_text("utf-8")


def documents(name: str) -> list[dict]:
    """The fixture documents of ``name`` (``query.json`` or ``clusters.json``), each with ``records`` and
    ``labels`` (parallel lists) and ``gold`` labels where the fixture has them."""
    docs = json.loads(_load(name))
    for d in docs:
        d["records"] = [record(d, e) for e in d["events"]]
        d["labels"] = [e["label"] for e in d["events"]]
        d["gold"] = [e.get("gold") for e in d["events"]]
    return docs


def stored(doc: dict, lemmas: dict[int, str] | None = None, lexicon: str = "fixture") -> StoredDocument:
    """A fixture document as the store keeps it (its sentence lemmas, when given, feed text search)."""
    spans = sentence_spans(doc["text"])
    return StoredDocument(
        id=doc["id"], content_hash="h-" + doc["id"], text=doc["text"], lexicon_version=lexicon,
        title=doc.get("title"), published=doc.get("published"), source=doc.get("source"),
        sentences=tuple((i, s, e, (lemmas or {}).get(i, "")) for i, (s, e) in enumerate(spans)),
        records=tuple(doc["records"]))


def label_of(docs: list[dict]) -> dict[str, str]:
    """Event record id -> fixture label."""
    return {r["id"]: lab for d in docs for r, lab in zip(d["records"], d["labels"], strict=True)}
