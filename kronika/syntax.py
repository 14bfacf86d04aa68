"""Syntax stage: agreement-based disambiguation and shallow chunking into phrases.

No Polish tagger installs offline, so structure comes from Morfeusz readings and
agreement, as in IPI PAN's Spejd: adjectives agree with their noun in number,
case and gender; a preposition fixes the case of the noun phrase after it; a
verb group gathers negation, auxiliaries (passive ``zostać``/``być`` + participle,
future ``będzie``), modals with their infinitive and ``się``.  The stage narrows
each token's readings to those that fit and records the phrases it found.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import product

from kronika.doc import Interp, Token, features

NOUN_POS = frozenset({"subst", "depr", "ger", "ppron12", "ppron3", "siebie"})
ADJ_POS = frozenset({"adj", "pact", "ppas", "adjc"})
NUM_POS = frozenset({"num", "numcol"})
FINITE_POS = frozenset({"fin", "praet", "impt", "imps", "bedzie", "winien", "pred"})
VERB_POS = FINITE_POS | frozenset({"inf", "pcon", "pant", "aglt"})
NAME_LABELS = frozenset({"imię", "nazwisko", "nazwa_geograficzna", "nazwa_organizacji", "nazwa_własna_budowli"})
# Prepositions that, before a number, approximate it rather than head a phrase.
APPROXIMATORS = frozenset({"około", "ok.", "ponad", "blisko", "przeszło", "niespełna", "prawie"})


def _pos(token: Token) -> frozenset[str]:
    return _pos_sets(token.interps)[0]


def _common_pos(token: Token) -> frozenset[str]:
    """At a sentence start a capital says nothing: judge by the common-word readings if any
    ("Wiele" is the numeral, not a surname), else by all."""
    return _pos_sets(token.interps)[1]


# Caches keyed by the identity of a readings tuple.  Every token of a form shares one tuple (the
# morphology stage's), so a tuple recurs all the time; keyed by the tuple itself, every lookup
# would hash each of its Interps, which costs more than most answers.  An entry holds its tuple,
# so the id is not reused while the entry lives; at the limit a cache starts again.
IDENTITY_CACHE_LIMIT = 200_000
_pos_sets_cache: dict[int, tuple[tuple[Interp, ...], tuple[frozenset[str], frozenset[str]]]] = {}
_triples_cache: dict[int, tuple[tuple[Interp, ...], frozenset[Triple]]] = {}
_preferred: dict[tuple[int, frozenset[str]], tuple[tuple[Interp, ...], tuple[Interp, ...] | None]] = {}


def forget() -> None:
    """Empty the readings caches.  A new pipeline has a morphology cache of its own, so the tuples
    of an earlier one recur no more; their entries would only keep them alive."""
    for cache in (_pos_sets_cache, _triples_cache, _preferred):
        cache.clear()


def _remember(cache: dict, key, interps: tuple[Interp, ...], value):
    if len(cache) >= IDENTITY_CACHE_LIMIT:
        cache.clear()
    cache[key] = (interps, value)
    return value


def _pos_sets(interps: tuple[Interp, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The parts of speech of all readings and of the common-word ones (all if none), cached like
    ``_readings_triples``: every token of a form has the same readings, and it is asked per token."""
    hit = _pos_sets_cache.get(id(interps))
    if hit is not None:
        return hit[1]
    every = frozenset(i.pos for i in interps)
    common = frozenset(i.pos for i in interps if i.lemma[:1].islower() and not i.labels
                       or "nazwa_pospolita" in i.labels)
    return _remember(_pos_sets_cache, id(interps), interps, (every, common or every))


def _has_name_reading(token: Token) -> bool:
    return any(set(i.labels) & NAME_LABELS for i in token.interps)


