"""Mentions stage: actors and places found by lemma sequences, role phrases and unknown names.

Atomic mentions come first: lexicon names (countries, seats of power,
organisations, people), places from the gazetteer, demonym adjectives and
nouns, and capitalised names the lexicon does not know (kept, country unknown).
Role phrases then combine with them (``kronika.rolephrases``): a role noun with a
demonym adjective ("rosyjskiej armii" → RUS MIL), with a genitive actor ("armii
Ukrainy", "żołnierze Kim Dzong Una") or with a person named after it ("prezydenta
Ukrainy Wołodymyra Zełenskiego" → UKR GOV).  Where unknown names start and end and
what kind they are is ``kronika.nametypes``; their base forms ``kronika.names``.
A capital after "w"/"na" is a place ("w Moskwie"); as an actor it is its government.
"""
from __future__ import annotations

from dataclasses import replace

from kronika.actors import Actor, ActorIndex, entity
from kronika.doc import Document, Entity, Mention, Phrase, Place, Token
from kronika.match import split_form
from kronika.names import Guesser, base_form, glue, person_base
from kronika.nametypes import (VERBAL, NameTypes, after_opener, can_start, is_acronym, known, name_continues,
                               name_head, name_kind, name_reading, name_types, no_name, run_end)
from kronika.syntax import agreement
from kronika.rolephrases import with_adjectives, free_from, nominal, personal_forms, role_phrases, with_name

LOCATIVE = frozenset({"w", "we", "na"})


class Context:
    """What the recognizer needs for one document: tokens, their match keys and phrases."""

    def __init__(self, doc: Document, actors: ActorIndex, guesser: Guesser, places, types: NameTypes):
        self.doc, self.actors, self.guesser, self.places, self.types = doc, actors, guesser, places, types
        self.tokens = doc.tokens
        # words of the people named in full so far, lowercased -> as in the base form:
        # "Wyliego" after "Christopher Wylie" is a person, "Wylie"
        self.person_words: dict[str, str] = {}
        self.glued: set[int] = set()  # first tokens of lexicon names that open longer unknown names
        self.inserted: set[tuple[int, int]] = set()  # role matches made over a demonym adjective
        self.personal: frozenset[str] = frozenset()  # role forms naming people (personal_forms)
        self.phrase_of: dict[int, Phrase] = {}
        # keys() per (word, opener, id of its readings); an entry holds the readings, so the id stays theirs
        self._keys: dict[tuple[str, bool, int], tuple[tuple, frozenset[str]]] = {}
        for p in doc.phrases:
            for k in range(p.first, p.end):
                self.phrase_of[k] = p

    def keys(self, t: Token, opener: bool = False) -> frozenset[str]:
        """Match keys of a token: its lemmas, the word, and for a capitalised word the base forms
        its ending allows.  Where a capital is no evidence (``opener``: a sentence start, after a
        quote) a common word keeps only its nominal lemmas and no guesses: "Dane" (data; also a
        participle of "dać") is not "Dania", "Aby" not the city "Aba"; a word that is only a
        participle keeps it ("Zjednoczone Królestwo").  They depend on nothing else, and a word
        recurs in a document with the same readings: each is worked out once per document."""
        key = (t.text, opener, id(t.interps))
        found = self._keys.get(key)
        if found is None:
            found = self._keys[key] = (t.interps, self._match_keys(t, opener))
        return found[1]

    def _match_keys(self, t: Token, opener: bool) -> frozenset[str]:
        if opener and not name_reading(t):
            nominal = any(i.pos in ("subst", "depr", "adj") for i in t.interps)
            return frozenset({i.lemma.lower() for i in t.interps if i.pos not in VERBAL or
                              (i.pos in ("ppas", "pact") and not nominal)} | {t.text.lower()})
        keys = {i.lemma.lower() for i in t.interps} | {t.text.lower()}
        if t.is_capitalized or not t.interps or t.interps[0].pos == "ign":
            keys |= {c.lower() for c in self.guesser.candidates(t.text)}
        return frozenset(keys)

    def cases(self, first: int) -> frozenset[str]:
        p = self.phrase_of.get(first)
        return p.case if p else frozenset()

    def uncapitalised(self, first: int, end: int, base: str) -> str:
        """A common phrase capitalised only because it opens a sentence has a lowercase base form
        ("Oddziały zostały" → "oddziały", "Żołnierze Pjongjangu" → "żołnierze Pjongjangu"); a
        name keeps its capitals."""
        t = self.tokens[first]
        if not t.is_capitalized or not t.best or t.best.lemma[:1].isupper() or \
                any(x.is_capitalized and not name_reading(x) for x in self.tokens[first + 1:end]):
            return base  # "Połączone Dowództwo Sztabu" goes on in capitals: a name
        if end - first > 1 and {i.lemma for i in t.interps} & self.types.first.keys():
            return base  # "Sejm RL", "Ministerstwo Obrony Ukrainy": a name's head noun
        if not after_opener(self.tokens, first, self.doc.sentences[t.sentence].first_token, self.doc.text):
            return base
        return base[:1].lower() + base[1:]

    def singular_base(self, a: int, b: int) -> str:
        """The base form of a name, singular when its head can be ("Partii Zielonych" → "Partia
        Zielonych"); a foreign name of several words Morfeusz does not know stays as written
        ("Vienna Philharmonic Orchestra")."""
        tokens = list(self.tokens[a:b])
        head = a + tokens.index(name_head(tokens))
        if b - a > 1 and not known(self.tokens[head]):
            return glue(tokens, [t.text for t in tokens])
        return self.uncapitalised(a, b, base_form(tokens, head - a, self.actors._analyzer,
                                                  self.guesser, self.head_cases(head), singular=True))

    def head_cases(self, k: int) -> frozenset[str]:
        """The cases token k can be in here: its phrase's, narrowed by its own readings ("wielu
        Brytyjczyków" is a nominative phrase, but "Brytyjczyków" is never nominative)."""
        own = frozenset().union(*(i.feats.case for i in self.tokens[k].interps if "guess" not in i.labels))
        phrase = self.cases(k)
        return (phrase & own or own) if own else phrase

    def mention(self, first: int, end: int, kind: str, refers=(), place=None, rule="",
                base: str | None = None) -> Mention:
        t0, t1 = self.tokens[first], self.tokens[end - 1]
        head = self._head(first, end)
        if base is None:
            base = base_form(list(self.tokens[first:end]), head - first, self.actors._analyzer,
                             self.guesser, self.head_cases(head))
            base = self.uncapitalised(first, end, base)
        return Mention(t0.start, t1.end, self.doc.text[t0.start:t1.end], kind, base, t0.sentence,
                       first, end, tuple(refers), place, self.cases(head), rule)

    def _head(self, first: int, end: int) -> int:
        p = self.phrase_of.get(first)
        if p is not None and first <= p.head < end:
            return p.head
        for k in range(first, end):
            if self.tokens[k].best and self.tokens[k].best.pos in ("subst", "depr", "ign", "ger"):
                return k
        return first


