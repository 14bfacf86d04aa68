"""The places gazetteer: its data (places.tsv, country_centroids.tsv), coverage and exact lookups."""
from __future__ import annotations

import unicodedata

import pytest

from kronika.gazetteer import PRECISIONS, build_gazetteer, form_key, gazetteer
from kronika.lang import Language, LexiconError, load
from kronika.morphology import Analyzer

UKRAINIAN_OBLAST_CENTRES = [
    "Winnica", "Łuck", "Dniepr", "Donieck", "Żytomierz", "Użhorod", "Zaporoże", "Iwano-Frankiwsk",
    "Kijów", "Kropywnycki", "Ługańsk", "Lwów", "Mikołajów", "Odessa", "Połtawa", "Równe", "Sumy",
    "Tarnopol", "Charków", "Chersoń", "Chmielnicki", "Czerkasy", "Czerniowce", "Czernihów", "Symferopol",
]
FRONT_LINE_TOWNS = [
    "Bachmut", "Awdijiwka", "Pokrowsk", "Kupiańsk", "Wuhłedar", "Czasiw Jar", "Kramatorsk", "Słowiańsk",
    "Toreck", "Siwersk", "Lyman", "Łyman", "Mariupol", "Melitopol", "Berdiańsk", "Enerhodar", "Nowa Kachowka",
    "Sołedar", "Kurachowe", "Robotyne", "Wowczańsk", "Siewierodonieck", "Lisiczańsk", "Izium", "Chersoń",
]


@pytest.fixture(scope="module")
def lang():
    return load("pl")


@pytest.fixture(scope="module")
def gaz(lang):
    return gazetteer(lang)


@pytest.fixture(scope="module")
def rows(lang):
    return lang.table("places.tsv", ("id",))


@pytest.fixture(scope="module")
def centroids(lang):
    return {r["country"]: r for r in lang.table("country_centroids.tsv", ("country", "iso2", "lat", "lon"))}


# --- the data -------------------------------------------------------------------------------------

def test_every_row_is_valid(rows, centroids):
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    known = set(ids)
    for r in rows:
        where = f"places.tsv:{r['_line']} {r['id']}"
        assert r["precision"] in PRECISIONS, where
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, where
        assert r["country"] in centroids or (r["country"] == "" and r["precision"] in {"sea", "region", "landmark"}), where
        assert r["forms"].strip(), where
        for ref in [r["parent"], *r["centre"].split("|")]:
            assert not ref or ref in known, f"{where}: unknown reference {ref}"
        assert r["id"].split(":")[0] in {"geonames", "country", "pl"}, where


def test_country_codes_are_iso_alpha3(centroids):
    pycountry = pytest.importorskip("pycountry")
    official = {c.alpha_3 for c in pycountry.countries}
    assert set(centroids) - official == {"XKX"}  # Kosovo: user-assigned code, as geonames and the EU use it
    for code, r in centroids.items():
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, code


def test_every_country_has_its_centroid(gaz, centroids):
    for code, r in centroids.items():
        place = gaz.country(code)
        assert place is not None and place.precision == "country", code
        assert (place.lat, place.lon) == (float(r["lat"]), float(r["lon"])), code


# Correct Polish names that Morfeusz reads only as inflected forms of other words (reviewed):
# "Togo" as the vocative of "toga", "Akra" (Accra) as a genitive, "Saratów" as a genitive plural.
MORFEUSZ_GAPS = {"Togo", "Akra", "Saratów"}


def test_forms_are_base_forms_morfeusz_knows_or_listed(rows):
    """Each word is analysed by Morfeusz unless listed as unknown; a one-word form can be nominative.

    (The second check catches an inflected form entered by mistake, "Kijowie" for "Kijów"; a
    multiword foreign name's first word, "Belo Horizonte", says nothing about case.)
    """
    analyzer = Analyzer()
    problems = []
    for r in rows:
        listed = set(filter(None, r["unknown_to_morfeusz"].split("|")))
        for form in r["forms"].split("|"):
            words = form.split()
            for w in words:
                unknown = all(i.tag == "ign" for i in analyzer.analyse(w))
                if unknown != (w in listed):
                    problems.append(f"{r['id']}: {w!r} unknown={unknown}, listed={w in listed}")
            if len(words) == 1 and form not in MORFEUSZ_GAPS and not can_be_base(form, analyzer):
                problems.append(f"{r['id']}: form {form!r} is not a base form")
    assert not problems, problems[:20]


def can_be_base(word: str, analyzer: Analyzer) -> bool:
    """Unknown to Morfeusz, undeclinable, or nominative in some reading."""
    return any(i.tag == "ign" or not i.feats.case or "nom" in i.feats.case for i in analyzer.analyse(word))


def test_the_base_form_check_catches_inflected_forms():
    analyzer = Analyzer()
    assert [w for w in ["Paryżu", "Charkowa", "Moskwie", "Paryż", "Charków", "Bachmut"]
            if not can_be_base(w, analyzer)] == ["Paryżu", "Charkowa", "Moskwie"]


