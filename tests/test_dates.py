"""Dates stage: the data-driven cases, the seed article, the pure resolver and the data files."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from kronika import dates
from kronika.doc import Document
from kronika.lang import Language, LexiconError, load
from kronika.pipeline import build
from kronika.timeparse import (Date, Months, Open, Part, Relative, Since, Span, Weekday, Year, choose, clip,
                               complete_range, part_of, resolve)

ROOT = Path(__file__).resolve().parents[1]
CASES = yaml.safe_load((ROOT / "tests/data/dates.yaml").read_text(encoding="utf-8"))
D = dt.date


@pytest.fixture(scope="module")
def pipeline():
    return build(until="dates")


def _times(pipeline, text: str, published: dt.date | None):
    doc = pipeline(Document(id="t", text=text, published=published))
    for t in doc.times:
        assert doc.text[t.start:t.end] == t.text  # spans index the document text
    return [{"text": t.text, "start": t.date_start, "end": t.date_end, "precision": t.precision}
            for t in doc.times]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['published']}-{c['text'][:40]}" for c in CASES])
def test_case(pipeline, case):
    assert _times(pipeline, case["text"], case["published"]) == case["expect"]


def test_enough_cases_and_varied_publication_days():
    resolved = [c for c in CASES if any(e["start"] for e in c["expect"])]
    assert len(resolved) >= 40
    assert len({c["published"].isoweekday() for c in CASES if c["published"]}) == 7


# The seed article (published Thursday 2025-03-27): every date expression as the seed gold implies.
SEED = [
    ("w styczniu i lutym", D(2025, 1, 1), D(2025, 2, 28), "range"),
    ("w zeszłym roku", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("w sierpniu", D(2024, 8, 1), D(2024, 8, 31), "month"),
    ("w styczniu", D(2025, 1, 1), D(2025, 1, 31), "month"),
    ("do tej pory", None, None, None),
    ("w zeszłym tygodniu", D(2025, 3, 17), D(2025, 3, 23), "week"),
    ("w 2024 roku", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("Czwartkowe", D(2025, 3, 27), D(2025, 3, 27), "day"),
    ("na początku tego tygodnia", D(2025, 3, 24), D(2025, 3, 26), "week"),
]


def test_seed_article(pipeline):
    text = (ROOT / "examples/north-korea-troops.pl.txt").read_text(encoding="utf-8")
    doc = pipeline(Document(id="seed", text=text, published=D(2025, 3, 27)))
    assert [(t.text, t.date_start, t.date_end, t.precision) for t in doc.times] == SEED
    assert [t.sentence for t in doc.times] == [2, 4, 4, 5, 6, 7, 10, 11, 13]


def test_stage_sits_right_after_morphology():
    names = build().names
    assert names[names.index("morphology") + 1] == "dates"


# --- the pure resolver, without the pipeline -----------------------------------------

THU = D(2025, 3, 27)


@pytest.mark.parametrize("ref, tense, expected", [
    (Months(8), "past", (D(2024, 8, 1), D(2024, 8, 31))),
    (Months(8), "future", (D(2025, 8, 1), D(2025, 8, 31))),
    (Months(8), None, (D(2025, 8, 1), D(2025, 8, 31))),  # nearest: 4 months ahead beats 7 back
    (Months(1), None, (D(2025, 1, 1), D(2025, 1, 31))),
    (Months(3), "past", (D(2025, 3, 1), D(2025, 3, 27))),  # current month, cut at publication
    (Months(3), None, (D(2025, 3, 1), D(2025, 3, 31))),
    (Weekday(4), "past", (THU, THU)),
    (Weekday(4), "future", (THU, THU)),
    (Weekday(5), "past", (D(2025, 3, 21), D(2025, 3, 21))),
    (Weekday(3), None, (D(2025, 3, 26), D(2025, 3, 26))),
    (Weekday(5, week_shift=-1), None, (D(2025, 3, 21), D(2025, 3, 21))),
    (Weekday(4, mode="last"), None, (D(2025, 3, 20), D(2025, 3, 20))),
    (Relative("week", -1), "past", (D(2025, 3, 17), D(2025, 3, 23))),
    (Relative("quarter", -1), "past", (D(2024, 10, 1), D(2024, 12, 31))),
    (Relative("day", -1), None, (D(2025, 3, 26), D(2025, 3, 26))),
    (Part(Relative("week", 0), "begin"), "past", (D(2025, 3, 24), D(2025, 3, 26))),
    (Part(Relative("week", 0), "end"), "future", (D(2025, 3, 28), D(2025, 3, 30))),
    (Part(Months(12), "end"), "past", (D(2024, 12, 21), D(2024, 12, 31))),
    (Span(Months(12), Months(1)), "past", (D(2024, 12, 1), D(2025, 1, 31))),
    (Span(Date(30, 12), Date(2, 1)), "past", (D(2024, 12, 30), D(2025, 1, 2))),
    (Since(Date(24, 2)), None, (D(2025, 2, 24), THU)),
    (Since(Date(24, 2, 2022)), "present", (D(2022, 2, 24), THU)),
    (Year(2024), "past", (D(2024, 1, 1), D(2024, 12, 31))),
    (Months(12, 3, precision="range"), "past", (D(2024, 12, 1), D(2025, 2, 28))),
    (Months(6, 3, precision="range", mode="last"), None, (D(2024, 6, 1), D(2024, 8, 31))),
])
def test_resolve(ref, tense, expected):
    found = resolve(ref, THU, tense)
    assert (found.start, found.end) == expected


def test_weekday_nearest_goes_back_when_closer():
    # Monday 2025-03-24 is 3 days back, Monday 2025-03-31 is 4 days ahead
    found = resolve(Weekday(1), THU, "present")
    assert found.start == D(2025, 3, 24)


@pytest.mark.parametrize("ref", [Months(8), Weekday(4), Relative("week", -1), Date(27, 3), Since(Months(2)),
                                 Part(Relative("week", 0), "begin")])
def test_no_publication_date_no_invented_date(ref):
    assert resolve(ref, None, "past") is None


def test_explicit_dates_resolve_without_publication():
    assert resolve(Date(27, 3, 2025), None).precision == "day"
    assert resolve(Span(Year(2014), Year(2022)), None).end == D(2022, 12, 31)


def test_open_and_future_since_stay_unresolved():
    assert resolve(Open("until_now"), THU, "past") is None
    assert resolve(Since(Date(1, 5, 2025)), THU, "future") is None  # starts after publication
    assert resolve(Date(31, 4, 2025), THU) is None  # no such day


def test_range_ends_borrow_month_and_year():
    assert complete_range(Date(10), Date(12, 3, 2024)) == (Date(10, 3, 2024), Date(12, 3, 2024))
    assert complete_range(Months(11), Months(2, year=2024)) == (Months(11, year=2023), Months(2, year=2024))
    assert complete_range(Months(11, year=2023), Months(2)) == (Months(11, year=2023), Months(2, year=2024))
    assert complete_range(Months(3), Months(5, year_shift=-1)) == (Months(3, year_shift=-1), Months(5, year_shift=-1))
    assert complete_range(Weekday(6), Weekday(7)) == (Weekday(6), Weekday(7))


def test_part_conventions():
    week = (D(2025, 3, 24), D(2025, 3, 30))
    assert part_of(week, "begin") == (D(2025, 3, 24), D(2025, 3, 26))
    assert part_of(week, "end") == (D(2025, 3, 28), D(2025, 3, 30))
    feb = (D(2024, 2, 1), D(2024, 2, 29))
    assert part_of(feb, "end") == (D(2024, 2, 21), D(2024, 2, 29))
    year = (D(2024, 1, 1), D(2024, 12, 31))
    assert part_of(year, "begin") == (D(2024, 1, 1), D(2024, 3, 31))
    assert part_of(year, "middle") == (D(2024, 6, 1), D(2024, 7, 31))
    winter = (D(2024, 12, 1), D(2025, 2, 28))
    assert part_of(winter, "middle") == (D(2025, 1, 1), D(2025, 1, 31))


def test_current_period_needs_a_day_on_the_tense_side():
    march = ((D(2024, 3, 1), D(2024, 3, 31)), (D(2025, 3, 1), D(2025, 3, 31)), (D(2026, 3, 1), D(2026, 3, 31)))
    assert choose(march, D(2025, 3, 1), "past") == march[0]
    assert choose(march, D(2025, 3, 2), "past") == march[1]
    assert choose(march, D(2025, 3, 30), "future") == march[1]
    assert choose(march, D(2025, 3, 31), "future") == march[2]


def test_clip():
    week = (D(2025, 3, 24), D(2025, 3, 30))
    assert clip(week, THU, "past") == (D(2025, 3, 24), THU)
    assert clip(week, THU, "future", strict=True) == (D(2025, 3, 28), D(2025, 3, 30))
    assert clip(week, D(2025, 3, 24), "past", strict=True) == (D(2025, 3, 24), D(2025, 3, 24))
    assert clip(week, THU, "present") == week


# --- tense ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, tense", [
    ("Wojska wycofały się w sierpniu.", "past"),
    ("Wojska wycofają się w sierpniu.", "future"),
    ("W sierpniu wojska będą się wycofywać.", "future"),
    ("Wojska wycofują się w sierpniu.", "present"),
    ("Skradziono w sierpniu dwa czołgi.", "past"),
    ("Sędziowie, którzy wydali w sierpniu wyrok, spotkają się jutro.", "past"),
    ("W sierpniu.", None),
])
def test_clause_tense(pipeline, text, tense):
    doc = build(until="morphology")(Document(id="t", text=text))
    tokens = list(doc.tokens)
    lexicon = load("pl").compiled("dates", dates.compile_lexicon)
    k = next(i for i, t in enumerate(tokens) if t.text == "sierpniu")
    assert dates.clause_tense(tokens, k - 1, k + 1, lexicon) == tense


# --- data files ---------------------------------------------------------------------------

def test_vocabulary_lemmas_are_known_to_morfeusz():
    from kronika.morphology import Analyzer

    engine, lang = Analyzer(), load("pl")
    lemmas = [r["lemma"] for f in ("months.tsv", "weekdays.tsv") for r in lang.table(f)]
    lemmas += [r["adjective"] for f in ("months.tsv", "weekdays.tsv") for r in lang.table(f)]
    lemmas += [e["lemma"] for e in lang.entries("time_expressions.yaml") if "lemma" in e]
    unknown = [w for w in lemmas if w not in {i.lemma for i in engine.analyse(w)}]
    assert unknown == []


def _copy_language(tmp_path: Path) -> Path:
    source = load("pl").directory
    for name in ("months.tsv", "weekdays.tsv", "time_expressions.yaml", "function_words.tsv"):
        shutil.copy(source / name, tmp_path / name)
    return tmp_path


def test_bad_month_number_is_reported_with_file_and_line(tmp_path):
    d = _copy_language(tmp_path)
    p = d / "months.tsv"
    p.write_text(p.read_text(encoding="utf-8").replace("marzec\t3", "marzec\t13"), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"months\.tsv:\d+: 'marzec': month must be a number from 1 to 12"):
        dates.compile_lexicon(Language("pl", d))


def test_unknown_entry_kind_is_reported(tmp_path):
    d = _copy_language(tmp_path)
    p = d / "time_expressions.yaml"
    p.write_text(p.read_text(encoding="utf-8") + "- {kind: shfit, lemma: zeszły, shift: -1}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"time_expressions\.yaml: entry \d+ .*unknown kind 'shfit'"):
        dates.compile_lexicon(Language("pl", d))


def test_bad_shift_value_is_reported(tmp_path):
    d = _copy_language(tmp_path)
    p = d / "time_expressions.yaml"
    p.write_text(p.read_text(encoding="utf-8") + "- {kind: shift, lemma: dawny, shift: -2}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"entry \d+ .*dawny.*shift must be one of"):
        dates.compile_lexicon(Language("pl", d))
