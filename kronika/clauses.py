"""Clauses stage: split sentences into clauses at punctuation and conjunctions.

Polish puts a comma before every subordinate clause (że, który, gdy, aby, …), so
a sentence is first cut into comma-separated segments; a segment opened by a
subordinator or a relative pronoun starts a subordinate clause, one opened by
``a``/``ale``/``jednak`` a coordinate clause, and a segment without a verb group
continues the clause it interrupts ("żołnierze X, którzy walczyli …, ponieśli
straty": the main clause is split in two around the relative clause).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from kronika.doc import Clause, Document, Phrase, Token
from kronika.syntax import Words

SPLITTING_PUNCT = frozenset({",", ";", ":", "(", ")", "–", "—", "-"})  # a lone "-" is a dash


@dataclass
class _Open:
    """A clause being built: token ranges, phrases and what opened it."""

    kind: str
    marker: str | None
    parent: int | None
    parts: list[list[int]] = field(default_factory=list)
    phrases: list[int] = field(default_factory=list)
    antecedent: int | None = None

    def has_verb(self, phrases: dict[int, Phrase]) -> bool:
        return any(phrases[p].kind == "verb" and phrases[p].mood in ("indicative", "conditional")
                   for p in self.phrases)

    def add(self, segment: list[Phrase]) -> None:
        a, b = segment[0].first, segment[-1].end
        if self.parts and self.parts[-1][1] >= a - 1 and _adjacent(self.parts[-1], a):
            self.parts[-1][1] = b
        else:
            self.parts.append([a, b])
        self.phrases.extend(p.index for p in segment)


def _adjacent(part: list[int], a: int) -> bool:
    return part[1] == a


def _segments(phrases: list[Phrase], tokens: tuple[Token, ...]) -> list[list[Phrase]]:
    """Cut a sentence's phrases at clause-splitting punctuation (kept at the segment's start)."""
    out: list[list[Phrase]] = [[]]
    for p in phrases:
        if p.kind == "punct" and tokens[p.first].text in SPLITTING_PUNCT and out[-1]:
            out.append([p])
        elif p.kind == "conj" and out[-1] and _splits_at_conjunction(p, phrases, tokens, out[-1]):
            out.append([p])
        else:
            out[-1].append(p)
    return [s for s in out if s]


def _splits_at_conjunction(p: Phrase, phrases: list[Phrase], tokens, segment: list[Phrase]) -> bool:
    """'i', 'oraz', 'a' without a comma start a clause when a verb group comes before the next noun,
    or, after a clause that has its finite verb, when a finite verb comes before the next comma:
    "… ma być gotowy i wtedy Rosja zamierza ograniczyć" (two clauses), but "Polska i Rosja
    podpisały" and "wysłała czołgi i haubice" (one)."""
    word = tokens[p.first].text.lower()
    if word not in ("i", "oraz", "a", "lub", "albo", "ale", "lecz"):
        return False
    after_finite, nouns = _finite(segment), False
    for q in phrases[phrases.index(p) + 1:]:
        if q.kind == "verb":
            if nouns:
                return q.mood in ("indicative", "conditional")
            return q.mood in ("indicative", "conditional", "infinitive")
        if q.kind in ("np", "pp") and after_finite:
            nouns = True
        elif q.kind in ("np", "pp", "punct") or q.kind == "conj" and nouns:
            return False
    return False


def _opener(segment: list[Phrase], tokens, words: Words) -> tuple[str, str | None]:
    """The kind of clause a segment opens and its marker lemma (None for a plain segment)."""
    for p in segment:
        if p.kind == "punct":
            continue
        tok = tokens[p.first]
        lemma = tok.lemma.lower()
        if p.kind in ("np", "pp") and any(words.has(tokens[k], "relative") for k in range(p.first, p.end)):
            return "relative", "który"
        if words.has(tok, "relative"):
            return "relative", lemma
        if words.has(tok, "subordinator"):
            return _subordinate_kind(lemma, tok, words), lemma
        if words.has(tok, "coordinator") or (p.kind == "conj" and words.has(tok, "conjunction")):
            return "coordinate", lemma
        if tok.text.lower() == "jak":
            # "jak podaje X" opens a clause; "jak i Y" and "podobnie jak Y" without a verb do not
            nxt = tokens[p.first + 1].text.lower() if p.first + 1 < len(tokens) else ""
            if nxt != "i" and any(q.kind == "verb" for q in segment):
                return "adverbial", "jak"
            return "plain", None
        return "plain", None
    return "plain", None


def _subordinate_kind(lemma: str, tok: Token, words: Words) -> str:
    kind = words.kind.get(tok.text.lower()) or words.kind.get(lemma) or "adverbial"  # "gdyby" before "gdy"
    return "complement" if kind == "complement" else kind