def test_forms_are_latin_script(rows):
    for r in rows:
        for form in r["forms"].split("|"):
            assert all(c.isascii() or c in "’" or "LATIN" in unicodedata.name(c, "") for c in form), (r["id"], form)


# --- the loader rejects bad data with file, entry and reason ----------------------------------------

HEADER = "id\tname\tcountry\tprecision\tlat\tlon\tforms\tpopulation\tparent\tcentre\n"
GOOD = "country:xxa\tArcadia\tXXA\tcountry\t10\t20\tArkadia\t100\t\t\n"


@pytest.mark.parametrize("bad, reason", [
    ("pl:a\tA\tXXA\ttown\t1\t2\tA\t\t\t\n", "precision"),
    ("pl:a\tA\tXXA\tcity\t95\t2\tA\t\t\t\n", "lat"),
    ("pl:a\tA\tXXA\tcity\t1\tabc\tA\t\t\t\n", "lon"),
    ("pl:a\tA\tXA\tcity\t1\t2\tA\t\t\t\n", "alpha-3"),
    ("pl:a\tA\tXXB\tcity\t1\t2\tA\t\t\t\n", "no row of precision 'country'"),
    ("pl:a\tA\t\tcity\t1\t2\tA\t\t\t\n", "needs a country"),
    ("pl:a\tA\tXXA\tcity\t1\t2\tA\t\tpl:nowhere\t\n", "unknown place"),
    ("country:xxa\tA\tXXA\tcity\t1\t2\tA\t\t\t\n", "duplicate id"),
    ("pl:a\tA\tXXA\tcity\t1\t2\tA\tmany\t\t\n", "population"),
])
def test_loader_names_file_entry_and_reason(tmp_path, bad, reason):
    (tmp_path / "places.tsv").write_text("# test\n" + HEADER + GOOD + bad, encoding="utf-8")
    with pytest.raises(LexiconError, match=reason) as err:
        build_gazetteer(Language("xx", tmp_path))
    assert "places.tsv" in str(err.value)


def test_loader_accepts_a_good_file(tmp_path):
    (tmp_path / "places.tsv").write_text(
        HEADER + GOOD + "pl:b\tBeta\tXXA\tcity\t1\t2\tBeta|Betów\t5\tcountry:xxa\t\n"
        "pl:sea\tSea\t\tsea\t0\t0\tMorze Arkadyjskie\t\t\t\n", encoding="utf-8")
    g = build_gazetteer(Language("xx", tmp_path))
    assert g.best("betów").id == "pl:b" and g.parent("pl:b").id == "country:xxa" and len(g) == 3


# --- coverage ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("form", UKRAINIAN_OBLAST_CENTRES)
def test_every_ukrainian_oblast_centre_and_its_oblast(gaz, form):
    city = gaz.best(form)
    assert city is not None and city.country == "UKR" and city.precision == "city", form
    region = gaz.region_centred_on(city.id)
    assert region is not None and region.precision == "admin1" and region.country == "UKR", form


def test_every_ukrainian_oblast_has_a_centre_and_an_adjective_form(gaz, rows):
    oblasts = [r for r in rows if r["country"] == "UKR" and r["precision"] == "admin1"]
    assert len(oblasts) == 25  # 24 oblasts and Crimea
    for r in oblasts:
        assert r["centre"], r["id"]
        assert any(f.startswith("obwód ") for f in r["forms"].split("|")) or r["id"] == "pl:crimea", r["id"]


@pytest.mark.parametrize("form", FRONT_LINE_TOWNS)
def test_front_line_towns(gaz, form):
    place = gaz.best(form)
    assert place is not None and place.country == "UKR" and place.precision == "city", form
    lat, lon = place.lat, place.lon
    assert 44 <= lat <= 52.5 and 22 <= lon <= 40.5, (form, lat, lon)  # inside Ukraine's box


