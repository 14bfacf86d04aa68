"""The actor lexicon: load ``actors/*.yaml`` of a language and validate every entry.

``actors(lang)`` gives the entries as frozen ``Actor`` records after the
structural checks (fields, kinds, codes, dates, unique ids).  ``check(lang)``
runs those checks and the slower ones too (every word known to Morfeusz or
listed as unknown, demonyms really adjectives/nouns, no form claimed by two
entries that would code it differently) and returns every ``Problem`` found;
``kronika lexicon check`` prints them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kronika.lang import Language, LexiconError, read_entries

ACTORS_DIR = "actors"
CODES_FILE = "actor_codes.tsv"
KINDS = frozenset({"country", "organization", "person", "group", "location", "role"})
FIELDS = frozenset({"id", "name", "kind", "country", "sector", "forms", "adjectives", "demonyms",
                    "roles", "members", "unknown_to_morfeusz", "shared_forms", "note"})
ROLE_FIELDS = frozenset({"title", "country", "sector", "start", "end", "note"})
# Demonyms name a people; roles and persons have none (roles take their country from context).
NO_DEMONYMS = frozenset({"role", "person"})
_ID = re.compile(r"[a-z0-9]+(?:[:-][a-z0-9]+)*")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the lexicon: which file, which entry, why."""

    file: str
    entry: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.reason}"


@dataclass(frozen=True)
class Role:
    """An office a person holds: title, whom it codes as, and when (ISO dates, ``end`` None while held)."""

    title: str
    country: str | None
    sector: str | None
    start: str
    end: str | None

    def held_on(self, day: dt.date) -> bool:
        """Whether the role was held on ``day`` (partial dates cover their whole month or year)."""
        first = date_bounds(self.start)[0]
        last = date_bounds(self.end)[1] if self.end else dt.date.max
        return first <= day <= last


@dataclass(frozen=True)
class Actor:
    """One lexicon entry, as validated."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    forms: tuple[str, ...]
    adjectives: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    members: tuple[str, ...] = ()
    unknown_to_morfeusz: tuple[str, ...] = ()
    shared_forms: tuple[str, ...] = ()
    note: str | None = None
    file: str = ""

    def role_on(self, day: dt.date) -> Role | None:
        """The role held on ``day`` (the latest started, when several overlap), or None."""
        held = [r for r in self.roles if r.held_on(day)]
        return max(held, key=lambda r: date_bounds(r.start)[0]) if held else None

    def words(self) -> tuple[str, ...]:
        """Every word of the forms, adjectives and demonyms, in order, without repeats."""
        out: dict[str, None] = {}
        for text in self.forms + self.adjectives + self.demonyms:
            for w in form_words(text):
                out[w] = None
        return tuple(out)


@dataclass(frozen=True)
class Codes:
    """The codes an actor's ``country`` and ``sector`` may take (from ``actor_codes.tsv``)."""

    countries: frozenset[str]  # ISO 3166-1 alpha-3 (and Kosovo's XKX): a country entry's code
    collective: frozenset[str]  # regional and IGO codes: EUR, WST, EU, NATO, UN, ...
    sectors: frozenset[str]

    @property
    def actor_codes(self) -> frozenset[str]:
        return self.countries | self.collective


def codes(lang: Language) -> Codes:
    """The code lists of a language package."""
    rows = lang.table(CODES_FILE, ("type", "code"))
    by_type: dict[str, set[str]] = {}
    for row in rows:
        by_type.setdefault(row["type"], set()).add(row["code"])
    unknown = set(by_type) - {"country", "region", "igo", "sector"}
    if unknown:
        raise LexiconError(f"{CODES_FILE}: unknown code type(s) {sorted(unknown)}")
    return Codes(frozenset(by_type.get("country", ())),
                 frozenset(by_type.get("region", ()) | by_type.get("igo", ())),
                 frozenset(by_type.get("sector", ())))


def form_words(text: str) -> list[str]:
    """The words of a form, split at spaces as the recognizer splits them ("Gwinea-Bissau" is one)."""
    return text.split()


def date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day an ISO date, month (``YYYY-MM``) or year (``YYYY``) covers."""
    m = _DATE.fullmatch(value)
    if not m:
        raise ValueError(f"not an ISO date: {value!r}")
    year, month, day = m.group(1), m.group(2), m.group(3)
    if day:
        d = dt.date.fromisoformat(value)
        return d, d
    if month:
        first = dt.date(int(year), int(month), 1)
        nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)


def _iso(value: Any) -> str | None:
    """A YAML date value as ISO text (YAML reads unquoted dates as dates and years as ints)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else None