def recognize_sentence(ctx: Context, first: int, end: int, on) -> list[Mention]:
    """All mentions of one sentence (token range [first, end)), atomic and role phrases."""
    tokens = ctx.tokens[first:end]
    keys = [ctx.keys(t, after_opener(ctx.tokens, first + i, first, ctx.doc.text)) for i, t in enumerate(tokens)]
    caps = [t.is_capitalized for t in tokens]
    taken: set[int] = set()
    out: list[Mention] = []
    found = [m for m in ctx.actors.names.find(keys, caps) if not _adjective_here(ctx, first + m.first, first + m.end)]
    starts = {first + m.first for m in found}
    for m in found:
        a, b = first + m.first, first + m.end
        actor: Actor = m.form.payload
        place = ctx.places.place_for(actor, m.form.text) if ctx.places else None
        kind, refers = _kind(actor), ctx.actors.entities(actor, on)
        if place is not None and kind == "organization" and _locative(ctx, a, first):
            kind, refers = "location", ()  # "w Moskwie" is where, "Moskwa ogłosiła" who
        out.append(ctx.mention(a, b, kind, refers, place, "lexicon:" + actor.id,
                               base=_form_base(ctx, a, b, m.form.text)))
        taken.update(range(a, b))
    if ctx.places:
        for m in ctx.places.index.find(keys, caps, allowed=lambda i: first + i not in taken):
            a, b = first + m.first, first + m.end
            if any(k in taken for k in range(a, b)) or _glued(ctx, a, b, end, starts) or _adjective_here(ctx, a, b):
                continue
            place: Place = m.form.payload
            a, place = _region_of_city(ctx, a, place, first)
            base = _form_base(ctx, a, b, m.form.text) if a == first + m.first else None
            out.append(ctx.mention(a, b, "location", (), place, "place:" + (place.id or place.name), base=base))
            taken.update(range(a, b))
    demonyms = _demonyms(ctx, first, end, taken)
    out.extend(demonyms)
    role_matches = [m for m in ctx.actors.roles.find(keys, caps)
                    if any(nominal(t) for t in ctx.tokens[first + m.first:first + m.end])
                    or _stands_alone(ctx, first + m.first, first + m.end, end)]
    adjectives = {m.first_token for m in demonyms if m.rule.startswith("demonym-adj")}
    role_matches = with_adjectives(ctx, first, keys, caps, adjectives, role_matches)
    role_matches = [with_name(ctx, m, first, end, taken) for m in role_matches]
    in_roles = {first + k for m in role_matches for k in range(m.first, free_from(ctx, m, first, end, taken))}
    after_personal = {first + m.end for m in role_matches if m.form.text in ctx.personal}
    out.extend(_unknown_names(ctx, first, end, taken | in_roles, after_personal))
    out.sort(key=lambda x: (x.first_token, -x.end_token))
    out.extend(role_phrases(ctx, first, out, role_matches))
    out.sort(key=lambda x: (x.first_token, -x.end_token))
    return out


