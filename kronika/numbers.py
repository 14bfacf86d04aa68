"""Numbers stage: counts, money and percentages, with value, approximation, counted noun and unit.

Digits ("3 000", "3.000", "1,5 mln"), number words in any case (read through Morfeusz
lemmas: "trzech tysięcy" -> 3000) and vague numerals ("kilkaset", "setki") become
``Quantity`` objects.  Language knowledge lives in four data files of the language
package: ``numerals.tsv``, ``quantifiers.tsv``, ``currencies.tsv`` and ``units.tsv``;
the conventions for vague words and hedges are stated there and in docs/numbers.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kronika.doc import Document, Quantity, Token
from kronika.lang import LexiconError

NUMERAL_KINDS = frozenset({"cardinal", "multiplier", "fraction", "vague", "vague_plural", "compound"})
EFFECTS = {"approximate": {"before", "after"}, "range": {"between"}, "percent": {"after"},
           "label": {"before"}, "date": {"after"}, "year": {"before"}}
NOUN_POS = frozenset({"subst", "depr"})
# A token that can be one of these is a function word, never a counted noun ("z 5 do 10": "do").
FUNCTION_POS = frozenset({"prep", "conj", "comp", "qub", "interp"})
MODIFIER_POS = frozenset({"adj", "ppas", "pact"})
# How far past the number the counted noun may be: "11 000 swoich dobrze wyszkolonych żołnierzy".
HEAD_WINDOW = 4
PLURAL, SINGULAR, ANY_NUMBER = frozenset({"pl"}), frozenset({"sg"}), frozenset({"sg", "pl"})
# The case of the counted noun: after "tysiąc", "setki" (nouns) always genitive; after "pięć" and up
# genitive where the phrase is nominative ("pięciu żołnierzy"), agreeing elsewhere ("pięciu żołnierzom");
# only 1 and 2-4 take a nominative noun ("dwa czołgi").
GENITIVE, NOT_NOMINATIVE = frozenset({"gen"}), frozenset({"gen", "dat", "inst", "loc"})
_SPACES = re.compile(r"[ \u00a0\u202f]")


@dataclass(frozen=True)
class Numeral:
    """A number word's value and how it combines (see numerals.tsv)."""
    value: float
    kind: str
    dotted: bool = False  # an abbreviation that takes a dot: "tys."


@dataclass(frozen=True)
class Context:
    """A phrase next to a number that changes how the number is read (see quantifiers.tsv)."""
    words: tuple[str, ...]
    position: str
    effect: str
    opener: tuple[str, ...] = ()


@dataclass(frozen=True)
class Currency:
    """A currency phrase, its ISO code, and whether it may stand before the number."""
    words: tuple[str, ...]
    code: str
    before: bool


@dataclass(frozen=True)
class Lexicon:
    """Everything the numbers stage reads from the language package, compiled once."""
    numerals: dict[str, Numeral]
    contexts: tuple[Context, ...]
    currencies: tuple[Currency, ...]
    units: dict[tuple[str, ...], str]


@dataclass(frozen=True)
class Group:
    """A run of tokens that spells one number: tokens [first, end), its value and flags."""
    first: int
    end: int
    value: float
    approximate: bool = False
    multiplied: bool = False
    want: frozenset = PLURAL  # the grammatical number of the counted noun
    cases: frozenset | None = None  # the cases it may take; None: any
    single_word_one: bool = False
    year_like: bool = False
    scale: float = 1.0  # the multiplier that ends it ("30 tys." -> 1000)
    needs_head: bool = False  # "setki" alone is a rank or a race, "setki cywilów" a number


def _words(phrase: str) -> tuple[str, ...]:
    """A data phrase as lowercase words; "ok." keeps its dot (see ``_match``)."""
    return tuple(phrase.lower().split())


