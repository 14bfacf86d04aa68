"""Sentence splitter stage: exact character spans of Polish news sentences, whitespace trimmed.

Where a sentence ends (Polish knowledge comes from ``abbreviations.tsv`` and
``sentence_cues.tsv``; tests/data/sentences.yaml holds the gold cases):

* **Blank line**: always a boundary (paragraphs, headlines without a full stop),
  except that a paragraph opening with a dash and a lower-case word ("– zapowiedział
  minister.") continues the quotation above it, as does one after a paragraph that
  ends with a dash.
* **Single line break**: a boundary too, since in news text a newline closes a
  paragraph, a headline or a list item.  It is only a line wrap when the next line
  starts with a lower-case letter (also after a dash: "– dodał") or when the line ends
  with a space (a "soft" break, as in format=flowed text).
* **".", "!", "?", "…", "..."**, with any closing quotes or brackets glued after them
  and then whitespace: a boundary when what follows starts a sentence, i.e. its first
  letter or digit (after opening quotes, brackets, dashes, bullets) is not lower-case.
  A lower-case word never starts one: "79. dzień wojny", "m.in. loty", "?! – pytał".
  Then, for a single dot, the word before it decides:

  - an abbreviation with ``final=no`` ("gen.", "ok.", "m.in.", "m. in."): never;
  - one with ``final=yes`` ("r.", "tys.", "itd."): only before a capital letter, and
    not when a ``quantity`` abbreviation is followed by its capitalised counted noun
    ("11 tys. Koreańczyków", "3 proc. PKB") nor when a ``time`` one closes a bare date
    adverbial that opens its clause — numbers plus one word, or two or three words
    behind a short (preposition-like, at most three letters) first word: "W 2024 r.
    Rosja…", "Latem 2024 r. Rosja…", "…, że w 2014 r. Rosja…", "Na początku marca
    2024 r. Rosja…" go on; "Umowę podpisano 27.03.2025 r. Rosja…" and "Jeszcze w
    2014 r. Rosja…" end (the latter wrongly).  A digit after them never starts a sentence;
  - initials ("J.", "W.W."): never (so "plan B. Potem" stays one sentence);
  - a number of 1-3 digits (an ordinal) before a Roman numeral ("lat 90. XX w.") or
    a capitalised unit name from ``sentence_cues.tsv`` ("47. Samodzielna Brygada"): never;
  - anything else: yes.  Dates, decimals, URLs, e-mails have no whitespace after their
    dots, so they are never candidates.

* A piece without a single letter joins the sentence after it (a list number "1.", a
  bullet, "(…)"), or the one before it when it starts with closing punctuation (a stray
  "." after a blank line), so no sentence is only punctuation.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from kronika.doc import Document, Sentence
from kronika.lang import Language, LexiconError

KINDS = frozenset({"title", "initial", "time", "quantity", "list", "other"})
CUES = frozenset({"ordinal-head", "genitive-plural"})

_CANDIDATE = re.compile(
    r"(?P<para>\n(?:[^\S\n]*\n)+|\u2029)"
    r"|(?P<line>[\n\u2028])"
    r"|(?P<stop>[.!?…]+[\"”“»«’')\]]*)(?=\s|\Z)"
)
# What may stand between a boundary and the first letter of the next sentence.
_NEXT = re.compile(r"[\s„\"“”«»‚‘’'(\[{–—‒\-•·▪►*]{0,12}(\S?)")
_NEXT_WORD = re.compile(r"\s*[„\"“«»(\[–—\-]*\s*([^\W_]+)")
_OPENERS = "„\"“”«»‚‘'([{–—‒-"
_DASHES = "–—‒-"
_CLOSERS = ".,;:!?…)]}”»’"
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
_ORDINAL = re.compile(r"[0-9]{1,3}")
_ROMAN = re.compile(r"[IVXLC]{2,}|[VX]")
_LETTER = re.compile(r"[^\W\d_]")
# Inside a sentence, what opens a clause a date adverbial can start: punctuation only.
_CLAUSE_OPENER = re.compile(r"[,;:(\[–—]|\s-\s")
_ADVERBIAL_PART = re.compile(r"[^\W\d_]+|\d[\d.,]*|(\S)")


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """One abbreviation from ``abbreviations.tsv``: whether it may end a sentence, and its kind."""

    text: str
    final: bool
    kind: str


@dataclass(frozen=True)
class Rules:
    """What the splitter knows about a language: abbreviations (both capitalisations) and cues."""

    abbreviations: Mapping[str, Abbreviation]
    ordinal_heads: tuple[str, ...]
    genitive_endings: tuple[str, ...]


def load_abbreviations(lang: Language) -> tuple[Abbreviation, ...]:
    """Read and validate ``abbreviations.tsv``; errors name file, line, entry and reason."""
    out: dict[str, Abbreviation] = {}
    for row in lang.table("abbreviations.tsv", ("abbr", "final", "kind")):
        where = f"abbreviations.tsv:{row['_line']}: {row['abbr']!r}"
        abbr = row["abbr"].strip()
        if not abbr.endswith(".") or abbr.startswith(".") or any(c.isspace() for c in abbr):
            raise LexiconError(f"{where}: an abbreviation ends with a dot and holds no spaces")
        if row["final"] not in ("yes", "no"):
            raise LexiconError(f"{where}: final must be yes or no, not {row['final']!r}")
        if row["kind"] not in KINDS:
            raise LexiconError(f"{where}: kind must be one of {sorted(KINDS)}, not {row['kind']!r}")
        if abbr in out:
            raise LexiconError(f"{where}: listed twice")
        out[abbr] = Abbreviation(abbr, row["final"] == "yes", row["kind"])
    return tuple(out.values())


def load_rules(lang: Language) -> Rules:
    """Build the splitter's rules from the language's data files (validated)."""
    abbreviations = load_abbreviations(lang)
    table = {a.text: a for a in abbreviations}
    for a in abbreviations:  # "Gen." at a sentence start; exact entries win; "W." is an initial
        if len(a.text) > 2:
            table.setdefault(a.text[0].upper() + a.text[1:], a)
    cues: dict[str, list[str]] = {c: [] for c in CUES}
    for row in lang.table("sentence_cues.tsv", ("cue", "form")):
        form = row["form"].strip()
        if row["cue"] not in CUES:
            raise LexiconError(f"sentence_cues.tsv:{row['_line']}: {form!r}: cue must be one of "
                               f"{sorted(CUES)}, not {row['cue']!r}")
        if not form.isalpha():
            raise LexiconError(f"sentence_cues.tsv:{row['_line']}: {form!r}: a form is letters only")
        cues[row["cue"]].append(form)
    return Rules(MappingProxyType(table), tuple(cues["ordinal-head"]), tuple(cues["genitive-plural"]))


def split(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``text``: exact offsets, whitespace trimmed, never empty."""
    cuts: list[int] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        kind = m.lastgroup
        if kind == "stop":
            cut = m.end() if _stop_ends(text, m, start, rules) else None
        elif kind == "line":
            cut = m.start() if _line_ends(text, m) else None
        else:
            cut = m.start() if _paragraph_ends(text, m) else None
        if cut is not None:
            cuts.append(cut)
            start = cut
    return _spans(text, cuts)


