"""Names the lexicon does not know: where one starts and whether it is a person, an organisation or a place.

A capitalised word inside a sentence starts a name; at a sentence start, after a
quote or on a new line (a headline, a caption) it does only when Morfeusz knows it
as nothing but a name.  A lone capitalised common word ("Pana", "Jest") is no
name, unless it heads one ("Wspólnoty", "Rady"); neither are Roman numerals nor
acronyms of common nouns ("PKB", "CEO").

The kind comes from the strongest evidence found, in this order:

1. a head word from ``name_heads.tsv``: the first word of a Polish name
   ("Ministerstwo Cyfryzacji Wolandii", "Plac Zamkowy"), the last of a foreign
   one ("Vienna Philharmonic Orchestra"), or the word before it ("koncern
   Uniper", "pan Kowalski", "miasto Lubmin");
2. Morfeusz's proper-name labels (imię, nazwisko; nazwa_geograficzna;
   nazwa_organizacji, nazwa_firmy, nazwa_instytucji);
3. the document: a word of a person's full name seen before ("Wylie" after
   "Christopher Wylie");
4. a locative preposition before a single word ("w Greifswaldzie");
5. shape: an acronym is an organisation; several unknown words a person
   ("Shahmir Sanni"), one an organisation ("Uniper").
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kronika.doc import Token
from kronika.lang import LexiconError

FILE = "name_heads.tsv"
KINDS = ("organization", "location", "person", "none")
POSITIONS = ("first", "last", "before", "alone")
LABEL_KINDS = {"imię": "person", "nazwisko": "person", "nazwa_geograficzna": "location",
               "nazwa_własna_budowli": "location", "nazwa_organizacji": "organization",
               "nazwa_firmy": "organization", "nazwa_instytucji": "organization"}
# Words after which a capital says nothing: sentence and quote openers, dashes, new lines.
OPENERS = frozenset({"„", '"', "«", "»", "“", "”", "‘", "’", "'", ",,", "(", "[", "–", "—", "-", ".", ":",
                     "!", "?", "…", "/", "|", "•", "*"})
LOCATIVE_PREPS = frozenset({"w", "we"})
NOUNS = frozenset({"subst", "depr", "ger", "brev"})
ROMAN = frozenset("IVXLCDM")


@dataclass(frozen=True)
class NameTypes:
    """Head words by position: lowercase word or lemma -> kind."""

    first: dict[str, str]
    last: dict[str, str]
    before: dict[str, str]
    none: frozenset[str]


def build_name_types(lang) -> NameTypes:
    """Read and validate ``name_heads.tsv``."""
    tables: dict[str, dict[str, str]] = {p: {} for p in POSITIONS}
    for row in lang.table(FILE, ("word", "kind", "position")):
        where = f"{FILE}:{row['_line']}: {row['word']}"
        word, kind, position = row["word"].strip().lower(), row["kind"], row["position"]
        if kind not in KINDS:
            raise LexiconError(f"{where}: kind {kind!r} is not one of {KINDS}")
        if position not in POSITIONS:
            raise LexiconError(f"{where}: position {position!r} is not one of {POSITIONS}")
        if (kind == "none") != (position == "alone"):
            raise LexiconError(f"{where}: kind 'none' goes with position 'alone', and only it")
        if word in tables[position]:
            raise LexiconError(f"{where}: listed twice for position {position!r}")
        tables[position][word] = kind
    return NameTypes(tables["first"], tables["last"], tables["before"], frozenset(tables["alone"]))


def name_types(lang) -> NameTypes:
    """The name heads of a language, read once."""
    return lang.compiled("name-types", build_name_types)


def _known(t: Token) -> bool:
    """Morfeusz knows the word (guessed readings of unknown names carry the label "guess")."""
    return any(i.pos not in ("ign",) and "guess" not in i.labels for i in t.interps)


def _common_only(t: Token) -> bool:
    """Every reading is a common word: no proper-name label, and no capitalised lemma unless the
    word is an acronym (Morfeusz lists "PKB" as a nazwa_pospolita with the lemma "PKB")."""
    acronym = is_acronym(t.text)
    return _known(t) and not any((i.lemma[:1].isupper() and not acronym) or "guess" in i.labels or
                                 any(lb in LABEL_KINDS for lb in i.labels) for i in t.interps)


def keys(t: Token) -> frozenset[str]:
    """A word's lowercase Morfeusz lemmas (not guesses) and the word itself."""
    return frozenset({i.lemma.lower() for i in t.interps if "guess" not in i.labels} | {t.text.lower()})


