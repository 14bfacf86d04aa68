#!/usr/bin/env python3
"""List the actor lexicon's gaps in a corpus: the names and role phrases news uses that the
lexicon cannot give a country.

usage: lexicon_gaps.py CORPUS.jsonl [CORPUS.jsonl ...] [--top N] [--limit N] [--jobs N]

Each input line is a JSON document with ``text`` (and optionally ``published``).  The
pipeline runs up to coreference; three lists are printed, most frequent first, each row
with its count, kind and one short example fragment:

  (a) unknown names: mentions with rule ``unknown-name`` (and ``coref:name`` repeats of
      them), capitalised names the lexicon does not know, grouped by base form;
  (b) countryless role phrases: ``role:*`` mentions whose entity has no country, grouped
      by the role and the phrase's base form;
  (c) institution-like names: capitalised multiword names that are organisations
      (unknown names typed organisation, and role nouns extended over a name of their own,
      "Ministerstwo Cyfryzacji"), grouped by base form, with the country found if any.

The summary gives the shares of (a) and (b) among all mentions: the measure of the gap.
The corpus is read at run time only; what this prints is aggregate (names and counts)
with short fragments for the reader, not for copying into the repository.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import multiprocessing
import sys
from dataclasses import dataclass, field

from kronika.doc import Document, Mention

FRAGMENT = 40  # characters of context on each side of an example


@dataclass
class Gaps:
    """Counts of one corpus (or one part of it): all mentions and the three gap lists."""

    mentions: int = 0
    documents: int = 0
    rules: collections.Counter = field(default_factory=collections.Counter)
    unknown: collections.Counter = field(default_factory=collections.Counter)
    roles: collections.Counter = field(default_factory=collections.Counter)
    institutions: collections.Counter = field(default_factory=collections.Counter)
    examples: dict = field(default_factory=dict)

    def add(self, other: Gaps) -> None:
        self.mentions += other.mentions
        self.documents += other.documents
        for name in ("rules", "unknown", "roles", "institutions"):
            getattr(self, name).update(getattr(other, name))
        for key, value in other.examples.items():
            self.examples.setdefault(key, value)


def fragment(text: str, m: Mention) -> str:
    """The mention in a short window of its text, on one line, the mention in [brackets]."""
    left = text[max(0, m.start - FRAGMENT):m.start]
    right = text[m.end:m.end + FRAGMENT]
    return " ".join(f"{left}[{m.text}]{right}".split())


def _rule_family(rule: str) -> str:
    """The rule without its payload: "lexicon:person:putin-vladimir" -> "lexicon:person"."""
    if rule.startswith("lexicon:"):
        return ":".join(rule.split(":")[:2])
    if rule.startswith("role:"):
        return "role" + ("+coref" if rule.endswith("+coref") else "")
    return rule.split(":")[0]


def _role_class(m: Mention) -> str:
    """What a countryless role phrase is: a person named with the role ("person"), a name of its
    own ("named": "Rady Społecznej"), or the role noun with nothing to give it a country ("bare")."""
    e = m.entity
    if e is not None and e.kind == "person":
        return "person"
    return "bare" if e is None or (e.id or "").startswith("role:") else "named"


def _institution(m: Mention, doc: Document) -> bool:
    """A capitalised multiword name that is an organisation the lexicon does not know."""
    e = m.entity
    words = doc.tokens[m.first_token:m.end_token]
    if m.kind != "organization" or e is None or e.id is not None or len(words) < 2:
        return False
    return sum(t.is_capitalized for t in words) >= 2


def count(doc: Document) -> Gaps:
    """The gaps of one analysed document."""
    g = Gaps(mentions=len(doc.mentions), documents=1)
    for m in doc.mentions:
        g.rules[_rule_family(m.rule)] += 1
        e = m.entity
        keys = []
        if m.rule in ("unknown-name", "coref:name") and (e is None or e.id is None):
            keys.append(("unknown", (m.base, m.kind)))
        if m.rule.startswith("role:") and (e is None or not e.country):
            keys.append(("roles", (_role_class(m), m.rule.split(":", 1)[1].removesuffix("+coref"),
                                   m.base.lower())))
        if _institution(m, doc):
            keys.append(("institutions", (m.base, e.country or "-")))
        for table, key in keys:
            getattr(g, table)[key] += 1
            g.examples.setdefault((table, key), fragment(doc.text, m))
    return g


def _published(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def _work(args: tuple[list[str], int]) -> Gaps:
    """One worker: analyse its share of the lines (every ``jobs``-th) and count."""
    from kronika.pipeline import build

    lines, _ = args
    pipeline = build(until="coreference")
    total = Gaps()
    for n, line in enumerate(lines):
        d = json.loads(line)
        ident = str(d.get("id") or d.get("doc_id") or n)
        doc = pipeline(Document(ident, d["text"], published=_published(d.get("published"))))
        total.add(count(doc))
    return total


def read_lines(paths: list[str], limit: int) -> list[str]:
    """The documents' JSON lines of every corpus, without repeats of the same text."""
    out, seen = [], set()
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                text = json.loads(line).get("text", "")
                if text and text not in seen:
                    seen.add(text)
                    out.append(line)
    return out[:limit] if limit else out


def analyse(lines: list[str], jobs: int) -> Gaps:
    """Count the gaps of every document, in ``jobs`` processes."""
    shares = [(lines[i::jobs], i) for i in range(jobs)]
    total = Gaps()
    if jobs == 1:
        total.add(_work(shares[0]))
        return total
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for part in pool.imap_unordered(_work, shares):
            total.add(part)
    return total


def _share(k: int, n: int) -> str:
    return f"{k} of {n} ({100 * k / n:.2f}%)" if n else "0"


def report(g: Gaps, top: int, out) -> None:
    """Print the summary and the three lists."""
    unknown, roles = sum(g.unknown.values()), sum(g.roles.values())
    print(f"{g.documents} documents, {g.mentions} mentions", file=out)
    print(f"unknown names: {_share(unknown, g.mentions)}", file=out)
    print(f"countryless role phrases: {_share(roles, g.mentions)}", file=out)
    by_class = collections.Counter()
    for key, k in g.roles.items():
        by_class[key[0]] += k
    print("  of which: " + ", ".join(f"{c} {k}" for c, k in by_class.most_common()), file=out)
    print("mentions by rule: " + ", ".join(f"{r} {k}" for r, k in g.rules.most_common()), file=out)
    sections = (("unknown", "(a) unknown names (base form, kind)"),
                ("roles", "(b) countryless role phrases (what, role, base form)"),
                ("institutions", "(c) institution-like names (base form, country found)"))
    for table, title in sections:
        counter = getattr(g, table)
        print(f"\n{title}: {len(counter)} distinct, {sum(counter.values())} mentions", file=out)
        for key, k in counter.most_common(top):
            print(f"{k:>6}  {' | '.join(key)}  ~ {g.examples[(table, key)]}", file=out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="+", help="JSON-lines files with a 'text' field")
    ap.add_argument("--top", type=int, default=300, help="rows per list")
    ap.add_argument("--limit", type=int, default=0, help="analyse only the first N documents")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes")
    args = ap.parse_args(argv)
    lines = read_lines(args.corpus, args.limit)
    report(analyse(lines, max(1, args.jobs)), args.top, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
