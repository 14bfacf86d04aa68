"""Names: guessing base forms of words Morfeusz does not know, and base forms of whole mentions.

"Zełenskiego" is unknown to Morfeusz; its base form is guessed from case endings
listed in ``name_endings.tsv``.  A mention's base form is its head put in the
nominative (keeping its number), with agreeing adjectives following it
("rosyjskiej armii" → "rosyjska armia"); dependents stay as written
("Ministerstwa Spraw Zagranicznych" → "Ministerstwo Spraw Zagranicznych").
A person's name is different: every word of it agrees, so every word goes into the
nominative ("Davida Davisa" → "David Davis", "Evą-Marią Liimets" → "Eva-Maria Liimets").
"""
from __future__ import annotations

from kronika.doc import Token
from kronika.morphology import Guesser
from kronika.syntax import agreement

ADJECTIVAL = frozenset({"adj", "ppas", "pact"})
NOMINAL = frozenset({"subst", "depr", "ger"})


def _match_case(original: str, form: str) -> str:
    if original.isupper() and len(original) > 1:
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _is_known(token: Token) -> bool:
    return bool(token.interps) and token.interps[0].pos not in ("ign", "dig", "interp")


def base_form(tokens: list[Token], head: int, analyzer, guesser: Guesser,
              cases: frozenset[str] = frozenset(), singular: bool = False) -> str:
    """The dictionary form of a multiword mention whose head is ``tokens[head]``; ``singular``: a
    name, in the singular when its head can be ("Partii Zielonych" → "Partia Zielonych")."""
    if not tokens:
        return ""
    hr = tokens[head].best
    if singular and hr is not None:  # every reading, also those the context ruled out
        hr = next((i for i in analyzer.analyse(tokens[head].text) if "sg" in i.feats.number and
                   i.pos in NOMINAL and (not cases or i.feats.case & cases)), hr)
        cases = (cases & hr.feats.case) or cases
    if hr is None or "nom" in (cases or hr.feats.case or frozenset({"nom"})):
        return _join(tokens)
    number = "sg" if "sg" in hr.feats.number or not hr.feats.number else "pl"
    gender = next(iter(sorted(hr.feats.gender)), None)
    out = []
    for k, t in enumerate(tokens):
        agrees = k == head or _agrees_with_head(t, tokens[head], k < head or _all_adj(tokens, head, k))
        reading = hr if k == head else t.best
        if k < head and not agrees:  # "Niemieckiego Instytutu": "niemiecki" read first as the language
            reading = next((i for i in t.interps if i.pos in ADJECTIVAL and i.feats.case & hr.feats.case), None)
            agrees = reading is not None
            reading = reading or t.best
        out.append(_nominative(t, reading, analyzer, guesser, number, gender, cases) if agrees else t.text)
    return glue(tokens, out)


def _all_adj(tokens: list[Token], head: int, k: int) -> bool:
    return all(t.best and t.best.pos in ADJECTIVAL for t in tokens[head + 1:k + 1])


def _agrees_with_head(t: Token, head: Token, near: bool) -> bool:
    r = t.best
    if r is not None and near and r.pos == "num":  # "obu krajów" → "oba kraje"
        return True
    if r is None or not near or r.pos not in ADJECTIVAL:
        return False
    return bool(agreement([t, head]))


def _nominative(t: Token, r, analyzer, guesser: Guesser, number: str, gender: str | None, cases) -> str:
    if r is None or r.pos == "ign":
        return guesser.base(t.text, cases)
    if r.pos in ADJECTIVAL or r.pos == "num":
        want = {"case": "nom", "number": number}
        if gender:
            want["gender"] = gender
        form = analyzer.inflect(r.lemma, want)
    elif r.pos in NOMINAL:
        # the gender too: "Polak" is also an indeclinable feminine surname, "Polaków" → "Polacy"
        want = {"case": "nom", "number": number}
        if len(r.feats.gender) == 1:
            want["gender"] = next(iter(r.feats.gender))
        form = analyzer.inflect(r.lemma, want) or analyzer.inflect(r.lemma, {"case": "nom", "number": number}) \
            or r.lemma
    else:
        form = None
    return _match_case(t.text, form) if form else t.text