def is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters) and text[:1].isalpha()


def is_roman(text: str) -> bool:
    return bool(text) and set(text) <= ROMAN


def after_opener(tokens: list[Token], k: int, first: int, text: str) -> bool:
    """Is token k where any word is capitalised: a sentence start, after a quote or dash, on a new line?"""
    if k == first:
        return True
    prev = tokens[k - 1]
    return prev.text in OPENERS or "\n" in text[prev.end:tokens[k].start]


def can_start(tokens: list[Token], k: int, first: int, text: str) -> bool:
    """May a name start at token k?  Where a capital is no evidence, only a word Morfeusz knows
    as nothing but a name (or does not know at all) starts one."""
    t = tokens[k]
    if not t.is_capitalized or t.kind != "word" or is_roman(t.text):
        return False
    if after_opener(tokens, k, first, text):
        return not _known(t) or all(i.lemma[:1].isupper() or any(lb in LABEL_KINDS for lb in i.labels)
                                    for i in t.interps if i.pos != "ign")
    return True


def no_name(tokens: list[Token], types: NameTypes) -> bool:
    """Capitalised words that are no name: a lone common word that heads no name ("Pana",
    "Jest"), an acronym of a common noun ("PKB" is a nazwa_pospolita to Morfeusz; "CEO")."""
    if len(tokens) != 1:
        return False
    t = tokens[0]
    if t.text.lower() in types.none:
        return True
    if not _common_only(t):
        return False
    if is_acronym(t.text):
        return True
    return not (keys(t) & types.first.keys()) or not any(i.pos in NOUNS for i in t.interps)


def _label_kind(tokens: list[Token]) -> str | None:
    """The kind Morfeusz's proper-name labels give: a first name first, then the head word's."""
    first = tokens[0]
    if any("imię" in i.labels for i in first.interps) and len(tokens) > 1:
        return "person"
    for t in tokens:
        for i in t.interps:
            if i.lemma[:1].isupper() or "nazwa_instytucji" in i.labels or "nazwa_organizacji" in i.labels:
                for lb in i.labels:
                    if lb in LABEL_KINDS:
                        return LABEL_KINDS[lb]
    return None


def repeats(t: Token, person_words: Mapping[str, str]) -> str | None:
    """The word of a person's name this token repeats, inflected or not ("Wyliego" repeats "Wylie"
    of "Christopher Wylie"); ``person_words`` maps lowercased words to their base form."""
    text = t.text.lower()
    for lemma in [text] + [i.lemma.lower() for i in t.interps]:
        if lemma in person_words:
            return person_words[lemma]
    for cut in (1, 2, 3):
        stem = text[:-cut]
        if len(stem) >= 3 and stem in person_words:
            return person_words[stem]
    return None


def name_kind(tokens: list[Token], before: Token | None, types: NameTypes,
              person_words: Mapping[str, str] = MappingProxyType({})) -> str:
    """The kind of an unknown name: person, organization or location (see the module docstring)."""
    kind = types.first.get(next(iter(sorted(keys(tokens[0]) & types.first.keys())), ""))
    if kind is None:
        kind = types.last.get(tokens[-1].text.lower())
    if kind is None and before is not None:
        kind = next((types.before[k] for k in sorted(keys(before)) if k in types.before), None)
    if kind is None and len(tokens) == 1 and is_acronym(tokens[0].text):
        kind = "organization"
    kind = kind or _label_kind(tokens)
    if kind is None and any(repeats(t, person_words) for t in tokens):
        kind = "person"
    if kind is None and len(tokens) == 1 and before is not None and before.text.lower() in LOCATIVE_PREPS:
        kind = "location"
    return kind or ("person" if len(tokens) > 1 else "organization")
