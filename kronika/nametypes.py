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
from kronika.syntax import agreement

FILE = "name_heads.tsv"
KINDS = ("organization", "location", "person", "none", "any")
POSITIONS = ("first", "last", "before", "alone", "inside")
LABEL_KINDS = {"imię": "person", "nazwisko": "person", "nazwa_geograficzna": "location",
               "nazwa_własna_budowli": "location", "nazwa_organizacji": "organization",
               "nazwa_firmy": "organization", "nazwa_instytucji": "organization"}
# Words after which a capital says nothing: sentence and quote openers, dashes, new lines.
OPENERS = frozenset({"„", '"', "«", "»", "“", "”", "‘", "’", "'", ",,", "(", "[", "–", "—", "-", ".", ":",
                     "!", "?", "…", "/", "|", "•", "*"})
LOCATIVE_PREPS = frozenset({"w", "we"})
NOUNS = frozenset({"subst", "depr", "ger", "brev"})
NAME_POS = frozenset({"subst", "depr", "adj", "adja", "brev"})
ADJECTIVES = frozenset({"adj", "adja", "pact", "ppas"})
# Parts of speech a word inside a run of capitalised words may have (not verbs, not function words).
RUN_POS = frozenset({"subst", "depr", "adj", "adja", "ign", "brev", "romandig", "dig"})
ROMAN = frozenset("IVXLCDM")


@dataclass(frozen=True)
class NameTypes:
    """Head words by position: lowercase word or lemma -> kind."""

    first: dict[str, str]
    last: dict[str, str]
    before: dict[str, str]
    none: frozenset[str]
    inside: dict[str, str]


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
        if kind == "any" and position != "inside":
            raise LexiconError(f"{where}: kind 'any' is only for words inside names")
        if word in tables[position]:
            raise LexiconError(f"{where}: listed twice for position {position!r}")
        tables[position][word] = kind
    return NameTypes(tables["first"], tables["last"], tables["before"], frozenset(tables["alone"]),
                     tables["inside"])


def name_types(lang) -> NameTypes:
    """The name heads of a language, read once."""
    return lang.compiled("name-types", build_name_types)


VERBAL = frozenset({"fin", "praet", "impt", "imps", "inf", "pcon", "pant", "ger", "ppas", "pact", "bedzie",
                    "winien", "pred", "aglt"})


def known(t: Token) -> bool:
    """Morfeusz knows the word (guessed readings of unknown names carry the label "guess")."""
    return any(i.pos not in ("ign",) and "guess" not in i.labels for i in t.interps)


def name_reading(t: Token) -> bool:
    """Can the word be (part of) a proper name: unknown to Morfeusz, or a noun or adjective reading
    with a name label or a capitalised lemma ("Byłaby" is a particle whatever its lemma)?"""
    if not known(t):
        return True
    return any(i.pos in NAME_POS and (i.lemma[:1].isupper() or any(lb in LABEL_KINDS for lb in i.labels))
               for i in t.interps)


def _common_only(t: Token) -> bool:
    """No reading can be a name ("PKB": Morfeusz's lemma is capitalised, but its label is
    nazwa_pospolita, and an acronym's lemma is always capitalised)."""
    if is_acronym(t.text):
        return known(t) and not any(lb in LABEL_KINDS for i in t.interps for lb in i.labels)
    return not name_reading(t)


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


def can_start(tokens: list[Token], k: int, first: int, text: str, types: NameTypes) -> bool:
    """May a name start at token k?  Where a capital is no evidence, only a word Morfeusz knows
    as nothing but a name (or does not know at all) starts one, or a word that can be a name or a
    name's head noun when capitalised words follow ("Nick Clegg", "Urząd Ochrony Rzek")."""
    t = tokens[k]
    if not t.is_capitalized or t.kind != "word" or is_roman(t.text):
        return False
    if after_opener(tokens, k, first, text):
        if only_names(t):
            return True
        if not (name_reading(t) or keys(t) & types.first.keys()):
            return False
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        return nxt is not None and nxt.start - t.end == 1 and name_continues(tokens, text, k + 1)
    return True


def only_names(t: Token) -> bool:
    """Is every reading of the word a name (or is it unknown)?  Where a capital is no evidence,
    only such a word is taken for a name ("Mają" is also a verb, "Od" a preposition)."""
    return not known(t) or all(i.pos in NAME_POS and (i.lemma[:1].isupper() or
                                                       any(lb in LABEL_KINDS for lb in i.labels))
                                for i in t.interps if i.pos != "ign")