# Each data file's columns, with the pattern every cell must match and what that pattern means.
_SHAPES = {
    "numerals.tsv": {"word": (r"\S+", "one word"), "value": (r"\d+(\.\d+)?", "a number"),
                     "kind": ("|".join(NUMERAL_KINDS), f"one of {sorted(NUMERAL_KINDS)}")},
    "quantifiers.tsv": {"phrase": (r".+", "a phrase"), "position": (r"before|after|between", "a position"),
                        "effect": ("|".join(EFFECTS), f"one of {sorted(EFFECTS)}")},
    "currencies.tsv": {"phrase": (r".+", "a phrase"), "code": (r"[A-Z]{3}", "an ISO 4217 code"),
                       "before": (r"yes|no", "yes or no")},
    "units.tsv": {"lemma": (r".+", "a lemma"), "unit": (r"[a-z_]+", "lowercase letters and _")},
}


def _rows(lang, name: str):
    """The rows of a data file, each checked against its shape; an entry may not repeat."""
    seen: set[tuple] = set()
    for row in lang.table(name, tuple(_SHAPES[name])):
        where = f"{name}:{row['_line']}"
        for column, (pattern, meaning) in _SHAPES[name].items():
            if not re.fullmatch(pattern, row[column]):
                raise LexiconError(f"{where}: {column} {row[column]!r} is not {meaning}")
        first = next(iter(_SHAPES[name]))
        key = (row[first].lower().rstrip("."), row.get("position"), row.get("effect"))
        if key in seen:
            raise LexiconError(f"{where}: {row[first]!r} is listed twice")
        seen.add(key)
        yield where, row


def _numerals(lang) -> dict[str, Numeral]:
    return {row["word"].lower().rstrip("."): Numeral(float(row["value"]), row["kind"], row["word"].endswith("."))
            for _, row in _rows(lang, "numerals.tsv")}


def _contexts(lang) -> tuple[Context, ...]:
    out = []
    for where, row in _rows(lang, "quantifiers.tsv"):
        if row["position"] not in EFFECTS[row["effect"]]:
            raise LexiconError(f"{where}: effect {row['effect']} stands only {sorted(EFFECTS[row['effect']])}")
        out.append(Context(_words(row["phrase"]), row["position"], row["effect"], _words(row.get("with", ""))))
    return tuple(sorted(out, key=lambda c: -len(c.words)))


def _currencies(lang) -> tuple[Currency, ...]:
    out = [Currency(_words(r["phrase"]), r["code"], r["before"] == "yes") for _, r in _rows(lang, "currencies.tsv")]
    return tuple(sorted(out, key=lambda c: -len(c.words)))


def _units(lang) -> dict[tuple[str, ...], str]:
    return {tuple(row["lemma"].split()): row["unit"] for _, row in _rows(lang, "units.tsv")}


def lexicon(lang) -> Lexicon:
    """The numbers lexicon of a language, validated and compiled once per Language."""
    return lang.compiled("numbers", lambda lg: Lexicon(_numerals(lg), _contexts(lg), _currencies(lg), _units(lg)))


def _is(token: Token, word: str) -> bool:
    """Whether a token is a data word: by written form, or by any of its lemmas."""
    return token.text.lower() == word or any(i.lemma.lower() == word for i in token.interps)


def _word_at(tokens, k: int, hi: int, word: str) -> int | None:
    """The index after ``word`` at token k.  A data word's final dot is optional and may be its
    own token: "ok." matches "ok.", "ok" + "." and "ok" (the tokenizer keeps known abbreviations whole)."""
    if k >= hi:
        return None
    t = tokens[k]
    if _is(t, word):
        return k + 1
    if not (word.endswith(".") and len(word) > 1 and _is(t, word[:-1])):
        return None
    dot = k + 1 < hi and tokens[k + 1].text == "." and _adjacent(t, tokens[k + 1])
    return k + 2 if dot else k + 1


def _match(tokens, start: int, hi: int, words: tuple[str, ...]) -> int | None:
    """The index after ``words`` spelled from token ``start`` (not past ``hi``), or None."""
    k: int | None = start if start >= 0 else None
    for w in words:
        k = None if k is None else _word_at(tokens, k, hi, w)
    return k


def _before(tokens, at: int, lo: int, words: tuple[str, ...]) -> int | None:
    """The first token of ``words`` spelled right before token ``at``, or None."""
    for start in range(at - len(words), max(lo, at - 2 * len(words)) - 1, -1):
        if _match(tokens, start, at, words) == at:
            return start
    return None