def _spans(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """Trimmed non-empty pieces between cuts; a piece with no letter joins the next one."""
    pieces: list[tuple[int, int]] = []
    a = 0
    for b in [*cuts, len(text)]:
        s, e = a, b
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            pieces.append((s, e))
        a = b
    out: list[tuple[int, int]] = []
    pending: int | None = None
    for s, e in pieces:
        if not _LETTER.search(text, s, e):
            if out and pending is None and text[s] in _CLOSERS:  # a stray "." or "”" ends the last one
                out[-1] = (out[-1][0], e)
            else:
                pending = s if pending is None else pending
            continue
        out.append((s if pending is None else pending, e))
        pending = None
    if pending is not None:
        if out:
            out[-1] = (out[-1][0], pieces[-1][1])
        else:
            out.append((pending, pieces[-1][1]))
    return out


def _next_char(text: str, pos: int) -> str:
    """The first letter, digit or symbol after ``pos``, past spaces, openers, dashes, bullets."""
    m = _NEXT.match(text, pos)
    return m.group(1) if m else ""


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos)
    return m.group(1) if m else ""


def _word_before(text: str, pos: int) -> tuple[str, int]:
    """The whitespace-delimited chunk ending at ``pos`` (openers stripped) and its start."""
    i = pos
    while i > 0 and not text[i - 1].isspace() and pos - i < 64:
        i -= 1
    chunk = text[i:pos]
    stripped = chunk.lstrip(_OPENERS)
    return stripped, i + len(chunk) - len(stripped)


