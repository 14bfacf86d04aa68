"""Coreference stage, light: name repeats, "jego kraj", "ten kraj", "oba kraje", "obie strony", "strona rosyjska".

A surname or first name seen again ("Kim" after "Kim Dzong Un") refers to the
person named in full earlier; anaphoric phrases listed in ``anaphora.tsv``
refer to the countries of the discourse so far.  Resolution only looks back.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from kronika.actors import ActorIndex, entity
from kronika.doc import Document, Entity, Mention
from kronika.match import PhraseIndex
from kronika.morphology import Guesser
from kronika.names import base_form

PERSON = "person"
NAME_PARTICLES = frozenset({"al", "el", "ad", "as", "ar", "an", "de", "di", "da", "du", "le", "la", "van", "von",
                            "der", "den", "bin", "ibn", "abu", "mc", "st", "jr"})


def _countries(mentions: list[Mention]) -> list[Entity]:
    """Distinct country-level entities of mentions, most recent first."""
    seen, out = set(), []
    for m in reversed(mentions):
        if m.rule.startswith("demonym-adj"):  # "w kwestii ukraińskiej" names a topic, not a party
            continue
        for e in m.refers:
            if e.country and e.country not in seen and m.rule != "anaphora":
                seen.add(e.country)
                out.append(e)
    return out


def _country_entity(e: Entity, countries: dict[str, Entity]) -> Entity:
    """The country an entity belongs to, as the lexicon names it ("North Korea", country:prk)."""
    if e.kind == "country":
        return Entity(e.name, e.country, None, e.id, "country")
    return countries.get(e.country) or Entity(e.country, e.country, None, None, "country")


class Resolver:
    """Resolves one document's mentions in text order."""

    def __init__(self, doc: Document, anaphora: PhraseIndex, lexicon_keys, countries: dict[str, Entity],
                 analyzer=None, guesser=None):
        self.doc, self.anaphora, self.lexicon_keys, self.countries = doc, anaphora, lexicon_keys, countries
        self.analyzer, self.guesser = analyzer, guesser
        self.whole_focus = _focus(_country_counts(list(doc.mentions), countries))  # for the text's opening, before any country
        self.by_sentence: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            self.by_sentence.setdefault(m.sentence, []).append(m)

    def run(self) -> tuple[Mention, ...]:
        out: list[Mention] = []
        persons: dict[str, Entity] = {}
        orgs: dict[str, Entity] = {}  # "komisja" -> the European Commission named in full before
        for s in self.doc.sentences:
            here = self.by_sentence.get(s.index, [])
            current = [self._placed_group(self._role_repeat(self._repeat(m, persons), out, here), here)
                       for m in here]
            current += self._name_repeats(s, current, persons)
            current += self._org_repeats(s, current, orgs)
            current += self._sides(s, current)
            current += self._anaphora(s, out, current)
            current = [_owner_resolved(m, current, self.countries) for m in current]
            current.sort(key=lambda m: (m.first_token, -m.end_token))
            for m in current:
                e = m.entity
                if e and e.kind == PERSON and (e.id or e.country) and m.rule.startswith(("lexicon", "role")):
                    for word in _name_words(m):
                        persons.setdefault(word, e)
                if m.kind == "organization" and m.rule.startswith("lexicon") and e is not None \
                        and m.end_token - m.first_token > 1 and self.doc.tokens[m.first_token].is_capitalized:
                    orgs[self.doc.tokens[m.first_token].lemma.lower()] = e
            out.extend(current)
        return tuple(out)

    def _in_country(self, code: str, e: Entity, kind: str) -> Entity:
        """A role of no country as the office of one country ("Poland minister")."""
        owner = self.countries.get(code)
        return Entity(f"{owner.name if owner else code} {e.name}", code, e.sector, e.id, kind)

    def _org_repeats(self, s, current: list[Mention], orgs: dict[str, Entity]) -> list[Mention]:
        """A capitalised first word of an institution's name, alone, is that institution when it
        was named in full before: "Komisja" after "Komisja Europejska", "Sojusz" after "Sojusz
        Północnoatlantycki"; not when a capitalised word follows (another name goes on)."""
        covered = {k for m in current for k in range(m.first_token, m.end_token)}
        out = []
        for k in range(s.first_token, s.end_token):
            t = self.doc.tokens[k]
            if k in covered or not t.is_capitalized or t.kind != "word":
                continue
            e = orgs.get(t.lemma.lower())
            nxt = self.doc.tokens[k + 1] if k + 1 < s.end_token else None
            if e and not (nxt is not None and nxt.kind == "word" and nxt.is_capitalized):
                base = t.lemma[:1].upper() + t.lemma[1:]  # "Komisji" -> "Komisja", a name
                out.append(Mention(t.start, t.end, t.text, "organization", base, s.index, k, k + 1, (e,),
                                   rule="coref:institution"))
        return out

    def _role_repeat(self, m: Mention, before: list[Mention], here: list[Mention]) -> Mention:
        """A role named again without its country ("deputowani") is the one named with it before;
        not a role word inside a longer name ("przywódcy" in "europejscy przywódcy")."""
        e = m.entity
        if not m.rule.startswith("role:") or e is None or e.country:
            return m
        if any(o is not m and o.first_token <= m.first_token and m.end_token <= o.end_token and
               (o.end_token - o.first_token) > (m.end_token - m.first_token) for o in here):
            return m
        if e.id == "role:civilians":  # "katastrofa w Mariupolu. – Wojsko uniemożliwia mieszkańcom …": its people
            place = next((p for p in reversed(before[-100:] + [o for o in here if o.end_token <= m.first_token])
                          if p.place is not None and p.place.country and p.place.precision != "country"
                          and p.sentence >= m.sentence - 1), None)
            if place is not None:
                return replace(m, refers=(self._in_country(place.place.country, e, m.kind),), rule=m.rule + "+place")
        for prev in reversed(before[-200:]):
            pe = prev.entity
            if prev.rule == m.rule and pe is not None and pe.country and prev.sentence >= m.sentence - 5:
                if pe.kind == "person":  # "minister" after "sekretarz stanu Mike Pompeo": his country, not him
                    pe = self._in_country(pe.country, e, "organization")
                return replace(m, refers=(pe,), rule=m.rule + "+coref")
        # "wiceminister obrony" after "wiceminister Marcin Ociepa" (defence): the office of the person of
        # that sector named in the five sentences before, when they are all of one country
        people = [prev for prev in before[-200:] if prev.sentence >= m.sentence - 5 and prev.kind == PERSON
                  and prev.entity is not None and prev.entity.country and prev.entity.sector == e.sector
                  and e.sector is not None]
        if people and len({x.entity.country for x in people}) == 1:
            return replace(m, refers=(self._in_country(people[-1].entity.country, e, "organization"),),
                           rule=m.rule + "+coref")
        # "… wysłała 3000 żołnierzy. Oddziały zostały rozmieszczone …": another word for the same
        # force in the sentence before, when only one country's force of that sector was named there
        same = {x for prev in before[-100:] if prev.sentence == m.sentence - 1 and prev.rule.startswith("role:")
                and prev.kind == m.kind for x in prev.refers if x.country and x.sector == e.sector}
        if len({x.country for x in same}) == 1:
            return replace(m, refers=(next(iter(same)),), rule=m.rule + "+coref")
        counts = _country_counts(before + [o for o in here if o.end_token <= m.first_token], self.countries)
        focus = _focus(counts)
        if focus is None and sum(counts.values()) < 3:
            focus = self.whole_focus  # "Rząd twierdzi, że …" opening a report from Syria: what the text is about
        if focus is not None:
            return replace(m, refers=(self._in_country(focus, e, e.kind),), rule=m.rule + "+focus")
        return m

    def _placed_group(self, m: Mention, here: list[Mention]) -> Mention:
        """"sojusznicy w Europie", "partnerzy z Azji": a group of no country named by where it is."""
        e = m.entity
        if e is None or e.country or not m.rule.startswith("lexicon:group") or m.end_token >= len(self.doc.tokens) \
                or self.doc.tokens[m.end_token].text.lower() not in ("w", "we", "z", "ze"):
            return m
        where = next((o for o in here if o.first_token == m.end_token + 1 and o.entity and o.entity.country), None)
        if where is None:
            return m
        code = where.entity.country
        return replace(m, refers=(Entity(f"{code} {e.name}", code, e.sector, e.id, m.kind),), rule=m.rule + "+place")

    def _repeat(self, m: Mention, persons: dict[str, Entity]) -> Mention:
        """An unknown one-word name that repeats part of a known person's name is that person."""
        if m.rule == "unknown-name" and m.end_token - m.first_token == 1:
            e = persons.get(m.text.lower()) or persons.get(m.base.lower())
            if e:
                return replace(m, refers=(e,), kind=PERSON, rule="coref:name")
        return m

    def _name_repeats(self, s, current: list[Mention], persons: dict[str, Entity]) -> list[Mention]:
        """Capitalised tokens outside any mention that repeat a known person's name ("Kim powiedział")."""
        covered = {k for m in current for k in range(m.first_token, m.end_token)}
        out = []
        for k in range(s.first_token, s.end_token):
            t = self.doc.tokens[k]
            if k in covered or not t.is_capitalized or t.kind != "word" or len(t.text) < 3:
                continue
            e = persons.get(t.text.lower())
            if e:
                out.append(Mention(t.start, t.end, t.text, PERSON, t.text, s.index, k, k + 1, (e,),
                                   rule="coref:name"))
        return out

    def base(self, a: int, b: int) -> str:
        """The base form of a common phrase: its noun in the nominative, lowercase ("obu krajów" → "oba kraje")."""
        tokens = list(self.doc.tokens[a:b])
        head = max(range(len(tokens)), key=lambda k: tokens[k].best is not None and tokens[k].best.pos == "subst")
        return base_form(tokens, head, self.analyzer, self.guesser).lower()

    def _sides(self, s, current: list[Mention]) -> list[Mention]:
        """"strona rosyjska", "rosyjskiej stronie": a side named by its country's adjective."""
        out = []
        tokens = self.doc.tokens
        for m in current:
            if not m.rule.startswith("demonym-adj") or not m.entity or not m.entity.country:
                continue
            for a, b in ((m.first_token - 1, m.end_token), (m.first_token, m.end_token + 1)):
                if a < s.first_token or b > s.end_token:
                    continue
                side = tokens[a] if b == m.end_token else tokens[b - 1]
                if "strona" in {i.lemma for i in side.interps} and side.best and side.best.pos == "subst":
                    t0, t1 = tokens[a], tokens[b - 1]
                    text = self.doc.text[t0.start:t1.end]
                    out.append(Mention(t0.start, t1.end, text, "country", self.base(a, b), s.index, a, b,
                                       (_country_entity(m.entity, self.countries),), rule="coref:side"))
                    break
        return out

    def _anaphora(self, s, before: list[Mention], current: list[Mention]) -> list[Mention]:
        tokens = self.doc.tokens[s.first_token:s.end_token]
        keys = [self.lexicon_keys(t) for t in tokens]
        caps = [False] * len(tokens)
        out = []
        for m in self.anaphora.find(keys, caps):
            a, b = s.first_token + m.first, s.first_token + m.end
            refers = self._resolve(m.form.payload, a, before, current)
            if refers:
                t0, t1 = self.doc.tokens[a], self.doc.tokens[b - 1]
                out.append(Mention(t0.start, t1.end, self.doc.text[t0.start:t1.end], refers[0].kind,
                                   self.base(a, b), s.index, a, b, tuple(refers), rule="anaphora"))
        return out

    def _resolve(self, how: str, at: int, before: list[Mention], current: list[Mention]) -> list[Entity]:
        if how == "pair":
            # not the countries named before it in its own sentence ("Biały Dom ogłosił, że obie strony")
            here = {e.country for m in current if m.end_token <= at for e in m.refers if e.country}
            recent = [e for e in _countries(before) if e.country not in here]
            if len(recent) < 2:  # "Prezydent Finlandii … z premierem Norwegii. … prezydent Finlandii: oba kraje"
                recent = _countries(before + [m for m in current if m.end_token <= at])
            return [_country_entity(e, self.countries) for e in recent[:2]] if len(recent) >= 2 else []
        if how == "country":
            recent = _countries(before + [m for m in current if m.end_token <= at])
            return [_country_entity(recent[0], self.countries)] if recent else []
        if how == "company":
            # "budowie Nord Stream 2 … sprzeciwiają się temu projektowi": the company named last,
            # in this sentence or the two before
            near = [e for m in before + [m for m in current if m.end_token <= at]
                    if m.sentence >= self.doc.tokens[at].sentence - 2 and m.rule.startswith("lexicon:")
                    for e in m.refers if e.kind == "organization" and e.sector == "BUS"]
            return near[-1:]
        if how == "own-country":
            # "Kim powiedział Szoigu, że jego kraj …": the sentence's first actor, usually its subject
            near = sorted((m for m in current if m.end_token <= at and m.refers and m.refers[0].country),
                          key=lambda m: m.first_token)
            near = near[:1] or [m for m in before if m.refers and m.refers[0].country][-1:]
            return [_country_entity(near[0].refers[0], self.countries)] if near else []
        return []