class Words:
    """Function-word and verb-class tables of a language, compiled for the syntax stages."""

    def __init__(self, lang):
        rows = lang.table("function_words.tsv", ("lemma", "class"))
        self.classes: dict[str, set[str]] = {}
        self.kind: dict[str, str] = {}
        for r in rows:
            self.classes.setdefault(r["lemma"], set()).add(r["class"])
            if r.get("kind"):
                self.kind[r["lemma"]] = r["kind"]
        verbs = lang.table("verb_classes.tsv", ("lemma", "class", "hypothetical"))
        self.verb_class = {r["lemma"]: r["class"] for r in verbs}
        self.hypothetical_modal = frozenset(r["lemma"] for r in verbs if r["hypothetical"] == "yes")
        self.deontic = frozenset(r["lemma"] for r in verbs if r.get("deontic") == "yes")

    def has(self, token: Token, cls: str) -> bool:
        """True when the token's form or one of its lemmas is listed with this class."""
        form = token.text.lower()
        if cls in self.classes.get(form, ()):
            return True
        return any(cls in self.classes.get(i.lemma, ()) for i in token.interps)


def categorize(tokens: list[Token], words: Words) -> list[str]:
    """One coarse category per token: prep, conj, comp, neg, sie, cond, verb, noun, adj, num, adv, punct, other."""
    cats = [_first_category(t, k, tokens, words) for k, t in enumerate(tokens)]
    finite = {k for k, c in enumerate(cats) if c == "verb"}
    for k, c in enumerate(cats):
        if c == "noun/verb":
            cats[k] = _noun_or_verb(tokens, cats, k, finite, words)
        elif c == "adj/noun":
            cats[k] = "adj" if _next_noun_agrees(tokens, cats, k) else "noun"
        elif c == "verb/adj":
            cats[k] = "adj" if _next_noun_agrees(tokens, cats, k) else "verb"
    return cats


def _first_category(t: Token, k: int, tokens: list[Token], words: Words) -> str:
    if t.kind in ("punct", "number", "symbol"):
        return {"punct": "punct", "number": "num", "symbol": "other"}[t.kind]
    mid_capital = k > 0 and t.is_capitalized and tokens[k - 1].text not in ("„", '"', "«", "(", "–", "—", "-")
    pos = _pos(t) if mid_capital else _common_pos(t)
    lower = t.text.lower()
    if lower == "nie" and words.has(t, "negation"):
        return "neg"
    if lower == "się":
        return "sie"
    if "conditional" in words.classes.get(lower, ()) and "qub" in pos | {"part"}:
        return "cond"
    if "comp" in pos:
        return "comp"
    if "conj" in pos and not mid_capital:
        return "conj"
    if "prep" in pos and not mid_capital:
        if lower in APPROXIMATORS and k + 1 < len(tokens) and tokens[k + 1].kind == "number":
            return "adv"
        return "prep"
    if pos == {"ign"} or (mid_capital and _has_name_reading(t)):
        return "noun"
    return _content_category(pos, mid_capital, t)


def _content_category(pos: frozenset[str], mid_capital: bool, t: Token) -> str:
    """Noun, verb, adjective or adverb, or a pair still to be decided by context."""
    nounish, verbish = bool(pos & NOUN_POS), bool(pos & VERB_POS)
    if mid_capital and nounish:
        return "noun"  # a capitalised word inside a sentence with a noun reading is a name
    if verbish and nounish:
        return "noun/verb"
    if verbish and "praet" in pos and pos & ADJ_POS:
        return "verb/adj"  # "ubiegły", "zeszły": a past plural or an adjective, by the next word
    if verbish:
        return "verb"
    if "ppas" in pos or "pact" in pos:
        return "adj/noun" if nounish else "adj"
    if pos & ADJ_POS and nounish:
        return "adj/noun"
    if nounish or "brev" in pos and t.is_capitalized:
        return "noun"
    if pos & ADJ_POS:
        return "adj"
    if pos & NUM_POS:
        return "num"
    if "adv" in pos:
        return "adv"
    if pos & {"part", "qub"}:  # "już", "też", "jeszcze": a particle stays inside a verb group
        return "qub"
    return "other"


