"""Attribution: who claims each clause's content (source) and how certain it is.

Reporting frames come from ``reporting.tsv`` and hedges from ``hedges.tsv``:
"X podał, że …" gives the że-clause source X; "…, jak podaje X" gives the clause
it hangs on source X; "według X", "zgodnie z oceną X" give their own clause
source X; "uważa się, że" makes the content believed with no source;
"Nieoficjalnie" makes its clause unofficial.  A clause without a frame of its
own inherits its parent's.
"""
from __future__ import annotations

from dataclasses import dataclass

from kronika.arguments import Structure
from kronika.doc import Clause, Mention, Phrase
from kronika.match import PhraseIndex


@dataclass(frozen=True, slots=True)
class Attribution:
    """A clause's source (a mention, a description such as "reports", or None) and certainty."""

    source: Mention | str | None
    certainty: str
    rule: str
    hypothetical: bool = False


STATED = Attribution(None, "stated", "own voice")


class Attributor:
    """Reporting verbs, report nouns, source prepositions and hedges of a language."""

    def __init__(self, lang):
        rows = lang.table("reporting.tsv", ("lemma", "kind", "certainty"))
        self.verbs = {r["lemma"]: r for r in rows if r["kind"] == "verb"}
        self.nouns = {r["lemma"]: r for r in rows if r["kind"] == "noun"}
        self.preps = {r["lemma"]: r for r in rows if r["kind"] == "prep"}
        self.unnamed = {r["lemma"]: r for r in rows if r["kind"] == "unnamed"}
        hedges = lang.table("hedges.tsv", ("lemmas", "effect"))
        self.hedges = PhraseIndex(((r["lemmas"], r["effect"]) for r in hedges), lambda w: frozenset({w}))

    def is_reporting(self, lemma: str | None) -> bool:
        return lemma in self.verbs


class ClauseAttribution:
    """Attribution of every clause of one document, computed on demand and memoised."""

    def __init__(self, st: Structure, att: Attributor):
        self.st, self.att = st, att
        self._memo: dict[int, Attribution] = {}

    def of(self, c: Clause) -> Attribution:
        if c.index not in self._memo:
            self._memo[c.index] = self._compute(c)
        return self._memo[c.index]

    def _compute(self, c: Clause) -> Attribution:
        own = self._own(c)
        hedge = self._hedge(c)
        base = own or self._from_parent(c) or STATED
        if base.hypothetical:  # a hope or plan belongs to its own clause, not to the clauses inside it
            base = Attribution(base.source, base.certainty, base.rule)
        if hedge == "hypothetical":
            return Attribution(base.source, base.certainty, base.rule, hypothetical=True)
        if hedge and base.certainty in ("stated", "reported"):
            return Attribution(base.source, hedge, f"{base.rule}; hedge {hedge}", base.hypothetical)
        return base

    def _own(self, c: Clause) -> Attribution | None:
        """A source named inside the clause itself: "według X", "zgodnie z oceną X", "jak podaje X"."""
        phrases = self.st.clause_phrases(c)
        for n, p in enumerate(phrases):
            if p.kind != "pp":
                continue
            if p.prep in self.att.preps:
                src = self._source_in(p, phrases[n + 1:n + 3])
                if src:
                    return Attribution(src, self.att.preps[p.prep]["certainty"], f"prep {p.prep}")
            if p.prep == "z" and n > 0 and self._word(phrases[n - 1]) == "zgodnie":
                noun = self.st.doc.tokens[p.head].lemma
                row = self.att.nouns.get(noun)
                if row:
                    src = self._source_in(p, phrases[n + 1:n + 3])
                    return Attribution(src or "unnamed", row["certainty"], f"zgodnie z {noun}")
        for ch in self.st.children(c):
            if ch.marker == "jak":
                verb = self.st.verb_of(ch)
                if verb is not None and self.att.is_reporting(verb.lemma):
                    return self._from_reporting_clause(ch, verb, "jak")
        return self._said_after(c)

    def _said_after(self, c: Clause) -> Attribution | None:
        """"Rosja zamyka konsulaty – oświadczył rzecznik", "Jak zapowiedziała strona amerykańska,
        Biden …": a reporting clause set beside the content attributes it."""
        if c.parent is not None:
            return None
        for x in self.st.by_sentence.get(c.sentence, []):
            if x is not c and x.parent is None and (x.kind == "parataxis" and x.first > c.first or
                                                    x.marker == "jak" and x.first < c.first):
                verb = self.st.verb_of(x)
                if verb is not None and self.att.is_reporting(verb.lemma):
                    return self._from_reporting_clause(x, verb, "said after")
        return None

    def _from_parent(self, c: Clause) -> Attribution | None:
        parent = self.st.parent(c)
        if parent is None:
            return None
        if c.kind == "complement":
            verb = self.st.verb_of(parent)
            if verb is not None and self.att.is_reporting(verb.lemma):
                return self._from_reporting_clause(parent, verb, "że")
        return self.of(parent)

    def _from_reporting_clause(self, rc: Clause, verb: Phrase, how: str) -> Attribution:
        row = self.att.verbs[verb.lemma]
        impersonal = row.get("impersonal") or row["certainty"]
        if self._reflexive(verb):  # "uważa się, że", "szacuje się, że": nobody in particular
            return Attribution(None, impersonal, f"{how}: {verb.lemma} się, impersonal")
        subj, _ = self.st.subject(rc)
        mention = self.st.mention_of(subj[0]) if subj else None
        if mention is not None and (mention.refers or mention.place):
            return Attribution(mention, row["certainty"], f"{how}: {verb.lemma}")
        if subj:
            head = self.st.doc.tokens[subj[0].head]
            if head.lemma.lower() in self.att.unnamed:
                return Attribution(head.text, row["certainty"], f"{how}: {verb.lemma}, unnamed source")
        return Attribution(None, impersonal, f"{how}: {verb.lemma}, impersonal")

    def _reflexive(self, verb: Phrase) -> bool:
        tokens = self.st.doc.tokens
        near = range(max(0, verb.first - 1), min(len(tokens), verb.end + 1))
        return any(tokens[k].text.lower() == "się" and tokens[k].sentence == tokens[verb.head].sentence
                   for k in near)

    def _source_in(self, p: Phrase, after: list[Phrase]) -> Mention | str | None:
        m = self.st.mention_of(p)
        if m is None:
            for q in after:
                if q.attached is not None and (q.attached == p.index or q.attached in range(p.index, q.index)):
                    m = self.st.mention_of(q)
                    if m:
                        break
        if m is not None:
            return m
        head = self.st.doc.tokens[p.head].lemma.lower()
        return self.st.doc.tokens[p.head].text if head in self.att.unnamed else None

    def _word(self, p: Phrase) -> str:
        return self.st.doc.tokens[p.first].text.lower()

    def _hedge(self, c: Clause) -> str | None:
        tokens = [t for a, b in c.parts for t in self.st.doc.tokens[a:b]]
        keys = [frozenset({i.lemma.lower() for i in t.interps} | {t.text.lower()}) for t in tokens]
        found = self.att.hedges.find(keys, [False] * len(tokens))
        effects = [m.form.payload for m in found]
        for e in ("unofficial", "believed", "estimated", "hypothetical"):
            if e in effects:
                return e
        return None