def no_name(tokens: list[Token], types: NameTypes, opener: bool = False) -> bool:
    """Capitalised words that are no name: a lone common word that heads no name ("Pana",
    "Jest") or opens a sentence (``opener``), an acronym of a common noun ("PKB" is a
    nazwa_pospolita to Morfeusz; "CEO"), a single letter."""
    if len(tokens) != 1:
        return False
    t = tokens[0]
    if opener and not only_names(t):
        return True  # "Rząd Polski …" at a sentence start: "Polski" was taken, "Rząd" is a common word
    if keys(t) & types.none or len(t.text.rstrip(".")) < 2:
        return True
    if not _common_only(t):
        return False
    if is_acronym(t.text):
        return True
    return not (keys(t) & types.first.keys()) or not any(i.pos in NOUNS for i in t.interps)


def _labels(t: Token) -> set[str]:
    """The kinds Morfeusz's proper-name labels give a word (readings with a capitalised lemma, or
    an institution's acronym)."""
    return {LABEL_KINDS[lb] for i in t.interps for lb in i.labels if lb in LABEL_KINDS and
            (i.lemma[:1].isupper() or lb in ("nazwa_instytucji", "nazwa_organizacji", "nazwa_firmy"))}


def _label_kind(tokens: list[Token]) -> str | None:
    """The kind the labels give.  One word: a person's name before a place's ("Anna" is also a
    village), a place's before a company's.  Several: any person's name makes a person; all places
    a place; an organisation's name followed by other words an organisation."""
    labels = [_labels(t) for t in tokens]
    if len(tokens) == 1:
        return next((k for k in ("person", "location", "organization") if k in labels[0]), None)
    if any("person" in lb for lb in labels):
        return "person"
    if all("location" in lb for lb in labels):
        return "location"
    if "organization" in labels[0]:
        return "organization"
    return None


def name_head(tokens: list[Token]) -> Token:
    """The head of a Polish name: its first word that cannot be an adjective ("Europejski Urząd
    Nadzoru Bankowego", "Niemieckiego Instytutu": "niemiecki" is also the German language)."""
    for t, nxt in zip(tokens, tokens[1:], strict=False):
        if not any(i.pos in ADJECTIVES for i in t.interps) or not agreement([t, nxt]):
            return t  # "Skarbowi Państwa": "skarbowi" could be an adjective, but not of "Państwa"
    return tokens[-1]


def head_kind(tokens: list[Token], before: Token | None, types: NameTypes) -> str | None:
    """The kind a head word gives: the Polish head noun, a foreign last word, the word before."""
    kind = types.first.get(next(iter(sorted(keys(name_head(tokens)) & types.first.keys())), ""))
    if kind is None:  # a foreign name's head is its last word, or the word before "of"
        heads = [tokens[-1]] + [t for t, nxt in zip(tokens, tokens[1:], strict=False)
                                  if types.inside.get(nxt.text) == "any"]
        kind = next((types.last[t.text.lower()] for t in heads if t.text.lower() in types.last), None)
    if kind is None and before is not None:
        kind = next((types.before[k] for k in sorted(keys(before)) if k in types.before), None)
        if kind == "organization" and len(tokens) > 1:
            kind = None  # "fundacje George'a Sorosa": his foundations; "koncern Uniper" is one word
    return kind


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
              person_words: Mapping[str, str] = MappingProxyType({}), place_first: bool = False,
              after_person_noun: bool = False) -> str:
    """The kind of an unknown name: person, organization or location (see the module docstring).
    ``place_first``: the first word is a place or actor the lexicon knows, so the whole is rather an
    organisation ("Cambridge Analytica") than a person ("Nick Clegg": "Nick" is only a label);
    ``after_person_noun``: a personal role noun comes right before ("prezydent Fentarski")."""
    kind = head_kind(tokens, before, types)
    if kind is not None:
        return kind
    if len(tokens) == 1:
        if is_acronym(tokens[0].text):
            return "organization"
        if after_person_noun and _cases(tokens[0]) & _cases(before):
            return "person"  # not "rzecznik Gazpromu": a possessor is in another case
        if before is not None and before.text.lower() in LOCATIVE_PREPS:
            return "location"  # "w Greifswaldzie"; people are rarely "in" anyone
    if any(repeats(t, person_words) for t in tokens):
        return "person"
    kind = _label_kind(tokens)
    if len(tokens) > 1 and kind in (None, "person") and any(_common_only(t) for t in tokens) and \
            not any("imię" in i.labels for t in tokens for i in t.interps):
        return "organization"  # a person's name has no common words ("Europejski Filar Praw Socjalnych")
    if kind is None and len(tokens) > 1 and place_first:
        return "organization"
    return kind or ("person" if len(tokens) > 1 else "organization")