def _noun_or_verb(tokens: list[Token], cats: list[str], k: int, finite: set[int], words: Words) -> str:
    """A token read both ways ("kraje": noun or krajać) is a noun next to a modifier or another verb,
    but an infinitive after a modal or auxiliary ("musi być wykluczona")."""
    j = k - 1
    while j >= 0 and cats[j] in ("adv", "sie", "neg", "qub"):
        j -= 1
    if j >= 0 and cats[j] == "verb" and words.verb_class.get(tokens[j].lemma) == "modal" \
            and any(i.pos == "inf" for i in tokens[k].interps):
        return "verb"
    if k + 1 < len(tokens) and any(i.pos in VERB_POS and words.verb_class.get(i.lemma) == "modal"
                                   for i in tokens[k].interps) \
            and any(i.pos == "inf" for i in tokens[k + 1].interps):
        return "verb"  # "który miał powiedzieć": a modal before an infinitive, not the noun "miał"
    if k > 0 and cats[k - 1] in ("adj", "num", "prep"):
        return "noun"
    if k + 1 < len(cats) and cats[k + 1] in ("adj", "adj/noun") and agreement([tokens[k], tokens[k + 1]]):
        return "noun"  # "kraje bałtyckie"
    lo, hi = k, k
    while lo > 0 and cats[lo - 1] not in ("punct", "comp"):
        lo -= 1
    while hi + 1 < len(cats) and cats[hi + 1] not in ("punct", "comp"):
        hi += 1
    if any(lo <= f <= hi for f in finite if f != k):
        return "noun"
    return "verb"


def _next_noun_agrees(tokens: list[Token], cats: list[str], k: int) -> bool:
    """An adjective reading is kept when a noun (or adjective chain then noun) follows and agrees."""
    j = k + 1
    while j < len(tokens) and cats[j] in ("adj", "adj/noun", "adv") and j - k < 4:
        j += 1
    if j >= len(tokens) or cats[j] not in ("noun", "noun/verb", "adj/noun"):
        return False
    return bool(agreement([tokens[k], tokens[j]]))


Triple = tuple[str, str, str]


@lru_cache(maxsize=None)
def _triples(tag: str) -> frozenset[Triple]:
    """The (number, case, gender) triples a tag allows; keyed by the tag, whose hash a string keeps."""
    f = features(tag)
    numbers = f.number or {"sg", "pl"}
    cases = f.case or {"nom", "gen", "dat", "acc", "inst", "loc", "voc"}
    genders = f.gender or {"m1", "m2", "m3", "f", "n"}
    return frozenset(product(numbers, cases, genders))


AGREEING_POS = NOUN_POS | ADJ_POS | NUM_POS | {"ign"}


def _readings_triples(interps: tuple[Interp, ...]) -> frozenset[Triple]:
    """Triples of the agreeing readings of a token (cached: the same readings recur all the time)."""
    hit = _triples_cache.get(id(interps))
    if hit is not None:
        return hit[1]
    out: set[Triple] = set()
    for i in interps:
        if i.pos in AGREEING_POS:
            out |= _triples(i.tag)
    return _remember(_triples_cache, id(interps), interps, frozenset(out))


def agreement(tokens: list[Token]) -> set[Triple]:
    """The (number, case, gender) triples every token can share; empty when they cannot agree."""
    shared: set[Triple] | None = None
    for t in tokens:
        if t.kind == "number":
            continue
        mine = _readings_triples(t.interps)
        if not mine:
            continue
        shared = mine if shared is None else shared & mine
        if not shared:
            return set()
    return shared or set()


def narrow(token: Token, triples: set[Triple]) -> Token:
    """Keep the readings of a token compatible with the triples (never all of them dropped)."""
    keep = [i for i in token.interps if i.pos == "ign" or not _triples(i.tag).isdisjoint(triples)]
    if keep and len(keep) < len(token.interps):
        return token.with_interps(tuple(keep))
    return token


def prefer(token: Token, pos: frozenset[str]) -> Token:
    """Move readings with these parts of speech to the front (the token's category decided it)."""
    interps = token.interps
    key = (id(interps), pos)
    hit = _preferred.get(key)
    order = hit[1] if hit is not None else _remember(_preferred, key, interps, _preferred_order(interps, pos))
    return token if order is None else token.with_interps(order)


def _preferred_order(interps: tuple[Interp, ...], pos: frozenset[str]) -> tuple[Interp, ...] | None:
    """The readings with these parts of speech first, or None when that changes nothing."""
    first = [i for i in interps if i.pos in pos]
    if not first or len(first) == len(interps):
        return None
    return tuple(first + [i for i in interps if i.pos not in pos])
