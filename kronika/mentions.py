"""Mentions stage: actors and places found by lemma sequences, role phrases and unknown names.

Atomic mentions come first: lexicon names (countries, seats of power,
organisations, people), places from the gazetteer, demonym adjectives and
nouns, and capitalised names the lexicon does not know (kept, country unknown).
Role phrases then combine with them: a role noun with a demonym adjective
("rosyjskiej armii" → RUS MIL), with a genitive actor ("armii Ukrainy",
"żołnierze Kim Dzong Una") or with a person named after it ("prezydenta
Ukrainy Wołodymyra Zełenskiego" → UKR GOV).
"""
from __future__ import annotations

from dataclasses import replace

from kronika.actors import Actor, ActorIndex, entity
from kronika.doc import Document, Entity, Mention, Phrase, Place, Token
from kronika.match import Match, split_form
from kronika.names import Guesser, base_form, glue, person_base
from kronika.nametypes import (VERBAL, NameTypes, after_acronym, after_opener, can_start, connects, head_kind,
                               is_acronym, name_kind, name_reading, name_types, no_name, starts_person)

NAME_POS = frozenset({"subst", "depr", "adj", "adja", "ign", "brev", "romandig", "dig"})
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
        self.personal: frozenset[str] = frozenset()  # role forms naming people (personal_forms)
        self.phrase_of: dict[int, Phrase] = {}
        for p in doc.phrases:
            for k in range(p.first, p.end):
                self.phrase_of[k] = p

    def keys(self, t: Token, opener: bool = False) -> frozenset[str]:
        """Match keys of a token: its lemmas, the word, and for a capitalised word the base forms
        its ending allows.  Where a capital is no evidence (``opener``: a sentence start, after a
        quote) a common word keeps only its nominal lemmas and no guesses: "Dane" (data; also a
        participle of "dać") is not "Dania", "Aby" not the city "Aba"; a word that is only a
        participle keeps it ("Zjednoczone Królestwo")."""
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
        if not after_opener(self.tokens, first, self.doc.sentences[t.sentence].first_token, self.doc.text):
            return base
        return base[:1].lower() + base[1:]

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


def _run_end(ctx: Context, k: int, j: int, end: int, taken: set[int]) -> int:
    """Where a name started at token k (its words so far ending before j) ends: over capitalised
    words and the lowercase words that join them ("London School of Economics"), up to a person's
    name after other words ("Partii Pracy Roger Casale")."""
    head = head_kind(list(ctx.tokens[k:j]), None, ctx.types)
    while j < end and j not in taken:
        if _name_continues(ctx, j) and not starts_person(ctx.tokens[j - 1], ctx.tokens[j], ctx.types) \
                and not after_acronym(ctx.tokens[j - 1], ctx.tokens[j], ctx.types):
            j += 1
        elif j + 1 < end and j + 1 not in taken and connects(ctx.tokens[j], head, ctx.types) and \
                ctx.tokens[j].start - ctx.tokens[j - 1].end <= 1 and _name_continues(ctx, j + 1):
            j += 2
        else:
            break
    return _person_tail(ctx, k, j)


def _person_tail(ctx: Context, k: int, j: int) -> int:
    """Cut a run of known words followed by two or more words Morfeusz does not know: the unknown
    ones are a person named after an organisation ("Liberalnych Demokratów Vince Cable")."""
    unknown = [not any(i.pos != "ign" and "guess" not in i.labels for i in t.interps) for t in ctx.tokens[k:j]]
    cut = len(unknown)
    while cut > 0 and unknown[cut - 1]:
        cut -= 1
    tail = ctx.tokens[k + cut:j]
    if 0 < cut and len(tail) >= 2 and all(t.is_capitalized for t in tail) and \
            any(not name_reading(t) for t in ctx.tokens[k:k + cut]):
        return k + cut  # a Polish common word before: "London School of Economics" stays whole
    return j


def _name_continues(ctx: Context, j: int) -> bool:
    """Does the name go on at token j: a capitalised word right after the last one, on the same
    line, and not a verb or a function word ("TVN24 BiS Wyjdą" stops before the verb)?"""
    t = ctx.tokens[j]
    if not t.is_capitalized or t.kind != "word" or t.start - ctx.tokens[j - 1].end > 1:
        return False
    if "\n" in ctx.doc.text[ctx.tokens[j - 1].end:t.start]:
        return False
    return not t.interps or any(i.pos in NAME_POS or "guess" in i.labels for i in t.interps)