def _numeral_keys(t: Token) -> tuple[str, ...]:
    """What a word is looked up by in the numerals table: its form, without a final dot, its lemmas."""
    low = t.text.lower()
    return (low, low.rstrip("."), *(i.lemma.lower() for i in t.interps))


def _numeral_at(tokens, j: int, end: int, lex: Lexicon) -> tuple[Numeral, int] | None:
    """The number word at token j and the index after it (past the dot of "tys."), if any."""
    t = tokens[j]
    if t.kind != "word":
        return None
    for word in _numeral_keys(t):
        numeral = lex.numerals.get(word)
        if numeral is None or (numeral.kind == "vague_plural" and not any(
                i.lemma.lower() == word and "pl" in i.feats.number for i in t.interps)):
            continue
        dot = numeral.dotted and j + 1 < end and tokens[j + 1].text == "." and _adjacent(t, tokens[j + 1])
        return numeral, j + 2 if dot else j + 1
    return None


def _digits(tokens, j: int, end: int, lex: Lexicon) -> float | None:
    """The value of a digit token: "3 000", "3.000" (thousands dot), "1,5"; None for dates."""
    text = _SPACES.sub("", tokens[j].text)
    if re.fullmatch(r"\d+", text):
        return float(text)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        return float(text.replace(".", ""))
    if re.fullmatch(r"\d+,\d+", text):
        return float(text.replace(",", "."))
    # "1.5 mln" is an English-style decimal only before a multiplier; else "27.03" is a date.
    nxt = _numeral_at(tokens, j + 1, end, lex) if j + 1 < end else None
    if re.fullmatch(r"\d+\.\d+", text) and nxt and nxt[0].kind == "multiplier":
        return float(text)
    return None


def _plural_only(token: Token, value: float, lex: Lexicon) -> bool:
    """Whether a multiplier word is plural here ("tysiące", "milionów", not "tysiąc")."""
    readings = [i for i in token.interps if (n := lex.numerals.get(i.lemma.lower())) and n.value == value]
    return bool(readings) and all(i.feats.number == {"pl"} for i in readings)


def _fits(parts: list[tuple], numeral: Numeral) -> bool:
    """Whether a number word may continue the number spelled so far ("sto" + "dwadzieścia")."""
    if numeral.kind == "compound":
        return False
    if not parts:
        return True
    last_value, last_kind = parts[-1][0], parts[-1][1]
    multipliers = [p[0] for p in parts if p[1] == "multiplier"]
    if numeral.kind == "multiplier":
        return last_kind != "multiplier" and all(numeral.value < m for m in multipliers)
    if numeral.kind != "cardinal" or last_kind not in ("cardinal", "multiplier"):
        return False
    if last_kind == "multiplier":
        return numeral.value < last_value
    return len(str(int(numeral.value))) < len(str(int(last_value)))  # "dwadzieścia pięć", not "pięć dwa"


def _parts(tokens, i: int, end: int, lex: Lexicon) -> tuple[list[tuple], int]:
    """The pieces of the number starting at token i: (value, kind, plural) and the end index."""
    parts: list[tuple] = []
    j = i
    while j < end:
        t = tokens[j]
        if t.kind == "number":
            value = _digits(tokens, j, end, lex)
            if value is None or (parts and parts[-1][1] != "multiplier"):
                break
            parts.append((value, "digits", False))
            j += 1
            continue
        found = _numeral_at(tokens, j, end, lex)
        if found is None or not _fits(parts, found[0]):
            break
        numeral, j = found[0], found[1]
        plural = numeral.kind == "multiplier" and _plural_only(t, numeral.value, lex)
        parts.append((numeral.value, numeral.kind, plural))
    return parts, j


def _numword(token: Token, lex: Lexicon) -> Group | None:
    """ "25-tysięczny tłum" as one token: 25 000, counting a noun in any number."""
    m = re.fullmatch(r"(\d+)[-‐‑](\w+)", token.lemma)
    numeral = lex.numerals.get(m.group(2).lower()) if m else None
    if numeral is None or numeral.kind != "compound":
        return None
    return Group(token.i, token.i + 1, int(m.group(1)) * numeral.value, multiplied=True, want=ANY_NUMBER,
                 scale=numeral.value)


