"""The actor lexicon: the shipped data is valid and covers what news needs; the validator catches each error."""
from __future__ import annotations

import datetime as dt
import importlib.util
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from kronika.cli import cli
from kronika.lang import LexiconError, load
from kronika.lexicon import Actor, Role, actors, check, codes, read_actors
from kronika.morphology import Analyzer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lang():
    return load("pl")


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()  # one Morfeusz cache for the whole module


@pytest.fixture(scope="module")
def lexicon(lang):
    # the entries that pass the structural checks: a broken entry fails test_shipped_lexicon_is_valid
    # once, instead of every coverage test
    return read_actors(lang)[0]


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_in(lang, analyzer, directory: Path, text: str, name: str = "test.yaml") -> list[str]:
    write(directory, name, text)
    return [str(p) for p in check(lang, directory, analyzer)]


# --- the shipped lexicon ------------------------------------------------------------------

def test_shipped_lexicon_is_valid(lang, analyzer):
    problems = check(lang, analyzer=analyzer)
    assert not problems, "\n".join(map(str, problems[:30]))


def by_form(lexicon, kind=None):
    out: dict[str, list[Actor]] = {}
    for a in lexicon:
        if kind is None or a.kind == kind:
            for f in a.forms:
                out.setdefault(f, []).append(a)
    return out


@pytest.mark.parametrize("form,code", [
    ("Rosja", "RUS"), ("Federacja Rosyjska", "RUS"), ("Stany Zjednoczone", "USA"), ("USA", "USA"),
    ("Stany Zjednoczone Ameryki", "USA"), ("Wielka Brytania", "GBR"), ("Zjednoczone Królestwo", "GBR"),
    ("Korea Północna", "PRK"), ("KRLD", "PRK"), ("Koreańska Republika Ludowo-Demokratyczna", "PRK"),
    ("Korea Południowa", "KOR"), ("Republika Korei", "KOR"), ("Chiny", "CHN"), ("ChRL", "CHN"),
    ("RPA", "ZAF"), ("ZEA", "ARE"), ("Czechy", "CZE"), ("Republika Czeska", "CZE"), ("Ukraina", "UKR"),
    ("Tajwan", "TWN"), ("Kosowo", "XKX"), ("Palestyna", "PSE"), ("Sahara Zachodnia", "ESH"),
    ("Hongkong", "HKG"), ("Grenlandia", "GRL"), ("Wybrzeże Kości Słoniowej", "CIV"), ("Birma", "MMR"),
])
def test_country_forms(lexicon, form, code):
    assert [a.country for a in by_form(lexicon, "country")[form]] == [code]


@pytest.mark.parametrize("code,adjective,demonym", [
    ("RUS", "rosyjski", "Rosjanin"), ("UKR", "ukraiński", "Ukrainiec"), ("USA", "amerykański", "Amerykanin"),
    ("PRK", "północnokoreański", None), ("KOR", "południowokoreański", None), ("GBR", "brytyjski", "Brytyjczyk"),
    ("CHN", "chiński", "Chińczyk"), ("ISR", "izraelski", "Izraelczyk"), ("PSE", "palestyński", "Palestyńczyk"),
    ("POL", "polski", "Polak"), ("DEU", "niemiecki", "Niemiec"), ("FRA", "francuski", "Francuz"),
])
def test_demonyms(lexicon, code, adjective, demonym):
    country = next(a for a in lexicon if a.kind == "country" and a.country == code)
    assert adjective in country.adjectives
    if demonym:
        assert demonym in country.demonyms


def test_every_iso_country_has_an_entry(lang, lexicon):
    iso = codes(lang).countries
    assert {a.country for a in lexicon if a.kind == "country"} == iso
    assert len(iso) >= 250  # 249 ISO 3166-1 countries and Kosovo


@pytest.mark.parametrize("form,kind,code,sector", [
    ("Pjongjang", "organization", "PRK", "GOV"), ("Seul", "organization", "KOR", "GOV"),
    ("Moskwa", "organization", "RUS", "GOV"), ("Kijów", "organization", "UKR", "GOV"),
    ("Kreml", "organization", "RUS", "GOV"), ("Biały Dom", "organization", "USA", "GOV"),
    ("Pentagon", "organization", "USA", "MIL"), ("Bruksela", "organization", "EU", "IGO"),
    ("NATO", "organization", "NATO", "IGO"), ("Rada Bezpieczeństwa ONZ", "organization", "UN", "IGO"),
    ("MAEA", "organization", "UN", "IGO"), ("Komisja Europejska", "organization", "EU", "IGO"),
    ("Hamas", "organization", "PSE", "REB"), ("PiS", "organization", "POL", "PTY"),
    ("europejscy przywódcy", "group", "EUR", "GOV"), ("koalicja chętnych", "group", "EUR", "GOV"),
    ("Zachód", "group", "WST", None), ("Europa", "group", "EUR", None),
])
def test_named_actors(lexicon, form, kind, code, sector):
    [actor] = by_form(lexicon)[form]
    assert (actor.kind, actor.country, actor.sector) == (kind, code, sector)


