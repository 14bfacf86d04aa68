"""Event queries: what an analyst can ask of a corpus, validated before any SQL is built.

``EventFilter`` holds the filters; ``store.Store.events`` turns it into SQL.
Values inside one filter are alternatives (OR); different filters all apply (AND).
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass, fields
from importlib import resources

STATS_KEYS = ("type", "month", "dyad")


def _schema_enum(prop: str) -> tuple[str, ...]:
    """Allowed values of an enum property of the event schema shipped in the package."""
    text = resources.files("kronika").joinpath("schema/event.schema.json").read_text(encoding="utf-8")
    return tuple(json.loads(text)["properties"][prop]["enum"])


def date_bound(value: str, end: bool) -> str:
    """``2024``, ``2024-03`` or ``2024-03-27`` as an ISO day: the first day of the period, or the last when ``end``."""
    parts = value.strip().split("-")
    try:
        if len(parts) == 1:
            year = int(parts[0])
            day = dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        elif len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            day = dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        else:
            day = dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)") from exc
    return day.isoformat()


def _tuple(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


@dataclass(frozen=True)
class EventFilter:
    """Filters over stored events; empty fields do not filter.

    ``actor``/``recipient`` match a participant's country code, canonical name or
    lexicon id; ``country`` matches any actor, recipient or the location;
    ``sector`` any actor or recipient; ``source`` the claimant (``none`` for the
    article's own voice); ``publisher`` the document's source; ``since``/``until``
    keep events whose resolved date interval overlaps the range (undated events
    drop out); ``text`` is an SQLite FTS5 query over the sentence, its lemmas and
    the participants' names.
    """

    actor: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    event_type: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    source: tuple[str, ...] = ()
    publisher: tuple[str, ...] = ()
    certainty: tuple[str, ...] = ()
    text: str | None = None
    document: tuple[str, ...] = ()
    cluster: tuple[str, ...] = ()
    limit: int | None = None

    def is_empty(self) -> bool:
        return all(not getattr(self, f.name) for f in fields(self))


def make_filter(**options) -> EventFilter:
    """An ``EventFilter`` from loose options (single values or sequences), normalised and validated."""
    unknown = set(options) - {f.name for f in fields(EventFilter)}
    if unknown:
        raise ValueError(f"unknown filter(s): {', '.join(sorted(unknown))}")
    values = {k: _tuple(v) for k, v in options.items() if k not in ("since", "until", "text", "limit")}
    types = tuple(t.upper() for t in values.get("event_type", ()))
    allowed = _schema_enum("event_type")
    bad = [t for t in types if t not in allowed]
    if bad:
        raise ValueError(f"unknown event type(s) {bad}; known: {', '.join(allowed)}")
    certainty = tuple(c.lower() for c in values.get("certainty", ()))
    bad = [c for c in certainty if c not in _schema_enum("certainty")]
    if bad:
        raise ValueError(f"unknown certainty {bad}; known: {', '.join(_schema_enum('certainty'))}")
    values["event_type"], values["certainty"] = types, certainty
    since, until = options.get("since"), options.get("until")
    since = date_bound(since, end=False) if since else None
    until = date_bound(until, end=True) if until else None
    if since and until and since > until:
        raise ValueError(f"empty date range: since {since} is after until {until}")
    text = (options.get("text") or "").strip() or None
    limit = options.get("limit")
    if limit is not None and int(limit) < 1:
        raise ValueError("limit must be a positive number")
    return EventFilter(**values, since=since, until=until, text=text,
                       limit=int(limit) if limit is not None else None)
