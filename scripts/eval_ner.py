#!/usr/bin/env python3
"""Score Kronika's mentions against gold named entities (SlavicNER format).

usage: eval_ner.py GOLD.jsonl [--limit N] [--skip N] [--errors K] [--count-evt-pro]

GOLD holds documents with ``text`` and ``entities`` as [start, end, type, base, id];
PER, ORG and LOC are scored.  Prints recall, precision and F1 per type with exact and
overlapping spans, base-form (lemma) accuracy on exactly matched mentions, and the most
frequent error classes with examples.

Mentions are mapped to the NER convention by ``ner_type``: names only (a common noun such
as "sojusznicy" is a mention for the event coder, not a named entity), places by what the
name is rather than what it stands for ("Kreml", "Moskwa ogłosiła" are LOC), demonym
nouns ("Rosjanie") PER, and state institutions named with their country ("parlament
Litwy", "wojska rosyjskie") or by a capitalised name ("Sejm", "MSZ") ORG.
EVT and PRO are not scored: by default a prediction overlapping a gold EVT or PRO span
("Nord Stream 2", "BBC") counts neither way (``--count-evt-pro`` counts it as spurious).
"""
from __future__ import annotations

import argparse
import collections
import json
import sys

from kronika.doc import Document, Mention
from kronika.nametypes import after_opener
from kronika.pipeline import build

TYPES = ("PER", "ORG", "LOC")
IGNORED = ("EVT", "PRO")
STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})


def _is_name(text: str) -> bool:
    """A name has a capitalised word (NER marks "Sejm", "kraje Zachodu", not "parlament")."""
    return any(w[:1].isupper() for w in text.split())


def _institution(m: Mention, inner: list[Mention], doc) -> bool:
    """A role phrase naming an institution: a name of its own ("Partii Konserwatywnej") or a state
    institution by a capitalised word ("Sejm Litwy", "MSZ"); not "rosyjskiej armii", an office
    ("Prezydent Ukrainy": a personal noun) nor people ("Posłowie")."""
    e = m.entity
    if m.kind != "organization" or e is None:
        return False
    tokens, text = doc.tokens, doc.text
    first = doc.sentences[m.sentence].first_token  # a capital at a sentence start says nothing
    own = [t for t in tokens[m.first_token:m.end_token] if not any(i.start <= t.start < i.end for i in inner)
           and not (t.i == m.first_token and after_opener(tokens, t.i, first, text))]
    if e.id is None and sum(t.is_capitalized for t in own) > 1:
        return True  # a name of its own: "Partii Konserwatywnej", "Ministerstwa Cyfryzacji"
    if e.sector not in STATE_SECTORS or any(i.pos in ("subst", "depr") and "m1" in i.feats.gender
                                           for t in own for i in t.interps):
        return False
    return any(t.is_capitalized for t in own)


def ner_type(m: Mention, inner: list[Mention], doc, institutions: bool = True) -> str | None:
    """The NER type of a mention under the SlavicNER convention, or None when it marks no name there;
    ``inner`` are the mentions nested in it."""
    if m.rule.startswith(("anaphora", "demonym-adj")):
        return None
    if m.rule.startswith("role:"):
        return "ORG" if institutions and _institution(m, inner, doc) else None
    if not _is_name(m.text):
        return None
    if m.rule.startswith("demonym:"):
        return "PER"
    if m.kind in ("country", "location", "group") or m.place is not None or m.rule.startswith("lexicon:seat:"):
        return "LOC"  # a group by its proper name is a region: "Europa", "Zachód", "Skandynawia"
    return "PER" if m.kind == "person" else "ORG"


def predicted(doc, institutions: bool = True) -> list[tuple[int, int, str, str]]:
    """The document's mentions as NER spans (start, end, type, base form), flat: a name inside an
    institution's name ("Litwy" in "Sejmu Litwy") is part of that name."""
    def inner(m):
        return [i for i in doc.mentions if i is not m and m.start <= i.start and i.end <= m.end]

    typed = [(m, ner_type(m, inner(m), doc, institutions)) for m in doc.mentions]
    outer = [m for m, t in typed if t == "ORG" and m.rule.startswith("role:")]
    out = []
    for m, t in typed:
        if t is None or any(o is not m and o.start <= m.start and m.end <= o.end for o in outer):
            continue
        lowercase_group = m.text[:1].islower() and m.rule.startswith("lexicon:")
        out.append(_named_part(m, t, doc) if lowercase_group else (m.start, m.end, t, m.base))
    return out