def _owner_resolved(m: Mention, here: list[Mention], countries: dict[str, Entity]) -> Mention:
    """"rząd Khana" built before "Khana" was known to be Imran Khan: the role takes the country
    its owner turned out to have."""
    e = m.entity
    if not m.rule.startswith("role:") or e is None or e.country or e.kind == PERSON:
        return m
    for o in here:
        oe = o.entity
        if o is not m and m.first_token < o.first_token and o.end_token <= m.end_token and oe is not None \
                and oe.country and o.rule.startswith("coref:"):
            country = _country_entity(oe, countries)
            return replace(m, refers=(Entity(f"{country.name} {e.name.split()[-1]}", oe.country, e.sector, e.id,
                                             e.kind),), rule=m.rule + "+owner")
    return m


def _country_counts(ms: list[Mention], countries: dict[str, Entity]) -> Counter:
    """How often each country is named by the mentions (anaphora not counted)."""
    return Counter(e.country for m in ms if m.rule != "anaphora" for e in m.refers if e.country in countries)


def _focus(counts: Counter) -> str | None:
    """The one country a text is about so far, if there is one: at least three mentions name a
    country and two in three of them name the same ("rząd", "policja", "Sąd Najwyższy" in a
    report from Pakistan are Pakistan's)."""
    total = sum(counts.values())
    if total < 3:
        return None
    country, n = counts.most_common(1)[0]
    return country if 3 * n >= 2 * total else None