def _str_list(entry: dict, key: str, bad) -> tuple[str, ...]:
    """A list-of-strings field; reports a wrong shape, empty strings and stray spaces."""
    value = entry.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        bad(f"{key} must be a list, got {type(value).__name__}")
        return ()
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            bad(f"{key} holds {item!r}, not a non-empty string")
        elif item != " ".join(item.split()):
            bad(f"{key} item {item!r} has stray spaces")
        else:
            out.append(item)
    if len(set(out)) != len(out):
        bad(f"{key} lists a value twice")
    return tuple(out)


def _role(raw: Any, codes_: Codes, bad) -> Role | None:
    """One item of a person's ``roles``, checked."""
    if not isinstance(raw, dict):
        bad(f"role {raw!r} is not a mapping")
        return None
    for key in sorted(set(raw) - ROLE_FIELDS):
        bad(f"role has unknown field {key!r}")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        bad(f"role {raw!r} has no title")
        return None
    where = f"role {title!r}"
    country, sector = raw.get("country"), raw.get("sector")
    if country is not None and country not in codes_.actor_codes:
        bad(f"{where}: unknown country code {country!r}")
    if sector is not None and sector not in codes_.sectors:
        bad(f"{where}: unknown sector {sector!r}")
    start, end = _iso(raw.get("start")), _iso(raw.get("end"))
    if start is None:
        bad(f"{where}: start must be an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
        return None
    try:
        first = date_bounds(start)[0]
        if end is not None and date_bounds(end)[1] < first:
            bad(f"{where}: ends ({end}) before it starts ({start})")
    except ValueError as exc:
        bad(f"{where}: {exc}")
        return None
    if "end" not in raw:
        bad(f"{where}: end is missing (write end: null while the role is held)")
    elif raw["end"] is not None and end is None:
        bad(f"{where}: end must be an ISO date or null")
    return Role(title, country, sector, start, end)


def _codes_ok(entry: dict, kind: str, codes_: Codes, bad) -> None:
    """``country`` and ``sector`` present where required and drawn from the code lists."""
    country, sector = entry.get("country"), entry.get("sector")
    if kind == "role":
        if country is not None:
            bad("a role takes its country from context: country must be absent or null")
        if sector is None:
            bad("a role needs a sector")
    elif "country" not in entry:
        bad("country is missing (write country: null when unknown)")
    if country is not None and country not in codes_.actor_codes:
        bad(f"unknown country code {country!r}")
    if kind == "country":
        if country not in codes_.countries:
            bad(f"a country entry needs an ISO 3166-1 alpha-3 code, got {country!r}")
        if sector is not None:
            bad("a country as a whole has sector null")
    if sector is not None and sector not in codes_.sectors:
        bad(f"unknown sector {sector!r}")


def _head_ok(raw: dict, codes_: Codes, bad) -> None:
    """Known fields only; id, name and kind well-formed; country and sector from the code lists."""
    for key in sorted(set(raw) - FIELDS):
        bad(f"unknown field {key!r}")
    eid = raw.get("id")
    if not isinstance(eid, str) or not _ID.fullmatch(eid):
        bad(f"id {eid!r} must be lowercase ASCII words joined by '-' or ':'")
    if not isinstance(raw.get("name"), str) or not raw["name"].strip():
        bad("name (canonical English name) is missing")
    if raw.get("kind") not in KINDS:
        bad(f"kind {raw.get('kind')!r} is not one of {sorted(KINDS)}")
    _codes_ok(raw, raw.get("kind"), codes_, bad)
    if raw.get("note") is not None and not isinstance(raw["note"], str):
        bad("note must be one line of text")


def _words_ok(raw: dict, bad) -> dict[str, tuple[str, ...]]:
    """forms, adjectives, demonyms, unknown_to_morfeusz and shared_forms, checked against each other."""
    kind = raw.get("kind")
    got = {key: _str_list(raw, key, bad)
           for key in ("forms", "adjectives", "demonyms", "unknown_to_morfeusz", "shared_forms")}
    if not got["forms"]:
        bad("forms (Polish base forms) are missing")
    for key in ("adjectives", "demonyms"):
        if got[key] and kind in NO_DEMONYMS:
            bad(f"a {kind} has no {key}")
        for v in got[key]:
            if len(form_words(v)) != 1:
                bad(f"{key} item {v!r} must be one word")
    for adj in got["adjectives"]:
        if adj != adj.lower():
            bad(f"adjective {adj!r} must be lowercase (a lemma)")
    texts = got["forms"] + got["adjectives"] + got["demonyms"]
    words = {w for text in texts for w in form_words(text)}
    for w in got["unknown_to_morfeusz"]:
        if w not in words:
            bad(f"unknown_to_morfeusz lists {w!r}, which is no word of its forms")
    for text in got["shared_forms"]:
        if text not in texts:
            bad(f"shared_forms lists {text!r}, which is none of its forms, adjectives or demonyms")
    return got


def _roles_ok(raw: dict, codes_: Codes, bad) -> tuple[Role, ...]:
    """A person's roles; nobody else has any."""
    if raw.get("kind") != "person":
        if "roles" in raw:
            bad("only a person has roles")
        return ()
    if not isinstance(raw.get("roles"), list) or not raw["roles"]:
        bad("a person needs roles (a list of {title, country, sector, start, end})")
        return ()
    return tuple(r for r in (_role(x, codes_, bad) for x in raw["roles"]) if r)


def _members_ok(raw: dict, codes_: Codes, bad) -> tuple[str, ...]:
    """The member codes of a group of countries ("kraje bałtyckie": EST, LVA, LTU)."""
    members = _str_list(raw, "members", bad)
    for code in members:
        if code not in codes_.actor_codes:
            bad(f"members: unknown code {code!r}")
    if members and raw.get("kind") != "group":
        bad("only a group has members")
    return members


def _entry(raw: dict, file: str, codes_: Codes, problems: list[Problem]) -> Actor | None:
    """Structural checks of one entry; its problems are appended, the Actor returned when usable."""
    eid = raw.get("id")
    label = eid if isinstance(eid, str) and eid else f"entry {raw.get('name', '?')!r}"

    def bad(reason: str) -> None:
        problems.append(Problem(file, label, reason))

    before = len(problems)
    _head_ok(raw, codes_, bad)
    words = _words_ok(raw, bad)
    roles = _roles_ok(raw, codes_, bad)
    members = _members_ok(raw, codes_, bad)
    if len(problems) > before:
        return None
    return Actor(eid, raw["name"], raw["kind"], raw.get("country"), raw.get("sector"), words["forms"],
                 words["adjectives"], words["demonyms"], roles, members, words["unknown_to_morfeusz"],
                 words["shared_forms"], raw.get("note"), file)


def read_actors(lang: Language, directory: Path | None = None) -> tuple[tuple[Actor, ...], list[Problem]]:
    """The entries of every ``*.yaml`` in the actors directory that pass the structural checks,
    and the problems of those that do not."""
    base = directory or lang.path(ACTORS_DIR)
    codes_ = codes(lang)
    problems: list[Problem] = []
    found: list[Actor] = []
    seen: dict[str, str] = {}
    for path in sorted(base.glob("*.yaml")):
        file = f"{ACTORS_DIR}/{path.name}"
        try:
            raws = read_entries(path)
        except LexiconError as exc:
            problems.append(Problem(file, "-", str(exc)))
            continue
        for raw in raws:
            eid = raw.get("id")
            if isinstance(eid, str) and eid in seen:
                problems.append(Problem(file, eid, f"duplicate id (also in {seen[eid]})"))
                continue
            if isinstance(eid, str):
                seen[eid] = file
            actor = _entry(raw, file, codes_, problems)
            if actor:
                found.append(actor)
    return tuple(found), problems


def actors(lang: Language, directory: Path | None = None) -> tuple[Actor, ...]:
    """The actor entries of ``lang``, structurally valid, or a LexiconError naming the first problem."""
    found, problems = read_actors(lang, directory)
    if problems:
        more = f" (and {len(problems) - 1} more; run `kronika lexicon check`)" if len(problems) > 1 else ""
        raise LexiconError(f"{problems[0]}{more}")
    return found


def check(lang: Language, directory: Path | None = None, analyzer=None) -> list[Problem]:
    """Every problem of the actor lexicon: structure, ids, Morfeusz coverage and conflicting forms."""
    from kronika.lexicon_checks import conflicts, morphology_problems
    from kronika.morphology import Analyzer

    found, problems = read_actors(lang, directory)
    analyzer = analyzer or Analyzer()
    problems += morphology_problems(found, analyzer)
    problems += conflicts(found, analyzer)
    return problems