def _join(tokens: list[Token]) -> str:
    return glue(tokens, [t.text for t in tokens])


def glue(tokens: list[Token], words: list[str]) -> str:
    """Join words keeping the original spacing between tokens (none before a closing quote, etc.)."""
    out = words[0]
    for prev, t, w in zip(tokens, tokens[1:], words[1:], strict=False):
        out += (" " if t.start > prev.end else "") + w
    return out


PERSON_LABELS = frozenset({"imię", "nazwisko"})
APOSTROPHES = ("'", "’")


def person_base(tokens: list[Token], analyzer, guesser: Guesser, cases: frozenset[str] = frozenset(),
                known: dict[str, str] | None = None) -> str:
    """The nominative of a person's name, word by word: a word Morfeusz knows as a name gives its
    lemma, a word of a name seen before in the document (``known``: lowercased -> base) that name's
    word, an unknown word the base its ending allows that Morfeusz knows as a name ("Philipa" →
    "Philip", but "Sandra" stays), else the guess from its ending."""
    cases = _name_cases(tokens, cases)
    words = [_person_word(t.text, t, Names(analyzer, guesser, known or {}), cases) for t in tokens]
    return glue(tokens, words)


class Names:
    """What ``_person_word`` consults: Morfeusz, the ending guesser, the names seen before."""

    def __init__(self, analyzer, guesser: Guesser, known: dict[str, str]):
        self.analyzer, self.guesser, self.known = analyzer, guesser, known

    def is_first_name(self, word: str) -> bool:
        return any(i.lemma == word and "imię" in i.labels for i in self.analyzer.analyse(word))


def _apostrophe_ending(text: str) -> str | None:
    """The word before a case ending written after an apostrophe ("Farage'a" → "Farage")."""
    for ap in APOSTROPHES:
        head, _, tail = text.rpartition(ap)
        if head and tail.islower() and len(tail) <= 3:
            return head
    return None


def _name_cases(tokens: list[Token], cases: frozenset[str]) -> frozenset[str]:
    """The cases a name can be in: those of its phrase, narrowed by the words Morfeusz knows and
    by an ending after an apostrophe, which is never nominative ("George'a Sorosa")."""
    if any(_apostrophe_ending(t.text) for t in tokens) and cases - {"nom"}:
        cases = cases - {"nom"}
    for t in tokens:
        known = frozenset().union(*(i.feats.case for i in t.interps if i.lemma[:1].isupper()
                                    and PERSON_LABELS & set(i.labels)))
        if known and (not cases or known & cases):
            cases = (known & cases) if cases else known
    return cases


def _person_word(text: str, t: Token | None, names: Names, cases: frozenset[str]) -> str:
    """One word of a person's name in the nominative."""
    known = names.known
    if "-" in text[1:-1]:  # "Evą-Marią": each part
        return "-".join(_person_word(part, None, names, cases) for part in text.split("-"))
    if _apostrophe_ending(text):  # "Farage'a", "Jean-Claude’a": the ending after the apostrophe goes
        return _apostrophe_ending(text)
    if not text[:1].isupper() or text.endswith(".") or len(text) < 2:
        return text  # "von", initials
    lowered = text.lower()
    if lowered in known:
        return known[lowered]
    readings = t.interps if t is not None and t.text == text else ()
    for i in readings:
        if i.lemma[:1].isupper() and PERSON_LABELS & set(i.labels) and (not cases or i.feats.case & cases):
            return i.lemma
    for cut in (1, 2, 3):
        if lowered[:-cut] in known and len(lowered) - cut >= 3:
            return known[lowered[:-cut]]
    if readings and any(i.pos not in ("ign",) and "guess" not in i.labels for i in readings):
        return text  # a word Morfeusz knows, but not as a name: leave it
    for cand in names.guesser.candidates(text)[1:]:
        if names.is_first_name(cand):
            return cand
    return names.guesser.base(text, cases)
