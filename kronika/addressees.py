"""Addressees: whom second-person words and vocatives in quoted speech stand for.

In "Premier zwrócił się do demonstrantów. „Apeluję do was …” – mówił", "was" are the
demonstrators.  The addressee of a speech is a vocative phrase of its sentence ("Szanowny narodzie
Litwy, …") or else the party a verb or noun of addressing names (``addressing.tsv``: "przemawiał
przed parlamentem Ukrainy", "w rozmowie z premierem Indii") in its sentence or the three before
it, in the same paragraph, nearest first.  Only speech has an addressee: a second-person word in
the narrator's own text, or with no addressee named, stands for no one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kronika.doc import Entity, Mention, Phrase, Token

RULE = re.compile(r"^(nom|gen|dat|acc|inst|loc)$|^[a-ząćęłńóśźż]+\+(gen|dat|acc|inst|loc)$")
OPENING, CLOSING, DASHES = "„«", "”»", "–—-"
WINDOW = 3  # sentences before the speech where its addressee may be named


@dataclass(frozen=True)
class Addressing:
    """A language's verbs and nouns of addressing with their addressee rules, and its second-person
    and address words."""

    verbs: dict[str, tuple[str, ...]]
    nouns: dict[str, tuple[str, ...]]
    second_person: frozenset[str]
    address: frozenset[str]


def addressing(lang) -> Addressing:
    """Read ``addressing.tsv`` and the second-person and address classes of ``function_words.tsv``."""
    from kronika.lang import LexiconError

    tables: dict[str, dict[str, tuple[str, ...]]] = {"verb": {}, "noun": {}}
    for r in lang.table("addressing.tsv", ("lemma", "pos", "addressee")):
        where = f"addressing.tsv:{r['_line']}: {r['lemma']!r}"
        if r["pos"] not in tables:
            raise LexiconError(f"{where}: pos must be verb or noun, not {r['pos']!r}")
        rules = tuple(x.strip() for x in r["addressee"].split("|"))
        bad = [x for x in rules if not RULE.match(x)]
        if bad:
            raise LexiconError(f"{where}: not a role rule: {', '.join(bad)}")
        tables[r["pos"]][r["lemma"]] = rules
    words = lang.table("function_words.tsv", ("lemma", "class"))
    return Addressing(tables["verb"], tables["noun"],
                      frozenset(r["lemma"] for r in words if r["class"] == "second-person"),
                      frozenset(r["lemma"] for r in words if r["class"] == "address"))


class Addressees:
    """The addressees of one document's speech, found on demand through its ``Structure``."""

    def __init__(self, st, table: Addressing):
        self.st, self.table = st, table
        self._memo: dict[int, Mention | None] = {}

    # -- what stands for the addressee ------------------------------------------------------------
    def is_pronoun(self, t: Token) -> bool:
        """"was", "wam", "cię": a second-person personal pronoun by its chosen reading."""
        return t.best is not None and t.best.pos == "ppron12" and "sec" in t.best.feats.person

    def stands_for(self, p: Phrase) -> Mention | None:
        """The addressee a second-person pronoun phrase stands for, when it is said in speech."""
        if not self.in_speech(p.sentence, p.head):
            return None
        return self._here(self.of_sentence(p.sentence), p.head)

    def possessor(self, p: Phrase) -> Mention | None:
        """"waszą solidarność", "twój kraj": the addressee owns a phrase holding a second-person
        possessive before its head."""
        tokens = self.st.doc.tokens
        for k in range(p.first, p.head):
            if any(i.pos == "adj" and i.lemma.lower() in self.table.second_person for i in tokens[k].interps):
                return self._here(self.of_sentence(p.sentence), k) if self.in_speech(p.sentence, k) else None
        return None

    def _here(self, m: Mention | None, k: int) -> Mention | None:
        """The addressee as a mention at the word standing for it, so the trigger's roles reach it
        where it is said ("za waszą solidarność")."""
        if m is None:
            return None
        t = self.st.doc.tokens[k]
        return replace(m, start=t.start, end=t.end, text=t.text, sentence=t.sentence, first_token=k,
                       end_token=k + 1, rule=f"addressee: {m.text}")

    # -- is it speech -----------------------------------------------------------------------------
    def in_speech(self, sentence: int, k: int) -> bool:
        """Is token k said by someone: inside quotation marks, in a sentence opened by a dash, one
        with a first-person form, or one closed by "– mówił"?"""
        doc = self.st.doc
        s = doc.sentences[sentence]
        if _quoted(doc.text, doc.tokens[k].start) or doc.text[s.start:s.end].lstrip()[:1] in DASHES + OPENING:
            return True
        tokens = doc.tokens[s.first_token:s.end_token]
        if any(t.best is not None and "pri" in t.best.feats.person for t in tokens):
            return True
        return any(a.text in DASHES and b.best is not None and b.best.pos in ("fin", "praet")
                   for a, b in zip(tokens[k - s.first_token:], tokens[k - s.first_token + 1:], strict=False))

    # -- who is spoken to -------------------------------------------------------------------------
    def of_sentence(self, sentence: int) -> Mention | None:
        """The addressee of the speech in a sentence: its vocative, else the party addressed in it
        or in the three sentences before, in the same paragraph (nearest first)."""
        if sentence not in self._memo:
            self._memo[sentence] = None  # a pronoun met while looking does not stand for itself
            self._memo[sentence] = self._find(sentence)
        return self._memo[sentence]

    def _find(self, sentence: int) -> Mention | None:
        doc = self.st.doc
        here = doc.sentences[sentence].start
        for n in range(sentence, max(-1, sentence - WINDOW - 1), -1):
            if n < sentence and "\n" in doc.text[doc.sentences[n].end:here]:
                break  # another paragraph
            found = self._vocative(n) if n == sentence else None
            found = found or self._addressed(n)
            if found is not None:
                return found
        return None

    def _vocative(self, sentence: int) -> Mention | None:
        """"Szanowny narodzie Litwy, …", "Drodzy przyjaciele z Łotwy, …": a noun phrase set off
        by punctuation that is in the vocative only, or holds a word of address."""
        st = self.st
        for p in st.in_sentence.get(sentence, []):
            if p.kind != "np" or p.attached is not None or "voc" not in p.case or not self._set_off(p):
                continue
            only_vocative = p.case <= {"voc", "loc"}  # a locative needs a preposition
            if only_vocative or any(st.doc.tokens[k].lemma.lower() in self.table.address
                                    for k in range(p.first, p.end)):
                m = self._named(p)
                if m is not None:
                    return m
        return None

    def _set_off(self, p: Phrase) -> bool:
        tokens, s = self.st.doc.tokens, self.st.doc.sentences[p.sentence]
        end = self._with_dependents(p).end
        before = tokens[p.first - 1].text if p.first > s.first_token else ""
        after = tokens[end].text if end < s.end_token else ""
        return before in ("", ",", *DASHES, *OPENING, '"') and after in ("", ",", "!", ".", *CLOSING, '"')

    def _with_dependents(self, p: Phrase) -> Phrase:
        last = p
        for q in self.st.phrases[p.index + 1:]:
            if q.attached is None or q.attached < p.index:
                break
            last = q
        return last

    def _named(self, p: Phrase) -> Mention | None:
        """The actor a phrase names, itself or in the phrases hung on it ("narodzie Litwy")."""
        for q in self.st.phrases[p.index:self._with_dependents(p).index + 1]:
            m = self.st.mention_of(q)
            if m is not None and any(e.country for e in m.refers):
                return m
        return None

    def _addressed(self, sentence: int) -> Mention | None:
        """The party a verb or noun of addressing in the sentence names, the last one first."""
        from kronika.arguments import fill

        st = self.st
        for p in reversed(st.in_sentence.get(sentence, [])):
            c = st.clause_of.get(p.index)
            for rule in self._rules(p) if c is not None else ():
                got = fill(st, rule, c, p)
                found = [m for m in got.mentions if any(e.country for e in m.refers)] if got else []
                if not found and rule != "w+loc":  # "do mieszkańców Kijowa", "do protestujących w Karaczi"
                    found = [_as_country(m) for m in got.mentions if m.place is not None] if got else []
                    found = found or self._people_there(c, rule)
                if found and found[0].refers[0].country:
                    return found[0]
        return None

    def _people_there(self, c, rule: str) -> list[Mention]:
        """"apelował do demonstrantów w Karaczi": people named by no country are of the place named
        right after them."""
        prep, _, case = rule.partition("+")
        phrases = self.st.clause_phrases(c)
        for q, r in zip(phrases, phrases[1:], strict=False):
            if q.kind == "pp" and q.prep == prep and case in q.case and r.kind == "pp" and r.prep in ("w", "z"):
                m = self.st.mention_of(r)
                if m is not None and m.place is not None and m.place.country and not m.refers:
                    return [_as_country(m)]
        return []

    def _rules(self, p: Phrase) -> tuple[str, ...]:
        if p.kind == "verb":
            return self.table.verbs.get(p.lemma or "", ())
        if p.kind in ("np", "pp"):
            for i in self.st.doc.tokens[p.head].interps:
                rules = self.table.nouns.get(i.lemma.lower())
                if rules:
                    return rules
        return ()


def _quoted(text: str, at: int) -> bool:
    """Is a position inside quotation marks opened in its paragraph?"""
    inside = False
    for ch in text[text.rfind("\n", 0, at) + 1:at]:
        if ch in OPENING:
            inside = True
        elif ch in CLOSING:
            inside = False
        elif ch == '"':
            inside = not inside
        elif ch == "“":  # closes „…“, opens “…”
            inside = not inside
    return inside


def _as_country(m: Mention) -> Mention:
    """A place mention standing for its country."""
    c = m.place.country if m.place is not None else None
    return replace(m, refers=(Entity(c, c, None, None, "country"),) if c else ())