def split_sentence(phrases: list[Phrase], tokens, words: Words, first_index: int,
                   speaking: frozenset[str] = frozenset()) -> list[Clause]:
    """The clauses of one sentence, in order of their first token; ``speaking``: lemmas of verbs
    that take a że-clause of what is said."""
    by_index = {p.index: p for p in phrases}
    clauses: list[_Open] = []
    stack: list[int] = []  # open clauses, innermost last
    for seg in _segments(phrases, tokens):
        kind, marker = _opener(seg, tokens, words)
        has_verb = any(p.kind == "verb" for p in seg)
        if kind in ("relative", "complement", "adverbial", "condition", "purpose", "time") and stack:
            while kind != "relative" and len(stack) > 1 and clauses[stack[-1]].kind == "relative" \
                    and clauses[stack[-1]].has_verb(by_index) \
                    and not _speaks(clauses[stack[-1]], by_index, speaking):
                stack.pop()  # "powiedział X, który jest …, że …": the że-clause belongs to powiedział
            clauses.append(_Open(kind, marker, stack[-1] + first_index))
            if kind == "relative":
                clauses[-1].antecedent = _antecedent(clauses, by_index, seg)
            stack.append(len(clauses) - 1)
        elif kind == "coordinate" and stack and has_verb and seg[0].kind == "conj" \
                and clauses[stack[-1]].kind not in ("main", "coordinate") and clauses[stack[-1]].has_verb(by_index):
            # "…, w którym nakreślił plan i zaapelował do …": with no comma before it, "i" goes on
            # with the clause just before (here the relative one), not with the sentence's main clause
            clauses.append(_Open("coordinate", marker, clauses[stack[-1]].parent))
            stack = stack[:-1] + [len(clauses) - 1]
        elif kind == "coordinate" and stack and has_verb:
            outer = _outermost_with_verb(stack, clauses, by_index)
            parent = clauses[outer].parent
            clauses.append(_Open("coordinate", marker, parent))
            stack = stack[:stack.index(outer)] + [len(clauses) - 1]
        elif not stack:
            # "Gdyby Rosja zaatakowała Litwę, NATO …": a sentence may open with its subordinate clause
            clauses.append(_Open(kind if kind in ("condition", "time", "adverbial", "purpose") else "main",
                                 marker, None))
            stack.append(0)
        elif _finite(seg) and all(clauses[n].has_verb(by_index) for n in stack):
            # "…, powiedział minister", "– oświadczyła X": a clause of its own beside the others
            clauses.append(_Open("parataxis", marker, None))
            stack = [len(clauses) - 1]
        else:
            target = _resume_target(stack, clauses, by_index, has_verb)
            stack = stack[:stack.index(target) + 1]
        clauses[stack[-1]].add(seg)
    return [Clause(first_index + n, phrases[0].sentence, tuple((a, b) for a, b in c.parts), c.kind,
                   c.marker, c.parent, c.antecedent, tuple(c.phrases)) for n, c in enumerate(clauses)]


def _speaks(c: _Open, by_index: dict[int, Phrase], speaking: frozenset[str]) -> bool:
    """"premiera, który miał powiedzieć, że …": the relative clause's own verb takes the że-clause."""
    return any(by_index[p].kind == "verb" and by_index[p].lemma in speaking for p in c.phrases)


def _antecedent(clauses: list[_Open], by_index: dict[int, Phrase], seg: list[Phrase]) -> int | None:
    """The noun phrase a relative pronoun refers to: in the chain of phrases before the comma
    ("słowa prezydenta USA Donalda Trumpa, który …"), the nearest that agrees with the pronoun in
    number and gender, else the head of the chain."""
    before = [i for c in clauses[:-1] for i in c.phrases if i < seg[0].index]
    rel = next((p for p in seg if p.kind in ("np", "pp")), None)
    for i in sorted(before, reverse=True):
        p = by_index[i]
        if p.kind not in ("np", "pp"):
            continue
        chain = [p]
        while p.attached is not None and p.kind == "np" and p.attached in by_index:
            p = by_index[p.attached]
            chain.append(p)
        for q in chain:
            if rel is not None and rel.number & q.number and rel.gender & q.gender:
                return q.index
        return chain[-1].index
    return None


def _outermost_with_verb(stack: list[int], clauses: list[_Open], by_index) -> int:
    for n in reversed(stack):
        if clauses[n].kind in ("main", "coordinate"):
            return n
    return stack[0]


def _finite(segment: list[Phrase]) -> bool:
    return any(p.kind == "verb" and p.mood in ("indicative", "conditional") for p in segment)


def _resume_target(stack: list[int], clauses: list[_Open], by_index, has_verb: bool) -> int:
    """Where a plain segment belongs: a verbless one continues the innermost clause unless an
    outer clause still lacks its verb; one with a verb resumes the nearest clause without one."""
    for n in reversed(stack):
        if not clauses[n].has_verb(by_index):
            if has_verb or n != stack[-1] and clauses[stack[-1]].kind == "relative":
                return n
    return stack[-1]


def splitter(lang):
    """Build the clauses stage."""
    words = lang.compiled("syntax-words", Words)
    speaking = frozenset(r["lemma"] for r in lang.table("reporting.tsv", ("lemma", "kind", "certainty"))
                         if r["kind"] == "verb")

    def clauses(doc: Document) -> Document:
        """Group each sentence's phrases into clauses."""
        out: list[Clause] = []
        by_sentence: dict[int, list[Phrase]] = {}
        for p in doc.phrases:
            by_sentence.setdefault(p.sentence, []).append(p)
        for s in doc.sentences:
            if by_sentence.get(s.index):
                out.extend(split_sentence(by_sentence[s.index], doc.tokens, words, len(out), speaking))
        return replace(doc, clauses=tuple(out))

    return clauses
