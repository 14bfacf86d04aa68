"""Dates stage: find Polish time expressions and resolve them against the publication date.

Phrases are matched on Morfeusz lemmas ("marca" -> marzec), so every case form
works; the words come from ``lang/pl/months.tsv``, ``weekdays.tsv`` and
``time_expressions.yaml``.  The grammar (``kronika.timegrammar``) reads a phrase
into a calendar reference (``kronika.timeparse``); the tense of the nearest finite
verb in the clause picks among cycles ("w sierpniu" after a past verb is the
latest August).  The stage runs right after morphology, before disambiguation,
so it reads all of a token's readings.  Rules and conventions: docs/dates.md.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from types import MappingProxyType

from kronika.doc import Document, Features, TimeExpr, Token
from kronika.lang import Language, LexiconError
from kronika.timegrammar import Grammar
from kronika.timeparse import resolve

UNITS = frozenset({"day", "week", "weekend", "month", "quarter", "half", "year"})
PARTS = frozenset({"begin", "middle", "end"})
SHIFTS = frozenset({-1, 0, 1, "last", "next"})
ROLES = frozenset({"in", "part_in", "since", "until", "between", "and", "dash", "ago", "before", "after",
                   "night", "turn", "onto", "from", "day_noun", "year_noun", "year_abbreviation"})
# Punctuation that closes a clause for the tense search; clause-opening words come
# from function_words.tsv (subordinators, relative pronouns, coordinators).
CLAUSE_PUNCT = frozenset({",", ";", ":", "(", ")", "–", "—", "\"", "„", "”", "«", "»"})
CLAUSE_CLASSES = frozenset({"subordinator", "relative", "coordinator"})


@dataclass(frozen=True)
class FixedPhrase:
    """A fixed word sequence (lemmas or lower-cased words) and what it means."""

    words: tuple[str, ...]
    meaning: str  # day | until_now | vague
    day: int = 0


@dataclass(frozen=True)
class Lexicon:
    """Everything the date grammar knows about Polish, compiled from the data files."""

    months: MappingProxyType
    month_adjectives: MappingProxyType
    weekdays: MappingProxyType
    weekday_adjectives: MappingProxyType
    shifts: MappingProxyType  # (lemma, degree or pos or None) -> shift
    units: MappingProxyType
    parts: MappingProxyType
    seasons: MappingProxyType  # lemma -> (first month, number of months)
    counts: MappingProxyType  # lemma -> (min, max)
    ordinals: MappingProxyType
    phrases: tuple[FixedPhrase, ...]  # longest first
    abbreviations: MappingProxyType  # "ub.r." -> -1
    words: MappingProxyType  # role -> frozenset of words
    clause_words: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Reading:
    lemma: str
    pos: str
    feats: Features


@dataclass(frozen=True, slots=True)
class _Tok:
    """A token as the matchers see it: readings unpacked once, lemmas and lower-cased text as keys."""

    text: str
    low: str
    kind: str
    start: int
    end: int
    interps: tuple[_Reading, ...]
    keys: frozenset[str]

    @property
    def best(self) -> _Reading | None:
        return self.interps[0] if self.interps else None


def _view(t: Token) -> _Tok:
    readings = tuple(_Reading(i.lemma, i.pos, i.feats) for i in t.interps)
    low = t.text.lower()
    return _Tok(t.text, low, t.kind, t.start, t.end, readings, frozenset({low, *(r.lemma for r in readings)}))


class TokenViews:
    """One sentence's token views, each built on first use: most tokens are never looked at."""

    def __init__(self, tokens: list[Token]):
        self._tokens = tokens
        self._views: list[_Tok | None] = [None] * len(tokens)

    def __len__(self) -> int:
        return len(self._tokens)

    def token(self, k: int) -> Token:
        """The underlying token, for cheap tests that need no view."""
        return self._tokens[k]

    def __getitem__(self, k: int) -> _Tok:
        view = self._views[k]
        if view is None:
            view = self._views[k] = _view(self._tokens[k])
        return view


