"""The article view's data: what to highlight where, and the text cut into segments that carry it.

A *mark* is one highlighted span: an event's trigger, actor, recipient, source,
place, date or number, or another actor/place mention of the text.  Marks may
nest or overlap (an actor phrase holds a person's name), so the text is cut at
every mark boundary into segments, each knowing every mark that covers it; the
template renders a segment as one element, and the page's character offsets
stay the document's.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

# Drawing order: a later kind's colour wins where marks overlap (the trigger is what one clicks).
KINDS = ("mention", "source", "actor", "recipient", "place", "date", "number", "trigger")


@dataclass(frozen=True)
class Mark:
    """One highlighted span; ``event`` is the index of the event it belongs to (None: a bare mention)."""

    start: int
    end: int
    kind: str
    event: int | None
    label: str


def _entity_label(e: dict) -> str:
    return " · ".join(str(x) for x in (e.get("name"), e.get("country"), e.get("sector")) if x)


def _span(part: dict | None) -> tuple[int, int] | None:
    span = (part or {}).get("span")
    return (int(span[0]), int(span[1])) if span and len(span) == 2 else None


def event_marks(i: int, r: dict) -> list[Mark]:
    """The marks of one event record: every part of it that has a span in the text."""
    out = [Mark(r["span"][0], r["span"][1], "trigger", i, f"{r['event_type']}/{r.get('mode') or '-'}")]
    parts = [("actor", e, _entity_label(e)) for e in r.get("actors") or ()]
    parts += [("recipient", e, _entity_label(e)) for e in r.get("recipients") or ()]
    if r.get("source"):
        parts.append(("source", r["source"], _entity_label(r["source"])))
    if r.get("location"):
        loc = r["location"]
        parts.append(("place", loc, " · ".join(str(x) for x in (loc.get("name"), loc.get("country")) if x)))
    if r.get("date"):
        d = r["date"]
        parts.append(("date", d, d["start"] if d["start"] == d["end"] else f"{d['start']} – {d['end']}"))
    for q in r.get("quantities") or ():
        parts.append(("number", q, f"{q['value']} {q['unit']}" + (" (≈)" if q.get("approximate") else "")))
    for kind, part, label in parts:
        span = _span(part)
        if span:
            out.append(Mark(span[0], span[1], kind, i, label))
    return out


def mention_marks(mentions: list[dict], taken: set[tuple[int, int]]) -> list[Mark]:
    """Marks of the actor and place mentions that no event uses (``taken``: spans already marked)."""
    return [Mark(m["start"], m["end"], "mention", None, _entity_label(m) or m.get("text", ""))
            for m in mentions if (m["start"], m["end"]) not in taken]


def all_marks(text: str, records: list[dict], mentions: list[dict]) -> list[Mark]:
    """Every mark of an article, clipped to the text; empty or inverted spans are dropped."""
    marks = [m for i, r in enumerate(records) for m in event_marks(i, r)]
    marks += mention_marks(mentions, {(m.start, m.end) for m in marks})
    n = len(text)
    return [Mark(max(0, m.start), min(n, m.end), m.kind, m.event, m.label) for m in marks
            if max(0, m.start) < min(n, m.end)]


def segments(text: str, marks: list[Mark], event_ids: list[str]) -> list[dict]:
    """The text cut at every mark boundary; each piece lists the kinds, events and labels covering it,
    and ``link`` names the event whose trigger it is (the first, when two share a trigger)."""
    points = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starting = defaultdict(list)
    for m in marks:
        starting[m.start].append(m)
    active: list[Mark] = []
    out = []
    for a, b in zip(points, points[1:], strict=False):
        active = [m for m in active if m.end > a] + starting.get(a, [])
        cover = sorted(active, key=lambda m: KINDS.index(m.kind))
        kinds = list(dict.fromkeys(m.kind for m in cover))
        events = sorted({m.event for m in cover if m.event is not None})
        triggers = sorted(m.event for m in cover if m.kind == "trigger")
        labels = list(dict.fromkeys(f"{m.kind}: {m.label}" for m in reversed(cover) if m.label))
        out.append({"start": a, "end": b, "text": text[a:b], "kinds": kinds, "events": events,
                    "link": event_ids[triggers[0]] if triggers else None, "title": "\n".join(labels)})
    return out


def stored_mention(m: dict) -> dict:
    """A mention as the store keeps it, in the shape of ``records.mention_record``."""
    ref = (m.get("refers") or [None])[0] or {}
    place = m.get("place") or {}
    return {"start": m["start"], "end": m["end"], "text": m["text"], "kind": m.get("kind"), "base": m.get("base"),
            "name": ref.get("name") or place.get("name") or m.get("base"),
            "country": ref.get("country") or place.get("country"), "sector": ref.get("sector"),
            "id": ref.get("id") or place.get("id")}


def article(document: dict, text: str, records: list[dict], mentions: list[dict],
            rules: dict[str, list[str]] | None) -> tuple[dict, dict]:
    """(data, view) of the article page: the JSON twin's content, and the segments the HTML draws."""
    events = [{**r, "rules": (rules or {}).get(r["id"])} for r in records]
    marks = all_marks(text, records, mentions)
    data = {"document": document, "text": text, "events": events, "mentions": mentions,
            "rules_available": rules is not None, "highlights": [asdict(m) for m in marks]}
    return data, {"segments": segments(text, marks, [r["id"] for r in records])}
