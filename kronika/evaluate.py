"""Scoring coded events against a gold file, with the matching rules of DESIGN.md ("Evaluation").

A predicted event matches a gold one when it is in the document, its sentence
holds the gold anchor, its type is one the gold accepts and its actor/recipient
countries fit ("both countries" — ``actor_all`` — may be split between actors
and recipients).  Required gold events are aligned first, so an optional one
never takes a prediction a required one needs; a prediction matching an
optional gold event counts neither way.  Attribute accuracy (date, location,
quantity, source, certainty) is measured on matched pairs.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path


def load_jsonl(path) -> list[dict]:
    """The objects of a JSON Lines file; a bad line is a ValueError naming file and line."""
    out = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not JSON: {exc.msg}") from exc
                if not isinstance(obj, dict):
                    raise ValueError(f"{path}:{n}: expected a JSON object")
                out.append(obj)
    return out


def _countries(entities) -> set[str]:
    return {e.get("country") for e in entities or [] if e.get("country")}


def _fits(wanted, have: set[str], need_all: bool = False) -> bool:
    if not wanted:
        return True
    return set(wanted) <= have if need_all else bool(set(wanted) & have)


def matches(gold: dict, anchor_at: int, pred: dict, participants: bool = True) -> bool:
    """Does this prediction code this gold event?"""
    if pred.get("doc_id") != gold["doc"]:
        return False
    start, end = pred.get("sentence_span") or pred.get("span") or (-1, -1)
    if not start <= anchor_at < end or pred.get("event_type") not in gold["types"]:
        return False
    if not participants:
        return True
    actors, recipients = _countries(pred.get("actors")), _countries(pred.get("recipients"))
    if gold.get("actor_all"):
        return _fits(gold["actor"], actors | recipients, need_all=True)
    if not _fits(gold.get("actor"), actors):
        return False
    return _fits(gold.get("recipient"), recipients)


def _day(s: str) -> dt.date:
    return dt.date.fromisoformat(s[:10])


def _date_ok(g: dict, p: dict) -> bool | None:
    gold, pred = g.get("date"), p.get("date")
    if gold is None:
        return None
    if not pred:
        return False
    gs, ge, ps, pe = _day(gold["start"]), _day(gold["end"]), _day(pred["start"]), _day(pred["end"])
    overlap = (min(ge, pe) - max(gs, ps)).days + 1
    union = (max(ge, pe) - min(gs, ps)).days + 1
    return overlap > 0 and overlap / union >= 0.5


def _location_ok(g: dict, p: dict) -> bool | None:
    gold, pred = g.get("location"), p.get("location")
    if gold is None:
        return None
    if not pred or (gold.get("country") and pred.get("country") != gold["country"]):
        return False
    name = gold["name"].lower()
    return name in (pred.get("name") or "").lower() or name in (pred.get("text") or "").lower()


def _quantity_ok(g: dict, p: dict) -> bool | None:
    gold = g.get("quantity")
    if gold is None:
        return None
    units = gold["unit"] if isinstance(gold["unit"], list) else [gold["unit"]]
    return any(q.get("value") == gold["value"] and q.get("unit") in units for q in p.get("quantities") or [])


def _source_ok(g: dict, p: dict) -> bool:
    gold, pred = g.get("source"), p.get("source")
    if gold is None:
        return pred is None
    if gold == "unnamed":
        return pred is not None and not pred.get("country")
    return pred is not None and pred.get("country") in gold


def _certainty_ok(g: dict, p: dict) -> bool:
    return p.get("certainty") in g["certainty"]


CHECKS = {"date": _date_ok, "location": _location_ok, "quantity": _quantity_ok,
          "source": _source_ok, "certainty": _certainty_ok}


@dataclass
class Score:
    """Precision, recall and F1 over required gold events, and attribute accuracy on matches."""

    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    required: int
    optional_matched: int
    type_only: tuple[float, float, float]
    attributes: dict[str, tuple[int, int]] = field(default_factory=dict)
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)


def _align(golds, anchors, preds, participants: bool):
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    order = sorted(range(len(golds)), key=lambda i: not golds[i].get("required", True))
    for gi in order:
        for pi, pred in enumerate(preds):
            if pi not in used and matches(golds[gi], anchors[gi], pred, participants):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return used, pairs


def _prf(golds, preds, used, pairs) -> tuple[float, float, float, int, int]:
    required = sum(1 for g in golds if g.get("required", True))
    tp = sum(1 for gi, _ in pairs if golds[gi].get("required", True))
    fp = len(preds) - len(used)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / required if required else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), tp, fp


def anchor_offsets(golds: list[dict], texts: dict[str, str]) -> list[int]:
    """Where each gold anchor is in its document; a clear error when it is not there."""
    out = []
    for g in golds:
        text = texts.get(g["doc"])
        if text is None:
            raise ValueError(f"gold names unknown document {g['doc']!r}")
        at = text.find(g["anchor"])
        if at < 0:
            raise ValueError(f"anchor not found in {g['doc']}: {g['anchor']!r}")
        out.append(at)
    return out


def score(golds: list[dict], preds: list[dict], texts: dict[str, str]) -> Score:
    """Score predictions against gold events of these documents."""
    anchors = anchor_offsets(golds, texts)
    used, pairs = _align(golds, anchors, preds, True)
    p, r, f1, tp, fp = _prf(golds, preds, used, pairs)
    t_used, t_pairs = _align(golds, anchors, preds, False)
    tp_, tr_, tf_, _, _ = _prf(golds, preds, t_used, t_pairs)
    attributes = {}
    for name, check in CHECKS.items():
        results = [x for x in (check(golds[gi], preds[pi]) for gi, pi in pairs) if x is not None]
        attributes[name] = (sum(results), len(results))
    matched = {gi for gi, _ in pairs}
    return Score(p, r, f1, tp, fp, sum(1 for g in golds if g.get("required", True)), len(pairs) - tp,
                 (tp_, tr_, tf_), attributes,
                 [g for i, g in enumerate(golds) if g.get("required", True) and i not in matched],
                 [x for i, x in enumerate(preds) if i not in used])


def report(s: Score) -> list[str]:
    """The score as the lines ``kronika eval`` prints (the same layout as the reference scorer)."""
    lines = [f"events: P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} (tp={s.tp} fp={s.fp} "
             f"required={s.required} optional matched={s.optional_matched})",
             f"  type only (participants ignored): P={s.type_only[0]:.3f} R={s.type_only[1]:.3f} "
             f"F1={s.type_only[2]:.3f}"]
    for name, (ok, n) in s.attributes.items():
        lines.append(f"  {name:<10} {ok}/{n}" + (f" = {ok / n:.2f}" if n else ""))
    lines += [f"  missed: {g['anchor']}" for g in s.missed]
    lines += [f"  spurious: {x.get('event_type')} {x.get('trigger')!r}" for x in s.spurious]
    return lines
