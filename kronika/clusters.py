"""Cross-article event identity: reports of the same event grouped into one cluster.

Two event records may be the same event when they share a type family, their
actor/recipient countries overlap, and their dates, places, modes, negation and
hypothetical status are compatible.  Each compatible pair gets a score from the
evidence that agrees (same type, shared actor and recipient, overlapping dates,
same place, similar numbers) and the list of reasons behind it.  Pairs scoring at
least ``THRESHOLD`` that share a participant and agree on more than type and
participants are merged strongest first, and two groups merge only when *every*
pair across them is compatible (complete linkage on the vetoes), so one loose
link cannot chain unrelated reports together.  Differing values inside a cluster
(3,000 vs 11,000 troops) are not a veto: they are kept side by side with who
reported them.  Clusters are rebuilt from all stored events, so the result does
not depend on the order in which documents were ingested.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlparse

# Types that can describe the same happening in different reports: troops sent to an ally are
# AID to one coder and MOBILIZE or military COOPERATE to another; a yielding can be verbal or material;
# a seizure is COERCE or ASSAULT depending on the violence reported.
FAMILIES = {t: family for family, types in (
    ("material", ("AID", "COOPERATE", "MOBILIZE")),
    ("yield", ("CONCEDE", "RETREAT")),
    ("force", ("COERCE", "ASSAULT")),
) for t in types}
# Types whose two sides play the same part, so "A meets B" and "B meets A" are one event.
SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
THRESHOLD = 3.0
UNDATED_WINDOW = 30  # days before publication an undated report may refer to
DATE_SLACK = 1  # days between two intervals still compatible: "yesterday" written after midnight
QUANTITY_RATIO = 1.25  # values within this ratio count as the same figure


def family(event_type: str) -> str:
    return FAMILIES.get(event_type, event_type)


def publisher(source: str | None, doc_id: str) -> str:
    """Who published a document: its source, a URL reduced to its host, or the document itself."""
    if not source:
        return f"doc:{doc_id}"
    host = urlparse(source).netloc if "://" in source else ""
    return host.removeprefix("www.") or source


@dataclass(frozen=True)
class View:
    """What clustering needs of one event, computed once from its record."""

    eid: int
    key: str  # doc_id#seq
    event_id: str
    doc_id: str
    publisher: str
    event_type: str
    mode: str | None
    hypothetical: bool
    negated: bool
    actors: frozenset[str]
    recipients: frozenset[str]
    start: dt.date | None
    end: dt.date | None
    dated: bool  # False when the interval comes from the publication date
    date: str | None
    place: tuple[str | None, str | None, str | None] | None  # name, country, precision
    quantities: tuple[tuple[str, float, bool], ...]
    objects: frozenset[str]
    claimant: str | None
    certainty: str


def _keys(entities) -> frozenset[str]:
    return frozenset(e.get("country") or (e.get("name") or "").lower() for e in entities or ()
                     if e.get("country") or e.get("name"))


def view(row) -> View:
    """A ``View`` of a ``store.EventRow``."""
    r = row.record
    date, loc, src = r.get("date"), r.get("location"), r.get("source")
    if date:
        start, end, dated = dt.date.fromisoformat(date["start"]), dt.date.fromisoformat(date["end"]), True
    elif row.published:
        end = dt.date.fromisoformat(row.published)
        start, dated = end - dt.timedelta(days=UNDATED_WINDOW), False
    else:
        start = end = None
        dated = False
    return View(
        eid=row.eid, key=f"{row.doc_id}#{row.seq}", event_id=r["id"], doc_id=row.doc_id,
        publisher=publisher(row.publisher, row.doc_id), event_type=r["event_type"], mode=r.get("mode"),
        hypothetical=bool(r.get("hypothetical")), negated=bool(r.get("negated")), actors=_keys(r.get("actors")),
        recipients=_keys(r.get("recipients")), start=start, end=end, dated=dated,
        date=f"{date['start']}/{date['end']}" if date else None,
        place=(loc.get("name"), loc.get("country"), loc.get("precision")) if loc else None,
        quantities=tuple((q["unit"], float(q["value"]), bool(q.get("approximate")))
                         for q in r.get("quantities") or ()),
        objects=frozenset(o.lower() for o in r.get("objects") or ()),
        claimant=(src.get("name") or src.get("text")) if src else None, certainty=r["certainty"])


def _sides(a: View, b: View) -> tuple[list[str], float] | None:
    """Shared participants (reasons, score), or None when the two sides cannot be the same.

    A side one report leaves empty is unknown, not different: it neither adds nor vetoes.
    """
    def overlap(xa, xb, ya, yb):
        if (xa and xb and not xa & xb) or (ya and yb and not ya & yb):
            return None
        return xa & xb, ya & yb

    if a.event_type in SYMMETRIC and b.event_type in SYMMETRIC:
        # Roles are arbitrary here ("Polska i Niemcy podpisały" / "Niemcy podpisały z Polską"), but
        # the parties must be the same: one report may name fewer of them, never different ones.
        pa, pb = a.actors | a.recipients, b.actors | b.recipients
        if pa and pb and not (pa <= pb or pb <= pa):
            return None
        return [f"participants {','.join(sorted(pa & pb))}"], float(min(2, len(pa & pb)))
    direct = overlap(a.actors, b.actors, a.recipients, b.recipients)
    if direct is None:
        return None
    reasons = [f"{role} {','.join(sorted(keys))}" for role, keys in zip(("actor", "recipient"), direct,
                                                                         strict=True) if keys]
    return reasons, float(len(reasons))


def _dates(a: View, b: View) -> tuple[list[str], float] | None:
    if a.start is None or b.start is None:
        return [], 0.0
    gap = (max(a.start, b.start) - min(a.end, b.end)).days
    if gap > DATE_SLACK:
        return None
    if a.dated and b.dated:
        return [f"dates overlap ({a.date} ~ {b.date})"], 1.0
    if a.doc_id == b.doc_id:  # one article's sentences share its publication date: no evidence
        return [], 0.0
    return ["reported within the same weeks"], 0.25


def _places(a: View, b: View) -> tuple[list[str], float] | None:
    if not a.place or not b.place:
        return [], 0.0
    (na, ca, pa), (nb, cb, pb) = a.place, b.place
    if ca and cb and ca != cb:
        return None
    if na == nb:
        return [f"same place {na}"], 1.0
    if pa == pb:  # two different cities (or two regions) are two places
        return None
    return ([f"same country {ca}"], 0.5) if ca and ca == cb else ([], 0.0)


def _quantities(a: View, b: View) -> tuple[list[str], float]:
    reasons, score = [], 0.0
    for unit, va, _ in a.quantities:
        for unit_b, vb, _ in b.quantities:
            if unit == unit_b and va and vb:
                if max(va, vb) / min(va, vb) <= QUANTITY_RATIO:
                    reasons.append(f"similar {unit} {va:g} ~ {vb:g}")
                    score = 1.0
                else:
                    reasons.append(f"conflicting {unit} {va:g} vs {vb:g}, kept side by side")
    return reasons, score


@dataclass(frozen=True)
class Evidence:
    """Why two reports may be one event: a score, its reasons, whether they share a participant, and
    whether anything beyond type and participants agrees (time, place, a figure, an object)."""

    score: float
    reasons: tuple[str, ...]
    shared: bool
    corroborated: bool

    @property
    def links(self) -> bool:
        """Enough to group the two: same participants, more than that in common, a high enough score."""
        return self.shared and self.corroborated and self.score >= THRESHOLD


def compare(a: View, b: View) -> Evidence | None:
    """The evidence for ``a`` and ``b`` being one event; None when something rules it out."""
    if family(a.event_type) != family(b.event_type) or (a.hypothetical, a.negated) != (b.hypothetical, b.negated):
        return None
    if a.mode and b.mode and a.mode != b.mode:
        return None
    parts = [_sides(a, b), _dates(a, b), _places(a, b)]
    if any(p is None for p in parts):
        return None
    parts.append(_quantities(a, b))
    same_type = a.event_type == b.event_type
    reasons = [f"same type {a.event_type}" if same_type else f"type family {family(a.event_type)}"]
    score = 1.0 if same_type else 0.5
    if a.mode and a.mode == b.mode:
        reasons.append(f"same mode {a.mode}")
        score += 0.5
    shared = a.objects & b.objects
    if shared:
        reasons.append(f"same objects {', '.join(sorted(shared))}")
        score += 0.5
    for more, points in parts:
        reasons += more
        score += points
    corroborated = bool(shared) or any(points > 0 for _, points in parts[1:])
    return Evidence(score, tuple(reasons), shared=parts[0][1] > 0, corroborated=corroborated)


def _blocking_keys(v: View) -> set[tuple[str, str, str]]:
    """Keys under which ``v`` meets the events it could be linked to: a shared participant in the same
    role, or in any role when the type is symmetric."""
    fam = family(v.event_type)
    keys = {(fam, "actor", k) for k in v.actors} | {(fam, "recipient", k) for k in v.recipients}
    if v.event_type in SYMMETRIC:
        keys |= {(fam, "party", k) for k in v.actors | v.recipients}
    return keys


def candidate_pairs(views: list[View]) -> Iterable[tuple[int, int]]:
    """Index pairs worth comparing: a blocking key in common and dates that can be compatible."""
    buckets: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, v in enumerate(views):
        for key in _blocking_keys(v):
            buckets[key].append(i)
    seen: set[tuple[int, int]] = set()
    far = dt.date.max
    for members in buckets.values():
        members.sort(key=lambda i: (views[i].start or far, i))
        for n, i in enumerate(members):
            # sorted by start: once a start lies beyond this interval's end (plus slack), so do the rest
            limit = views[i].end + dt.timedelta(days=DATE_SLACK) if views[i].end else None
            for j in members[n + 1:]:
                if limit is not None and views[j].start is not None and views[j].start > limit:
                    break
                if (limit is None) != (views[j].start is None):
                    continue  # undatable reports are compared only with each other
                pair = (min(i, j), max(i, j))
                if pair not in seen:
                    seen.add(pair)
                    yield pair


@dataclass(frozen=True)
class Link:
    """Why two events were grouped: their eids, score and reasons."""

    a: int
    b: int
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Cluster:
    """One event as reported across documents, with counts and every reported value."""

    id: str
    event_type: str
    mode: str | None
    first_date: str | None
    last_date: str | None
    mentions: int
    documents: int
    sources: int
    members: tuple[int, ...]
    links: tuple[Link, ...]
    summary: dict = field(compare=False)


def group(views: list[View]) -> tuple[list[list[int]], dict[int, list[tuple]], list[int]]:
    """Index groups (with the links that formed them, by group owner, and each index's owner):
    strongest links first, two groups joining only if all their pairs are compatible."""
    scored, verdicts = [], {}
    for i, j in candidate_pairs(views):
        ev = compare(views[i], views[j])
        verdicts[(i, j)] = ev is not None
        if ev and ev.links:
            scored.append((-ev.score, views[i].key, views[j].key, i, j, (ev.score, ev.reasons)))
    scored.sort()

    def compatible(x: int, y: int) -> bool:
        key = (x, y) if x < y else (y, x)
        if key not in verdicts:
            verdicts[key] = compare(views[x], views[y]) is not None
        return verdicts[key]

    owner = list(range(len(views)))
    groups: dict[int, list[int]] = {i: [i] for i in range(len(views))}
    links: dict[int, list[tuple]] = defaultdict(list)
    for _, _, _, i, j, (score, reasons) in scored:
        gi, gj = owner[i], owner[j]
        if gi == gj or not all(compatible(x, y) for x in groups[gi] for y in groups[gj]):
            continue
        keep, gone = min(gi, gj), max(gi, gj)
        for x in groups[gone]:
            owner[x] = keep
        groups[keep] += groups.pop(gone)
        links[keep] += links.pop(gone, []) + [(i, j, score, reasons)]
    return [sorted(members) for _, members in sorted(groups.items())], links, owner


def _values(members: list[View]) -> dict[str, list[dict]]:
    """Every distinct reported value of each attribute, with the reports that gave it."""
    values: dict[str, dict] = defaultdict(dict)
    for v in members:
        report = {"event": v.key, "doc_id": v.doc_id, "publisher": v.publisher, "source": v.claimant}
        found = [(f"quantity:{unit}", f"{'~' if approx else ''}{value:g}") for unit, value, approx in v.quantities]
        found += [("date", v.date), ("certainty", v.certainty),
                  ("location", f"{v.place[0]} ({v.place[1] or '?'})" if v.place else None)]
        for attr, value in found:
            if value is not None:
                values[attr].setdefault(value, []).append(report)
    return {attr: [{"value": val, "reports": reps} for val, reps in sorted(by_value.items())]
            for attr, by_value in sorted(values.items())}


def make_cluster(members: list[View], links: list[tuple], views: list[View]) -> Cluster:
    """A ``Cluster`` from its member views and the links that joined them."""
    keys = sorted(f"{v.key}#{v.event_id}" for v in members)
    types = Counter(v.event_type for v in members)
    modes = Counter(v.mode for v in members if v.mode)
    values = _values(members)
    dated = [v for v in members if v.dated]
    summary = {
        "members": sorted(v.key for v in members),
        "types": dict(sorted(types.items())),
        "actors": sorted(set().union(*(v.actors for v in members))),
        "recipients": sorted(set().union(*(v.recipients for v in members))),
        "claimants": sorted({v.claimant for v in members if v.claimant}),
        "values": values,
        "conflicts": [a for a, vals in values.items() if len(vals) > 1 and a != "certainty"],
    }
    return Cluster(
        id="c" + hashlib.sha1("\n".join(keys).encode("utf-8")).hexdigest()[:15],
        event_type=min(types, key=lambda t: (-types[t], t)),
        mode=min(modes, key=lambda m: (-modes[m], m)) if modes else None,
        first_date=min(v.start for v in dated).isoformat() if dated else None,
        last_date=max(v.end for v in dated).isoformat() if dated else None,
        mentions=len(members), documents=len({v.doc_id for v in members}),
        sources=len({v.publisher for v in members}),
        members=tuple(sorted(v.eid for v in members)),
        links=tuple(Link(views[i].eid, views[j].eid, round(s, 3), r) for i, j, s, r in links),
        summary=summary)


def build(views: list[View]) -> list[Cluster]:
    """All clusters of a set of event views (singletons included), in a stable order."""
    groups, links, owner = group(views)
    return sorted((make_cluster([views[i] for i in g], links.get(owner[g[0]], []), views) for g in groups),
                  key=lambda c: c.id)


def rebuild(store) -> int:
    """Recompute every cluster of a store from its events; returns the number of clusters."""
    views = [view(row) for row in store.event_rows()]
    return store.replace_clusters(build(views))
