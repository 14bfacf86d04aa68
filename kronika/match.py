"""Finding lexicon names in text by sequences of lemmas, so every inflected form matches.

A lexicon form ("Korea Północna") is compiled into one key set per word — the
lowercased lemmas Morfeusz gives that word, plus the word itself — and a token
matches a form word when their key sets meet.  A capitalised form word needs a
capitalised token, so "Czad" (Chad) never matches "czad" and "Polska" never "polska".
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Form:
    """One compiled lexicon form: key sets per word, capitalisation, the text and what it names."""

    text: str
    keys: tuple[frozenset[str], ...]
    caps: tuple[bool, ...]
    payload: Any


@dataclass(frozen=True, slots=True)
class Match:
    """A form found at tokens [first, end) of a token sequence."""

    first: int
    end: int
    form: Form


def split_form(text: str) -> list[str]:
    """The words of a lexicon form ("Kim Dzong-un" keeps its hyphen; "W. W. Putin" keeps dots)."""
    return text.replace("\u00a0", " ").split()


class PhraseIndex:
    """All forms of a lexicon, indexed by the keys of their first word."""

    def __init__(self, forms: Iterable[tuple[str, Any]], word_keys: Callable[[str], frozenset[str]],
                 first_keys: Callable[[str], frozenset[str]] | None = None):
        self._by_first: dict[str, list[Form]] = {}
        first_keys = first_keys or word_keys
        self.size = 0
        for text, payload in forms:
            words = split_form(text)
            if not words:
                continue
            keys = (first_keys(words[0]),) + tuple(word_keys(w) for w in words[1:])
            caps = tuple(w[:1].isupper() for w in words)
            form = Form(text, keys, caps, payload)
            self.size += 1
            for k in keys[0]:
                self._by_first.setdefault(k, []).append(form)
        # Most tokens open no form: one isdisjoint() (in C) tells, instead of a lookup per key.
        self._firsts = frozenset(self._by_first)

    def find(self, keys: list[frozenset[str]], caps: list[bool], allowed: Callable[[int], bool] | None = None
             ) -> list[Match]:
        """Leftmost-longest, non-overlapping matches over a token sequence's key sets."""
        out: list[Match] = []
        firsts, by_first = self._firsts, self._by_first
        i, n = 0, len(keys)
        while i < n:
            best: Match | None = None
            here = keys[i]
            if not firsts.isdisjoint(here) and (allowed is None or allowed(i)):
                for k in here:
                    for form in by_first.get(k, ()):
                        m = self._match_at(form, keys, caps, i)
                        if m and (best is None or m.end > best.end or
                                  (m.end == best.end and len(m.form.text) > len(best.form.text))):
                            best = m
            if best:
                out.append(best)
                i = best.end
            else:
                i += 1
        return out

    def candidates(self, key: str) -> list[Form]:
        """Forms whose first word has this key."""
        return list(self._by_first.get(key, ()))

    @staticmethod
    def _match_at(form: Form, keys, caps, i: int) -> Match | None:
        n = len(form.keys)
        if i + n > len(keys):
            return None
        for off in range(n):
            if form.caps[off] and not caps[i + off]:
                return None
            if not (form.keys[off] & keys[i + off]):
                return None
        return Match(i, i + n, form)