def recognize_sentence(ctx: Context, first: int, end: int, on) -> list[Mention]:
    """All mentions of one sentence (token range [first, end)), atomic and role phrases."""
    tokens = ctx.tokens[first:end]
    keys = [ctx.keys(t, after_opener(ctx.tokens, first + i, first, ctx.doc.text)) for i, t in enumerate(tokens)]
    caps = [t.is_capitalized for t in tokens]
    taken: set[int] = set()
    out: list[Mention] = []
    found = ctx.actors.names.find(keys, caps)
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
            if any(k in taken for k in range(a, b)) or _glued(ctx, a, b, end, starts):
                continue
            place: Place = m.form.payload
            a, place = _region_of_city(ctx, a, place, first)
            base = _form_base(ctx, a, b, m.form.text) if a == first + m.first else None
            out.append(ctx.mention(a, b, "location", (), place, "place:" + (place.id or place.name), base=base))
            taken.update(range(a, b))
    out.extend(_demonyms(ctx, first, end, taken))
    role_matches = [m for m in ctx.actors.roles.find(keys, caps)
                    if any(_nominal(t) for t in ctx.tokens[first + m.first:first + m.end])]
    role_matches = [_with_name(ctx, m, first, end, taken) for m in role_matches]
    in_roles = {first + k for m in role_matches for k in range(m.first, _free_from(ctx, m, first, end, taken))}
    after_personal = {first + m.end for m in role_matches if m.form.text in ctx.personal}
    out.extend(_unknown_names(ctx, first, end, taken | in_roles, after_personal))
    out.sort(key=lambda x: (x.first_token, -x.end_token))
    out.extend(_role_phrases(ctx, first, out, role_matches))
    out.sort(key=lambda x: (x.first_token, -x.end_token))
    return out


def _free_from(ctx: Context, m: Match, first: int, end: int, taken: set[int]) -> int:
    """Where the words a role match keeps from unknown names end: "Lider Partii Zielonych" (the
    role "lider partii") leaves "Partii Zielonych" to be a name of its own."""
    a, b = first + m.first, first + m.end
    if b - a > 1 and m.form.text in ctx.personal and ctx.tokens[a + 1].is_capitalized and b < end \
            and b not in taken and _name_continues(ctx, b):
        return m.first + 1
    return m.end


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
    if _name_continues(ctx, b) and not any(i.pos != "ign" and "guess" not in i.labels for i in nxt.interps):
        if known and name_reading(t):  # "Cambridge" is a place Morfeusz knows; "Nigelem", "Tony" only matched one
            ctx.glued.add(a)
        return True
    return False


def _nominal(t: Token) -> bool:
    """A role needs a noun among its words: "wojskową" in "oceną wojskową" is an adjective."""
    best = t.best
    return best is not None and best.pos in ("subst", "depr", "ger", "ign", "brev")


def _with_name(ctx: Context, m: Match, first: int, end: int, taken: set[int]) -> Match:
    """A capitalised institution noun and the capitalised words after it are one name ("Partii
    Konserwatywnej", "Ministerstwo Cyfryzacji Wolandii"); not an office and a person's name
    ("Prezydent Kowalski": the noun is personal)."""
    a, b = first + m.first, first + m.end
    if not ctx.tokens[a].is_capitalized or m.form.text in ctx.personal:
        return m
    lemmas = {i.lemma.lower() for i in ctx.tokens[a].interps}
    if lemmas & ctx.types.before.keys() and not lemmas & ctx.types.first.keys():
        return m  # "Firma Cambridge Krandelix": an appositive noun before a name, not part of it
    j = _run_end(ctx, a, b, end, taken)
    return Match(m.first, j - first, m.form) if j > b else m


def _is_named(m: Match) -> bool:
    """Was the role match extended over a name of its own (``_with_name``)?"""
    return m.end - m.first > len(split_form(m.form.text))