@pytest.mark.parametrize("form, name, country, precision", [
    ("obwód kurski", "Kursk Oblast", "RUS", "admin1"),
    ("Obwód Kurski", "Kursk Oblast", "RUS", "admin1"),
    ("region kurski", "Kursk Oblast", "RUS", "admin1"),
    ("obwód biełgorodzki", "Belgorod Oblast", "RUS", "admin1"),
    ("obwód królewiecki", "Kaliningrad Oblast", "RUS", "admin1"),
    ("kraj krasnodarski", "Krasnodar Krai", "RUS", "admin1"),
    ("Sudża", "Sudzha", "RUS", "city"),
    ("Rostów nad Donem", "Rostov-on-Don", "RUS", "city"),
    ("Biełgorod", "Belgorod", "RUS", "city"),
    ("Morze Czarne", "Black Sea", None, "sea"),
    ("Morze Azowskie", "Sea of Azov", None, "sea"),
    ("Bałtyk", "Baltic Sea", None, "sea"),
    ("Cieśnina Kerczeńska", "Kerch Strait", None, "sea"),
    ("Cieśnina Tajwańska", "Taiwan Strait", None, "sea"),
    ("Bosfor", "Bosphorus", None, "sea"),
    ("Zatoka Perska", "Persian Gulf", None, "sea"),
    ("Krym", "Crimea", "UKR", "admin1"),
    ("Donbas", "Donbas", "UKR", "region"),
    ("obwód zaporoski", "Zaporizhzhia Oblast", "UKR", "admin1"),
    ("Zaporoska Elektrownia Atomowa", "Zaporizhzhia Nuclear Power Plant", "UKR", "landmark"),
    ("Most Krymski", "Crimean Bridge", None, "landmark"),
    ("Strefa Gazy", "Gaza Strip", "PSE", "region"),
    ("Zachodni Brzeg", "West Bank", "PSE", "region"),
    ("Wzgórza Golan", "Golan Heights", "SYR", "region"),
    ("Chan Junus", "Khan Yunis", "PSE", "city"),
    ("Bejrut", "Beirut", "LBN", "city"),
    ("Naddniestrze", "Transnistria", "MDA", "region"),
    ("Abchazja", "Abkhazia", "GEO", "region"),
    ("Górski Karabach", "Nagorno-Karabakh", "AZE", "region"),
    ("Bałkany", "Balkans", None, "region"),
    ("Półwysep Koreański", "Korean Peninsula", None, "region"),
    ("kraje bałtyckie", "Baltic states", None, "region"),
    ("Paryż", "Paris", "FRA", "city"),
    ("Seul", "Seoul", "KOR", "city"),
    ("Pjongjang", "Pyongyang", "PRK", "city"),
    ("Waszyngton", "Washington", "USA", "city"),
    ("Warszawa", "Warsaw", "POL", "city"),
    ("województwo mazowieckie", "Masovian Voivodeship", "POL", "admin1"),
    ("Korea Północna", "North Korea", "PRK", "country"),
    ("Stany Zjednoczone", "United States", "USA", "country"),
    ("Polska", "Poland", "POL", "country"),
])
def test_named_places(gaz, form, name, country, precision):
    place = gaz.best(form)
    assert place is not None, form
    assert (place.name, place.country, place.precision) == (name, country, precision)


def test_region_of_a_city_in_the_genitive_resolves_to_its_oblast(gaz):
    """"region Kurska": the recognizer finds Kursk and asks which region it is the centre of."""
    kursk = gaz.best("Kursk")
    assert gaz.region_centred_on(kursk.id).id == "pl:kursk-oblast"
    assert [p.id for p in gaz.containing(kursk.id)] == ["pl:kursk-oblast", "country:rus"]
    assert gaz.parent("pl:kursk-oblast").id == "country:rus"
    sudzha = gaz.best("Sudża")
    assert gaz.region_centred_on(sudzha.id) is None  # inside the oblast, not its centre
    assert gaz.parent(sudzha.id).id == "pl:kursk-oblast"


def test_every_capital_of_a_large_country_is_found(gaz):
    for form, country in [("Moskwa", "RUS"), ("Kijów", "UKR"), ("Pekin", "CHN"), ("Teheran", "IRN"),
                          ("Berlin", "DEU"), ("Londyn", "GBR"), ("Tokio", "JPN"), ("Mińsk", "BLR"),
                          ("Wilno", "LTU"), ("Ryga", "LVA"), ("Tallinn", "EST"), ("Kiszyniów", "MDA")]:
        assert gaz.best(form).country == country, form


def test_clashes_are_settled_by_population(gaz):
    assert gaz.best("Meksyk").precision == "country"  # the country before Mexico City
    assert gaz.best("Gaza").id == "pl:gaza-strip"
    assert [p.country for p in gaz.lookup("Trypolis")] == ["LBY", "LBN"]


# --- lookups that must not match ----------------------------------------------------------------

@pytest.mark.parametrize("form", ["Seu", "Se", "Kijo", "Kijow", "obwód", "kurski", "Morze", "Cieśnina",
                                  "Newcastle upon Seul", "Paryżu", "Kijowie"])
def test_no_substring_or_inflected_matches(gaz, form):
    assert gaz.lookup(form) == ()


def test_seoul_never_finds_newcastle(gaz):
    assert [p.name for p in gaz.lookup("Seul")] == ["Seoul"]
    assert all("Seul" not in p.name for p in gaz.lookup("Newcastle"))


@pytest.mark.parametrize("word", ["Koło", "Wola", "Turek", "Września", "Nice", "Bata"])
def test_towns_named_like_common_words_are_left_out(gaz, word):
    """A generated form that Morfeusz reads as a common word is dropped: "Koło" is also "near"."""
    assert gaz.lookup(word) == ()


def test_lookup_is_case_insensitive_and_keeps_diacritics(gaz):
    assert gaz.best("KIJÓW") == gaz.best("kijów") == gaz.best("Kijów")
    assert form_key("  Morze   Czarne ") == "morze czarne"
    assert gaz.get("geonames:703448").name == "Kyiv" and gaz.get("nope") is None


def test_forms_list_the_best_place_of_each_form_first(gaz):
    seen: dict[str, str] = {}
    for text, place in gaz.forms():
        seen.setdefault(form_key(text), place.id)
    assert seen["gaza"] == "pl:gaza-strip" and seen["kijów"] == "geonames:703448"
    assert seen["obwód kurski"] == "pl:kursk-oblast"