def _calendar_table(lang: Language, name: str, column: str, top: int) -> tuple[dict, dict]:
    """Lemma -> number and adjective -> number from months.tsv or weekdays.tsv, validated."""
    nouns, adjectives = {}, {}
    for row in lang.table(name, ("lemma", column, "adjective")):
        where = f"{name}:{row['_line']}: {row['lemma']!r}"
        if not row[column].isdigit() or not 1 <= int(row[column]) <= top:
            raise LexiconError(f"{where}: {column} must be a number from 1 to {top}")
        if row["lemma"] in nouns or int(row[column]) in nouns.values():
            raise LexiconError(f"{where}: duplicate lemma or {column}")
        nouns[row["lemma"]] = adjectives[row["adjective"]] = int(row[column])
    if len(nouns) != top:
        raise LexiconError(f"{name}: expected {top} rows, found {len(nouns)}")
    return nouns, adjectives


def _need(entry: dict, n: int, *keys: str) -> None:
    missing = [k for k in keys if entry.get(k) in (None, "", [])]
    if missing:
        raise LexiconError(f"time_expressions.yaml: entry {n} ({entry}): missing {missing}")


def _bad(entry: dict, n: int, reason: str) -> LexiconError:
    return LexiconError(f"time_expressions.yaml: entry {n} ({entry}): {reason}")


def _phrase(entry: dict, n: int) -> FixedPhrase:
    _need(entry, n, "words")
    words = tuple(str(w) for w in entry["words"])
    if "day" in entry and isinstance(entry["day"], int):
        return FixedPhrase(words, "day", entry["day"])
    for meaning in ("until_now", "vague"):
        if entry.get(meaning) is True:
            return FixedPhrase(words, meaning)
    raise _bad(entry, n, "a phrase needs day: N, until_now: true or vague: true")


def _read_entry(entry: dict, n: int, out: dict) -> None:
    """Validate one time_expressions.yaml entry and file it under its kind."""
    kind = entry.get("kind")
    if kind == "phrase":
        out["phrases"].append(_phrase(entry, n))
    elif kind == "word":
        _need(entry, n, "role", "words")
        if entry["role"] not in ROLES:
            raise _bad(entry, n, f"unknown role (known: {sorted(ROLES)})")
        out["words"][entry["role"]] = frozenset(str(w) for w in entry["words"])
    elif kind == "abbreviation":
        _need(entry, n, "text")
        out["abbreviations"][entry["text"]] = int(entry["year_shift"])
    elif kind in ("shift", "unit", "part", "season", "count", "ordinal"):
        _need(entry, n, "lemma")
        out[kind + "s"][_key(entry, kind)] = _value(entry, n, kind)
    else:
        raise _bad(entry, n, f"unknown kind {kind!r}")


def _key(entry: dict, kind: str):
    if kind == "shift":
        return entry["lemma"], entry.get("degree") or entry.get("pos")
    return entry["lemma"]


def _value(entry: dict, n: int, kind: str):
    """The meaning of a lemma entry, checked against what the grammar understands."""
    value = {"shift": entry.get("shift"), "unit": entry.get("unit"), "part": entry.get("part"),
             "ordinal": entry.get("value")}.get(kind)
    if kind == "season":
        _need(entry, n, "first", "months")
        return int(entry["first"]), int(entry["months"])
    if kind == "count":
        low, high = entry.get("min", entry.get("value")), entry.get("max", entry.get("value"))
        if not isinstance(low, (int, float)) or not isinstance(high, (int, float)) or low > high:
            raise _bad(entry, n, "a count needs value, or min <= max")
        return low, high
    allowed = {"shift": SHIFTS, "unit": UNITS, "part": PARTS, "ordinal": frozenset(range(1, 5))}[kind]
    if value not in allowed:
        raise _bad(entry, n, f"{kind} must be one of {sorted(map(str, allowed))}")
    return value


