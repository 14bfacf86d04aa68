"""Actor and place mentions: gold sentences (tests/data/mentions/*.yaml), the seed article's
acceptance (issue 3), ``kronika mentions`` and the name-head data file.

Each YAML case is a short Polish text written for these tests, with the mentions it must hold
(picked by exact text; only the fields given are checked) and the texts that must be no mention.
Rule tests use invented people, organisations and countries (Arvid Drenkow, Wolandia) so that
they test the rule, not the lexicon.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kronika.doc import Document, Mention

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "mentions"
SEED = ROOT / "examples" / "north-korea-troops.pl.txt"
FILES = sorted(DATA.glob("*.yaml"))
CASES = [pytest.param(case, id=f"{f.stem}:{n}")
         for f in FILES for n, case in enumerate(yaml.safe_load(f.read_text(encoding="utf-8")))]
CASE_KEYS = {"text", "note", "mentions", "not"}
MENTION_KEYS = {"text", "n", "rule", "kind", "base", "name", "country", "sector", "id", "countries", "place",
                "precision", "coords"}


@pytest.fixture(scope="module")
def recognize():
    """Mentions of a text after coreference, with the pipeline built once."""
    from kronika.pipeline import build
    pipeline = build(until="coreference")

    def run(text: str) -> tuple[Mention, ...]:
        return pipeline(Document("test", text)).mentions

    return run


def pick(mentions, want: dict) -> Mention | None:
    """The mention a case names: by exact text, the nth one, optionally by rule prefix."""
    found = [m for m in mentions if m.text == want["text"] and m.rule.startswith(want.get("rule", ""))]
    n = want.get("n", 1)
    return found[n - 1] if len(found) >= n else None


def problems(m: Mention, want: dict) -> list[str]:
    """How a mention differs from what a case wants."""
    e = m.entity
    got = {"kind": m.kind, "base": m.base, "name": e.name if e else None, "country": e.country if e else None,
           "sector": e.sector if e else None, "id": e.id if e else None,
           "countries": sorted({x.country for x in m.refers if x.country}),
           "place": m.place.name if m.place else None, "precision": m.place.precision if m.place else None,
           "coords": bool(m.place and m.place.lat is not None and m.place.lon is not None)}
    if m.place is not None and e is None:  # a place's country is where it lies
        got["country"] = m.place.country
    out = []
    for key in MENTION_KEYS - {"text", "n", "rule"}:
        if key in want:
            expected = sorted(want[key]) if key == "countries" else want[key]
            if got[key] != expected:
                out.append(f"{key} {got[key]!r}, want {expected!r}")
    return out


def describe(mentions) -> str:
    return "; ".join(f"{m.text!r} {m.kind} [{m.rule}]" for m in mentions)


@pytest.mark.parametrize("case", CASES)
def test_gold_case(case, recognize):
    assert set(case) <= CASE_KEYS, f"unknown keys {set(case) - CASE_KEYS}"
    mentions = recognize(case["text"])
    for want in case.get("mentions", ()):
        assert set(want) <= MENTION_KEYS, f"unknown keys {set(want) - MENTION_KEYS}"
        m = pick(mentions, want)
        assert m is not None, f"no mention {want['text']!r}; found: {describe(mentions)}"
        assert not problems(m, want), f"{want['text']!r}: {'; '.join(problems(m, want))}"
    for text in case.get("not", ()):
        assert not [m for m in mentions if m.text == text], f"{text!r} should be no mention"


def test_every_case_file_has_cases():
    assert {f.stem for f in FILES} >= {"countries", "roles", "unknown", "places", "coref"}
    assert all(yaml.safe_load(f.read_text(encoding="utf-8")) for f in FILES)


# --- the seed article (issue 3 acceptance) -------------------------------------------------
# Every actor and place mention of examples/north-korea-troops.pl.txt with its country and
# sector, in text order: (text, occurrence, country or countries, sector, id or place).
SEED_MENTIONS = [
    ("żołnierze Kim Dzong Una", 1, "PRK", "MIL", None),
    ("Kim Dzong Una", 1, "PRK", "GOV", "person:kim-jong-un"),
    ("regionie Kurska", 1, "RUS", None, "Kursk Oblast"),
    ("armii ukraińskiej", 1, "UKR", "MIL", None),
    ("Korea Północna", 1, "PRK", None, "country:prk"),
    ("Rosji", 1, "RUS", None, "country:rus"),
    ("Ukrainie", 1, "UKR", None, "country:ukr"),
    ("Korea Południowa", 1, "KOR", None, "country:kor"),
    ("Oddziały", 1, "PRK", "MIL", None),
    ("Seulu", 1, "KOR", "GOV", "seat:seoul"),
    ("Południowokoreańskie Połączone Dowództwo Sztabu", 1, "KOR", "MIL", None),
    ("Korea Północna", 2, "PRK", None, "country:prk"),
    ("rosyjskiej armii", 1, "RUS", "MIL", None),
    ("Pjongjang", 1, "PRK", "GOV", "seat:pyongyang"),
    ("regionu Kurska", 1, "RUS", None, "Kursk Oblast"),
    ("Ukrainę", 1, "UKR", None, "country:ukr"),
    ("północnokoreańscy bojownicy", 1, "PRK", "MIL", None),
    ("Seul", 1, "KOR", "GOV", "seat:seoul"),
    ("żołnierzy Pjongjangu", 1, "PRK", "MIL", None),
    ("Przywódca Korei Północnej Kim Dzong Un", 1, "PRK", "GOV", "person:kim-jong-un"),
    ("Sekretarza Rady Bezpieczeństwa Federacji Rosyjskiej Siergieja Szojgu", 1, "RUS", "GOV",
     "person:shoigu-sergei"),
    ("Kim", 1, "PRK", "GOV", "person:kim-jong-un"),
    ("Szoigu", 1, "RUS", "GOV", "person:shoigu-sergei"),
    ("rosyjskim ministrem obrony", 1, "RUS", "MIL", None),
    ("jego kraj", 1, "PRK", None, "country:prk"),
    ("Rosję", 1, "RUS", None, "country:rus"),
    ("Szojgu", 1, "RUS", "GOV", "person:shoigu-sergei"),
    ("Korei Północnej", 2, "PRK", None, "country:prk"),
    ("Oba kraje", 1, ["PRK", "RUS"], None, None),
    ("Korei Południowej", 1, "KOR", None, "country:kor"),
    ("wojsk Pjongjangu", 1, "PRK", "MIL", None),
    ("europejscy przywódcy", 1, "EUR", "GOV", "group:european-leaders"),
    ("Paryżu", 1, "FRA", None, "Paris"),
    ("koalicja chętnych", 1, "EUR", "GOV", "group:coalition-of-the-willing"),
    ("Stany Zjednoczone", 1, "USA", None, "country:usa"),
    ("Moskwą", 1, "RUS", "GOV", "seat:moscow"),
    ("Kijowem", 1, "UKR", "GOV", "seat:kyiv"),
    ("Biały Dom", 1, "USA", "GOV", "seat:white-house"),
    ("obie strony", 1, ["RUS", "UKR"], None, None),
    ("Morzu Czarnym", 1, None, None, "Black Sea"),
    ("Rosja", 1, "RUS", None, "country:rus"),
    ("prezydenta Ukrainy Wołodymyra Zełenskiego", 1, "UKR", "GOV", "person:zelensky-volodymyr"),
]


@pytest.fixture(scope="module")
def seed_mentions(recognize):
    return recognize(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text,n,country,sector,ident", SEED_MENTIONS, ids=[f"{t}:{n}" for t, n, *_ in SEED_MENTIONS])
def test_seed_mention(seed_mentions, text, n, country, sector, ident):
    m = pick(seed_mentions, {"text": text, "n": n})
    assert m is not None, f"no mention {text!r} ({n})"
    if isinstance(country, list):
        assert sorted(e.country for e in m.refers) == sorted(country)
        return
    if m.place is not None and m.kind == "location":
        assert (m.place.country, m.place.name) == (country, ident) and m.place.lat is not None
        return
    e = m.entity
    assert (e.country, e.sector) == (country, sector)
    if ident is not None:
        assert e.id == ident


def test_seed_names_every_actor(seed_mentions):
    """No name in the seed is left unknown, and every mention that stands for something has a country."""
    assert not [m.text for m in seed_mentions if m.rule == "unknown-name"]
    countryless = [m.text for m in seed_mentions if m.entity and not m.entity.country and m.place is None]
    assert countryless == ["przywódcy"]  # the role word inside "europejscy przywódcy"


# --- kronika mentions ------------------------------------------------------------------------
RECORD_KEYS = {"doc_id", "start", "end", "text", "kind", "base", "name", "country", "sector", "id"}


def test_cli_prints_one_record_per_mention(tmp_path):
    from kronika.cli import cli

    path = tmp_path / "news.txt"
    text = ("Przywódca Korei Północnej Kim Dzong Un spotkał się z Szoigu. Kim Dzong Una chwalą dowódcy "
            "rosyjskiej armii. Arvid Drenkow z Ministerstwa Cyfryzacji Wolandii przyjechał do Moskwy.")
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["mentions", str(path), "--doc-id", "d1"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert rows and all(RECORD_KEYS <= set(r) for r in rows)
    assert all(r["doc_id"] == "d1" and text[r["start"]:r["end"]] == r["text"] for r in rows)
    assert all(r["kind"] in ("person", "organization", "location", "country", "group") for r in rows)
    by_text = {r["text"]: r for r in rows}
    assert (by_text["Korei Północnej"]["base"], by_text["Korei Północnej"]["name"]) == ("Korea Północna", "North Korea")
    assert (by_text["Kim Dzong Una"]["base"], by_text["Kim Dzong Una"]["id"]) == ("Kim Dzong Un", "person:kim-jong-un")
    # "dowódca armii" is a role of its own: the adjective inside it gives its country
    commanders = by_text["dowódcy rosyjskiej armii"]
    assert (commanders["country"], commanders["sector"]) == ("RUS", "MIL")
    assert by_text["Szoigu"]["name"] == "Sergei Shoigu"
    unknown = by_text["Arvid Drenkow"]
    assert (unknown["kind"], unknown["base"], unknown["name"], unknown["country"], unknown["id"]) == \
        ("person", "Arvid Drenkow", "Arvid Drenkow", None, None)
    ministry = by_text["Ministerstwa Cyfryzacji Wolandii"]
    assert (ministry["kind"], ministry["base"], ministry["country"]) == \
        ("organization", "Ministerstwo Cyfryzacji Wolandii", None)


# --- the name-head data file -----------------------------------------------------------------
def test_name_heads_load_and_cover_each_position():
    from kronika.lang import load
    from kronika.nametypes import name_types

    types = name_types(load("pl"))
    assert types.first["ministerstwo"] == "organization" and types.first["plac"] == "location"
    assert types.last["orchestra"] == "organization" and types.before["pan"] == "person"
    assert "ceo" in types.none and types.inside["of"] == "any"


@pytest.mark.parametrize("row,reason", [
    ("kancelaria\tcompany\tfirst\t", "kind 'company'"),
    ("kancelaria\torganization\tmiddle\t", "position 'middle'"),
    ("kancelaria\tnone\tfirst\t", "kind 'none' goes with position 'alone'"),
    ("ministerstwo\torganization\tfirst\t", "listed twice"),
])
def test_name_heads_errors_name_file_line_and_reason(tmp_path, row, reason):
    from kronika.lang import Language, LexiconError
    from kronika.nametypes import build_name_types

    (tmp_path / "name_heads.tsv").write_text(
        "word\tkind\tposition\tnote\nministerstwo\torganization\tfirst\t\n" + row + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"name_heads.tsv:3: .*{reason}"):
        build_name_types(Language("pl", tmp_path))
