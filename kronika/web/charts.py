"""Chart data for the timeline, network and map pages, and the geometry their SVG is drawn from.

Everything is computed here from ``Store.stats`` rows, so the page needs no
chart library: the template draws rectangles, lines and circles at the numbers
given, and the JSON twin carries the same numbers.
"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from kronika.export import CAMEO_ROOT, quad_class

# Cooperation vs conflict by GDELT's QuadClass of the type's CAMEO root (export.CAMEO_ROOT):
# quad 1-2 (verbal and material cooperation) vs 3-4 (verbal and material conflict).
CONFLICT_TYPES = frozenset(t for t, root in CAMEO_ROOT.items() if quad_class(root) >= 3)
TIMELINE_SIZE = (900, 280)
NETWORK_SIZE = (900, 560)
MAP_VIEWBOX = (0, 0, 360, 150)
GRAVITY = 0.3  # equirectangular, 90°N down to 60°S


def is_conflict(event_type: str) -> bool:
    return event_type in CONFLICT_TYPES


def _next_period(period: str, kind: str) -> str:
    if kind == "week":
        return (dt.date.fromisoformat(period) + dt.timedelta(days=7)).isoformat()
    year, month = int(period[:4]), int(period[5:7])
    return f"{year + month // 12}-{month % 12 + 1:02d}"


def period_range(first: str, last: str, kind: str, cap: int = 1000) -> list[str]:
    """Every month (``YYYY-MM``) or week (its Monday) from first to last, so empty ones show as gaps."""
    out = [first]
    while out[-1] < last and len(out) < cap:
        out.append(_next_period(out[-1], kind))
    return out


def timeline(rows: list[dict], kind: str) -> dict:
    """Events per period and type from ``stats((kind, "type"))`` rows; undated events are counted apart."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    undated = 0
    for r in rows:
        if r[kind] == "undated":
            undated += r["events"]
        else:
            counts[r[kind]][r["type"]] = counts[r[kind]].get(r["type"], 0) + r["events"]
    periods = period_range(min(counts), max(counts), kind) if counts else []
    types = sorted({t for c in counts.values() for t in c})
    series = [{"period": p, "total": sum(counts.get(p, {}).values()), "by_type": counts.get(p, {})}
              for p in periods]
    return {"period": kind, "types": types, "series": series, "undated": undated}