@pytest.mark.parametrize("form,sector", [
    ("armia", "MIL"), ("siły zbrojne", "MIL"), ("żołnierz", "MIL"), ("bojownik", "MIL"),
    ("Połączone Dowództwo Sztabu", "MIL"), ("ministerstwo obrony", "MIL"), ("rząd", "GOV"),
    ("MSZ", "GOV"), ("minister spraw zagranicznych", "GOV"), ("prezydent", "GOV"), ("premier", "GOV"),
    ("Rada Bezpieczeństwa", "GOV"), ("parlament", "LEG"), ("sąd", "JUD"), ("policja", "COP"),
    ("wywiad", "SPY"), ("opozycja", "OPP"), ("partia", "PTY"), ("separatysta", "REB"),
    ("cywil", "CVL"), ("uchodźca", "REF"), ("koncern", "BUS"), ("media", "MED"),
])
def test_role_nouns(lexicon, form, sector):
    [role] = by_form(lexicon, "role")[form]
    assert role.sector == sector and role.country is None


def test_collective_of_countries(lexicon):
    [baltic] = by_form(lexicon)["kraje bałtyckie"]
    assert baltic.country is None and set(baltic.members) == {"EST", "LVA", "LTU"}
    west = next(a for a in lexicon if "zachodni" in a.adjectives)
    assert west.country == "WST"


def test_iso_codes_match_pycountry(lang):
    pycountry = pytest.importorskip("pycountry")
    assert codes(lang).countries == {c.alpha_3 for c in pycountry.countries} | {"XKX"}


def test_countries_file_is_what_the_generator_writes(tmp_path):
    pytest.importorskip("babel")
    pytest.importorskip("pycountry")
    spec = importlib.util.spec_from_file_location("build_countries", ROOT / "scripts" / "build_countries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "countries.yaml"
    assert module.main(["--output", str(out)]) == 0
    shipped = ROOT / "kronika" / "lang" / "pl" / "actors" / "countries.yaml"
    assert out.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")


# --- the validator catches each kind of error ---------------------------------------------

VALID = """\
- id: country:rus
  name: Russia
  kind: country
  country: RUS
  sector: null
  forms: [Rosja, Federacja Rosyjska]
  adjectives: [rosyjski]
  demonyms: [Rosjanin]
- id: role:army
  name: army
  kind: role
  sector: MIL
  forms: [armia, siły zbrojne]
- id: person:szojgu-siergiej
  name: Sergei Shoigu
  kind: person
  country: RUS
  sector: GOV
  forms: [Siergiej Szojgu, Szojgu]
  unknown_to_morfeusz: [Szojgu]
  roles:
    - {title: minister of defence, country: RUS, sector: MIL, start: 2012-11-06, end: 2024-05-12}
    - {title: secretary of the Security Council, country: RUS, sector: GOV, start: 2024-05, end: null}
- id: group:baltic
  name: Baltic states
  kind: group
  country: null
  sector: null
  forms: [kraje bałtyckie]
  members: [EST, LVA, LTU]
"""


def test_valid_fixture_has_no_problems(lang, analyzer, tmp_path):
    assert problems_in(lang, analyzer, tmp_path, VALID) == []


def test_person_is_coded_by_the_role_held_on_the_date(lang, tmp_path):
    write(tmp_path, "people.yaml", VALID)
    shoigu = next(a for a in actors(lang, tmp_path) if a.id == "person:szojgu-siergiej")
    assert shoigu.role_on(dt.date(2023, 1, 1)).sector == "MIL"
    assert shoigu.role_on(dt.date(2025, 3, 27)).sector == "GOV"
    assert shoigu.role_on(dt.date(2010, 1, 1)) is None
    assert Role("x", None, None, "2024-05", None).held_on(dt.date(2024, 5, 1))
    assert Role("x", None, None, "2020", "2021-02").held_on(dt.date(2021, 2, 28))
    assert not Role("x", None, None, "2020", "2021-02").held_on(dt.date(2021, 3, 1))


def entry(**fields) -> str:
    base = {"id": "country:xx", "name": "Testland", "kind": "organization", "country": "RUS",
            "sector": "GOV", "forms": "[Rosja]"}
    base.update(fields)
    return "- " + "\n  ".join(f"{k}: {v}" for k, v in base.items() if v is not None) + "\n"


@pytest.mark.parametrize("fields,expected", [
    ({"name": None}, "name (canonical English name) is missing"),
    ({"forms": None}, "forms (Polish base forms) are missing"),
    ({"country": None}, "country is missing"),
    ({"kind": "army"}, "kind 'army' is not one of"),
    ({"colour": "red"}, "unknown field 'colour'"),
    ({"id": "Country:XX"}, "id 'Country:XX' must be lowercase ASCII"),
    ({"country": "RUSSIA"}, "unknown country code 'RUSSIA'"),
    ({"sector": "ARMY"}, "unknown sector 'ARMY'"),
    ({"kind": "country", "country": "EUR", "sector": "null"}, "a country entry needs an ISO 3166-1 alpha-3 code"),
    ({"kind": "country", "sector": "GOV"}, "a country as a whole has sector null"),
    ({"kind": "role", "forms": "[armia]"}, "a role takes its country from context"),
    ({"kind": "role", "country": "null", "sector": "null", "forms": "[armia]"}, "a role needs a sector"),
    ({"kind": "person"}, "a person needs roles"),
    ({"roles": "[]"}, "only a person has roles"),
    ({"members": "[EST]"}, "only a group has members"),
    ({"kind": "group", "members": "[EST, XYZ]"}, "members: unknown code 'XYZ'"),
    ({"adjectives": "[Rosyjski]"}, "adjective 'Rosyjski' must be lowercase"),
    ({"forms": "[Rosja, Rosja]"}, "forms lists a value twice"),
    ({"forms": "['Rosja  Wielka']"}, "has stray spaces"),
    ({"unknown_to_morfeusz": "[Szojgu]"}, "unknown_to_morfeusz lists 'Szojgu', which is no word of its forms"),
    ({"shared_forms": "[Moskwa]"}, "shared_forms lists 'Moskwa', which is none of its forms"),
])
def test_structural_errors(lang, analyzer, tmp_path, fields, expected):
    problems = problems_in(lang, analyzer, tmp_path, entry(**fields))
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("actors/test.yaml: ") for p in problems)


