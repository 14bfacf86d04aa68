"""Coreference stage, light: name repeats, "jego kraj", "ten kraj", "oba kraje", "obie strony".

A surname or first name seen again ("Kim" after "Kim Dzong Un") refers to the
person named in full earlier; anaphoric phrases listed in ``anaphora.tsv``
refer to the countries of the discourse so far.  Resolution only looks back.
"""
from __future__ import annotations

from dataclasses import replace

from kronika.doc import Document, Entity, Mention
from kronika.match import PhraseIndex

PERSON = "person"


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


def _country_entity(e: Entity) -> Entity:
    return Entity(e.name if e.kind == "country" else e.country, e.country, None, e.id if e.kind == "country"
                  else None, "country")


class Resolver:
    """Resolves one document's mentions in text order."""

    def __init__(self, doc: Document, anaphora: PhraseIndex, lexicon_keys):
        self.doc, self.anaphora, self.lexicon_keys = doc, anaphora, lexicon_keys
        self.by_sentence: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            self.by_sentence.setdefault(m.sentence, []).append(m)

    def run(self) -> tuple[Mention, ...]:
        out: list[Mention] = []
        persons: dict[str, Entity] = {}
        for s in self.doc.sentences:
            current = [self._role_repeat(self._repeat(m, persons), out) for m in self.by_sentence.get(s.index, [])]
            current += self._name_repeats(s, current, persons)
            current += self._anaphora(s, out, current)
            current.sort(key=lambda m: (m.first_token, -m.end_token))
            for m in current:
                e = m.entity
                if e and e.kind == PERSON and (e.id or e.country) and m.rule.startswith(("lexicon", "role")):
                    for word in _name_words(m):
                        persons.setdefault(word, e)
            out.extend(current)
        return tuple(out)

    def _role_repeat(self, m: Mention, before: list[Mention]) -> Mention:
        """A role named again without its country ("deputowani") is the one named with it before."""
        e = m.entity
        if not m.rule.startswith("role:") or e is None or e.country:
            return m
        for prev in reversed(before[-200:]):
            pe = prev.entity
            if prev.rule == m.rule and pe is not None and pe.country and prev.sentence >= m.sentence - 5:
                return replace(m, refers=(pe,), rule=m.rule + "+coref")
        return m

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
            if k in covered or not t.is_capitalized or t.kind != "word":
                continue
            e = persons.get(t.text.lower())
            if e:
                out.append(Mention(t.start, t.end, t.text, PERSON, t.text, s.index, k, k + 1, (e,),
                                   rule="coref:name"))
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
                out.append(Mention(t0.start, t1.end, self.doc.text[t0.start:t1.end], "country",
                                   self.doc.text[t0.start:t1.end], s.index, a, b, tuple(refers),
                                   rule="anaphora"))
        return out

    def _resolve(self, how: str, at: int, before: list[Mention], current: list[Mention]) -> list[Entity]:
        if how == "pair":
            here = {e.country for m in current for e in m.refers if e.country}
            recent = [e for e in _countries(before) if e.country not in here]
            return [_country_entity(e) for e in recent[:2]] if len(recent) >= 2 else []
        if how == "country":
            recent = _countries(before + [m for m in current if m.end_token <= at])
            return [_country_entity(recent[0])] if recent else []
        if how == "own-country":
            # "Kim powiedział Szoigu, że jego kraj …": the sentence's first actor, usually its subject
            near = sorted((m for m in current if m.end_token <= at and m.refers and m.refers[0].country),
                          key=lambda m: m.first_token)
            near = near[:1] or [m for m in before if m.refers and m.refers[0].country][-1:]
            return [_country_entity(near[0].refers[0])] if near else []
        return []


def _name_words(m: Mention) -> list[str]:
    """Words of a person's name usable alone later: each capitalised word of the mention."""
    return [w.lower() for w in m.entity.name.split() + m.base.split() + m.text.split()
            if w[:1].isupper() and len(w) > 2]


def resolver(lang, analyzer):
    """Build the coreference stage from the anaphora table."""
    def build(lg):
        rows = lg.table("anaphora.tsv", ("lemmas", "refers"))
        return PhraseIndex(((r["lemmas"], r["refers"]) for r in rows), lambda w: frozenset({w.lower()}))

    anaphora = lang.compiled("anaphora-index", build)

    def keys(t):
        return frozenset({i.lemma.lower() for i in t.interps} | {t.text.lower()})

    def coreference(doc: Document) -> Document:
        """Link name repeats and anaphoric phrases to the actors they stand for."""
        return replace(doc, mentions=Resolver(doc, anaphora, keys).run())

    return coreference
