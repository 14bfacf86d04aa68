"""The actor lexicon compiled for recognition: name and role indexes, demonyms, people's roles by date.

Entries come validated from ``kronika.lexicon`` (the one loader of ``actors/*.yaml``);
the role that codes a person on a date comes from ``kronika.roles``.
"""
from __future__ import annotations

import datetime as dt

from kronika.doc import Entity
from kronika.lexicon import Actor, actors
from kronika.match import PhraseIndex
from kronika.roles import role_on, undated_role

__all__ = ["Actor", "ActorIndex", "entity"]


def entity(actor: Actor, on: dt.date | None = None, named: frozenset[str] | None = None) -> Entity:
    """The entity an actor is on a date: a person is coded by the role held then; with no date,
    by the office whose country the text names (``named``, see ``kronika.roles.undated_role``)."""
    kind = actor.kind
    if kind != "person" or not actor.roles:
        return Entity(actor.name, actor.country, actor.sector, actor.id, kind)
    role = undated_role(actor, named) if on is None and named is not None else role_on(actor, on)
    return Entity(actor.name, role.country or actor.country, role.sector, actor.id, "person")


class ActorIndex:
    """Every actor of the lexicon, indexed for finding its names, roles and demonyms in text."""

    def __init__(self, lang, analyzer):
        self._analyzer = analyzer
        self.by_id: dict[str, Actor] = {}
        names, roles = [], []
        self.adjectives: dict[str, Actor] = {}
        self.demonyms: dict[str, Actor] = {}
        for actor in actors(lang):
            self.by_id[actor.id] = actor
            target = roles if actor.kind == "role" else names
            target.extend((f, actor) for f in actor.forms)
            for adj in actor.adjectives:
                self.adjectives.setdefault(adj.lower(), actor)
            for noun in actor.demonyms:
                self.demonyms.setdefault(noun.lower(), actor)
        self.names = PhraseIndex(names, self.word_keys, self.first_word_keys)
        self.roles = PhraseIndex(roles, self.word_keys, self.first_word_keys)
        self.countries = {a.country: a for a in self.by_id.values() if a.kind == "country"}

    def entities(self, actor: Actor, on: dt.date | None = None) -> tuple[Entity, ...]:
        """What a mention of this actor stands for: a group of countries stands for each member."""
        if actor.members and not actor.country:
            found = [entity(self.countries[c], on) for c in actor.members if c in self.countries]
            if found:
                return tuple(found)
        return (entity(actor, on),)

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
