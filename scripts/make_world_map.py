"""Build the web map's world outline (kronika/web/static/world-110m.json) from world-atlas TopoJSON.

Input: ``countries-110m.json`` of the npm package world-atlas 2.x (ISC licence, Mike Bostock),
Natural Earth 1:110m admin-0 boundaries (public domain).  Get it with the npm client::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/make_world_map.py package/countries-110m.json > kronika/web/static/world-110m.json

Output: every country as one SVG path in an equirectangular projection on a 360 x 180 canvas
(x = longitude + 180, y = 90 - latitude) at 0.1 degree, Antarctica left out, keyed by ISO 3166-1 alpha-3 (pycountry,
from the numeric ids; a few disputed areas without an id keep their name only).  The web app draws
these paths as they are, so the map needs no JavaScript library and no network.
"""
from __future__ import annotations

import json
import sys

import pycountry


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs (quantized, delta-encoded) as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list, indices: list[int]) -> list[tuple[float, float]]:
    """One closed ring from arc indices (a negative index ~i is arc i reversed)."""
    points: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(r: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian made continuous (longitudes may leave -180..180)."""
    out = [r[0]]
    for lon, lat in r[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        out.append((lon, lat))
    return out


def path(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data of rings, projected and rounded; consecutive equal points dropped.  A ring that
    crosses the antimeridian (Chukotka, Fiji) is drawn twice, 360 degrees apart; the map's frame
    clips what falls outside."""
    parts = []
    for r in map(unwrap, rings):
        lons = [lon for lon, _ in r]
        shifts = [0] + ([-360] if max(lons) > 180 else []) + ([360] if min(lons) < -180 else [])
        for shift in shifts:
            coords = []
            for lon, lat in r:
                xy = f"{lon + shift + 180:.1f} {90 - lat:.1f}"
                if not coords or coords[-1] != xy:
                    coords.append(xy)
            if len(coords) >= 3:
                parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)


def country_code(numeric: str | None) -> str | None:
    found = pycountry.countries.get(numeric=numeric) if numeric else None
    return found.alpha_3 if found else None


def main(argv: list[str]) -> int:
    topology = json.loads(open(argv[1], encoding="utf-8").read())
    arcs = decode_arcs(topology)
    countries = []
    for g in topology["objects"]["countries"]["geometries"]:
        if g.get("id") == "010":  # Antarctica: below the map's frame (60°S), and it wraps the whole globe
            continue
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        d = path([ring(arcs, r) for polygon in polygons for r in polygon])
        countries.append({"iso": country_code(g.get("id")), "name": g["properties"]["name"], "d": d})
    countries.sort(key=lambda c: (c["iso"] or "~", c["name"]))
    out = {"source": "world-atlas 2.0.2 countries-110m (Natural Earth 4.1.0 admin-0, 1:110m)",
           "licence": "Natural Earth: public domain; world-atlas: ISC, Copyright 2013-2019 Michael Bostock",
           "projection": "equirectangular, x = lon + 180, y = 90 - lat, viewBox 0 0 360 180",
           "countries": countries}
    json.dump(out, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
