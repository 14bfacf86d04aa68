#!/usr/bin/env python3
"""Score Kronika's mentions against gold named entities (SlavicNER format).

usage: eval_ner.py GOLD.jsonl [--limit N] [--errors K]

GOLD holds documents with ``text`` and ``entities`` as [start, end, type, base, id];
PER, ORG and LOC are scored (EVT and PRO ignored).  Prints recall, precision and F1
per type with exact and overlapping spans, base-form (lemma) accuracy on matched
mentions, and the most frequent error classes.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys

from kronika.doc import Document
from kronika.pipeline import build

TYPES = ("PER", "ORG", "LOC")
KIND_TO_TYPE = {"person": "PER", "organization": "ORG", "location": "LOC", "country": "LOC", "group": "PER"}


def predicted(doc) -> list[tuple[int, int, str, str]]:
    """Named-entity-like mentions: lexicon names, places, demonym nouns and unknown names, not role
    phrases, anaphora or demonym adjectives (which the NER convention does not mark as names)."""
    out = []
    for m in doc.mentions:
        if m.rule.startswith(("role:", "anaphora", "demonym-adj")):
            continue
        kind = m.entity.kind if m.entity and m.kind not in ("location",) else m.kind
        out.append((m.start, m.end, KIND_TO_TYPE.get(kind, KIND_TO_TYPE.get(m.kind, "ORG")), m.base))
    return out


def overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(pairs):
    """Per-type counts for exact and overlap matching, lemma accuracy, error classes."""
    counts = {mode: {t: collections.Counter() for t in TYPES + ("ALL",)} for mode in ("exact", "overlap")}
    lemma = collections.Counter()
    errors = collections.Counter()
    examples = collections.defaultdict(list)
    for text, gold, pred in pairs:
        for mode in ("exact", "overlap"):
            used = set()
            for g in gold:
                hit = next((i for i, p in enumerate(pred) if i not in used and p[2] == g[2] and
                            ((p[0], p[1]) == (g[0], g[1]) if mode == "exact" else overlaps(p, g))), None)
                for t in (g[2], "ALL"):
                    counts[mode][t]["gold"] += 1
                    counts[mode][t]["tp"] += hit is not None
                if hit is not None:
                    used.add(hit)
                    if mode == "exact":
                        ok = pred[hit][3] == g[3]
                        lemma["ok" if ok else "bad"] += 1
                        if not ok:
                            errors["base form"] += 1
                            examples["base form"].append(f"{text[g[0]:g[1]]!r}: {pred[hit][3]!r} vs {g[3]!r}")
                elif mode == "overlap":
                    other = next((p for p in pred if overlaps(p, g)), None)
                    cls = f"type {other[2]} for {g[2]}" if other else f"missed {g[2]}"
                    errors[cls] += 1
                    examples[cls].append(text[g[0]:g[1]])
            for i, p in enumerate(pred):
                for t in (p[2], "ALL"):
                    counts[mode][t]["pred"] += 1
                if i not in used and mode == "overlap" and not any(overlaps(p, g) for g in gold):
                    errors[f"spurious {p[2]}"] += 1
                    examples[f"spurious {p[2]}"].append(text[p[0]:p[1]])
    return counts, lemma, errors, examples


def prf(c) -> str:
    p = c["tp"] / c["pred"] if c["pred"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P={p:.3f} R={r:.3f} F1={f:.3f} (gold {c['gold']}, predicted {c['pred']})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--limit", type=int, default=0, help="score only the first N documents")
    ap.add_argument("--errors", type=int, default=10, help="error classes to list")
    args = ap.parse_args(argv)
    pipeline = build()
    pairs = []
    with open(args.gold, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if args.limit and n >= args.limit:
                break
            d = json.loads(line)
            doc = pipeline(Document(str(d.get("doc_id", n)), d["text"]), until="coreference")
            gold = [(s, e, t, b) for s, e, t, b, *_ in d["entities"] if t in TYPES]
            pairs.append((d["text"], gold, [p for p in predicted(doc) if p[2] in TYPES]))
    counts, lemma, errors, examples = score(pairs)
    for mode in ("exact", "overlap"):
        print(f"{mode} spans:")
        for t in TYPES + ("ALL",):
            print(f"  {t:<4} {prf(counts[mode][t])}")
    total = lemma["ok"] + lemma["bad"]
    print(f"base-form accuracy on exact matches: {lemma['ok'] / total:.3f} ({lemma['ok']}/{total})" if total else "")
    print("most frequent error classes:")
    for cls, k in errors.most_common(args.errors):
        print(f"  {k:>5}  {cls}: {'; '.join(examples[cls][:6])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