ROLE_ERRORS = [
    ("{title: minister, country: RUS, sector: MIL, start: 2024-05-12, end: 2012-11-06}",
     "role 'minister': ends (2012-11-06) before it starts (2024-05-12)"),
    ("{title: minister, country: RUS, sector: MIL, start: '2024-13-01', end: null}", "role 'minister': "),
    ("{title: minister, country: RUS, sector: MIL, start: 'May 2024', end: null}", "not an ISO date: 'May 2024'"),
    ("{title: minister, country: RUS, sector: MIL, end: null}", "start must be an ISO date"),
    ("{title: minister, country: RUS, sector: MIL, start: 2024}", "end is missing"),
    ("{title: minister, country: RUS, sector: ARMY, start: 2024, end: null}", "unknown sector 'ARMY'"),
    ("{title: minister, country: RUZ, sector: MIL, start: 2024, end: null}", "unknown country code 'RUZ'"),
    ("{title: minister, sector: MIL, start: 2024, end: null, since: 2020}", "role has unknown field 'since'"),
    ("{country: RUS, sector: MIL, start: 2024, end: null}", "has no title"),
]


@pytest.mark.parametrize("role,expected", ROLE_ERRORS)
def test_role_date_errors(lang, analyzer, tmp_path, role, expected):
    text = entry(id="person:x", kind="person", roles=f"[{role}]")
    problems = problems_in(lang, analyzer, tmp_path, text)
    assert any(expected in p for p in problems), problems


def test_month_precision_role_may_end_in_its_start_month(lang, analyzer, tmp_path):
    text = entry(id="person:x", kind="person", roles="[{title: envoy, sector: GOV, start: 2024-05-20, end: 2024-05}]")
    assert problems_in(lang, analyzer, tmp_path, text) == []


def test_duplicate_ids_across_files(lang, analyzer, tmp_path):
    write(tmp_path, "a.yaml", entry(id="org:same", forms="[Kreml]"))
    problems = problems_in(lang, analyzer, tmp_path, entry(id="org:same", forms="[Moskwa]"), name="b.yaml")
    assert problems == ["actors/b.yaml: org:same: duplicate id (also in actors/a.yaml)"]


def test_invalid_yaml_is_one_problem(lang, analyzer, tmp_path):
    problems = problems_in(lang, analyzer, tmp_path, "- id: [unclosed\n")
    assert len(problems) == 1 and problems[0].startswith("actors/test.yaml: -: test.yaml: not valid YAML")


