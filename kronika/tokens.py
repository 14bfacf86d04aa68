"""Tokenizer stage: words, numbers, punctuation and symbols with exact spans, sentence by sentence.

One compiled regular expression per language does all the work (``finditer`` over each
sentence span), tried in this order at every position:

* URLs and e-mail addresses: one ``symbol`` token each (a final full stop stays outside).
* Initials before a capitalised word: "J." in "J. Biden", "W.W." in "W.W. Putin" (``word``).
* Abbreviations from ``abbreviations.tsv`` with their dots: "m.in.", "m. in.", "tys.",
  "gen.", capitalised too ("Ok."), one ``word`` token each, so Morfeusz reads them as
  abbreviations ("tys." -> tysiąc; bare "tys" is a surname).  A ``final=yes`` one keeps its
  dot at the end of a sentence (the dot is both: "itd." is the last token); a ``final=no``
  one there gives the word and a separate "." (the dot was a full stop after all).
* Domain names: "Kapitalni.org", "tvn24.pl" (``word``: they are often the source).
* Words: start with a letter, may hold digits, inner hyphens and apostrophes:
  "północno-wschodni", "F-16", "Su-34", "O’Leary", "Kennedy'ego"; also "30-latek", "2-letni".
* Numbers (``number``): ISO dates "2025-03-27"; thousands grouped by a space, no-break or
  thin space, "3 000", "11 000", "1 500 000,50" — a group has exactly three digits and
  the first one one to three, so a year never takes a group: "w 2024 300 osób" is 2024 and
  300, while "1 200 osób" is 1200 (the rare "dnia 15 100 osób" reads 15100: a known
  ambiguity); digits joined by "." "," ":" "/": "1,5", "3.000", "27.03.2025", "14:30".
* "..." and runs of "?"/"!" are one ``punct`` token; every other character is one token,
  ``symbol`` for symbols (%, §, $, +, °) and ``punct`` for the rest (quotes, dashes, brackets).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from kronika.doc import Document, Token
from kronika.lang import Language


def _char_class(chars) -> str:
    """A regex character class body for ``chars``, folded into ranges."""
    codes = sorted(ord(c) for c in chars)
    parts, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        parts.append(re.escape(chr(codes[i])) + ("-" + re.escape(chr(codes[j])) if j > i else ""))
        i = j + 1
    return "".join(parts)


# Upper-case letters of the Latin, Greek and Cyrillic blocks (``re`` has no \p{Lu}).
_UPPER = _char_class(c for c in map(chr, range(0x41, 0x530)) if c.isupper())
_SPACE_IN_NUMBER = "[ \u00a0\u202f\u2009]"
_SYMBOL_PUNCT = frozenset("%‰§&@#*/\\")  # Unicode calls them punctuation; they act as symbols

_URL = r"(?:https?://|www\.)[^\s<>\"”»]*[^\s<>\"”».,;:!?)\]}'’]"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_INITIALS = rf"(?:[{_UPPER}]\.)+(?=\s+[{_UPPER}])"
_DOMAIN = r"(?:[^\W_][\w-]*\.)+[a-z]{2,6}(?![^\W_])"
_NUMWORD = r"\d+(?:[-‐‑][^\W\d_](?:[^\W_]|[\u0300-\u036f])*)+"
_NUMBER = (rf"\d{{4}}-\d{{2}}-\d{{2}}(?!\d)"
           rf"|\d{{1,3}}(?:{_SPACE_IN_NUMBER}\d{{3}}(?!\d))+(?:,\d+)?"
           r"|\d+(?:[.,:/]\d+)*")
_WORD = r"[^\W\d_](?:[^\W_]|[\u0300-\u036f])*(?:[-‐‑'’](?:[^\W_]|[\u0300-\u036f])+)*"
# Fast paths, tried first: a word of letters and digits followed by a space or by punctuation
# that cannot extend it (most tokens), and a mark that is always a token of its own.  Anything
# else falls through to the full list below, which gives the same answer for these.
_PLAIN = r"[^\W\d_][^\W_]*(?=[\s,;!?)\]”\"»]|\Z)"
_SIGN = r"[,;:()„”«»–—\"-]|\.(?!\.)"
_KIND = {"plain": "word", "sign": "punct", "url": "symbol", "email": "symbol", "initials": "word", "abbr": "word",
         "abbr_inner": "word", "domain": "word", "numword": "word", "number": "number",
         "word": "word", "marks": "punct"}


def _alternation(abbreviations) -> str:
    """Abbreviations as one prefix tree, so a word is checked against all of them in one pass;
    an inner dot may be followed by a space ("m. in."), a final one may not."""
    root: dict = {}
    for a in abbreviations:
        for form in {a, a[0].upper() + a[1:]} if len(a) > 2 else {a}:  # "W." is an initial
            node = root
            for ch in form:
                node = node.setdefault(ch, {})
            node[""] = {}
    return _tree(root, after_dot=False) or r"(?!)"


def _tree(node: dict, after_dot: bool) -> str:
    branches = [re.escape(ch) + _tree(child, ch == ".") for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    body = r"\ ?" + body if after_dot else body
    return f"(?:{body})?" if "" in node else body


def compile_pattern(lang: Language) -> re.Pattern:
    """The token pattern for a language, with its abbreviations from ``abbreviations.tsv``."""
    from kronika.sentences import load_abbreviations  # one loader validates the file

    abbreviations = load_abbreviations(lang)
    final = _alternation(a.text for a in abbreviations if a.final)
    inner = _alternation(a.text for a in abbreviations if not a.final)
    return re.compile(  # leading spaces are eaten inside the match: much faster than skipping them
        rf"\s*(?:(?P<plain>{_PLAIN})|(?P<sign>{_SIGN})"
        rf"|(?P<url>{_URL})|(?P<email>{_EMAIL})|(?P<initials>{_INITIALS})"
        rf"|(?<![\w.])(?:(?P<abbr>{final})|(?P<abbr_inner>{inner})(?=[\s\S]))"
        rf"|(?P<domain>{_DOMAIN})|(?P<numword>{_NUMWORD})|(?P<number>{_NUMBER})|(?P<word>{_WORD})"
        r"|(?P<marks>\.{2,}|[?!]+)|(?P<other>\S))"
    )


def _other(ch: str) -> str:
    """The kind of a single character the pattern has no name for."""
    return "symbol" if ch in _SYMBOL_PUNCT or unicodedata.category(ch)[0] == "S" else "punct"


def tokenize(text: str, pattern: re.Pattern, start: int = 0,
             end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every token of ``text[start:end]``; nothing past ``end`` is seen."""
    end = len(text) if end is None else end
    out = []
    for m in pattern.finditer(text, start, end):
        group = m.lastgroup
        a, b = m.span(group)
        out.append((a, b, _KIND.get(group) or _other(text[a])))
    return out


def tokenizer(lang):
    """Build the tokenizer stage for a language (its abbreviations come from its data)."""
    pattern = lang.compiled("token-pattern", compile_pattern)

    def tokens(doc: Document) -> Document:
        """Split every sentence of the document into tokens."""
        text = doc.text
        out: list[Token] = []
        sentences = []
        for s in doc.sentences:
            first = len(out)
            for m in pattern.finditer(text, s.start, s.end):
                group = m.lastgroup
                a, b = m.span(group)
                out.append(Token(len(out), a, b, text[a:b], _KIND.get(group) or _other(text[a]), s.index))
            sentences.append(replace(s, first_token=first, end_token=len(out)))
        return replace(doc, tokens=tuple(out), sentences=tuple(sentences))

    return tokens