def _cases(t: Token | None) -> frozenset[str]:
    """The cases a word can be in; every case for a word with none (unknown, indeclinable)."""
    found = frozenset().union(*(i.feats.case for i in t.interps)) if t is not None else frozenset()
    return found or frozenset({"nom", "gen", "dat", "acc", "inst", "loc", "voc"})


def starts_person(prev: Token, t: Token, types: NameTypes) -> bool:
    """Does a person's name start at t inside a run of capitalised words ("Partii Pracy | Roger
    Casale", "EMA | Guido Rasi", "Partii Pracy | Lord Malloch-Brown")?  A first name or a title
    after a word that is neither."""
    def opens(x: Token) -> bool:
        return any("imię" in i.labels and i.lemma[:1].isupper() for i in x.interps) or \
            types.before.get(x.text.lower()) == "person"
    return opens(t) and not opens(prev)


def after_acronym(prev: Token, t: Token, types: NameTypes) -> bool:
    """An acronym followed by an ordinary capitalised word names two things ("EMA Guido Rasi",
    "PGNiG Piotr Woźniak"), unless the word is a company suffix ("BASF SE")."""
    return is_acronym(prev.text) and not is_acronym(t.text) and t.text.lower() not in types.last


def connects(t: Token, head_kind_: str | None, types: NameTypes) -> bool:
    """May this lowercase word join two capitalised parts of one name ("London School of Economics",
    "Herbert von Karajan"; in an organisation's name also "Komisja ds. Zatrudnienia i Spraw
    Socjalnych")?"""
    kind = types.inside.get(t.text.lower())
    return kind == "any" or (kind is not None and kind == head_kind_)


def run_end(tokens: list[Token], text: str, types: NameTypes, k: int, j: int, end: int, taken) -> int:
    """Where a name started at token k (its words so far ending before j) ends: over capitalised
    words and the lowercase words that join them ("London School of Economics"), up to a person's
    name after other words ("Partii Pracy Roger Casale")."""
    head = head_kind(list(tokens[k:j]), None, types)
    while j < end and j not in taken:
        if name_continues(tokens, text, j) and not starts_person(tokens[j - 1], tokens[j], types) \
                and not after_acronym(tokens[j - 1], tokens[j], types):
            j += 1
        elif j + 1 < end and j + 1 not in taken and connects(tokens[j], head, types) and \
                tokens[j].start - tokens[j - 1].end <= 1 and name_continues(tokens, text, j + 1) and \
                not _opens_name(tokens[j + 1], types):
            j += 2
        else:
            break
    return _person_tail(tokens, k, j)


def _opens_name(t: Token, types: NameTypes) -> bool:
    """Does a word after "i" open a second name ("Urząd Nadzoru i Federalny Urząd …", "Partia Pracy
    i Partia Konserwatywna") rather than go on with the first ("… Konkurencji i Konsumentów")?"""
    return bool(keys(t) & types.first.keys()) or any(i.pos in ADJECTIVES for i in t.interps)


def _person_tail(tokens: list[Token], k: int, j: int) -> int:
    """Cut a run of known words followed by two or more words Morfeusz does not know: the unknown
    ones are a person named after an organisation ("Liberalnych Demokratów Vince Cable")."""
    unknown = [not known(t) for t in tokens[k:j]]
    cut = len(unknown)
    while cut > 0 and unknown[cut - 1]:
        cut -= 1
    tail = tokens[k + cut:j]
    if 0 < cut and len(tail) >= 2 and all(t.is_capitalized for t in tail) and \
            any(not name_reading(t) for t in tokens[k:k + cut]):
        return k + cut  # a Polish common word before: "London School of Economics" stays whole
    return j


def name_continues(tokens: list[Token], text: str, j: int) -> bool:
    """Does the name go on at token j: a capitalised word right after the last one, on the same
    line, and not a verb or a function word ("TVN24 BiS Wyjdą" stops before the verb)?"""
    t = tokens[j]
    if not t.is_capitalized or t.kind != "word" or t.start - tokens[j - 1].end > 1:
        return False
    if "\n" in text[tokens[j - 1].end:t.start]:
        return False
    return not t.interps or any(i.pos in RUN_POS or "guess" in i.labels for i in t.interps)