@pytest.mark.parametrize("fields,expected", [
    ({"forms": "[Szojgu]"}, "Morfeusz does not know 'Szojgu'"),
    ({"forms": "[Rosja]", "unknown_to_morfeusz": "[Rosja]"}, "unknown_to_morfeusz lists 'Rosja', but Morfeusz knows it"),
    ({"forms": "[Korei Północnej]"}, "'Korei' cannot be nominative"),
    ({"adjectives": "[armia]"}, "adjective 'armia' is not an adjective lemma"),
    ({"demonyms": "[północnokoreański]"}, "demonym 'północnokoreański' is not a noun lemma"),
    ({"demonyms": "[Rosjanie]"}, "demonym 'Rosjanie' is not a noun lemma"),
])
def test_morphology_errors(lang, analyzer, tmp_path, fields, expected):
    problems = problems_in(lang, analyzer, tmp_path, entry(**fields))
    assert any(expected in p for p in problems), problems


def test_misread_first_word_may_be_listed(lang, analyzer, tmp_path):
    # Morfeusz knows "Togo" only as the vocative of "toga": listing it is right, not an error
    text = entry(forms="[Togo]", unknown_to_morfeusz="[Togo]")
    assert problems_in(lang, analyzer, tmp_path, text) == []


def test_conflicting_forms_are_found_by_lemma(lang, analyzer, tmp_path):
    text = entry(id="country:rus", kind="country", country="RUS", sector="null", forms="[Rosja]") + \
        entry(id="org:ru-exiles", country="UKR", forms="[Rosji]")
    problems = problems_in(lang, analyzer, tmp_path, text)
    assert len(problems) == 2, problems  # the conflict, and "Rosji" not being a base form
    assert any("form 'Rosji' conflicts with country:rus" in p for p in problems)


def test_same_codes_under_two_ids_is_reported(lang, analyzer, tmp_path):
    text = entry(id="seat:a", forms="[Kreml]") + entry(id="seat:b", forms="[Kreml]")
    problems = problems_in(lang, analyzer, tmp_path, text)
    assert any("form 'Kreml' also claimed by seat:a" in p for p in problems), problems


def test_adjective_conflict_and_shared_forms(lang, analyzer, tmp_path):
    text = entry(id="org:a", adjectives="[rosyjski]") + \
        entry(id="org:b", country="UKR", forms="[Kijów]", adjectives="[rosyjski]")
    assert [p.split(": ", 2)[2] for p in problems_in(lang, analyzer, tmp_path, text)] == [
        "adjective 'rosyjski' conflicts with org:a (actors/test.yaml: 'rosyjski', RUS/GOV); "
        "mark it in shared_forms if intended"]
    shared = entry(id="org:a", adjectives="[rosyjski]") + \
        entry(id="org:b", country="UKR", forms="[Kijów]", adjectives="[rosyjski]", shared_forms="[rosyjski]")
    assert problems_in(lang, analyzer, tmp_path, shared) == []


def test_roles_are_compared_with_roles_only(lang, analyzer, tmp_path):
    text = entry(id="org:sejm", country="POL", sector="LEG", forms="[Sejm]") + \
        "- {id: 'role:parliament', name: parliament, kind: role, sector: LEG, forms: [sejm]}\n" + \
        "- {id: 'role:court', name: court, kind: role, sector: JUD, forms: [sejm]}\n"
    problems = problems_in(lang, analyzer, tmp_path, text)
    assert len(problems) == 1 and "role:court: form 'sejm' conflicts with role:parliament" in problems[0]


def test_actors_raises_on_the_first_problem(lang, tmp_path):
    write(tmp_path, "bad.yaml", entry(sector="ARMY") + entry(id="country:yy", country="XXX"))
    with pytest.raises(LexiconError, match=r"actors/bad.yaml: country:xx: unknown sector 'ARMY' \(and 1 more"):
        actors(lang, tmp_path)


# --- the command --------------------------------------------------------------------------

def test_cli_check_valid(tmp_path):
    write(tmp_path, "ok.yaml", VALID)
    result = CliRunner().invoke(cli, ["lexicon", "check", "--actors", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_cli_check_reports_one_line_per_problem(tmp_path):
    write(tmp_path, "bad.yaml", entry(sector="ARMY") + entry(id="country:yy", forms="[Szojgu]"))
    result = CliRunner().invoke(cli, ["lexicon", "check", "--actors", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "actors/bad.yaml: country:xx: unknown sector 'ARMY'",
        "actors/bad.yaml: country:yy: Morfeusz does not know 'Szojgu': fix it or list it in unknown_to_morfeusz",
    ]