def compile_lexicon(lang: Language) -> Lexicon:
    """Read and validate the date vocabulary of a language."""
    months, month_adjectives = _calendar_table(lang, "months.tsv", "month", 12)
    weekdays, weekday_adjectives = _calendar_table(lang, "weekdays.tsv", "weekday", 7)
    out: dict = {k: {} for k in ("shifts", "units", "parts", "seasons", "counts", "ordinals",
                                 "abbreviations", "words")}
    out["phrases"] = []
    for n, entry in enumerate(lang.entries("time_expressions.yaml")):
        _read_entry(entry, n, out)
    missing = ROLES - set(out["words"])
    if missing:
        raise LexiconError(f"time_expressions.yaml: no word entries for role(s) {sorted(missing)}")
    clause_words = frozenset(r["lemma"] for r in lang.table("function_words.tsv", ("lemma", "class"))
                             if r["class"] in CLAUSE_CLASSES)
    frozen = {k: MappingProxyType(v) for k, v in out.items() if k != "phrases"}
    return Lexicon(MappingProxyType(months), MappingProxyType(month_adjectives),
                   MappingProxyType(weekdays), MappingProxyType(weekday_adjectives),
                   phrases=tuple(sorted(out["phrases"], key=lambda p: -len(p.words))),
                   clause_words=clause_words, **frozen)


_TENSE_ORDER = ("past", "future", "present")


def _reading_tense(pos: str, aspect: frozenset[str]) -> str | None:
    if pos in ("praet", "imps"):
        return "past"
    if pos == "bedzie":
        return "future"
    if pos == "fin":
        return "future" if "perf" in aspect else "present"
    return None


def verb_tense(token: Token) -> str | None:
    """The tense of a finite verb form, None for anything else.

    praet and impersonal -no/-to forms are past; ``będzie`` and a perfective
    present form are future; an imperfective present form is present.  This runs
    before disambiguation, so a form that is also a noun ("lata", "zima") is not
    taken for a verb, and among a form's verb readings the past wins ("wydali" is
    far more often wydać:praet than wydalić:fin).
    """
    if any(i.pos == "subst" for i in token.interps) and (token.best is None or token.best.pos == "subst"):
        return None
    tenses = {_reading_tense(i.pos, i.feats.aspect) for i in token.interps}
    return next((t for t in _TENSE_ORDER if t in tenses), None)


def _is_boundary(token: Token, lexicon: Lexicon) -> bool:
    return token.text in CLAUSE_PUNCT or any(i.lemma in lexicon.clause_words for i in token.interps)


def clause_tense(tokens: list[Token], first: int, end: int, lexicon: Lexicon,
                 skip: frozenset[int] = frozenset()) -> str | None:
    """The tense of the finite verb nearest to tokens[first:end], looked for in its clause first.

    The clause runs to the nearest clause-closing punctuation or clause-opening word
    on each side; without a verb there, the whole sentence is searched.  Ties go to
    the verb on the left (Polish puts the verb before its adverbials more often).
    """
    lo, hi = first, end
    while lo > 0 and not _is_boundary(tokens[lo - 1], lexicon):
        lo -= 1
    while hi < len(tokens) and not _is_boundary(tokens[hi], lexicon):
        hi += 1
    for a, b in ((lo, hi), (0, len(tokens))):
        found = [(first - k if k < first else k - end + 1, k >= end, verb_tense(tokens[k]))
                 for k in range(a, b) if k not in skip and not first <= k < end]
        found = [f for f in found if f[2]]
        if found:
            return min(found)[2]
    return None


def find(tokens: list[Token], text: str, published: dt.date | None, grammar: Grammar,
         sentence: int = -1) -> list[TimeExpr]:
    """Time expressions of one sentence's tokens, each resolved (or left unresolved)."""
    matches = grammar.scan(TokenViews(tokens))
    inside = frozenset(k for a, b, _ in matches for k in range(a, b))
    out = []
    for a, b, ref in matches:
        tense = clause_tense(tokens, a, b, grammar.lex, inside)
        found = resolve(ref, published, tense)
        start, end = tokens[a].start, tokens[b - 1].end
        expr = TimeExpr(start, end, text[start:end], sentence)
        if found is not None:
            expr = replace(expr, date_start=found.start, date_end=found.end, precision=found.precision)
        out.append(expr)
    return out


def finder(lang: Language):
    """Build the dates stage for a language (its vocabulary is compiled once per Language)."""
    grammar = Grammar(lang.compiled("dates", compile_lexicon))

    def dates(doc: Document) -> Document:
        """Find time expressions in every sentence and resolve them against ``doc.published``."""
        times = []
        for s in doc.sentences:
            tokens = list(doc.sentence_tokens(s.index))
            times.extend(find(tokens, doc.text, doc.published, grammar, s.index))
        return replace(doc, times=tuple(times))

    return dates