def personal_forms(lang, analyzer) -> frozenset[str]:
    """Role forms naming a person rather than an institution: "prezydent", "rzecznik", "żołnierze",
    and their feminines ("rzeczniczka": a feminine form sharing its stem with a personal one of the
    same role), not "armia", "ministerstwo", "fundacja"."""
    from kronika.lexicon import actors

    out: set[str] = set()
    for actor in actors(lang):
        if actor.kind != "role":
            continue
        firsts = {f: split_form(f)[0] for f in actor.forms if split_form(f)}
        m1 = {w for w in firsts.values() if any(i.pos in ("subst", "depr") and "m1" in i.feats.gender
                                                 for i in analyzer.analyse(w))}
        for form, w in firsts.items():
            if w in m1 or any(w[:4].lower() == p[:4].lower() for p in m1):
                out.add(form)
    return frozenset(out)


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
        if k in taken or not can_start(ctx.tokens, k, first, ctx.doc.text):
            k += 1
            continue
        j = _run_end(ctx, k, k + 1, end, taken)
        tokens = list(ctx.tokens[k:j])
        if no_name(tokens, ctx.types):
            k = j
            continue
        before = ctx.tokens[k - 1] if k > first else None
        kind = name_kind(tokens, before, ctx.types, ctx.person_words, k in ctx.glued, k in after_personal)
        base = person_base(tokens, ctx.actors._analyzer, ctx.guesser, ctx.cases(k), ctx.person_words) \
            if kind == "person" else _singular_base(ctx, k, j)
        m = ctx.mention(k, j, kind, (), None, "unknown-name", base=base)
        out.append(replace(m, refers=(Entity(m.base, None, None, None, kind),)))
        if kind == "person" and j - k > 1:
            ctx.person_words.update((w.lower(), w) for w in m.base.split() if len(w) > 2)
        k = j
    return out


def _role_phrases(ctx: Context, first: int, atoms: list[Mention], role_matches) -> list[Mention]:
    """Role nouns combined with a demonym, a genitive actor or a named person."""
    out = []
    starting = {m.first_token: m for m in atoms}
    for m in role_matches:
        a, b = first + m.first, first + m.end
        role: Actor = m.form.payload
        personal = m.form.text in ctx.personal
        country_m, person_m, span_a, span_b = _role_country(ctx, first, a, b, starting, _is_named(m))
        nxt = starting.get(span_b)
        while personal and country_m is not None and nxt and nxt.kind in ("country", "organization") and \
                nxt.rule.startswith("lexicon:"):
            # "Rzeczniczka Departamentu Stanu USA Heather Nauert": a chain of genitives, then the name
            nxt = starting.get(nxt.end_token)
            if nxt and nxt.kind == "person":
                span_b = nxt.first_token
        if nxt and nxt.kind == "person" and (personal or (country_m is None and _genitive(nxt))):
            person_m, span_b = nxt, nxt.end_token
        if country_m is None and person_m is None:
            country_m, span_b = _placed(ctx, span_b, starting) or (None, span_b)
        if _is_named(m):
            # "Partii Konserwatywnej", "Ministerstwa Cyfryzacji Wolandii": a name of its own
            out.append(_named_institution(ctx, role, a, b, country_m, span_a, span_b))
            continue
        if country_m is None and person_m is None:
            out.append(ctx.mention(a, b, "organization", (Entity(role.name, None, role.sector, role.id,
                                                                   "organization"),), None, "role:" + role.id))
            continue
        if person_m is not None and (not personal or _possessor(ctx, a, b, person_m)):
            # "żołnierze Kim Dzong Una", "armia Kima": his soldiers, coded as his country's
            country_m, person_m = (country_m or _as_country(ctx, person_m)), None
        out.append(_role_mention(ctx, role, country_m, person_m, span_a, span_b))
    return out


def _named_institution(ctx: Context, role: Actor, a: int, b: int, country_m, span_a: int, span_b: int) -> Mention:
    """"Partii Konserwatywnej", "Ministerstwa Cyfryzacji Federacji Rosyjskiej": a name of its own,
    in the singular, with the country named in it; the genitive after it stays as written."""
    own = ctx.mention(a, b, "organization", (), None, "", base=_singular_base(ctx, a, b))
    country = country_m.entity.country if country_m is not None and country_m.entity else None
    named = Entity(own.base, country, role.sector, None, "organization")
    if country_m is None:
        return replace(own, refers=(named,), rule="role:" + role.id)
    t = ctx.tokens
    base = own.base if span_b == b else own.base + " " + ctx.doc.text[t[b].start:t[span_b - 1].end]
    if span_a < a:
        base = ctx.doc.text[t[span_a].start:t[a].start] + base
    return ctx.mention(span_a, span_b, "organization", (named,), None, "role:" + role.id, base=base)


def _singular_base(ctx: Context, a: int, b: int) -> str:
    """The base form of a name, singular when its head can be ("Partii Zielonych" → "Partia Zielonych")."""
    head = ctx._head(a, b)
    return ctx.uncapitalised(a, b, base_form(list(ctx.tokens[a:b]), head - a, ctx.actors._analyzer, ctx.guesser,
                                             ctx.head_cases(head), singular=True))


