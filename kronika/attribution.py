"""Attribution: who claims each clause's content (source) and how certain it is.

Reporting frames come from ``reporting.tsv`` and hedges from ``hedges.tsv``:
"X podał, że …" gives the że-clause source X; "…, jak podaje X" gives the clause
it hangs on source X; "według X", "zgodnie z oceną X" give their own clause
source X; "uważa się, że" makes the content believed with no source;
"Nieoficjalnie" makes its clause unofficial.  A clause without a frame of its
own inherits its parent's.  A quotation running over several sentences and
closed by "– powiedział X" is X's in every sentence it spans.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

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
    said_in: int | None = None  # the reporting clause, when a verb of saying gives the attribution


STATED = Attribution(None, "stated", "own voice")
OPENING_QUOTES = ("„", "«", "“")
CLOSING_QUOTES = ("”", "»", '"', "“")


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
        self._quoted: dict[int, Clause] | None = None  # sentence -> the reporting clause closing its quote

    def of(self, c: Clause) -> Attribution:
        if c.index not in self._memo:
            self._memo[c.index] = self._compute(c)
        return self._memo[c.index]

    def _compute(self, c: Clause) -> Attribution:
        own = self._own(c)
        hedge = self._hedge(c)
        base = own or self._from_parent(c) or STATED
        if base.hypothetical:  # a hope or plan belongs to its own clause, not to the clauses inside it
            base = replace(base, hypothetical=False)
        if hedge == "hypothetical":
            return replace(base, hypothetical=True)
        if hedge and base.certainty in ("stated", "reported"):
            return replace(base, certainty=hedge, rule=f"{base.rule}; hedge {hedge}")
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
        Biden …": a reporting clause set beside the content attributes it; so does one closing a
        quotation that began sentences before."""
        if c.parent is not None:
            return None
        x = self._reporting_beside(c.sentence, c)
        if x is not None:
            return self._from_reporting_clause(x, self.st.verb_of(x), "said after")
        x = self.quotations().get(c.sentence)
        if x is not None:
            return self._from_reporting_clause(x, self.st.verb_of(x), "quoted")
        return None

    def _reporting_beside(self, sentence: int, c: Clause | None = None) -> Clause | None:
        """The reporting clause set beside a sentence's content ("…, oświadczył rzecznik")."""
        for x in self.st.by_sentence.get(sentence, []):
            after = x.kind == "parataxis" and (c is None or x.first > c.first)
            before = x.marker == "jak" and c is not None and x.first < c.first
            if x is not c and x.parent is None and (after or before):
                verb = self.st.verb_of(x)
                if verb is not None and self.att.is_reporting(verb.lemma):
                    return x
        return None

    def quotations(self) -> dict[int, Clause]:
        """Sentences inside a quotation that a later sentence closes with a reporting clause:
        "„Rosja przegra. Jej armia jest słaba” – powiedział X" makes both sentences X's.  The
        quotation opens at its opening mark; where the text has lost that mark, at the start of
        the paragraph or after the last sentence attributed by a reporting clause of its own."""
        if self._quoted is None:
            self._quoted = {}
            for x in self.st.doc.clauses:
                verb = self.st.verb_of(x)
                if x.parent is not None or verb is None or not self.att.is_reporting(verb.lemma):
                    continue  # "To zbrodnia” – dodał": a reporting verb right after the closing mark
                first = self._quote_start(x.sentence, self.st.doc.tokens[verb.first].start)
                for n in range(first, x.sentence) if first is not None else ():
                    self._quoted.setdefault(n, x)
        return self._quoted

    def _quote_start(self, sentence: int, verb_start: int) -> int | None:
        """The first sentence of a quotation closed just before a reporting verb, if any."""
        doc, text = self.st.doc, self.st.doc.text
        s = doc.sentences[sentence]
        k = verb_start
        while k > s.start and text[k - 1] in " \u00a0,–—-":
            k -= 1
        if k <= s.start or text[k - 1] not in CLOSING_QUOTES:
            return None
        close = k - 1
        para = text.rfind("\n", 0, close) + 1
        if text[close] == '"':
            opener = text.rfind('"', para, close)
        else:
            opener = max(text.rfind(q, para, close) for q in OPENING_QUOTES)
        first = sentence
        while first > 0 and doc.sentences[first - 1].start >= para:
            prev = doc.sentences[first - 1]
            if opener >= 0 and prev.end <= opener:
                break
            if opener < 0 and self._reporting_beside(first - 1) is not None:
                break  # "… – powiedział prezydent. Ukraina …” – podkreślił": the opening mark was lost
            first -= 1
        return first if first < sentence else None
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
            return Attribution(None, impersonal, f"{how}: {verb.lemma} się, impersonal", said_in=rc.index)
        subj, rule = self.st.subject(rc)
        if subj and self._inside_quote(subj[-1], verb):
            subj = ()  # "To zbrodnia” – dodał": the words quoted are not who says them
        mention = self.st.mention_of(subj[0]) if subj else None
        if mention is not None and (mention.refers or mention.place):
            return Attribution(mention, row["certainty"], f"{how}: {verb.lemma}", said_in=rc.index)
        if subj and not rule.startswith("pro-drop"):
            head = self.st.doc.tokens[subj[0].head]
            if head.lemma.lower() in self.att.unnamed:
                return Attribution(head.text, row["certainty"], f"{how}: {verb.lemma}, unnamed source",
                                   said_in=rc.index)
        elif "ter" in verb.person or not verb.person:
            earlier = self._earlier_speaker(rc)
            if earlier is not None:  # "– powiedział prezydent Francji. (…) – dodał."
                return Attribution(earlier, row["certainty"], f"{how}: {verb.lemma}, the speaker before",
                                   said_in=rc.index)
        return Attribution(None, impersonal, f"{how}: {verb.lemma}, impersonal", said_in=rc.index)

    def _inside_quote(self, p: Phrase, verb: Phrase) -> bool:
        """Does a closing quotation mark stand between the phrase and the verb after it?"""
        tokens = self.st.doc.tokens
        return p.end <= verb.first and any(tokens[k].text in CLOSING_QUOTES for k in range(p.end, verb.first))

    def _earlier_speaker(self, rc: Clause) -> Mention | None:
        """Who says "– dodał" with no subject: the named speaker of the last reporting clause in
        the five sentences before (not merely the last person named: that may be the one spoken to)."""
        for n in range(rc.sentence - 1, max(-1, rc.sentence - 6), -1):
            for x in reversed(self.st.by_sentence.get(n, [])):
                verb = self.st.verb_of(x)
                if verb is None or not self.att.is_reporting(verb.lemma):
                    continue
                subj, _ = self.st.subject(x)
                m = self.st.mention_of(subj[0]) if subj else None
                if m is not None and m.refers:
                    return m
        return None

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