def _group(tokens, i: int, end: int, lex: Lexicon) -> Group | None:
    """The number spelled from token i, composed left to right ("trzy miliony dwieście tysięcy")."""
    if tokens[i].kind == "word" and tokens[i].text[:1].isdigit():
        return _numword(tokens[i], lex)
    parts, j = _parts(tokens, i, end, lex)
    if not parts or parts == [(0.5, "fraction", False)]:
        return None  # "pół" counts only before a multiplier: "pół roku" is a duration
    total = current = 0.0
    approximate = multiplied = False
    for value, kind, plural in parts:
        if kind == "multiplier":
            if current == 0:  # "tysiące ludzi": one unit, vague when plural
                current, approximate = 1.0, approximate or plural
            total, current, multiplied = total + current * value, 0.0, True
        else:
            current += value
            approximate = approximate or kind in ("vague", "vague_plural")
    value = total + current
    first = tokens[i]
    year_like = (len(parts) == 1 and first.kind == "number" and re.fullmatch(r"\d{4}", first.text) is not None
                 and 1000 <= value <= 2100)
    # "1 żołnierz", "1,5 tony", "półtora roku", but "3 000 żołnierzy", "1,5 mln ton"
    fraction = not value.is_integer() or parts[0][1] == "fraction"
    want = PLURAL if multiplied else SINGULAR if value == 1 else ANY_NUMBER if fraction else PLURAL
    nominative = not (approximate or fraction) and (value == 1 or (value % 10 in (2, 3, 4) and value % 100 // 10 != 1))
    cases = GENITIVE if multiplied or year_like or parts[-1][1] == "vague_plural" else (
        None if nominative else NOT_NOMINATIVE)
    return Group(i, j, value, approximate, multiplied, want, cases,
                 single_word_one=parts == [(1.0, "cardinal", False)],
                 year_like=year_like, scale=parts[-1][0] if parts[-1][1] == "multiplier" else 1.0,
                 needs_head=parts[-1][1] == "vague_plural")


def _context(tokens, at: int, lo: int, hi: int, lex: Lexicon, position: str, effect: str):
    """The longest context phrase of this effect ending before ``at`` or starting at it."""
    for c in lex.contexts:
        if c.position != position or c.effect != effect:
            continue
        if position == "before":
            start = _before(tokens, at, lo, c.words)
            if start is not None:
                return c, start, at
        elif (end := _match(tokens, at, hi, c.words)) is not None:
            return c, at, end
    return None


def _adjacent(a: Token, b: Token) -> bool:
    return a.end == b.start


def _extend(tokens, g: Group, lo: int, hi: int, lex: Lexicon) -> Group | None:
    """Ranges ("200–300", "od 20 do 30 tys.": the lower number) and "25-tysięczny"; None for "45-letni"."""
    link = _context(tokens, g.end, lo, hi, lex, "between", "range")
    first = _before(tokens, g.first, lo, link[0].opener) if link and link[0].opener else g.first
    if link and first is not None:
        upper = _group(tokens, link[2], hi, lex) if link[2] < hi else None
        if upper is not None:
            lower = g.value * upper.scale if g.scale == 1.0 else g.value
            return replace(upper, first=first, value=min(lower, upper.value), approximate=True,
                           year_like=g.year_like and upper.year_like, single_word_one=False)
    nxt = g.end
    if nxt + 1 < hi and tokens[nxt].text in "-‐" and _adjacent(tokens[nxt - 1], tokens[nxt]):
        word = tokens[nxt + 1]
        if word.kind == "word" and _adjacent(tokens[nxt], word):
            found = _numeral_at(tokens, nxt + 1, hi, lex)
            if found and found[0].kind == "compound":
                return replace(g, end=nxt + 2, value=g.value * found[0].value, multiplied=True,
                               year_like=False, scale=found[0].value, want=ANY_NUMBER, cases=None)
            return None  # "45-letni", "3-krotnie": an adjective or adverb, not a count
    return g


def _currency(tokens, g: Group, lo: int, hi: int, lex: Lexicon):
    """(code, head lemma, first token, end token) of the currency around a group, or None."""
    # A currency word that agrees with a noun after it is an adjective there: "trzy złote medale".
    k = g.end
    modifier = k + 1 < hi and any(_agree(m, n) for m in tokens[k].interps if m.pos in MODIFIER_POS
                                  for n in tokens[k + 1].interps if n.pos in NOUN_POS)
    for c in lex.currencies:
        end = None if modifier else _match(tokens, g.end, hi, c.words)
        if end is not None:
            # the head is the currency noun's lemma ("dolarów" -> dolar), not that of "dol." or "USD"
            names = {w for cur in lex.currencies for w in cur.words[:1]}
            head = next((i.lemma for i in tokens[g.end].interps if i.lemma in names), None)
            return c.code, head, g.first, end
        start = _before(tokens, g.first, lo, c.words) if c.before else None
        if start is not None:
            return c.code, None, start, g.end
    return None


def _agree(a, b) -> bool:
    fa, fb = a.feats, b.feats
    return bool(fa.number & fb.number) and bool(fa.case & fb.case)


def _unit(readings, after: tuple, lex: Lexicon) -> tuple[str, str | None]:
    """(lemma, unit) of a head: the reading the units table knows, else the first;
    a noun+adjective entry ("ofiara śmiertelny") wins over the noun alone."""
    known = [i.lemma for i in readings if (i.lemma,) in lex.units]
    lemma = known[0] if known else readings[0].lemma
    pairs = [lex.units[(lemma, i.lemma)] for i in after if (lemma, i.lemma) in lex.units]
    return lemma, pairs[0] if pairs else lex.units.get((lemma,))


def _head(tokens, k: int, hi: int, want: frozenset, lex: Lexicon, noun_only: bool = False,
          cases: frozenset | None = None):
    """(lemma, unit) of the counted noun at or after token k, skipping agreeing modifiers."""
    for n in range(k, min(hi, k + HEAD_WINDOW)):
        t = tokens[n]
        if any(i.pos in FUNCTION_POS for i in t.interps):
            break
        nouns = [i for i in t.interps if i.pos in NOUN_POS and i.feats.number & want
                 and (cases is None or i.feats.case & cases)]
        mods = [i for i in t.interps if i.pos in MODIFIER_POS and i.feats.number & want
                and (cases is None or i.feats.case & cases)]
        later = tokens[n + 1].interps if n + 1 < hi else ()
        if mods and any(_agree(m, x) for m in mods for x in later if x.pos in NOUN_POS | MODIFIER_POS):
            continue  # "swoich żołnierzy": a modifier of the noun that follows
        if nouns:
            return _unit(nouns, later, lex)
        if mods and not noun_only:  # "40 zabitych", "200 protestujących": the modifier is the noun
            return _unit(sorted(mods, key=lambda i: i.pos != "adj"), (), lex)
        if not any(i.pos == "adv" for i in t.interps):
            break
    return None, None


def _is_date_or_label(tokens, g: Group, lo: int, hi: int, head: str | None, lex: Lexicon) -> bool:
    """Whether the number names a day, a year, an hour or an article rather than an amount."""
    if _context(tokens, g.first, lo, hi, lex, "before", "label"):
        return True
    small = g.value.is_integer() and 1 <= g.value <= 31 and not g.multiplied
    if small and _context(tokens, g.end, lo, hi, lex, "after", "date"):
        return True
    if not g.year_like:
        return False
    # "w 2024 roku", "2022 r.", "od 2014": no plural genitive noun is counted; "marca 2025", "w latach 2014–2022"
    return head is None or _context(tokens, g.first, lo, hi, lex, "before", "year") is not None


def _is_other_number(tokens, g: Group, lo: int, hi: int, head: str | None) -> bool:
    """Ordinals ("79. dzień"), fractions and dates with "/", numbers in names ("Nord Stream 2")."""
    last, first = tokens[g.end - 1], tokens[g.first]
    nxt = tokens[g.end] if g.end < hi else None
    prev = tokens[g.first - 1] if g.first > lo else None
    if last.kind == "number" and nxt is not None and nxt.text == "." and _adjacent(last, nxt) \
            and g.end + 1 < hi and tokens[g.end + 1].kind == "word":
        return True  # the splitter kept the sentence going after the dot: an ordinal
    if (nxt is not None and nxt.text == "/" and _adjacent(last, nxt)) or (
            prev is not None and prev.text == "/" and _adjacent(prev, first)):
        return True
    glued_to_name = (prev is not None and first.kind == "number" and prev.kind == "word"
                     and prev.is_capitalized and g.first - 1 > lo)
    if glued_to_name and head is None:
        return True
    if g.needs_head and head is None:
        return True
    if g.single_word_one:  # "jeden" counts only as "jeden żołnierz", not "jeden z", "w jednym"
        return head is None or (prev is not None and any(i.pos == "prep" for i in prev.interps))
    return False


def _quantity_at(doc: Document, i: int, lo: int, hi: int, lex: Lexicon) -> tuple[Quantity | None, int] | None:
    """The quantity whose number starts at token i (None if rejected) and where to go on."""
    tokens = doc.tokens
    g = _group(tokens, i, hi, lex)
    if g is None:
        return None
    g = _extend(tokens, g, lo, hi, lex)
    if g is None:
        return None, i + 1
    start, end, kind, currency, head, unit = g.first, g.end, "count", None, None, None
    money = _currency(tokens, g, lo, hi, lex)
    percent = None if money else _context(tokens, g.end, lo, hi, lex, "after", "percent")
    if money:
        currency, head, start, end = money
        kind, unit = "money", "money"
    elif percent:
        kind, unit, end = "percent", "percent", percent[2]
        head = _head(tokens, end, hi, ANY_NUMBER, lex)[0]
    else:
        head, unit = _head(tokens, g.end, hi, g.want, lex, g.single_word_one, g.cases)
        if _is_date_or_label(tokens, g, lo, hi, head, lex) or _is_other_number(tokens, g, lo, hi, head):
            return None, g.end
    approximate = g.approximate
    hedge = _context(tokens, start, lo, hi, lex, "before", "approximate")
    if hedge:
        start, approximate = hedge[1], True
    trailer = _context(tokens, g.end, lo, hi, lex, "after", "approximate")
    if trailer and end == g.end:
        end, approximate = trailer[2], True
    a, b = tokens[start].start, tokens[end - 1].end
    return Quantity(a, b, doc.text[a:b], g.value, approximate, tokens[i].sentence,
                    kind, currency, head, unit), max(end, g.end)


def _may_start(t: Token, lex: Lexicon) -> bool:
    """Whether ``_group`` can read a number from this token: digits, a word opening with a digit
    ("25-tysięczny") or a word of the numerals table.  Most tokens are none of these, and this is
    much cheaper than trying a quantity at each."""
    if t.kind == "number":
        return True
    return t.kind == "word" and (t.text[:1].isdigit() or any(w in lex.numerals for w in _numeral_keys(t)))


def _in_time(token: Token, spans: list[tuple[int, int]]) -> bool:
    return any(a < token.end and token.start < b for a, b in spans)


def find(doc: Document, lex: Lexicon) -> tuple[Quantity, ...]:
    """Every quantity in a document, sentence by sentence, outside its time expressions."""
    spans = [(t.start, t.end) for t in doc.times]
    out: list[Quantity] = []
    for s in doc.sentences:
        i = s.first_token
        while i < s.end_token:
            if not _may_start(doc.tokens[i], lex) or _in_time(doc.tokens[i], spans):
                i += 1
                continue
            found = _quantity_at(doc, i, s.first_token, s.end_token, lex)
            if found is None:
                i += 1
                continue
            quantity, nxt = found
            if quantity is not None and not any(_in_time(t, spans) for t in doc.tokens[i:nxt]):
                out.append(quantity)
            i = max(nxt, i + 1)
    return tuple(out)


def finder(lang):
    """Build the numbers stage for a language; its data files are validated here, once."""
    lex = lexicon(lang)

    def numbers(doc: Document) -> Document:
        """Find counts, money and percentages and attach them as ``doc.quantities``."""
        return replace(doc, quantities=find(doc, lex))

    return numbers
