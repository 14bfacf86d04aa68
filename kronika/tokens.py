"""Tokenizer stage: words, numbers and punctuation with character spans, sentence by sentence."""
from __future__ import annotations

import re
from dataclasses import replace

from kronika.doc import Document, Token

# Numbers: "3 000" / "3 000,5" (space-grouped thousands, also with no-break spaces),
# "27.03.2025", "1,5", "14:30".  Words start with a letter and may hold digits,
# hyphens and apostrophes inside ("F-16", "Su-34", "O'Brien", "północno-wschodni").
_TOKEN = re.compile(
    r"(?P<number>\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d.,]\d)|\d+(?:[.,:]\d+)*)"
    r"|(?P<word>[^\W\d_][^\W_]*(?:['’\-‐][^\W_]+)*)"
    r"|(?P<other>\S)"
)
_SYMBOLS = set("%$€£§&@#+=<>|~^*/\\°")


def _abbreviation_pattern(abbreviations: frozenset[str]) -> re.Pattern | None:
    """Abbreviations with inner dots ("m.in.", "p.o.") become single tokens."""
    dotted = sorted((a for a in abbreviations if "." in a.rstrip(".")), key=len, reverse=True)
    if not dotted:
        return None
    return re.compile("|".join(re.escape(a) for a in dotted) + r"(?!\w)")


def tokenize(text: str, start: int = 0, end: int | None = None,
             abbreviations: re.Pattern | None = None) -> list[tuple[int, int, str]]:
    """(start, end, kind) for every token of ``text[start:end]``."""
    end = len(text) if end is None else end
    out: list[tuple[int, int, str]] = []
    pos = start
    while pos < end:
        if text[pos].isspace():
            pos += 1
            continue
        if abbreviations is not None:
            m = abbreviations.match(text, pos, end)
            if m:
                out.append((m.start(), m.end(), "word"))
                pos = m.end()
                continue
        m = _TOKEN.match(text, pos, end)
        kind = m.lastgroup
        if kind == "other":
            kind = "symbol" if m.group() in _SYMBOLS else "punct"
        out.append((m.start(), m.end(), kind))
        pos = m.end()
    return out


def tokenizer(lang):
    """Build the tokenizer stage for a language (dotted abbreviations come from its data)."""
    abbreviations = _abbreviation_pattern(
        frozenset(r["abbr"] for r in lang.table("abbreviations.tsv", ("abbr",))))

    def tokens(doc: Document) -> Document:
        """Split every sentence of the document into tokens."""
        out: list[Token] = []
        sentences = []
        for s in doc.sentences:
            first = len(out)
            for a, b, kind in tokenize(doc.text, s.start, s.end, abbreviations):
                out.append(Token(len(out), a, b, doc.text[a:b], kind, s.index))
            sentences.append(replace(s, first_token=first, end_token=len(out)))
        return replace(doc, tokens=tuple(out), sentences=tuple(sentences))

    return tokens
