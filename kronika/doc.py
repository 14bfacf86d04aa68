"""The document model: text, metadata and everything found in it, as frozen dataclasses.

Every span is a pair of 0-based character offsets into ``Document.text`` as read
(after decoding, before any normalisation that changes length), end exclusive.
Stages never mutate a document: they return a new one with ``dataclasses.replace``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

# Morfeusz (NKJP) tag values, by grammatical category.  A tag such as
# ``subst:pl:nom.acc.voc:m3`` lists categories positionally; every value below
# belongs to exactly one category, so a tag can be read without knowing its class.
CATEGORIES = {
    "number": frozenset({"sg", "pl"}),
    "case": frozenset({"nom", "gen", "dat", "acc", "inst", "loc", "voc"}),
    "gender": frozenset({"m1", "m2", "m3", "f", "n"}),
    "person": frozenset({"pri", "sec", "ter"}),
    "aspect": frozenset({"imperf", "perf"}),
    "degree": frozenset({"pos", "com", "sup"}),
    "negation": frozenset({"aff", "neg"}),
}
_CATEGORY_OF = {value: name for name, values in CATEGORIES.items() for value in values}


@dataclass(frozen=True, slots=True)
class Features:
    """Grammatical features of one tag; each category is the set of values the tag allows."""

    pos: str
    number: frozenset[str] = frozenset()
    case: frozenset[str] = frozenset()
    gender: frozenset[str] = frozenset()
    person: frozenset[str] = frozenset()
    aspect: frozenset[str] = frozenset()
    degree: frozenset[str] = frozenset()
    negation: frozenset[str] = frozenset()


@lru_cache(maxsize=None)
def features(tag: str) -> Features:
    """Read the grammatical features out of a Morfeusz tag."""
    pos, *fields = tag.split(":")
    found: dict[str, set[str]] = {}
    for fld in fields:
        for value in fld.split("."):
            category = _CATEGORY_OF.get(value)
            if category:
                found.setdefault(category, set()).add(value)
    return Features(pos, **{k: frozenset(v) for k, v in found.items()})


@dataclass(frozen=True, slots=True)
class Interp:
    """One morphological interpretation of a token: lemma, tag and proper-name labels."""

    lemma: str
    tag: str
    labels: tuple[str, ...] = ()

    @property
    def pos(self) -> str:
        return features(self.tag).pos  # a cache hit: cheaper than splitting the tag (called millions of times)

    @property
    def feats(self) -> Features:
        return features(self.tag)


@dataclass(frozen=True, slots=True)
class Token:
    """A word, number or punctuation mark; ``interps`` are ordered best first."""

    i: int
    start: int
    end: int
    text: str
    kind: str  # word | number | punct | symbol
    sentence: int = -1
    interps: tuple[Interp, ...] = ()

    @property
    def best(self) -> Interp | None:
        return self.interps[0] if self.interps else None

    @property
    def lemma(self) -> str:
        return self.interps[0].lemma if self.interps else self.text

    @property
    def is_capitalized(self) -> bool:
        return self.text[:1].isupper()

    def lemmas(self) -> frozenset[str]:
        return frozenset(i.lemma for i in self.interps) or frozenset({self.text})

    def with_interps(self, interps: tuple[Interp, ...]) -> Token:
        """This token with other readings: ``replace(token, interps=...)`` at a third of the cost
        (it runs for every token); it names every field, so a new field must be added here too."""
        return Token(self.i, self.start, self.end, self.text, self.kind, self.sentence, interps)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its span and the half-open range of its tokens."""

    index: int
    start: int
    end: int
    first_token: int = 0
    end_token: int = 0