def _name_words(m: Mention) -> list[str]:
    """Words of a person's name usable alone later: each capitalised word of the name, two-letter
    ones too ("Ri", "Xi", "Li") but not particles; of a role phrase only the person's name
    ("Biura" in "Rzeczniczka Biura Analiz Zulmira Kastelna" is no name of hers)."""
    words = m.entity.name.split() if m.rule.startswith("role") else \
        m.entity.name.split() + m.base.split() + m.text.split()
    return [w.lower() for w in words if w[:1].isupper() and len(w) > 1 and w.lower() not in NAME_PARTICLES]


def _undated_offices(mentions: tuple[Mention, ...], actors: ActorIndex) -> tuple[Mention, ...]:
    """In a text with no date, a person who held offices in several countries is coded by the one
    whose country the text names beside them ("Borrell" in a text naming only the EU)."""
    named = frozenset(e.country for m in mentions if m.kind != PERSON for e in m.refers if e.country)
    out = []
    for m in mentions:
        actor = actors.by_id.get(m.entity.id) if m.kind == PERSON and m.entity and m.entity.id else None
        if actor is not None and m.rule.startswith("lexicon") \
                and len({r.country for r in actor.roles}) > 1:
            m = replace(m, refers=(entity(actor, None, named),) + m.refers[1:])
        out.append(m)
    return tuple(out)


def resolver(lang, analyzer):
    """Build the coreference stage from the anaphora table."""
    def build(lg):
        rows = lg.table("anaphora.tsv", ("lemmas", "refers"))
        return PhraseIndex(((r["lemmas"], r["refers"]) for r in rows), lambda w: frozenset({w.lower()}))

    anaphora = lang.compiled("anaphora-index", build)
    actors = lang.compiled("actor-index", lambda lg: ActorIndex(lg, analyzer))
    countries = {code: entity(a) for code, a in actors.countries.items()}
    guesser = lang.compiled("name-guesser", Guesser)

    def keys(t):
        return frozenset({i.lemma.lower() for i in t.interps} | {t.text.lower()})

    def coreference(doc: Document) -> Document:
        """Link name repeats and anaphoric phrases to the actors they stand for."""
        if doc.published is None:
            doc = replace(doc, mentions=_undated_offices(doc.mentions, actors))
        return replace(doc, mentions=Resolver(doc, anaphora, keys, countries, analyzer, guesser).run())

    return coreference