def _adjective_here(ctx: Context, a: int, b: int) -> bool:
    """"Polski minister": a one-word name that is an agreeing adjective of the noun after it."""
    if b - a != 1:
        return False
    p = ctx.phrase_of.get(a)
    t = ctx.tokens[a]
    return p is not None and p.kind == "np" and p.head > a and t.best is not None and t.best.pos == "adj"


def _locative(ctx: Context, a: int, first: int) -> bool:
    """Is token a the object of a locative preposition ("w Moskwie", "na Kremlu")?"""
    return a > first and ctx.tokens[a - 1].text.lower() in LOCATIVE and "loc" in ctx.head_cases(a)


def _form_base(ctx: Context, a: int, b: int, form: str) -> str:
    """The base form of a lexicon match: the lexicon's form, with the text's abbreviations kept
    ("W. Brytanii" is "W. Brytania", not "Wielka Brytania")."""
    words, tokens = split_form(form), ctx.tokens[a:b]
    if len(words) != len(tokens) or not any(t.text.endswith(".") for t in tokens):
        return form
    return glue(list(tokens), [t.text if t.text.endswith(".") else w for t, w in zip(tokens, words, strict=True)])


def _stands_alone(ctx: Context, a: int, b: int, end: int) -> bool:
    """An adjective used as a noun for people ("ostrzegł protestujących", "zatrzymano wojskowych"):
    a one-word role form with a masculine personal reading, and no noun before or after it to
    modify ("współpracę wojskową" is no soldier)."""
    if b - a != 1 or not any(i.pos in ("adj", "pact") and "m1" in i.feats.gender for i in ctx.tokens[a].interps):
        return False
    nouns = ("subst", "depr", "adj", "ger")
    nxt = ctx.tokens[b] if b < end else None
    prev = ctx.tokens[a - 1] if a > 0 and ctx.tokens[a - 1].sentence == ctx.tokens[a].sentence else None
    return not (nxt is not None and any(i.pos in nouns for i in nxt.interps)) and \
        not (prev is not None and any(i.pos in ("subst", "depr", "ger") for i in prev.interps)
             and agreement([prev, ctx.tokens[a]]))


def _glued(ctx: Context, a: int, b: int, end: int, starts: set[int]) -> bool:
    """Is a one-word place name the first word of a longer name Morfeusz does not know ("Cambridge
    Analytica", "Anna Soubry")?  Only a word that can be nominative, followed on the same line by an
    unknown capitalised word that starts no other match; never an actor of the lexicon ("USA
    Heather Nauert") nor an acronym."""
    if b - a != 1 or b >= end or b in starts or is_acronym(ctx.tokens[a].text):
        return False
    t, nxt = ctx.tokens[a], ctx.tokens[b]
    known = any(i.pos != "ign" and "guess" not in i.labels for i in t.interps)
    if known and not any("nom" in i.feats.case or not i.feats.case for i in t.interps):
        return False  # "w Londynie Sadiq Khan": a place, then a name
    if name_continues(ctx.tokens, ctx.doc.text, b) and not any(i.pos != "ign" and "guess" not in i.labels for i in nxt.interps):
        if known and name_reading(t):  # "Cambridge" is a place Morfeusz knows; "Nigelem", "Tony" only matched one
            ctx.glued.add(a)
        return True
    return False


def _region_of_city(ctx: Context, a: int, place: Place, first: int) -> tuple[int, Place]:
    """"regionu Kurska", "obwodzie charkowskim" already matched; "w rejonie Charkowa": the oblast."""
    from kronika.gazetteer import REGION_NOUNS
    k = a - 1
    while k >= first and ctx.tokens[k].best and ctx.tokens[k].best.pos in ("adj", "ppas", "pact"):
        k -= 1  # "w rosyjskim regionie Kurska"
    if k >= first and ctx.tokens[k].lemma.lower() in REGION_NOUNS and place.precision == "city":
        region = ctx.places.region_of(place)
        if region is not None:
            return k, region
    return a, place