def _named_part(m: Mention, t: str, doc) -> tuple[int, int, str, str]:
    """A common noun with a name in it ("kraje UE", "państwa Zatoki Perskiej"): the name is the NER
    entity, an organisation when the group is an organisation's members, else a place."""
    tokens = doc.tokens[m.first_token:m.end_token]
    k = next(i for i, tok in enumerate(tokens) if tok.is_capitalized)
    code = m.entity.country if m.entity else None
    kind = "ORG" if code and not (len(code) == 3 and code not in ("EUR", "WST")) else t
    words = [tok.text for tok in tokens[k:]]
    return tokens[k].start, m.end, kind, " ".join(words)


def overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _classify_missed(g, pred, used) -> str:
    same = [p for p in pred if overlaps(p, g) and p[2] == g[2]]
    if same:
        return f"one {g[2]} prediction spans several gold names"
    other = next((p for p in pred if overlaps(p, g)), None)
    return f"type {other[2]} for {g[2]}" if other else f"missed {g[2]}"


def score(pairs):
    """Per-type counts for exact and overlap matching, lemma accuracy, error classes."""
    counts = {mode: {t: collections.Counter() for t in TYPES + ("ALL",)} for mode in ("exact", "overlap")}
    lemma = collections.Counter()
    errors = collections.Counter()
    examples = collections.defaultdict(list)

    def note(cls, example):
        errors[cls] += 1
        examples[cls].append(example)

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
                    if mode == "exact" and pred[hit][3] != g[3]:
                        note("base form", f"{text[g[0]:g[1]]!r}: {pred[hit][3]!r} vs {g[3]!r}")
                    if mode == "exact":
                        lemma["ok" if pred[hit][3] == g[3] else "bad"] += 1
                    if mode == "overlap" and (pred[hit][0], pred[hit][1]) != (g[0], g[1]):
                        note(f"span differs ({g[2]})", f"{text[pred[hit][0]:pred[hit][1]]!r} vs {text[g[0]:g[1]]!r}")
                elif mode == "overlap":
                    note(_classify_missed(g, pred, used), text[g[0]:g[1]])
            for i, p in enumerate(pred):
                for t in (p[2], "ALL"):
                    counts[mode][t]["pred"] += 1
                if i not in used and mode == "overlap" and not any(overlaps(p, g) for g in gold):
                    note(f"spurious {p[2]}", text[p[0]:p[1]])
    return counts, lemma, errors, examples


def prf(c) -> str:
    p = c["tp"] / c["pred"] if c["pred"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P={p:.3f} R={r:.3f} F1={f:.3f} (gold {c['gold']}, predicted {c['pred']})"


def read_pairs(path: str, skip: int, limit: int, count_ignored: bool, institutions: bool):
    """(text, gold, predicted) per document; also how many predictions fell on EVT/PRO names."""
    pipeline = build(until="coreference")
    pairs, dropped = [], 0
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n < skip:
                continue
            if limit and n >= skip + limit:
                break
            d = json.loads(line)
            doc = pipeline(Document(str(d.get("doc_id", n)), d["text"]))
            gold = [(s, e, t, b) for s, e, t, b, *_ in d["entities"] if t in TYPES]
            ignored = [(s, e) for s, e, t, *_ in d["entities"] if t in IGNORED]
            pred = [p for p in predicted(doc, institutions) if p[2] in TYPES]
            if not count_ignored:
                kept = [p for p in pred if not any(overlaps(p, g) for g in gold)
                        and any(overlaps(p, x) for x in ignored)]
                dropped += len(kept)
                pred = [p for p in pred if p not in kept]
            pairs.append((d["text"], gold, pred))
    return pairs, dropped


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--limit", type=int, default=0, help="score only N documents")
    ap.add_argument("--skip", type=int, default=0, help="skip the first N documents")
    ap.add_argument("--errors", type=int, default=12, help="error classes to list")
    ap.add_argument("--examples", type=int, default=6, help="examples per error class")
    ap.add_argument("--count-evt-pro", action="store_true",
                    help="count predictions on gold EVT/PRO names as spurious")
    ap.add_argument("--no-institutions", action="store_true",
                    help="do not score role phrases naming state institutions as ORG")
    args = ap.parse_args(argv)
    pairs, dropped = read_pairs(args.gold, args.skip, args.limit, args.count_evt_pro, not args.no_institutions)
    counts, lemma, errors, examples = score(pairs)
    print(f"{len(pairs)} documents; {dropped} predictions on gold EVT/PRO names not counted")
    for mode in ("exact", "overlap"):
        print(f"{mode} spans:")
        for t in TYPES + ("ALL",):
            print(f"  {t:<4} {prf(counts[mode][t])}")
    total = lemma["ok"] + lemma["bad"]
    if total:
        print(f"base-form accuracy on exact matches: {lemma['ok'] / total:.3f} ({lemma['ok']}/{total})")
    print("most frequent error classes:")
    for cls, k in errors.most_common(args.errors):
        print(f"  {k:>5}  {cls}: {'; '.join(examples[cls][:args.examples])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
