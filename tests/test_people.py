"""Named people of the actor lexicon (actors/people*.yaml) and the rule that picks a person's role by date."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from kronika.lang import load, read_entries
from kronika.lexicon import check, codes, date_bounds, read_actors
from kronika.roles import interval, role_on, undated_role

LANG = load("pl")
FILES = sorted((LANG.directory / "actors").glob("people*.yaml"))
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return [e for f in FILES for e in read_entries(f)]


@pytest.fixture(scope="module")
def people(entries) -> dict[str, dict]:
    return {e["id"]: e for e in entries}


@pytest.fixture(scope="module")
def code_lists():
    return codes(LANG)


def test_files_exist_and_hold_only_people(entries):
    assert len(FILES) >= 5
    bad = [e.get("id") for e in entries
           if e.get("kind") != "person" or not re.fullmatch(r"person:[a-z0-9]+(-[a-z0-9]+)*", str(e.get("id")))]
    assert not bad


def test_ids_are_unique(entries):
    dupes = [i for i, n in Counter(e["id"] for e in entries).items() if n > 1]
    assert not dupes


def test_every_person_has_name_country_forms_and_roles(entries, code_lists):
    for e in entries:
        assert isinstance(e.get("name"), str) and e["name"].strip(), e["id"]
        assert e.get("country") in code_lists.countries, e["id"]
        assert e.get("forms") and all(isinstance(f, str) and f.strip() for f in e["forms"]), e["id"]
        assert len(set(e["forms"])) == len(e["forms"]), f"{e['id']}: a form listed twice"
        assert isinstance(e.get("roles"), list) and e["roles"], f"{e['id']}: no roles"


def test_roles_are_complete_and_coded(entries, code_lists):
    for e in entries:
        for r in e["roles"]:
            where = f"{e['id']} {r.get('title')!r}"
            assert set(r) >= {"title", "country", "sector", "start", "end"}, where
            assert r["country"] in code_lists.actor_codes, where
            assert r["sector"] in code_lists.sectors, where
            if r["sector"] == "IGO":
                assert r["country"] in code_lists.collective, f"{where}: an IGO role takes the organisation's code"


def test_dates_are_quoted_iso_strings(entries):
    # unquoted YAML dates would load as date objects and years as ints
    for e in entries:
        for r in e["roles"]:
            for key in ("start", "end"):
                value = r[key]
                if key == "end" and value is None:
                    continue
                assert isinstance(value, str) and ISO_DATE.fullmatch(value), f"{e['id']} {key}={value!r}"
                date_bounds(value)  # raises on an impossible date such as 2023-02-30


def test_role_intervals_are_ordered(entries):
    for e in entries:
        for r in e["roles"]:
            first, last = interval(r)
            assert first <= last, f"{e['id']} {r['title']!r}: ends before it starts"


def test_same_title_never_held_twice_at_once_unless_noted(entries):
    for e in entries:
        by_title: dict[tuple, list[dict]] = {}
        for r in e["roles"]:
            by_title.setdefault((r["title"], r["country"]), []).append(r)
        for (title, _), rs in by_title.items():
            rs = sorted(rs, key=lambda r: interval(r)[0])
            for a, b in pairwise(rs):
                # a handover on one day (end == next start) is no overlap
                overlap = interval(b)[0] < interval(a)[1] and a["end"] != b["start"]
                assert not overlap or a.get("note") or b.get("note"), f"{e['id']}: {title!r} overlaps itself"


def test_at_least_300_people_from_at_least_40_countries(entries, code_lists):
    assert len(entries) >= 300
    countries = {e["country"] for e in entries} & code_lists.countries
    assert len(countries) >= 40


@pytest.mark.parametrize("code", [
    "RUS", "UKR", "USA", "POL", "DEU", "FRA", "GBR", "BLR", "CHN", "PRK", "KOR", "JPN", "ISR", "PSE",
    "IRN", "TUR", "SYR", "HUN", "SVK", "CZE", "LTU", "LVA", "EST", "FIN", "SWE", "NOR", "DNK", "NLD",
    "BEL", "ITA", "ESP", "MDA", "GEO", "ARM", "AZE", "KAZ", "IND", "PAK", "SAU", "QAT", "EGY", "VEN",
    "BRA", "CAN", "TWN", "SRB", "ROU", "BGR", "LBN",
])
def test_countries_of_polish_foreign_news_have_a_head_of_state_or_government(entries, code):
    heads = {"president", "prime minister", "chancellor", "king", "emir", "supreme leader", "premier",
             "president of the Palestinian Authority"}
    held = [e["id"] for e in entries for r in e["roles"] if r["country"] == code and r["title"] in heads]
    assert held, f"no head of state or government for {code}"


@pytest.mark.parametrize("pid, forms", [
    ("person:shoigu-sergei", ["Siergiej Szojgu", "Szojgu", "Szoigu", "Shoigu"]),
    ("person:zelensky-volodymyr", ["Wołodymyr Zełenski", "Zełenski", "Zelenski", "Zełenskij", "Zelensky"]),
    ("person:kim-jong-un", ["Kim Dzong Un", "Kim Jong Un", "Kim Dzong-un", "Kim Jong-un"]),
    ("person:lavrov-sergei", ["Siergiej Ławrow", "Ławrow", "Lavrov"]),
    ("person:erdogan-recep-tayyip", ["Recep Tayyip Erdoğan", "Erdogan", "Erdoğan"]),
    ("person:netanyahu-benjamin", ["Benjamin Netanjahu", "Netanjahu", "Netanyahu"]),
    ("person:putin-vladimir", ["Władimir Putin", "Putin"]),
    ("person:peskov-dmitry", ["Dmitrij Pieskow", "Pieskow"]),
    ("person:zakharova-maria", ["Maria Zacharowa", "Zacharowa"]),
    ("person:prigozhin-yevgeny", ["Jewgienij Prigożyn", "Prigożyn"]),
    ("person:lukashenko-alexander", ["Alaksandr Łukaszenka", "Łukaszenka", "Łukaszenko"]),
    ("person:kirby-john", ["John Kirby"]),
    ("person:stoltenberg-jens", ["Jens Stoltenberg"]),
    ("person:rutte-mark", ["Mark Rutte"]),
    ("person:von-der-leyen-ursula", ["Ursula von der Leyen"]),
    ("person:borrell-josep", ["Josep Borrell"]),
    ("person:kallas-kaja", ["Kaja Kallas"]),
    ("person:guterres-antonio", ["António Guterres", "Antonio Guterres"]),
    ("person:grossi-rafael", ["Rafael Grossi"]),
    ("person:michel-charles", ["Charles Michel"]),
    ("person:costa-antonio", ["António Costa"]),
    ("person:metsola-roberta", ["Roberta Metsola"]),
    ("person:sinwar-yahya", ["Jahja Sinwar", "Yahya Sinwar"]),
    ("person:nasrallah-hassan", ["Hasan Nasrallah", "Nasrallah"]),
])
def test_polish_forms_and_transliteration_variants(people, pid, forms):
    assert pid in people
    missing = [f for f in forms if f not in people[pid]["forms"]]
    assert not missing


def test_no_form_names_two_people(entries):
    owners: dict[str, set[str]] = {}
    for e in entries:
        for f in e["forms"]:
            owners.setdefault(f, set()).add(e["id"])
    assert not {f: ids for f, ids in owners.items() if len(ids) > 1}


def _single_word_form_lines(path: Path):
    """(line, has_comment) for each one-word item of a ``forms:`` block, read from the raw file."""
    in_forms = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"  forms:\s*$", line):
            in_forms = True
            continue
        item = re.match(r"    - ([^{#\s][^#]*?)\s*(#.*)?$", line) if in_forms else None
        if not item:
            in_forms = False
            continue
        if len(item.group(1).split()) == 1:
            yield line, "alone" in (item.group(2) or "")


def test_a_surname_used_alone_says_so_in_a_comment():
    unmarked = [line for f in FILES for line, marked in _single_word_form_lines(f) if not marked]
    assert not unmarked


def test_the_lexicon_check_finds_nothing_wrong_with_the_people():
    # the full validator: structure, Morfeusz coverage (unknown_to_morfeusz) and conflicting forms
    problems = [p for p in check(LANG) if Path(p.file).name.startswith("people")]
    assert not problems, "\n".join(map(str, problems[:20]))


# --- kronika.roles.role_on on the shipped data ----------------------------------

@pytest.mark.parametrize("pid, day, title, sector", [
    ("person:shoigu-sergei", "2023-06-01", "defence minister", "MIL"),
    ("person:shoigu-sergei", "2025-03-20", "secretary of the Security Council", "GOV"),
    ("person:shoigu-sergei", "2024-05-12", "secretary of the Security Council", "GOV"),
    ("person:biden-joe", "2022-01-01", "president", "GOV"),
    ("person:biden-joe", "2021-01-20", "president", "GOV"),
    ("person:biden-joe", "2014-06-01", "vice president", "GOV"),
    ("person:trump-donald", "2023-01-01", "former president and Republican opposition leader", "OPP"),
    ("person:trump-donald", "2025-03-01", "president", "GOV"),
    ("person:trump-donald", "2018-03-01", "president", "GOV"),
    ("person:zelensky-volodymyr", "2022-02-24", "president", "GOV"),
    ("person:tusk-donald", "2016-06-01", "President of the European Council", "IGO"),
])
def test_role_on_the_shipped_people(people, pid, day, title, sector):
    role = role_on(people[pid], dt.date.fromisoformat(day))
    assert (role["title"], role["sector"]) == (title, sector)


def test_role_on_agrees_with_the_lexicon_inside_the_roles():
    # kronika.lexicon.Actor.role_on is the same rule without the fallbacks: on every role's first
    # and last day and in its middle both must pick the same role
    found, _ = read_actors(LANG)
    for actor in (a for a in found if a.kind == "person"):
        for r in actor.roles:
            first, last = interval(r)
            last = min(last, dt.date(2025, 12, 31))
            for day in (first, last, first + (last - first) / 2):
                assert role_on(actor, day) == actor.role_on(day), (actor.id, day)


# --- the rule itself, on an invented person -------------------------------------

INVENTED = {
    "id": "person:kowalski-jan", "kind": "person", "country": "XXX",
    "roles": [
        {"title": "governor", "country": "AAA", "sector": "GOV", "start": "2010", "end": "2012-06"},
        {"title": "minister", "country": "AAA", "sector": "MIL", "start": "2014-01-10", "end": "2018-01-10"},
        {"title": "deputy premier", "country": "AAA", "sector": "GOV", "start": "2016-03-01", "end": "2017-01-01"},
        {"title": "envoy", "country": "BBB", "sector": "IGO", "start": "2020-05-01", "end": None},
    ],
}


@pytest.mark.parametrize("day, title", [
    ("2011-02-03", "governor"),         # inside a year-precision start
    ("2012-06-30", "governor"),         # a month-precision end covers the whole month
    ("2016-06-01", "deputy premier"),   # two roles held: the one started later
    ("2017-01-02", "minister"),         # the added office ended, the first one goes on
    ("2000-01-01", "governor"),         # before every role: the first
    ("2013-01-01", "governor"),         # in a gap: nearer to the role just left
    ("2013-12-20", "minister"),         # in a gap: nearer to the role about to start
    ("2030-01-01", "envoy"),            # inside an open role
])
def test_role_on_rule(day, title):
    assert role_on(INVENTED, dt.date.fromisoformat(day))["title"] == title


def test_role_on_gap_tie_goes_to_the_role_just_left():
    person = {"roles": [
        {"title": "a", "country": "AAA", "sector": "GOV", "start": "2001-01-01", "end": "2001-01-10"},
        {"title": "b", "country": "AAA", "sector": "GOV", "start": "2001-01-20", "end": "2001-02-01"},
    ]}
    assert role_on(person, dt.date(2001, 1, 15))["title"] == "a"
    assert role_on(person, dt.date(2001, 1, 16))["title"] == "b"


def test_role_on_after_every_role_takes_the_last_and_undated_takes_the_current():
    closed = {"roles": INVENTED["roles"][:3]}
    assert role_on(closed, dt.date(2024, 1, 1))["title"] == "minister"
    assert role_on(closed, None)["title"] == "minister"
    assert role_on(INVENTED, None)["title"] == "envoy"


def test_role_on_accepts_iso_text_and_yaml_dates_and_no_roles():
    assert role_on(INVENTED, "2016-06-01")["title"] == "deputy premier"
    yaml_typed = {"roles": [{"title": "x", "country": "AAA", "sector": "GOV", "start": dt.date(2019, 1, 1), "end": 2020}]}
    assert role_on(yaml_typed, dt.date(2020, 12, 31))["title"] == "x"
    assert role_on({"roles": []}, dt.date(2020, 1, 1)) is None


TWO_COUNTRIES = {"country": "AAA", "roles": [
    {"title": "minister", "country": "AAA", "sector": "GOV", "start": "2010-01-01", "end": "2014-01-01"},
    {"title": "envoy", "country": "BBB", "sector": "IGO", "start": "2015-01-01", "end": "2020-01-01"},
    {"title": "adviser", "country": "CCC", "sector": "GOV", "start": "2021-01-01", "end": "2022-01-01"},
]}


@pytest.mark.parametrize("named, title", [
    (set(), "minister"),                    # the text names no country: the office at home
    ({"BBB"}, "envoy"),                     # it names only the organisation of the other office
    ({"BBB", "DDD"}, "envoy"),              # countries with no office of his do not matter
    ({"AAA", "BBB"}, "minister"),           # it names his own country too: the office at home
    ({"BBB", "CCC"}, "minister"),           # two other offices named: nothing decides, the office at home
])
def test_an_undated_text_picks_the_office_whose_country_it_names(named, title):
    assert undated_role(TWO_COUNTRIES, named)["title"] == title