def _role_country(ctx: Context, first: int, a: int, b: int, starting: dict[int, Mention], named: bool):
    """The country of a role: a demonym adjective before it ("rosyjskiej armii") or after it ("armii
    ukraińskiej"), else a genitive actor after it ("armii Ukrainy").  A named institution takes only
    a capitalised one ("Ministerstwo Kultury Federacji Rosyjskiej", not "Partii Konserwatywnej polskiego")."""
    country_m, span_a, span_b = None, a, b
    k = a - 1
    while k >= first and ctx.tokens[k].best and ctx.tokens[k].best.pos in ("adj", "ppas", "pact"):
        if k in starting and starting[k].rule.startswith("demonym-adj") and \
                (not named or ctx.tokens[k].is_capitalized):
            country_m, span_a = starting[k], k
            break
        k -= 1
    nxt = starting.get(b)
    if country_m is None and nxt and nxt.rule.startswith("demonym-adj") and not named:
        country_m, span_b = nxt, nxt.end_token
        nxt = starting.get(span_b)
    if country_m is None and nxt and nxt.kind in ("country", "organization") and nxt.refers and \
            (not named or nxt.rule.startswith("lexicon:")):
        country_m, span_b = nxt, nxt.end_token
    return country_m, None, span_a, span_b


def _role_mention(ctx: Context, role: Actor, country_m, person_m, span_a: int, span_b: int) -> Mention:
    """The mention of a role phrase with its country or person."""
    combined = _combine(role, country_m, person_m)
    kind = "person" if person_m else "organization"
    base = None
    if person_m is not None and person_m.first_token > span_a:
        # the name is in apposition: "prezydenta Ukrainy Wołodymyra Zełenskiego" →
        # "prezydent Ukrainy Wołodymyr Zełenski"
        base = ctx.mention(span_a, person_m.first_token, kind, (), None, "").base + " " + person_m.base
    return ctx.mention(span_a, span_b, kind, (combined,), None, "role:" + role.id, base=base)


def _genitive(m: Mention) -> bool:
    """Can a mention be a genitive (an owner: "armia Kima", not "w administracji Joe Biden był")?"""
    return not m.case or "gen" in m.case


def _as_country(ctx: Context, m: Mention) -> Mention:
    """A mention standing for its entity's country (a person as the owner of an army)."""
    code = m.entity.country if m.entity else None
    actor = ctx.actors.countries.get(code) if code else None
    return replace(m, refers=(entity(actor),)) if actor else m


def _possessor(ctx: Context, a: int, b: int, person: Mention) -> bool:
    """Is the person after a role its possessor ("żołnierze Kima") rather than its holder
    ("prezydent Macron")?  A plural role, or a person in a case the role noun cannot share."""
    head = next((t for t in ctx.tokens[a:b] if _nominal(t)), ctx.tokens[b - 1])
    if head.best is not None and head.best.feats.number == frozenset({"pl"}):
        return True
    role_cases = ctx.cases(a)
    return bool(role_cases and person.case and not (role_cases & person.case))


def _placed(ctx: Context, b: int, starting: dict[int, Mention]) -> tuple[Mention, int] | None:
    """"politycy w Rydze", "rząd w Atenach", "senator z Kentucky": the place gives the country."""
    if b >= len(ctx.tokens) or ctx.tokens[b].text.lower() not in ("w", "we", "z", "ze"):
        return None
    m = starting.get(b + 1)
    if m is None:
        return None
    if m.place is not None and m.place.country:
        return replace(m, refers=(Entity(m.place.country, m.place.country, None, None, "country"),)), m.end_token
    if m.refers and m.refers[0].country and m.kind in ("country", "organization"):
        return m, m.end_token
    return None


def _combine(role: Actor, country_m: Mention | None, person_m: Mention | None) -> Entity:
    """The entity of a role phrase: a known person keeps their identity, the role gives the sector."""
    country_e = country_m.entity if country_m else None
    person_e = person_m.entity if person_m else None
    country = (country_e.country if country_e else None) or (person_e.country if person_e else None)
    sector = role.sector or (person_e.sector if person_e else None)
    if person_e is not None:
        return Entity(person_e.name, country, sector if person_e.id is None else (person_e.sector or sector),
                      person_e.id, "person")
    name = f"{country_e.name} {role.name}" if country_e else role.name
    ident = f"{country_e.id}/{role.id}" if country_e and country_e.id else role.id
    return Entity(name, country, sector, ident, "organization")


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
