"""Event records: ``Event`` objects to JSON-ready dicts that follow event.schema.json exactly."""
from __future__ import annotations

import hashlib

from kronika.doc import Document, Entity, Event, Mention, Quantity, TimeExpr


def event_id(doc_id: str, sentence: int, span: tuple[int, int], event_type: str) -> str:
    """Stable id: a hash of (doc_id, sentence, trigger span, type); same input, same id."""
    key = f"{doc_id}\x1f{sentence}\x1f{span[0]}:{span[1]}\x1f{event_type}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def entity_record(mention: Mention, entity: Entity | None = None) -> dict:
    """One participant as the schema's entity object."""
    entity = entity or mention.entity or Entity(mention.base)
    return {"text": mention.text, "name": entity.name, "country": entity.country,
            "sector": entity.sector, "id": entity.id, "span": [mention.start, mention.end]}


def participants(mentions: tuple[Mention, ...]) -> list[dict]:
    """Entity records for mentions; a mention standing for several entities gives several."""
    out = []
    for m in mentions:
        for entity in m.refers or (None,):
            out.append(entity_record(m, entity))
    return out


def location_record(m: Mention | None) -> dict | None:
    if m is None:
        return None
    p = m.place
    return {"text": m.text, "name": p.name if p else m.base, "country": p.country if p else None,
            "lat": p.lat if p else None, "lon": p.lon if p else None,
            "precision": p.precision if p else None, "span": [m.start, m.end]}


def date_record(t: TimeExpr | None) -> dict | None:
    if t is None or t.date_start is None:
        return None
    return {"text": t.text, "start": t.date_start.isoformat(), "end": t.date_end.isoformat(),
            "precision": t.precision, "span": [t.start, t.end]}


def quantity_record(q: Quantity) -> dict:
    value = int(q.value) if float(q.value).is_integer() else q.value
    return {"text": q.text, "value": value, "approximate": q.approximate, "unit": q.unit or "people",
            "currency": q.currency, "span": [q.start, q.end]}


def source_record(source: Mention | str | None) -> dict | None:
    if source is None:
        return None
    if isinstance(source, str):
        return {"text": source, "name": source, "country": None, "sector": None, "id": None}
    return entity_record(source)


def to_record(ev: Event) -> dict:
    """The schema's JSON object for one event."""
    return {
        "id": event_id(ev.doc_id, ev.sentence, ev.span, ev.event_type),
        "doc_id": ev.doc_id, "sentence": ev.sentence, "sentence_span": list(ev.sentence_span),
        "span": list(ev.span), "trigger": ev.trigger, "text": ev.text,
        "event_type": ev.event_type, "mode": ev.mode, "context": list(ev.context),
        "actors": participants(ev.actors), "recipients": participants(ev.recipients),
        "location": location_record(ev.location), "date": date_record(ev.date),
        "quantities": [quantity_record(q) for q in ev.quantities], "objects": list(ev.objects),
        "source": source_record(ev.source), "certainty": ev.certainty,
        "hypothetical": ev.hypothetical, "negated": ev.negated, "quote": ev.quote,
    }


def records(doc: Document) -> list[dict]:
    """All event records of a coded document, in text order."""
    return [to_record(e) for e in doc.events]


def mention_record(doc_id: str, m: Mention) -> dict:
    """One mention as ``kronika mentions`` prints it."""
    e = m.entity
    out = {"doc_id": doc_id, "start": m.start, "end": m.end, "text": m.text, "kind": m.kind, "base": m.base,
           "name": e.name if e else (m.place.name if m.place else m.base),
           "country": e.country if e else (m.place.country if m.place else None),
           "sector": e.sector if e else None, "id": e.id if e else (m.place.id if m.place else None)}
    if len(m.refers) > 1:
        out["refers"] = [{"name": x.name, "country": x.country, "sector": x.sector, "id": x.id} for x in m.refers]
    if m.place is not None:
        out["place"] = {"name": m.place.name, "country": m.place.country, "lat": m.place.lat, "lon": m.place.lon,
                        "precision": m.place.precision}
    return out


def mention_records(doc: Document) -> list[dict]:
    """Every actor and place mention of a document, in text order."""
    return [mention_record(doc.id, m) for m in doc.mentions]