def timeline_bars(data: dict) -> dict:
    """Stacked bars (SVG coordinates) for ``timeline`` data, with a y-axis scale and x labels."""
    width, height = TIMELINE_SIZE
    left, bottom, top = 40, 40, 10
    series = data["series"]
    peak = max((s["total"] for s in series), default=0) or 1
    step = (width - left) / max(1, len(series))
    scale = (height - bottom - top) / peak
    bars = []
    for i, s in enumerate(series):
        y, stack = height - bottom, []
        for t in data["types"]:
            n = s["by_type"].get(t, 0)
            if n:
                y -= n * scale
                stack.append({"type": t, "n": n, "y": round(y, 1), "h": round(n * scale, 1)})
        bars.append({"x": round(left + i * step + step * 0.1, 1), "w": round(max(step * 0.8, 1), 1),
                     "period": s["period"], "total": s["total"], "stack": stack,
                     "label": s["period"] if i % max(1, len(series) // 12) == 0 else None})
    ticks = [{"value": v, "y": round(height - bottom - v * scale, 1)} for v in _ticks(peak)]
    return {"width": width, "height": height, "left": left, "base": height - bottom, "bars": bars,
            "ticks": ticks}


def _ticks(peak: int) -> list[int]:
    step = max(1, 10 ** int(math.log10(peak)) if peak >= 10 else 1)
    while peak / step > 6:
        step *= 2
    return list(range(0, peak + 1, step))


def network(rows: list[dict], max_nodes: int = 40) -> dict:
    """Actors as nodes and dyads as edges from ``stats(("dyad", "type"))`` rows; an edge joins two
    sides either way round and counts cooperation and conflict apart.  Events missing a side, or with
    the same on both, make no edge.  Only the ``max_nodes`` busiest sides are kept."""
    edges: dict[tuple[str, str], dict] = {}
    weight: dict[str, int] = defaultdict(int)
    for r in rows:
        a, b = r["actor"], r["recipient"]
        if "-" in (a, b) or a == b:
            continue
        e = edges.setdefault(tuple(sorted((a, b))), {"events": 0, "cooperation": 0, "conflict": 0,
                                                      "by_type": defaultdict(int), "directions": defaultdict(int)})
        e["events"] += r["events"]
        e["conflict" if is_conflict(r["type"]) else "cooperation"] += r["events"]
        e["by_type"][r["type"]] += r["events"]
        e["directions"][f"{a} → {b}"] += r["events"]
        weight[a] += r["events"]
        weight[b] += r["events"]
    kept = sorted(weight, key=lambda n: (-weight[n], n))[:max_nodes]
    out_edges = []
    for (a, b), e in sorted(edges.items(), key=lambda kv: (-kv[1]["events"], kv[0])):
        if a in kept and b in kept:
            share = e["conflict"] / e["events"]
            out_edges.append({"source": a, "target": b, "events": e["events"], "cooperation": e["cooperation"],
                              "conflict": e["conflict"], "conflict_share": round(share, 3),
                              "tone": "conflict" if share >= 2 / 3 else "cooperation" if share <= 1 / 3 else "mixed",
                              "by_type": dict(e["by_type"]), "directions": dict(e["directions"])})
    nodes = [{"id": n, "events": weight[n]} for n in kept]
    return {"nodes": nodes, "edges": out_edges, "dropped_nodes": max(0, len(weight) - len(kept))}


def layout(data: dict, iterations: int = 300) -> dict:
    """Positions of the network's nodes by a deterministic force layout (Fruchterman-Reingold from a
    circle), with circle radii and edge widths, in SVG coordinates."""
    width, height = NETWORK_SIZE
    ids = [n["id"] for n in data["nodes"]]
    n = len(ids)
    pos = {v: [math.cos(2 * math.pi * i / max(n, 1)), math.sin(2 * math.pi * i / max(n, 1))] for i, v in enumerate(ids)}
    k = math.sqrt(4 / max(n, 1))
    pairs = [(e["source"], e["target"]) for e in data["edges"]]
    for step in range(iterations):
        heat = 0.1 * (1 - step / iterations) + 0.002
        move = {v: [0.0, 0.0] for v in ids}
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                d2 = max(dx * dx + dy * dy, 1e-4)
                f = k * k / d2
                move[a][0] += dx * f
                move[a][1] += dy * f
                move[b][0] -= dx * f
                move[b][1] -= dy * f
        for a, b in pairs:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            d = math.sqrt(dx * dx + dy * dy) or 1e-2
            for v, sign in ((a, -1), (b, 1)):
                move[v][0] += sign * dx * d / k
                move[v][1] += sign * dy * d / k
        for v in ids:  # gravity keeps separate groups of actors on the canvas, not at its corners
            move[v][0] -= pos[v][0] * GRAVITY / k
            move[v][1] -= pos[v][1] * GRAVITY / k
            mx, my = move[v]
            length = math.sqrt(mx * mx + my * my) or 1
            pos[v][0] += mx / length * min(length, heat)
            pos[v][1] += my / length * min(length, heat)
    return _fit(data, pos, width, height)


def _fit(data: dict, pos: dict, width: int, height: int, pad: int = 60) -> dict:
    xs = [p[0] for p in pos.values()] or [0]
    ys = [p[1] for p in pos.values()] or [0]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    at = {v: (round(pad + (p[0] - min(xs)) / span_x * (width - 2 * pad), 1) if len(pos) > 1 else width / 2,
              round(pad + (p[1] - min(ys)) / span_y * (height - 2 * pad), 1) if len(pos) > 1 else height / 2)
          for v, p in pos.items()}
    peak_node = max((nd["events"] for nd in data["nodes"]), default=1)
    peak_edge = max((e["events"] for e in data["edges"]), default=1)
    nodes = [{**nd, "x": at[nd["id"]][0], "y": at[nd["id"]][1],
              "r": round(6 + 18 * math.sqrt(nd["events"] / peak_node), 1)} for nd in data["nodes"]]
    edges = [{**e, "x1": at[e["source"]][0], "y1": at[e["source"]][1], "x2": at[e["target"]][0],
              "y2": at[e["target"]][1], "width": round(1.5 + 8 * math.sqrt(e["events"] / peak_edge), 1)}
             for e in data["edges"]]
    return {**data, "nodes": nodes, "edges": edges, "width": width, "height": height}


def places(rows: list[dict]) -> dict:
    """Event places with coordinates from ``stats("place")`` rows, events per location country, and how
    many events have no coordinates."""
    points, by_country, unlocated = [], defaultdict(int), 0
    for r in rows:
        if r["lat"] is None or r["lon"] is None:
            unlocated += r["events"]
            continue
        points.append({"place": r["place"], "country": r["country"], "lat": r["lat"], "lon": r["lon"],
                       "events": r["events"]})
        if r["country"]:
            by_country[r["country"]] += r["events"]
    points.sort(key=lambda p: (-p["events"], p["place"] or ""))
    return {"places": points, "countries": dict(sorted(by_country.items())), "unlocated": unlocated}


def map_geometry(data: dict) -> dict:
    """Projected circles (x = lon + 180, y = 90 - lat) and a shade 1-5 for each country with events."""
    peak = max((p["events"] for p in data["places"]), default=1)
    circles = [{**p, "x": round(p["lon"] + 180, 2), "y": round(90 - p["lat"], 2),
                "r": round(1.2 + 4 * math.sqrt(p["events"] / peak), 2)} for p in data["places"]]
    top = max(data["countries"].values(), default=1)
    shade = {c: 1 + min(4, int(4 * n / top)) for c, n in data["countries"].items()}
    return {"circles": circles, "shade": shade, "viewbox": " ".join(map(str, MAP_VIEWBOX))}