def _kind(actor: Actor) -> str:
    return {"country": "country", "person": "person", "location": "location",
            "group": "group"}.get(actor.kind, "organization")


def _demonyms(ctx: Context, first: int, end: int, taken: set[int]) -> list[Mention]:
    """Demonym adjectives ("rosyjski") and nouns ("Rosjanie") stand for their country; inhabitants
    the lexicon does not list ("Szkoci": a capitalised common noun for people) are a group of their own."""
    out = []
    for k in range(first, end):
        if k in taken:
            continue
        t = ctx.tokens[k]
        found = None
        for lemma in {i.lemma.lower() for i in t.interps}:
            actor = ctx.actors.adjectives.get(lemma)
            if actor and any(i.pos in ("adj", "adja") for i in t.interps):
                found = ctx.mention(k, k + 1, "country", (entity(actor),), None, "demonym-adj:" + lemma, base=lemma)
                break
            actor = ctx.actors.demonyms.get(lemma)
            if actor:
                found = ctx.mention(k, k + 1, "group", (entity(actor),), None, "demonym:" + lemma)
                break
        if found is None and t.is_capitalized and _inhabitants(t):
            found = ctx.mention(k, k + 1, "group", (), None, "demonym:" + _inhabitants(t))
            found = replace(found, refers=(Entity(found.base, None, None, None, "group"),))
        if found is not None:
            out.append(found)
            if found.kind == "group":
                taken.add(k)
    return out


def _inhabitants(t: Token) -> str | None:
    """The lemma of a noun for a people ("Szkot", "Bawarczyk"): capitalised, personal, common, and
    no other part of speech ("Mają" is a verb before it is the Maya)."""
    if any(i.pos not in ("subst", "depr", "adj") for i in t.interps):
        return None
    for i in t.interps:
        if i.pos == "subst" and i.lemma[:1].isupper() and "m1" in i.feats.gender and \
                "nazwa_pospolita" in i.labels:
            return i.lemma
    return None


def _unknown_names(ctx: Context, first: int, end: int, taken: set[int], after_personal: set[int]) -> list[Mention]:
    """Capitalised names the lexicon does not know: kept as mentions with their base form and kind;
    ``after_personal``: tokens right after a personal role noun ("prezydent Fentarski")."""
    out, k = [], first
    while k < end:
        if k in taken or not can_start(ctx.tokens, k, first, ctx.doc.text, ctx.types):
            k += 1
            continue
        j = run_end(ctx.tokens, ctx.doc.text, ctx.types, k, k + 1, end, taken)
        tokens = list(ctx.tokens[k:j])
        if no_name(tokens, ctx.types, after_opener(ctx.tokens, k, first, ctx.doc.text)):
            k = j
            continue
        before = ctx.tokens[k - 1] if k > first else None
        kind = name_kind(tokens, before, ctx.types, ctx.person_words, k in ctx.glued, k in after_personal)
        base = person_base(tokens, ctx.actors._analyzer, ctx.guesser, ctx.cases(k), ctx.person_words) \
            if kind == "person" else ctx.singular_base(k, j)
        m = ctx.mention(k, j, kind, (), None, "unknown-name", base=base)
        out.append(replace(m, refers=(Entity(m.base, None, None, None, kind),)))
        if kind == "person" and j - k > 1:
            ctx.person_words.update((w.lower(), w) for w in m.base.split() if len(w) > 2)
        k = j
    return out


def recognizer(lang, analyzer):
    """Build the mentions stage from the actor lexicon and the gazetteer."""
    from kronika.gazetteer import place_index

    actors = lang.compiled("actor-index", lambda lg: ActorIndex(lg, analyzer))
    guesser = lang.compiled("name-guesser", Guesser)
    places = place_index(lang, actors.word_keys, actors.first_word_keys)
    types = name_types(lang)
    personal = lang.compiled("personal-role-forms", lambda lg: personal_forms(lg, analyzer))

    def mentions(doc: Document) -> Document:
        """Find every actor and place mention of the document."""
        ctx = Context(doc, actors, guesser, places, types)
        ctx.personal = personal
        found: list[Mention] = []
        for s in doc.sentences:
            found.extend(recognize_sentence(ctx, s.first_token, s.end_token, doc.published))
        return replace(doc, mentions=tuple(found))

    return mentions
