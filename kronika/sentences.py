"""Sentence splitter stage (first version: line breaks and sentence-final punctuation)."""
from __future__ import annotations

import re
from dataclasses import replace

from kronika.doc import Document, Sentence

_BOUNDARY = re.compile(r"[.!?…]+[\"”»’)]*(?=\s+[\"„«(\-–—]?[A-ZĄĆĘŁŃÓŚŹŻ0-9])|\n\s*")


def split(text: str, never_final: frozenset[str]) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``text``, whitespace trimmed."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        if m.group().startswith(".") and _ends_with_abbreviation(text, m.start(), never_final):
            continue
        end = m.end() if not m.group()[0].isspace() else m.start()
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _ends_with_abbreviation(text: str, dot: int, never_final: frozenset[str]) -> bool:
    word = re.search(r"(\S+)$", text[:dot])
    if not word:
        return False
    w = word.group(1).lstrip("(\"„«")
    return (w + ".") in never_final or w in never_final or (len(w) == 1 and w.isupper())


def splitter(lang):
    """Build the sentence stage from the language's abbreviation list."""
    never_final = frozenset(r["abbr"] for r in lang.table("abbreviations.tsv", ("abbr",))
                            if r.get("final") == "no")

    def sentences(doc: Document) -> Document:
        """Split the document text into sentences."""
        spans = split(doc.text, never_final)
        return replace(doc, sentences=tuple(Sentence(i, a, b) for i, (a, b) in enumerate(spans)))

    return sentences