def _abbreviation(text: str, word: str, word_start: int,
                  rules: Rules) -> tuple[Abbreviation | None, int]:
    """The abbreviation ending at this dot and its start; "m. in." and "ub. r." are read as one."""
    if word_start >= 2 and text[word_start - 1] == " " and text[word_start - 2] == ".":
        previous, previous_start = _word_before(text, word_start - 1)
        found = rules.abbreviations.get(previous + word + ".")
        if found:
            return found, previous_start
    return rules.abbreviations.get(word + "."), word_start


def _stop_ends(text: str, m: re.Match, start: int, rules: Rules) -> bool:
    """Does this full stop, question or exclamation mark or ellipsis end a sentence?"""
    after = _next_char(text, m.end())
    if not after:
        return True
    if after.islower():
        return False
    stop = m.group("stop")
    if stop != ".":  # "?", "!", "…", "...", or a dot with a closing quote or bracket
        return True
    word, word_start = _word_before(text, m.start())
    abbr, abbr_start = _abbreviation(text, word, word_start, rules)
    if abbr is not None:
        return abbr.final and _final_abbreviation_ends(text, m.end(), abbr, start, abbr_start,
                                                       after, rules)
    if _INITIALS.fullmatch(word) and word.isupper():
        return False
    if _ORDINAL.fullmatch(word) and after.isupper():
        following = _next_word(text, m.end())
        if _ROMAN.fullmatch(following) or following.startswith(rules.ordinal_heads):
            return False
    return True


def _final_abbreviation_ends(text: str, pos: int, abbr: Abbreviation, start: int,
                             word_start: int, after: str, rules: Rules) -> bool:
    """After "r.", "tys.", "itd.": only a capital starts a sentence, with two exceptions."""
    if not after.isupper():
        return False
    if abbr.kind == "quantity" and _counted_noun(_next_word(text, pos), rules):
        return False
    if abbr.kind == "time" and _date_adverbial(text, start, word_start):
        return False
    return True


def _counted_noun(word: str, rules: Rules) -> bool:
    """A capitalised genitive plural ("Koreańczyków") or an acronym ("PKB", "USD")."""
    if 2 <= len(word) <= 5 and word.isupper() and word.isalpha():
        return True
    return any(word.endswith(e) and len(word) > len(e) + 2 for e in rules.genitive_endings)


def _date_adverbial(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` (up to a time abbreviation) only a date opening its clause?"""
    opened_at = start
    for m in _CLAUSE_OPENER.finditer(text, start, end):
        opened_at = m.end()
    head = text[opened_at:end].strip().lstrip(_OPENERS).strip()
    words: list[str] = []
    first_is_word = None
    for m in _ADVERBIAL_PART.finditer(head):
        if m.group(1):  # a quote or other mark inside: not a bare date
            return False
        is_word = not m.group()[0].isdigit()
        first_is_word = is_word if first_is_word is None else first_is_word
        if is_word:
            words.append(m.group())
    if opened_at > start and not first_is_word:  # ", 4 stycznia br. Premier…" is apposition
        return False
    # One word ("Latem 2024 r.") or two or three behind a short, preposition-like first word
    # ("W sierpniu 2016 r.", "Na początku marca"); "Umowę podpisano 27.03.2025 r." is a clause.
    return len(words) <= 1 or (len(words) <= 3 and bool(first_is_word) and len(words[0]) <= 3)


def _line_ends(text: str, m: re.Match) -> bool:
    """Does a single line break end a sentence?  Not a soft break nor before a lower-case line."""
    i = m.start()
    while i > 0 and text[i - 1] == "\r":
        i -= 1
    if i > 0 and text[i - 1] in " \t\u00a0":
        return False
    return not _next_char(text, m.end()).islower()


def _paragraph_ends(text: str, m: re.Match) -> bool:
    """Does a blank line end a sentence?  Not around the dash of a quotation's attribution."""
    nxt = text[m.end():m.end() + 8].lstrip(" \t\u00a0")[:1]
    if nxt and nxt in _DASHES and _next_char(text, m.end()).islower():
        return False
    before = text[max(0, m.start() - 8):m.start()].rstrip()
    return not (before and before[-1] in _DASHES)


def splitter(lang):
    """Build the sentence stage from the language's abbreviations and cues."""
    rules = lang.compiled("sentence-rules", load_rules)

    def sentences(doc: Document) -> Document:
        """Split the document text into sentences (character spans)."""
        spans = split(doc.text, rules)
        return replace(doc, sentences=tuple(Sentence(i, a, b) for i, (a, b) in enumerate(spans)))

    return sentences
