"""Names: guessing base forms of words Morfeusz does not know, and base forms of whole mentions.

"Zełenskiego" is unknown to Morfeusz; its base form is guessed from case endings
listed in ``name_endings.tsv``.  A mention's base form is its head put in the
nominative (keeping its number), with agreeing adjectives following it
("rosyjskiej armii" → "rosyjska armia"); dependents stay as written
("Ministerstwa Spraw Zagranicznych" → "Ministerstwo Spraw Zagranicznych").
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
              cases: frozenset[str] = frozenset()) -> str:
    """The dictionary form of a multiword mention whose head is ``tokens[head]``."""
    if not tokens:
        return ""
    hr = tokens[head].best
    if hr is None or "nom" in (cases or hr.feats.case or frozenset({"nom"})):
        return _join(tokens)
    number = next(iter(sorted(hr.feats.number)), "sg")
    gender = next(iter(sorted(hr.feats.gender)), None)
    out = []
    for k, t in enumerate(tokens):
        agrees = k == head or _agrees_with_head(t, tokens[head], k < head or _all_adj(tokens, head, k))
        out.append(_nominative(t, analyzer, guesser, number, gender, cases) if agrees else t.text)
    return _glue(tokens, out)


def _all_adj(tokens: list[Token], head: int, k: int) -> bool:
    return all(t.best and t.best.pos in ADJECTIVAL for t in tokens[head + 1:k + 1])


def _agrees_with_head(t: Token, head: Token, near: bool) -> bool:
    r = t.best
    if r is None or not near or r.pos not in ADJECTIVAL:
        return False
    return bool(agreement([t, head]))


def _nominative(t: Token, analyzer, guesser: Guesser, number: str, gender: str | None, cases) -> str:
    r = t.best
    if r is None or r.pos == "ign":
        return guesser.base(t.text, cases)
    if r.pos in ADJECTIVAL:
        want = {"case": "nom", "number": number}
        if gender:
            want["gender"] = gender
        form = analyzer.inflect(r.lemma, want)
    elif r.pos in NOMINAL:
        form = analyzer.inflect(r.lemma, {"case": "nom", "number": number}) or r.lemma
    else:
        form = None
    return _match_case(t.text, form) if form else t.text


def _join(tokens: list[Token]) -> str:
    return _glue(tokens, [t.text for t in tokens])


def _glue(tokens: list[Token], words: list[str]) -> str:
    """Join words keeping the original spacing between tokens (none before a closing quote, etc.)."""
    out = words[0]
    for prev, t, w in zip(tokens, tokens[1:], words[1:], strict=False):
        out += (" " if t.start > prev.end else "") + w
    return out
