"""The slower checks of the actor lexicon, which need Morfeusz: word coverage and conflicting forms.

The recognizer matches a form word to a text token when their Morfeusz lemma
sets (lowercased, plus the word itself) intersect, so the conflict check works
on those key sets, not on spellings: two forms conflict when they could match
the same words.
"""
from __future__ import annotations

from collections.abc import Iterable

from kronika.lexicon import Actor, Problem, form_words

LemmaKey = tuple[frozenset[str], ...]


def unknown(interps) -> bool:
    """Morfeusz has no reading at all for the word."""
    return all(i.tag == "ign" for i in interps)


def can_be_base(interps) -> bool:
    """A reading that can open a base form: nominative, or a word that does not decline."""
    return any(i.tag == "ign" or not i.feats.case or "nom" in i.feats.case for i in interps)


def needs_listing(actor: Actor, analyzer) -> list[str]:
    """The words an entry must list in ``unknown_to_morfeusz``.

    Those Morfeusz does not analyse, and a form's first word that it knows only
    as an oblique form of something else ("Togo": only the vocative of "toga").
    """
    firsts = {form_words(f)[0] for f in actor.forms if form_words(f)}
    return [w for w in actor.words()
            if unknown(analyzer.analyse(w)) or (w in firsts and not can_be_base(analyzer.analyse(w)))]


def _entry_morphology(actor: Actor, analyzer) -> Iterable[str]:
    """Reasons why one entry's words do not fit Morfeusz."""
    listed = set(actor.unknown_to_morfeusz)
    needed = needs_listing(actor, analyzer)
    for word in needed:
        if word in listed:
            continue
        if unknown(analyzer.analyse(word)):
            yield f"Morfeusz does not know {word!r}: fix it or list it in unknown_to_morfeusz"
        else:
            yield (f"{word!r} cannot be nominative, so a form starting with it is no base form "
                   f"(list it in unknown_to_morfeusz if Morfeusz misreads it)")
    for word in sorted(listed - set(needed)):
        yield f"unknown_to_morfeusz lists {word!r}, but Morfeusz knows it"
    for adj in actor.adjectives:
        interps = analyzer.analyse(adj)
        if adj not in listed and not any(i.pos == "adj" and i.lemma == adj for i in interps):
            yield f"adjective {adj!r} is not an adjective lemma in Morfeusz"
    for noun in actor.demonyms:
        interps = analyzer.analyse(noun)
        if noun not in listed and not any(i.pos == "subst" and i.lemma == noun for i in interps):
            yield f"demonym {noun!r} is not a noun lemma in Morfeusz"


def morphology_problems(actors: Iterable[Actor], analyzer) -> list[Problem]:
    """Words Morfeusz does not know (unless listed), and demonyms of the wrong part of speech."""
    return [Problem(a.file, a.id, reason) for a in actors for reason in _entry_morphology(a, analyzer)]


def _key(text: str, analyzer) -> LemmaKey:
    """Per word, what the recognizer matches tokens on: lowercased lemmas and the word itself."""
    return tuple(frozenset({i.lemma.lower() for i in analyzer.analyse(w) if i.tag != "ign"} | {w.lower()})
                 for w in form_words(text))


def _overlap(a: LemmaKey, b: LemmaKey) -> bool:
    return len(a) == len(b) and all(x & y for x, y in zip(a, b, strict=True))


def _claims(actors: Iterable[Actor], analyzer):
    """(field, group, text, key, actor) for every form, adjective and demonym.

    Roles are compared with roles only: a role noun and an actor may share a
    word ("sejm" the role, "Sejm" the Polish parliament), the longer or more
    specific match decides in the recognizer.
    """
    for a in actors:
        group = "role" if a.kind == "role" else "actor"
        for field, texts in (("form", a.forms), ("adjective", a.adjectives), ("demonym", a.demonyms)):
            for text in texts:
                key = _key(text, analyzer)
                if key:
                    yield field, group, text, key, a


def conflicts(actors: Iterable[Actor], analyzer) -> list[Problem]:
    """Forms (adjectives, demonyms) claimed by two entries, unless one marks it in ``shared_forms``."""
    buckets: dict[tuple[str, str, str], list[tuple[str, LemmaKey, Actor]]] = {}
    problems: list[Problem] = []
    reported: set[tuple[str, str, str]] = set()
    for field, group, text, key, actor in _claims(actors, analyzer):
        candidates = {(field, group, lemma) for lemma in key[0]}
        for bucket in candidates:
            for other_text, other_key, other in buckets.get(bucket, ()):
                pair = (min(actor.id, other.id), max(actor.id, other.id), text)
                if other.id == actor.id or pair in reported or not _overlap(key, other_key):
                    continue
                if text in actor.shared_forms or other_text in other.shared_forms:
                    continue
                reported.add(pair)
                same = (actor.country, actor.sector) == (other.country, other.sector)
                why = ("also claimed by" if same else "conflicts with")
                problems.append(Problem(actor.file, actor.id,
                                        f"{field} {text!r} {why} {other.id} ({other.file}: {other_text!r}, "
                                        f"{other.country}/{other.sector}); mark it in shared_forms "
                                        f"if intended"))
        for bucket in candidates:
            buckets.setdefault(bucket, []).append((text, key, actor))
    return problems
