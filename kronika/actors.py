"""The actor lexicon compiled for recognition: name and role indexes, demonyms, people's roles by date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kronika.doc import Entity
from kronika.match import PhraseIndex


@dataclass(frozen=True, slots=True)
class Role:
    """An office a person holds between two dates (``end`` None while in office)."""

    title: str
    country: str | None
    sector: str | None
    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True, slots=True)
class Actor:
    """One lexicon entry as the recognizer uses it."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    roles: tuple[Role, ...] = ()
    members: tuple[str, ...] = ()

    def entity(self, on: dt.date | None = None) -> Entity:
        """The entity this actor is on a date: a person is coded by the role held then."""
        kind = "country" if self.kind == "country" else self.kind
        if self.kind != "person" or not self.roles:
            return Entity(self.name, self.country, self.sector, self.id, kind)
        role = role_on(self.roles, on, home=self.country)
        return Entity(self.name, role.country or self.country, role.sector, self.id, "person")


def parse_partial_date(value, upper: bool = False) -> dt.date | None:
    """"2024", "2024-05" or "2024-05-12" (or a date) as a date; coarse dates take their first day,
    or their last day when ``upper``."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31) if upper else dt.date(parts[0], 1, 1)
    if len(parts) == 2:
        if not upper:
            return dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(*parts)


def role_on(roles: tuple[Role, ...], on: dt.date | None, home: str | None = None) -> Role:
    """The role held on a date; outside every role, the nearest one; without a date, the latest
    role in the person's own country (an undated text about Baerbock is about Germany's minister)."""
    if on is None:
        own = [r for r in roles if r.country == home] or list(roles)
        return max(own, key=lambda r: r.start or dt.date.min)
    for r in roles:
        if (r.start is None or r.start <= on) and (r.end is None or on <= r.end):
            return r

    def distance(r: Role) -> int:
        if r.start and on < r.start:
            return (r.start - on).days
        if r.end and on > r.end:
            return (on - r.end).days
        return 0

    return min(roles, key=distance)


def _actor(e: dict) -> Actor:
    roles = tuple(Role(r.get("title", ""), r.get("country", e.get("country")), r.get("sector"),
                       parse_partial_date(r.get("start")), parse_partial_date(r.get("end"), upper=True))
                  for r in e.get("roles") or ())
    return Actor(e["id"], e["name"], e["kind"], e.get("country"), e.get("sector"), roles,
                 tuple(e.get("members") or ()))


class ActorIndex:
    """Every actor of the lexicon, indexed for finding its names, roles and demonyms in text."""

    def __init__(self, lang, analyzer):
        self._analyzer = analyzer
        entries = lang.entries("actors")
        self.by_id: dict[str, Actor] = {}
        names, roles = [], []
        self.adjectives: dict[str, Actor] = {}
        self.demonyms: dict[str, Actor] = {}
        for e in entries:
            actor = _actor(e)
            self.by_id[actor.id] = actor
            target = roles if actor.kind == "role" else names
            target.extend((f, actor) for f in e.get("forms") or ())
            for adj in e.get("adjectives") or ():
                self.adjectives.setdefault(adj.lower(), actor)
            for noun in e.get("demonyms") or ():
                self.demonyms.setdefault(noun.lower(), actor)
        self.names = PhraseIndex(names, self.word_keys, self.first_word_keys)
        self.roles = PhraseIndex(roles, self.word_keys, self.first_word_keys)
        self.countries = {a.country: a for a in self.by_id.values() if a.kind == "country"}

    def entities(self, actor: Actor, on: dt.date | None = None) -> tuple[Entity, ...]:
        """What a mention of this actor stands for: a group of countries stands for each member."""
        if actor.members and not actor.country:
            found = [self.countries[c].entity(on) for c in actor.members if c in self.countries]
            if found:
                return tuple(found)
        return (actor.entity(on),)

    def word_keys(self, word: str) -> frozenset[str]:
        """Keys of a lexicon word: its Morfeusz lemmas (lowercased) and the word itself."""
        lemmas = {i.lemma.lower() for i in self._analyzer.analyse(word) if i.pos != "ign"}
        return frozenset(lemmas | {word.lower()})

    def first_word_keys(self, word: str) -> frozenset[str]:
        """Keys of a form's first word, which is in the nominative: only readings that are
        ("Radom" is also a dative of "rada", but the form "Radom" names only the city)."""
        lemmas = {i.lemma.lower() for i in self._analyzer.analyse(word)
                  if i.pos != "ign" and (not i.feats.case or "nom" in i.feats.case)}
        return frozenset(lemmas | {word.lower()})
