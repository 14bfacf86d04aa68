"""The grammar of Polish time expressions: token patterns read into calendar references.

Each matcher takes a sentence's tokens and a position and returns ``(end, ref)``
or None; ``Grammar.scan`` keeps the longest match at each position.  A bare month
or weekday counts only after a preposition ("w marcu", "od poniedziałku") or with
a day or year ("27 marca", "marca 2024 r."), so "Maja" the name is not May.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from kronika.doc import Token
from kronika.timeparse import (Date, Months, Open, Part, Relative, Rolling, Since, Span, Weekday, Year,
                               complete_range)

_NUMERIC_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})$")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
Match = tuple[int, object] | None
Toks = Sequence[Any]  # a sentence's token views (dates.TokenViews)
# Roles whose word may open an expression ("w marcu", "od wczoraj", "przed rokiem").
_OPENING_ROLES = ("in", "part_in", "since", "until", "between", "before", "after")


def _low(t) -> str:
    return t.low


def _int(t) -> int | None:
    return int(t.text) if t.kind == "number" and t.text.isdigit() else None


def _may_open(t: Token, words: frozenset[str]) -> bool:
    """A cheap test on the raw token before any matcher runs (and before its view is built): a
    number, a Roman numeral, or a word whose form or lemma is one of ``words``."""
    return (t.kind == "number" or t.text in _ROMAN or t.text.lower() in words
            or any(i.lemma in words for i in t.interps))


def _longest(*matches: Match) -> Match:
    found = [m for m in matches if m]
    return max(found, key=lambda m: m[0]) if found else None


class Grammar:
    """Matchers over one sentence's tokens, built on a compiled ``dates.Lexicon``."""

    def __init__(self, lexicon):
        self.lex = lexicon
        phrases: dict[str, list] = {}
        for p in lexicon.phrases:  # longest first within each first word, as in the lexicon
            phrases.setdefault(p.words[0], []).append(p)
        self._phrases = {w: tuple(ps) for w, ps in phrases.items()}
        points = [lexicon.months, lexicon.month_adjectives, lexicon.weekdays, lexicon.weekday_adjectives,
                  lexicon.units, lexicon.parts, lexicon.seasons, lexicon.counts, lexicon.ordinals,
                  {k[0] for k in lexicon.shifts}, self._phrases]
        # Words that may open an expression, and those the matchers of ``point`` start from.
        self._openers = frozenset(w for table in (*points, *(lexicon.words[r] for r in _OPENING_ROLES))
                                  for w in table)
        self._point_openers = frozenset(w for table in (*points, lexicon.words["year_noun"]) for w in table)

    # -- token tests -------------------------------------------------------

    def _is(self, toks: Toks, k: int, role: str) -> bool:
        if k >= len(toks):
            return False
        words = self.lex.words[role]
        return _low(toks[k]) in words or any(i.lemma in words for i in toks[k].interps if i.pos == "prep")

    def _lemma(self, toks: Toks, k: int, table, pos=("subst",), number: str | None = None):
        """The table value of the first reading of tokens[k] with a lemma in ``table``."""
        if k >= len(toks):
            return None
        for i in toks[k].interps:
            if i.lemma in table and (pos is None or i.pos in pos) and (number is None or number in i.feats.number):
                return table[i.lemma]
        return None

    def _noun(self, toks: Toks, k: int, role: str, number: str | None = None) -> bool:
        """Whether tokens[k] is a noun whose lemma is one of a role's words ("roku", "nocy")."""
        return k < len(toks) and any(i.lemma in self.lex.words[role] and i.pos == "subst"
                                     and (number is None or number in i.feats.number) for i in toks[k].interps)

    def _shift(self, toks: Toks, k: int, noun: int | None = None):
        """The shift an adjective gives (zeszły -1, ten 0, ostatni 'last'…), agreeing with tokens[noun]."""
        if k >= len(toks):
            return None
        cases = {c for i in toks[noun].interps for c in i.feats.case} if noun is not None else None
        for i in toks[k].interps:
            for key in ((i.lemma, None), (i.lemma, i.pos), *((i.lemma, d) for d in i.feats.degree)):
                if key in self.lex.shifts and (cases is None or cases & i.feats.case):
                    return self.lex.shifts[key]
        return None

    def _day(self, toks: Toks, k: int) -> int | None:
        n = _int(toks[k]) if k < len(toks) else None
        return n if n is not None and 1 <= n <= 31 and len(toks[k].text) <= 2 else None

    def _year_mark(self, toks: Toks, k: int) -> int:
        """The position after "roku"/"r." at tokens[k], or k when there is none."""
        if self._noun(toks, k, "year_noun", "sg"):
            return k + 1
        if k < len(toks) and _low(toks[k]).rstrip(".") in self.lex.words["year_abbreviation"]:
            dot = (not toks[k].text.endswith(".") and k + 1 < len(toks) and toks[k + 1].text == "."
                   and toks[k + 1].start == toks[k].end)  # the tokenizer may or may not keep "r." whole
            return k + 2 if dot else k + 1
        return k

    def _abbreviation(self, toks: Toks, k: int) -> tuple[int, int] | None:
        """A year abbreviation ("br.", "ub. r.") at tokens[k]: (end, year shift)."""
        text = ""
        for j in range(k, min(k + 4, len(toks))):
            text += "".join(toks[j].text.split())  # "ub. r." and "ub.r." alike
            if text in self.lex.abbreviations:
                return j + 1, self.lex.abbreviations[text]
        return None

    def _year_spec(self, toks: Toks, k: int) -> tuple[int, dict] | None:
        """A year after a month or season: "2024 r.", "ubiegłego roku", "br." -> (end, fields)."""
        n = _int(toks[k]) if k < len(toks) else None
        if n is not None and 1000 <= n <= 2199 and len(toks[k].text) == 4:
            return self._year_mark(toks, k + 1), {"year": n}
        shift = self._shift(toks, k, k + 1) if k + 1 < len(toks) else None
        if isinstance(shift, int) and self._year_mark(toks, k + 1) == k + 2:
            return k + 2, {"year_shift": shift}
        found = self._abbreviation(toks, k)
        return (found[0], {"year_shift": found[1]}) if found else None

    # -- points: one period ------------------------------------------------

    def point(self, toks: Toks, i: int, bare: bool) -> Match:
        """One period at tokens[i]; ``bare`` when a preposition before it makes a bare name a date."""
        if i >= len(toks) or not _may_open(toks.token(i), self._point_openers):
            return None  # most words after a preposition: none of the matchers below can start there
        return _longest(self.phrase(toks, i), self.numeric(toks, i), self.day_month(toks, i),
                        self.month(toks, i, bare), self.year(toks, i, bare), self.year_range(toks, i),
                        self.relative(toks, i), self.weekday(toks, i, bare), self.ordinal(toks, i, bare),
                        self.season(toks, i, bare), self.ago(toks, i), self.part(toks, i, bare))

    def phrase(self, toks: Toks, i: int) -> Match:
        candidates = [p for w in toks[i].keys for p in self._phrases.get(w, ())] if i < len(toks) else []
        for p in sorted(candidates, key=lambda p: -len(p.words)):
            if all(i + n < len(toks) and w in toks[i + n].keys for n, w in enumerate(p.words)):
                ref = Relative("day", p.day) if p.meaning == "day" else Open(p.meaning)
                return i + len(p.words), ref
        return None

    def numeric(self, toks: Toks, i: int) -> Match:
        """27.03.2025 and 2025-03-27."""
        m = _NUMERIC_DATE.match(toks[i].text) if toks[i].kind == "number" else None
        if m:
            return self._year_mark(toks, i + 1), Date(int(m[1]), int(m[2]), int(m[3]))
        m = _ISO_DATE.match(toks[i].text) if toks[i].kind == "number" else None
        return (i + 1, Date(int(m[3]), int(m[2]), int(m[1]))) if m else None

    def day_month(self, toks: Toks, i: int) -> Match:
        """27 marca [2025 r.], 10–12 marca."""
        day = self._day(toks, i)
        if day is None:
            return None
        j, last = i + 1, None
        if self._is(toks, j, "dash") and self._day(toks, j + 1):
            j, last = j + 2, self._day(toks, j + 1)
        month = self._lemma(toks, j, self.lex.months)
        if month is None:
            return None
        spec = self._year_spec(toks, j + 1)
        end, fields = spec if spec else (j + 1, {})
        ref = Date(last or day, month, **fields)
        return end, (Span(replace(ref, day=day), ref) if last else ref)

    def month(self, toks: Toks, i: int, bare: bool) -> Match:
        """w marcu [2024 r.], w styczniu i lutym, marcowe (adjective)."""
        adjective = self._lemma(toks, i, self.lex.month_adjectives, pos=("adj",))
        if adjective:
            return i + 1, Months(adjective)
        first = self._lemma(toks, i, self.lex.months)
        if first is None:
            return None
        j, last = i + 1, first
        while self._is(toks, j, "and") or (j < len(toks) and toks[j].text == ","):
            nxt = self._lemma(toks, j + 1, self.lex.months)
            if nxt is None:
                break
            j, last = j + 2, nxt
        spec = self._year_spec(toks, j)
        if spec is None and not bare:
            return None
        end, fields = spec if spec else (j, {})
        ref = Months(last, **fields)
        return end, (Span(*complete_range(Months(first), ref)) if j > i + 1 else ref)

    def year(self, toks: Toks, i: int, bare: bool) -> Match:
        """w 2024 roku, w 2024 r., w roku 2024, 2024 r."""
        j = i + 1 if self._noun(toks, i, "year_noun", "sg") else i
        n = _int(toks[j]) if j < len(toks) else None
        if n is None or len(toks[j].text) != 4 or not 1000 <= n <= 2199:
            return None
        end = self._year_mark(toks, j + 1)
        if end == j + 1 and j == i and not (bare and self._bare_year_ok(toks, j + 1)):
            return None
        return end, Year(n)

    def _bare_year_ok(self, toks: Toks, k: int) -> bool:
        """A bare number after "w" is a year unless a noun it counts follows ("w 1999 przypadkach")."""
        best = toks[k].best if k < len(toks) else None
        return best is None or not (best.pos == "subst" and "loc" in best.feats.case)

    def year_range(self, toks: Toks, i: int) -> Match:
        """(w) latach 2014–2022."""
        if not self._noun(toks, i, "year_noun", "pl"):
            return None
        a = self.year(toks, i + 1, True)
        if not a or not (self._is(toks, a[0], "dash") or self._is(toks, a[0], "until")):
            return None
        b = self.year(toks, a[0] + 1, True)
        return (b[0], Span(a[1], b[1])) if b else None

    def relative(self, toks: Toks, i: int) -> Match:
        """w zeszłym tygodniu, tego roku, w ostatnim miesiącu, w zeszły piątek, zeszłej zimy."""
        shift = self._shift(toks, i, i + 1) if i + 1 < len(toks) else None
        if shift is None:
            return None
        unit = self._lemma(toks, i + 1, self.lex.units, number="sg")
        if unit and unit != "day":
            if isinstance(shift, int):
                return i + 2, Relative(unit, shift)
            if unit == "weekend":
                return i + 2, Weekday(6, mode=shift, span=2)
            return i + 2, Rolling(unit, shift)
        weekday = self._lemma(toks, i + 1, self.lex.weekdays)
        if weekday:
            return i + 2, (Weekday(weekday, week_shift=shift) if isinstance(shift, int)
                           else Weekday(weekday, mode=shift))
        season = self._lemma(toks, i + 1, self.lex.seasons, number="sg")
        if season:
            mode = {-1: "last", 1: "next", 0: None}.get(shift, shift)
            return i + 2, Months(season[0], season[1], precision="range", mode=mode)
        return None

    def weekday(self, toks: Toks, i: int, bare: bool) -> Match:
        """w czwartek [27 marca], czwartkowe (adjective), w weekend."""
        adjective = self._lemma(toks, i, self.lex.weekday_adjectives, pos=("adj",))
        if adjective:
            return i + 1, Weekday(adjective)
        if not bare:
            return None
        if self._lemma(toks, i, self.lex.units, number="sg") == "weekend":
            return i + 1, Weekday(6, span=2)
        weekday = self._lemma(toks, i, self.lex.weekdays)
        if weekday is None:
            return None
        return self.day_month(toks, i + 1) or (i + 1, Weekday(weekday))

    def ordinal(self, toks: Toks, i: int, bare: bool) -> Match:
        """w pierwszym kwartale [2025 r.], w I kwartale, w drugim półroczu ubiegłego roku."""
        n = _ROMAN.get(toks[i].text) or self._lemma(toks, i, self.lex.ordinals, pos=("adj",))
        unit = self._lemma(toks, i + 1, self.lex.units, number="sg")
        if not n or unit not in ("quarter", "half") or (unit == "half" and n > 2):
            return None
        spec = self._year_spec(toks, i + 2)
        if spec is None and not bare:
            return None
        end, fields = spec if spec else (i + 2, {})
        size = 3 if unit == "quarter" else 6
        precision = "quarter" if unit == "quarter" else "range"
        return end, Months((n - 1) * size + 1, size, precision=precision, **fields)

    def season(self, toks: Toks, i: int, bare: bool) -> Match:
        """latem, zimą 2024 r., w lecie, jesienią ubiegłego roku."""
        season = self._lemma(toks, i, self.lex.seasons, number="sg")
        if season is None:
            return None
        spec = self._year_spec(toks, i + 1)
        instrumental = any(i.pos == "subst" and "inst" in i.feats.case for i in toks[i].interps)
        if spec is None and not (bare or instrumental):
            return None
        end, fields = spec if spec else (i + 1, {})
        return end, Months(season[0], season[1], precision="range", **fields)

    def ago(self, toks: Toks, i: int) -> Match:
        """3 lata temu, kilka dni temu, tydzień temu, pół roku temu."""
        found = self._count_unit(toks, i)
        if found and self._is(toks, found[0], "ago"):
            return found[0] + 1, found[1]
        return None

    def _count_unit(self, toks: Toks, i: int) -> Match:
        """A number of units back from publication: "trzy dni", "kilka tygodni", "rokiem"."""
        if i >= len(toks):
            return None
        count = (_int(toks[i]),) * 2 if _int(toks[i]) is not None else self._lemma(toks, i, self.lex.counts, pos=None)
        j = i + 1 if count else i
        unit = self._lemma(toks, j, self.lex.units)
        if unit not in ("day", "week", "month", "quarter", "year"):
            return None
        low, high = count or (1, 1)
        if low != int(low) or high != int(high):  # "pół roku", "półtora miesiąca": count smaller units
            factor, unit = {"year": (12, "month"), "quarter": (3, "month"), "month": (30, "day"),
                            "week": (7, "day"), "day": (0, "day")}[unit]
            low, high = low * factor, high * factor
            if not low:
                return None
        low, high = int(low), int(high)
        if low == high:
            return j + 1, Relative(unit, -low)
        return j + 1, Span(Relative(unit, -high), Relative(unit, -low))

    def part(self, toks: Toks, i: int, bare: bool) -> Match:
        """(na) początku marca, (pod) koniec tego tygodnia, (w) połowie roku."""
        part = self._lemma(toks, i, self.lex.parts) if bare else None
        if part is None:
            return None
        inner = self.point(toks, i + 1, True)
        unit = self._lemma(toks, i + 1, self.lex.units, number="sg")
        if inner is None and unit in ("week", "month", "quarter", "half", "year"):
            inner = i + 2, Relative(unit)  # "pod koniec roku": the one the tense picks
        return (inner[0], Part(inner[1], part)) if inner else None

    # -- whole expressions ----------------------------------------------------

    def scan(self, toks: Toks) -> list[tuple[int, int, object]]:
        """All time expressions of a sentence (``dates.TokenViews``) as (first token, end token, reference)."""
        out, i = [], 0
        while i < len(toks):
            found = self.expression(toks, i) if _may_open(toks.token(i), self._openers) else None
            if found:
                out.append((i, found[0], found[1]))
                i = found[0]
            else:
                i += 1
        return out

    def expression(self, toks: Toks, i: int) -> Match:
        """The longest time expression starting at tokens[i]."""
        return _longest(self.point(toks, i, False), self.prefixed(toks, i), self.since(toks, i),
                        self.until(toks, i), self.between(toks, i), self.before_after(toks, i),
                        self.turn(toks, i), self.night(toks, i))

    def prefixed(self, toks: Toks, i: int) -> Match:
        """w marcu, we wtorek, z 2016 roku, w dniu 24 lutego, na początku tego tygodnia, pod koniec roku."""
        if self._is(toks, i, "in"):
            j = i + 2 if self._noun(toks, i + 1, "day_noun") else i + 1
            found = self.point(toks, j, True)
            if found and found[0] == j + 1 and toks[j].best is not None and toks[j].best.pos == "adj":
                return None  # "we wtorkowej rozmowie": the adjective alone is the expression
            return found if found and (j == i + 1 or isinstance(found[1], (Date, Span))) else None
        return self.part(toks, i + 1, True) if self._is(toks, i, "part_in") else None

    def _point_or_day(self, toks: Toks, i: int) -> Match:
        """A period, or a bare day number completed by the other end of a range ("od 10 do 12 marca")."""
        return self.point(toks, i, True) or (self._day(toks, i) and (i + 1, Date(self._day(toks, i))))

    def since(self, toks: Toks, i: int) -> Match:
        """od 24 lutego, od wczoraj, od stycznia do marca, od 10 do 12 marca, od 2022 r. do dziś."""
        if not self._is(toks, i, "since"):
            return None
        a = self._point_or_day(toks, i + 1)
        if not a:
            return None
        until_now = self.phrase(toks, a[0])
        if until_now and until_now[1] == Open("until_now"):
            return until_now[0], Since(a[1])
        b = self.point(toks, a[0] + 1, True) if self._is(toks, a[0], "until") else None
        if b:
            return b[0], Span(*complete_range(a[1], b[1]))
        return (a[0], Since(a[1])) if not (isinstance(a[1], Date) and a[1].month is None) else None

    def until(self, toks: Toks, i: int) -> Match:
        """do 12 marca, do końca 2024 roku: an interval open at its start, kept unresolved."""
        if not self._is(toks, i, "until"):
            return None
        b = self.point(toks, i + 1, True)
        return (b[0], Open("until")) if b else None

    def between(self, toks: Toks, i: int) -> Match:
        """między 10 a 12 marca, między 2014 a 2022 rokiem."""
        if not self._is(toks, i, "between"):
            return None
        a = self._point_or_day(toks, i + 1)
        b = self.point(toks, a[0] + 1, True) if a and self._is(toks, a[0], "and") else None
        return (b[0], Span(*complete_range(a[1], b[1]))) if b else None

    def before_after(self, toks: Toks, i: int) -> Match:
        """przed trzema tygodniami, przed rokiem (= ago); przed/po 24 lutego (open, unresolved)."""
        before = self._is(toks, i, "before")
        if not before and not self._is(toks, i, "after"):
            return None
        ago = self._count_unit(toks, i + 1) if before else None
        if ago and any("inst" in x.feats.case for x in toks[ago[0] - 1].interps):
            return ago
        b = self.point(toks, i + 1, True)
        return (b[0], Open("before" if before else "after")) if b else None

    def turn(self, toks: Toks, i: int) -> Match:
        """na przełomie stycznia i lutego, na przełomie 2024 i 2025 roku."""
        if not (self._is(toks, i, "part_in") and self._noun(toks, i + 1, "turn")):
            return None
        a = self.point(toks, i + 2, True)
        if a and isinstance(a[1], Span):  # "stycznia i lutego" came back as one coordinated range
            return a[0], Span(Part(a[1].first, "end"), Part(a[1].last, "begin"))
        b = self.point(toks, a[0] + 1, True) if a and self._is(toks, a[0], "and") else None
        if not b:
            return None
        first, last = complete_range(a[1], b[1])
        return b[0], Span(Part(first, "end"), Part(last, "begin"))

    def night(self, toks: Toks, i: int) -> Match:
        """w nocy z soboty na niedzielę, w nocy z 23 na 24 lutego."""
        if not (self._is(toks, i, "in") and self._noun(toks, i + 1, "night")
                and self._is(toks, i + 2, "from")):
            return None
        a = self._point_or_day(toks, i + 3)
        b = self.point(toks, a[0] + 1, True) if a and self._is(toks, a[0], "onto") else None
        if not b:
            return None
        return b[0], Span(*complete_range(a[1], b[1]))