@dataclass(frozen=True, slots=True)
class Phrase:
    """A chunk of a sentence: noun phrase, prepositional phrase or verb group.

    ``first``/``end`` is the half-open token range, ``head`` the head token.
    Noun phrases carry the cases they can be in; a prepositional phrase also
    names its preposition (lemma); ``attached`` is the index of the phrase a
    genitive dependent belongs to.  Verb groups carry ``lemma`` (the main verb),
    ``voice``, ``tense``, ``mood``, ``negated`` and the modal verbs before it.
    """

    index: int
    kind: str  # np | pp | verb | conj | punct | other
    first: int
    end: int
    head: int
    sentence: int
    case: frozenset[str] = frozenset()
    number: frozenset[str] = frozenset()
    gender: frozenset[str] = frozenset()
    person: frozenset[str] = frozenset()
    prep: str | None = None
    attached: int | None = None
    lemma: str | None = None
    voice: str | None = None  # active | passive
    tense: str | None = None  # past | present | future
    mood: str | None = None  # indicative | conditional | imperative | infinitive | adverbial
    negated: bool = False
    modals: tuple[str, ...] = ()
    numeral: bool = False


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause: its token ranges (a relative clause may split its host in two), marker and parent.

    ``marker`` is the lemma of the word that opens a subordinate clause (że,
    który, gdy, aby, …); ``antecedent`` the phrase a relative pronoun stands for.
    """

    index: int
    sentence: int
    parts: tuple[tuple[int, int], ...]
    kind: str = "main"  # main | complement | relative | adverbial | coordinate
    marker: str | None = None
    parent: int | None = None
    antecedent: int | None = None
    phrases: tuple[int, ...] = ()

    @property
    def first(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    def contains(self, token: int) -> bool:
        return any(a <= token < b for a, b in self.parts)


@dataclass(frozen=True, slots=True)
class Entity:
    """What a mention refers to: canonical English name, country code and sector."""

    name: str
    country: str | None = None
    sector: str | None = None
    id: str | None = None
    kind: str = "organization"


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved location: canonical name, country, coordinates and precision."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A reference to an actor or a place in the text.

    ``refers`` holds the entities it stands for after coreference: one for
    "Kim", two for "oba kraje"; ``place`` is set when the mention is a location.
    ``case`` is the set of grammatical cases the mention's head can take here.
    """

    start: int
    end: int
    text: str
    kind: str  # person | organization | location | country | group
    base: str
    sentence: int
    first_token: int
    end_token: int
    refers: tuple[Entity, ...] = ()
    place: Place | None = None
    case: frozenset[str] = frozenset()
    rule: str = ""

    @property
    def entity(self) -> Entity | None:
        return self.refers[0] if self.refers else None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in the text; ``head`` is the lemma of the noun it counts, if any."""

    start: int
    end: int
    text: str
    value: float
    approximate: bool
    sentence: int = -1
    kind: str = "count"  # count | money | percent
    currency: str | None = None
    head: str | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression and the interval it resolves to (None when unresolvable)."""

    start: int
    end: int
    text: str
    sentence: int = -1
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    precision: str | None = None  # day | week | month | quarter | year | range


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event; ``to_record`` in records.py turns it into the schema's JSON."""

    doc_id: str
    sentence: int
    sentence_span: tuple[int, int]
    span: tuple[int, int]
    trigger: str
    text: str
    event_type: str
    mode: str | None
    actors: tuple[Mention, ...] = ()
    recipients: tuple[Mention, ...] = ()
    location: Mention | None = None
    date: TimeExpr | None = None
    quantities: tuple[Quantity, ...] = ()
    objects: tuple[str, ...] = ()
    source: Mention | str | None = None
    certainty: str = "stated"
    hypothetical: bool = False
    negated: bool = False
    quote: str | None = None
    context: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A document and the layers the pipeline stages add to it."""

    id: str
    text: str
    published: dt.date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    phrases: tuple[Phrase, ...] = ()
    clauses: tuple[Clause, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    events: tuple[Event, ...] = ()
    meta: dict = field(default_factory=dict, compare=False)

    def sentence_tokens(self, index: int) -> tuple[Token, ...]:
        s = self.sentences[index]
        return self.tokens[s.first_token:s.end_token]
