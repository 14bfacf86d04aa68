"""Gold sentences for the event coder, one YAML file per construction under tests/data/events/.

Each case is a short Polish news text (written for these tests) with every event it holds:
type (or acceptable types), actor and recipient countries (a key left out is not checked,
``[]`` means none), and optionally source, certainty, hypothetical, negated, date, quantity
and location.  A case with ``events: []`` must yield no event.  The coded events must be
exactly the expected ones: each expected event matches one coded event of an acceptable type
with the same actor and recipient countries, and no coded event is left over.

A case the coder still gets wrong carries ``xfail: "<the construction the engine lacks>"``;
it runs as a strict xfail, so a fix turns the suite red until the marker is removed.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from kronika.doc import Document
from kronika.records import records
from kronika.triggers import TYPES

DATA = Path(__file__).resolve().parent / "data" / "events"
FILES = sorted(DATA.glob("*.yaml"))
CASES = [(f.stem, n, case) for f in FILES for n, case in enumerate(yaml.safe_load(f.read_text(encoding="utf-8")))]
CASE_KEYS = {"text", "published", "events", "xfail", "note"}
EVENT_KEYS = {"type", "actor", "recipient", "source", "certainty", "hypothetical", "negated", "date",
              "quantity", "location"}
CERTAINTIES = {"stated", "reported", "estimated", "believed", "unofficial", "denied"}


@pytest.fixture(scope="session")
def code():
    """Code one text with the full pipeline, built once per session."""
    from kronika.pipeline import build
    pipeline = build()

    def run(text: str, published) -> list[dict]:
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        return records(pipeline(Document("gold", text, published=published)))
    return run


def _countries(entities: list[dict]) -> set[str]:
    return {e["country"] for e in entities if e.get("country")}


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _summary(ev: dict) -> str:
    src = ev["source"] and (ev["source"].get("country") or ev["source"]["text"])
    return (f"{ev['event_type']} {ev['trigger']!r} actor={sorted(_countries(ev['actors']))} "
            f"recipient={sorted(_countries(ev['recipients']))} source={src} certainty={ev['certainty']} "
            f"hyp={ev['hypothetical']} neg={ev['negated']}")


def _matches(want: dict, ev: dict) -> bool:
    if ev["event_type"] not in _as_list(want["type"]):
        return False
    for role, key in (("actor", "actors"), ("recipient", "recipients")):
        if role in want and _countries(ev[key]) != set(want[role]):
            return False
    return True


def _attribute_problems(want: dict, ev: dict) -> list[str]:
    bad = []
    if "source" in want:
        src, w = ev["source"], want["source"]
        ok = (src is None) if w is None else (src is not None and not src.get("country")) if w == "unnamed" \
            else (src is not None and src.get("country") == w)
        if not ok:
            bad.append(f"source {src and (src.get('country') or src['text'])!r}, want {w!r}")
    if "certainty" in want and ev["certainty"] not in _as_list(want["certainty"]):
        bad.append(f"certainty {ev['certainty']!r}, want {want['certainty']!r}")
    for flag in ("hypothetical", "negated"):
        if flag in want and ev[flag] != want[flag]:
            bad.append(f"{flag} {ev[flag]}, want {want[flag]}")
    if "date" in want:
        got = ev["date"] and {"start": ev["date"]["start"], "end": ev["date"]["end"]}
        w = want["date"] and {k: str(v) for k, v in want["date"].items()}
        if got != w:
            bad.append(f"date {got}, want {w}")
    if "quantity" in want:
        w = want["quantity"]
        if not any(q["value"] == w["value"] and q["unit"] in _as_list(w["unit"]) for q in ev["quantities"]):
            bad.append(f"quantity {[(q['value'], q['unit']) for q in ev['quantities']]}, want {w}")
    if "location" in want:
        got = ev["location"] and ev["location"].get("country")
        if got != want["location"]:
            bad.append(f"location {got!r}, want {want['location']!r}")
    return bad


def _param(group: str, n: int, case: dict):
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
    return pytest.param(case, id=f"{group}:{n}", marks=marks)


@pytest.mark.parametrize("case", [_param(g, n, c) for g, n, c in CASES])
def test_gold_case(code, case):
    got = code(case["text"], case.get("published"))
    left = list(got)
    for want in case["events"]:
        ev = next((e for e in left if _matches(want, e)), None)
        assert ev is not None, f"no coded event matches {want}; coded: {[_summary(e) for e in got]}"
        problems = _attribute_problems(want, ev)
        assert not problems, f"{_summary(ev)}: {'; '.join(problems)}"
        left.remove(ev)
    assert not left, f"events not in the gold: {[_summary(e) for e in left]}"


def test_cases_are_well_formed():
    for group, n, case in CASES:
        where = f"{group}:{n}"
        assert set(case) <= CASE_KEYS and "text" in case and isinstance(case.get("events"), list), where
        for ev in case["events"]:
            assert set(ev) <= EVENT_KEYS and "type" in ev, f"{where}: {ev}"
            assert set(_as_list(ev["type"])) <= set(TYPES), f"{where}: {ev['type']}"
            assert set(_as_list(ev.get("certainty", "stated"))) <= CERTAINTIES, f"{where}: {ev}"


def test_enough_cases_for_every_construction_and_type():
    assert len(CASES) >= 150
    groups = {g for g, _, _ in CASES}
    assert {"voice", "prodrop", "relative", "coordination", "reporting", "negation", "modality", "nouns",
            "types", "no_event"} <= groups
    typed = {t for _, _, c in CASES for ev in c["events"] for t in _as_list(ev["type"])}
    assert typed == set(TYPES), f"types without a gold sentence: {set(TYPES) - typed}"
