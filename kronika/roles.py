"""Which office codes a named person on a given date.

A person in the actor lexicon carries ``roles``: ``{title, country, sector,
start, end}`` with ISO dates that may be partial (``YYYY-MM``, ``YYYY``: they
cover the whole month or year) and ``end: null`` while the office is held.
``role_on(person, day)`` picks the role that codes them on ``day``:

1. Held on ``day``: among the roles whose interval contains ``day``, the one
   that started last; an office taken on later is the more specific one (a
   deputy-premiership added to a ministry, the presidency that starts on the
   day a candidacy ends, Shoigu's Security Council post from the day his
   defence ministry ends).  Equal starts: the role listed later.
2. Outside every role: the nearest role in time, by days from ``day`` to the
   interval; before the first role that is the first role, after the last the
   last.  A tie between the role just left and the one about to start goes to
   the one just left: until he takes the new office a person acts as what he
   was.
3. ``day`` None (an undated event): among the roles in the person's own
   country (all roles if none is), the current one (``end`` null; the latest
   started if several), else the one that ended last.  An undated text about
   Baerbock is about Germany's foreign minister, not the UN office she took later.

An undated text may itself say which office is meant: ``undated_role(person,
named)`` prefers, among the person's offices, the one whose country or
organisation the text names when it does not name the person's own country
(an undated text naming only the EU is about Borrell the EU's High
Representative, not the Spanish minister he was before).

This is the same rule as ``kronika.lexicon.Actor.role_on`` inside the roles
(1), extended with the fallbacks (2, 3) so a person is never left uncoded.
``person`` may be a raw lexicon entry (a mapping with ``roles``) or an
``Actor``; the role returned is the item of its ``roles`` as given.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from kronika.lexicon import date_bounds


def _get(obj: Any, name: str) -> Any:
    """A field of a role or entry, whether it is a mapping (raw YAML) or a record (Actor, Role)."""
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _iso(value: Any) -> str | None:
    """A role date as ISO text: YAML may hand back unquoted dates as ``date`` and years as ``int``."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def interval(role: Any) -> tuple[dt.date, dt.date]:
    """First and last day a role covers; an open role (``end`` null) runs to ``date.max``."""
    first = date_bounds(_iso(_get(role, "start")))[0]
    end = _iso(_get(role, "end"))
    return first, date_bounds(end)[1] if end else dt.date.max


def _distance(day: dt.date, span: tuple[dt.date, dt.date]) -> int:
    """Days from ``day`` to the interval ``span`` (0 inside it)."""
    first, last = span
    if day < first:
        return (first - day).days
    if day > last:
        return (day - last).days
    return 0


def role_on(person: Any, day: dt.date | str | None) -> Any | None:
    """The role that codes ``person`` on ``day`` (see the module docstring), None when it has no roles."""
    roles = list(_get(person, "roles") or ())
    if not roles:
        return None
    spans = [interval(r) for r in roles]
    if day is None:
        home = _get(person, "country")
        own = [k for k, r in enumerate(roles) if _get(r, "country") == home] or range(len(roles))
        current = [k for k in own if spans[k][1] == dt.date.max]
        pool = current or own
        return roles[max(pool, key=lambda k: (spans[k][1], spans[k][0], k))]
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    elif isinstance(day, dt.datetime):
        day = day.date()
    held = [k for k, span in enumerate(spans) if _distance(day, span) == 0]
    if held:
        return roles[max(held, key=lambda k: (spans[k][0], k))]
    # Nearest role; on equal distance the one that lies before the date wins.
    nearest = min(range(len(roles)), key=lambda k: (_distance(day, spans[k]), spans[k][0] > day, k))
    return roles[nearest]


def undated_role(person: Any, named: set[str] | frozenset[str]) -> Any | None:
    """The role of ``person`` in a text with no date that names the countries ``named``: rule 3
    of ``role_on``, unless the text leaves the person's own country unnamed and names the
    country of exactly one other office; then that office (its current one, else the last held)."""
    default = role_on(person, None)
    roles = list(_get(person, "roles") or ())
    if default is None or _get(default, "country") in named or _get(person, "country") in named:
        return default
    other = {_get(r, "country") for r in roles if _get(r, "country") in named}
    if len(other) != 1:
        return default
    pool = [r for r in roles if _get(r, "country") in other]
    return max(pool, key=lambda r: (interval(r)[1], interval(r)[0]))
