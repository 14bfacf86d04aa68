"""Writers for event records: JSON Lines, CSV, Parquet, a readable table, PLOVER-style JSON and a
GDELT-like table with CAMEO root codes.  See docs/export.md for every column.

CSV and Parquet share one flat column set: one row per event, lists (actors, countries,
quantities) as parallel list columns in Parquet and ``|``-joined in CSV, so pandas and
DuckDB read them with no custom code.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

FORMATS = ("table", "jsonl", "csv", "parquet", "plover", "gdelt")
LIST_SEPARATOR = "|"

_STR, _INT, _FLOAT, _BOOL, _DATE = pa.string(), pa.int32(), pa.float64(), pa.bool_(), pa.date32()
FLAT_SCHEMA = pa.schema([
    ("id", _STR), ("doc_id", _STR), ("sentence", _INT), ("sentence_start", _INT), ("sentence_end", _INT),
    ("span_start", _INT), ("span_end", _INT), ("trigger", _STR), ("event_type", _STR), ("mode", _STR),
    ("context", pa.list_(_STR)),
    ("actor_names", pa.list_(_STR)), ("actor_countries", pa.list_(_STR)), ("actor_sectors", pa.list_(_STR)),
    ("actor_ids", pa.list_(_STR)), ("recipient_names", pa.list_(_STR)), ("recipient_countries", pa.list_(_STR)),
    ("recipient_sectors", pa.list_(_STR)), ("recipient_ids", pa.list_(_STR)),
    ("location_text", _STR), ("location_name", _STR), ("location_country", _STR), ("location_lat", _FLOAT),
    ("location_lon", _FLOAT), ("location_precision", _STR),
    ("date_text", _STR), ("date_start", _DATE), ("date_end", _DATE), ("date_precision", _STR),
    ("quantity_values", pa.list_(_FLOAT)), ("quantity_units", pa.list_(_STR)),
    ("quantity_approximate", pa.list_(_BOOL)), ("quantity_texts", pa.list_(_STR)),
    ("objects", pa.list_(_STR)),
    ("source_text", _STR), ("source_name", _STR), ("source_country", _STR), ("source_sector", _STR),
    ("certainty", _STR), ("hypothetical", _BOOL), ("negated", _BOOL), ("quote", _STR), ("text", _STR),
    ("cluster", _STR),
])
FLAT_COLUMNS = tuple(FLAT_SCHEMA.names)

# PLOVER type -> CAMEO root code (two digits).  PLOVER was built by merging CAMEO roots
# (openeventdata/PLOVER, CAMEO2PLOVER); this is that crosswalk read backwards, with the
# choices documented in docs/export.md.  ASSAULT splits by mode and sector (see cameo_root).
CAMEO_ROOT = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07", "CONCEDE": "08",
    "RETREAT": "08", "REQUEST": "10", "ACCUSE": "11", "REJECT": "12", "THREATEN": "13", "PROTEST": "14",
    "MOBILIZE": "15", "SANCTION": "16", "COERCE": "17", "ASSAULT": "19",
}
MODE_ROOT = {
    ("REQUEST", "appeal"): "02", ("ACCUSE", "investigate"): "09",
    **{("ASSAULT", m): "18" for m in ("abduct", "beat", "sexual", "torture", "suicide-attack", "explosives",
                                      "assassinate", "terror", "terrorism")},
    **{("ASSAULT", m): "20" for m in ("unconventional", "cbrn", "cleansing", "mass-killing")},
}
NON_STATE_SECTORS = frozenset({"REB", "CVL", "OPP", "CRM", "PTY", "MED", "BUS", "REF"})
CAMEO_ROOT_NAMES = {
    "02": "APPEAL", "03": "EXPRESS INTENT TO COOPERATE", "04": "CONSULT",
    "05": "ENGAGE IN DIPLOMATIC COOPERATION", "06": "ENGAGE IN MATERIAL COOPERATION", "07": "PROVIDE AID",
    "08": "YIELD", "09": "INVESTIGATE", "10": "DEMAND", "11": "DISAPPROVE", "12": "REJECT", "13": "THREATEN",
    "14": "PROTEST", "15": "EXHIBIT FORCE POSTURE", "16": "REDUCE RELATIONS", "17": "COERCE", "18": "ASSAULT",
    "19": "FIGHT", "20": "USE UNCONVENTIONAL MASS VIOLENCE",
}
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "Actor1Code", "Actor1Name", "Actor1CountryCode",
    "Actor1Type1Code", "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "IsRootEvent",
    "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "SOURCEURL", "PloverType", "PloverMode", "Certainty", "KronikaEventID",
)
# GDELT's ActionGeo_Type: 1 country, 4 world city, 5 world state (first-level division).
_GEO_TYPE = {"country": "1", "city": "4", "admin1": "5"}


def cameo_root(record: dict) -> str:
    """The CAMEO root code of an event record, from its PLOVER type, mode and actors' sectors."""
    t, mode = record["event_type"], (record.get("mode") or "").lower()
    if (t, mode) in MODE_ROOT:
        return MODE_ROOT[(t, mode)]
    if t == "ASSAULT" and any(a.get("sector") in NON_STATE_SECTORS for a in record.get("actors") or ()):
        return "18"  # violence by non-state actors is CAMEO's ASSAULT, not military FIGHT
    return CAMEO_ROOT[t]


def quad_class(root: str) -> int:
    """GDELT QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    n = int(root)
    return 1 if n <= 5 else 2 if n <= 8 else 3 if n <= 13 else 4


def flat_row(r: dict) -> dict:
    """One event record as the flat row of FLAT_COLUMNS (lists stay lists)."""
    loc, date, src = r.get("location") or {}, r.get("date") or {}, r.get("source") or {}
    sspan = r.get("sentence_span") or (None, None)
    qs = r.get("quantities") or ()
    row = {
        "id": r["id"], "doc_id": r["doc_id"], "sentence": r["sentence"], "sentence_start": sspan[0],
        "sentence_end": sspan[1], "span_start": r["span"][0], "span_end": r["span"][1],
        "trigger": r["trigger"], "event_type": r["event_type"], "mode": r.get("mode"),
        "context": list(r.get("context") or ()),
        "location_text": loc.get("text"), "location_name": loc.get("name"),
        "location_country": loc.get("country"), "location_lat": loc.get("lat"), "location_lon": loc.get("lon"),
        "location_precision": loc.get("precision"), "date_text": date.get("text"),
        "date_start": dt.date.fromisoformat(date["start"]) if date else None,
        "date_end": dt.date.fromisoformat(date["end"]) if date else None,
        "date_precision": date.get("precision"),
        "quantity_values": [float(q["value"]) for q in qs], "quantity_units": [q["unit"] for q in qs],
        "quantity_approximate": [bool(q["approximate"]) for q in qs], "quantity_texts": [q["text"] for q in qs],
        "objects": list(r.get("objects") or ()), "source_text": src.get("text"), "source_name": src.get("name"),
        "source_country": src.get("country"), "source_sector": src.get("sector"), "certainty": r["certainty"],
        "hypothetical": bool(r["hypothetical"]), "negated": bool(r["negated"]), "quote": r.get("quote"),
        "text": r.get("text"), "cluster": r.get("cluster"),
    }
    for role, key in (("actor", "actors"), ("recipient", "recipients")):
        ents = r.get(key) or ()
        for field, col in (("name", "names"), ("country", "countries"), ("sector", "sectors"), ("id", "ids")):
            row[f"{role}_{col}"] = [e.get(field) for e in ents]
    return row


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else repr(value)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_csv_cell(v) for v in value)
    return str(value)


def write_jsonl(records: Iterable[dict], out: IO[str]) -> int:
    n = 0
    for n, r in enumerate(records, 1):  # noqa: B007 - n is the count returned
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
    return n


def write_csv(records: Iterable[dict], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FLAT_COLUMNS)
    n = 0
    for n, r in enumerate(records, 1):  # noqa: B007 - n is the count returned
        row = flat_row(r)
        writer.writerow([_csv_cell(row[c]) for c in FLAT_COLUMNS])
    return n


def write_parquet(records: Iterable[dict], out: IO[bytes] | str | Path, batch: int = 10_000) -> int:
    """Parquet with FLAT_SCHEMA, written in row groups so a large export never sits in memory at once."""
    n = 0
    with pq.ParquetWriter(out, FLAT_SCHEMA) as writer:
        rows: list[dict] = []
        for r in records:
            rows.append(flat_row(r))
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=FLAT_SCHEMA))
                n, rows = n + len(rows), []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=FLAT_SCHEMA))
            n += len(rows)
    return n


def _side(entities) -> str:
    return ",".join(sorted({e.get("country") or e.get("name") or "?" for e in entities or ()})) or "-"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def table_row(r: dict) -> list[str]:
    date = r.get("date")
    qty = ", ".join(f"{'~' if q['approximate'] else ''}{q['value']:g} {q['unit']}" for q in r.get("quantities") or ())
    src = r.get("source")
    flags = "".join(f for f, on in (("H", r["hypothetical"]), ("N", r["negated"])) if on)
    return [date["start"] if date else "-", r["event_type"] + (f"/{r['mode']}" if r.get("mode") else ""),
            f"{_side(r.get('actors'))} → {_side(r.get('recipients'))}", qty or "-",
            (src.get("name") or src.get("text")) if src else "-", r["certainty"] + (f" {flags}" if flags else ""),
            f"{r['doc_id']}:{r['sentence']}", r["trigger"]]


TABLE_HEADER = ["date", "type", "actor → recipient", "quantity", "source", "certainty", "where", "trigger"]
TABLE_WIDTHS = [10, 20, 22, 18, 18, 12, 24, 30]


def write_table(records: Iterable[dict], out: IO[str]) -> int:
    """A fixed-width table for the terminal; long cells are cut with an ellipsis."""
    def line(cells):
        return "  ".join(_cut(c, w).ljust(w) for c, w in zip(cells, TABLE_WIDTHS, strict=True)).rstrip() + "\n"

    out.write(line(TABLE_HEADER))
    out.write(line(["-" * w for w in TABLE_WIDTHS]))
    n = 0
    for n, r in enumerate(records, 1):  # noqa: B007 - n is the count returned
        out.write(line(table_row(r)))
    return n


def plover_record(r: dict) -> dict:
    """An event in PLOVER/POLECAT style: actor/recipient, magnitudes as size/dead/injured, story and sentence."""
    date, loc, src = r.get("date") or {}, r.get("location"), r.get("source")
    magnitude = {"size": ("troops", "people"), "dead": ("killed",), "injured": ("wounded",)}
    out = {"id": r["id"], "date": date.get("start"), "date_end": date.get("end"),
           "date_precision": date.get("precision"), "event_type": r["event_type"], "mode": r.get("mode"),
           "context": list(r.get("context") or ()), "cameo_root": cameo_root(r),
           "actor": [_plover_entity(e) for e in r.get("actors") or ()],
           "recipient": [_plover_entity(e) for e in r.get("recipients") or ()]}
    for name, units in magnitude.items():
        values = [q["value"] for q in r.get("quantities") or () if q["unit"] in units]
        out[name] = values[0] if values else None
    out.update({
        "quantities": list(r.get("quantities") or ()),
        "location": {"placename": loc["name"], "text": loc["text"], "country": loc.get("country"),
                     "lat": loc.get("lat"), "lon": loc.get("lon"), "feature_type": loc.get("precision")}
        if loc else None,
        "reported_by": _plover_entity(src) if src else None, "certainty": r["certainty"],
        "hypothetical": r["hypothetical"], "negated": r["negated"], "story_id": r["doc_id"],
        "sentence_number": r["sentence"], "event_text": r.get("text"), "trigger": r["trigger"],
        "quote": r.get("quote"), "cluster": r.get("cluster")})
    return out


def _plover_entity(e: dict) -> dict:
    return {"name": e.get("name"), "text": e.get("text"), "country": e.get("country"),
            "sector": e.get("sector"), "id": e.get("id")}


def write_plover(records: Iterable[dict], out: IO[str]) -> int:
    """A JSON array, one PLOVER-style event per line (valid JSON, still easy to stream)."""
    out.write("[")
    n = 0
    for n, r in enumerate(records, 1):  # noqa: B007 - n is the count returned
        out.write(("\n" if n == 1 else ",\n") + json.dumps(plover_record(r), ensure_ascii=False))
    out.write("\n]\n")
    return n


def gdelt_row(r: dict, counts: tuple[int, int, int]) -> dict:
    """One GDELT-like row from the first report of an event and its (mentions, sources, articles)."""
    root = cameo_root(r)
    date = r.get("date")
    day = date["start"].replace("-", "") if date else ""
    row = {"GLOBALEVENTID": r.get("cluster") or r["id"], "SQLDATE": day, "MonthYear": day[:6], "Year": day[:4],
           "IsRootEvent": 1, "EventCode": root, "EventBaseCode": root, "EventRootCode": root,
           "QuadClass": quad_class(root), "NumMentions": counts[0], "NumSources": counts[1],
           "NumArticles": counts[2], "SOURCEURL": r["doc_id"], "PloverType": r["event_type"],
           "PloverMode": r.get("mode") or "", "Certainty": r["certainty"], "KronikaEventID": r["id"]}
    for n, key in ((1, "actors"), (2, "recipients")):
        first = (r.get(key) or [{}])[0]
        country, sector = first.get("country") or "", first.get("sector") or ""
        row.update({f"Actor{n}Code": country + sector, f"Actor{n}Name": first.get("name") or "",
                    f"Actor{n}CountryCode": country, f"Actor{n}Type1Code": sector})
    loc = r.get("location") or {}
    row.update({"ActionGeo_Type": _GEO_TYPE.get(loc.get("precision") or "", ""),
                "ActionGeo_FullName": loc.get("name") or "", "ActionGeo_CountryCode": loc.get("country") or "",
                "ActionGeo_Lat": loc.get("lat"), "ActionGeo_Long": loc.get("lon")})
    return row


def write_gdelt(records: Iterable[dict], out: IO[str], clusters: dict[str, dict] | None = None) -> int:
    """Tab-separated, one row per event cluster (its first report), with a header row.

    Counts come from ``clusters`` (``store.Store.clusters``) when given, else from the records seen.
    """
    first: dict[str, dict] = {}
    seen: dict[str, list[dict]] = {}
    for r in records:
        key = r.get("cluster") or f"{r['doc_id']}#{r['id']}"
        first.setdefault(key, r)
        seen.setdefault(key, []).append(r)
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(GDELT_COLUMNS)
    for key, r in first.items():
        stored = (clusters or {}).get(r.get("cluster") or "")
        docs = {x["doc_id"] for x in seen[key]}
        counts = ((stored["mentions"], stored["sources"], stored["documents"]) if stored
                  else (len(seen[key]), len(docs), len(docs)))
        row = gdelt_row(r, counts)
        writer.writerow([_csv_cell(row[c]) for c in GDELT_COLUMNS])
    return len(first)


def write_rows(rows: list[dict], fmt: str, out: IO[str]) -> int:
    """Plain rows of one shape (e.g. counts from ``store.Store.stats``) as a table, JSON Lines or CSV."""
    if fmt == "jsonl":
        return write_jsonl(rows, out)
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_csv_cell(r[c]) for c in columns] for r in rows])
        return len(rows)
    cells = [[str(c) for c in columns]] + [[_csv_cell(r[c]) for c in columns] for r in rows]
    widths = [max(len(row[k]) for row in cells) for k in range(len(columns))]
    for n, row in enumerate(cells):  # counts right-aligned under their header
        out.write("  ".join(c.rjust(w) if n and c.isdigit() else c.ljust(w)
                            for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
    return len(rows)


def write_records(records: Iterable[dict], fmt: str, path_or_stream, clusters: dict[str, dict] | None = None) -> int:
    """Write event records as ``fmt`` (one of FORMATS) to a path or an open stream; returns the count.

    A text stream given for Parquet is written through its binary buffer.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(path_or_stream, str | Path):
        with open(path_or_stream, "wb" if fmt == "parquet" else "w", encoding=None if fmt == "parquet"
                  else "utf-8", newline=None if fmt == "parquet" else "") as fh:
            return write_records(records, fmt, fh, clusters)
    out = path_or_stream
    if fmt == "parquet":
        binary = out.buffer if isinstance(out, io.TextIOBase) and hasattr(out, "buffer") else out
        return write_parquet(records, binary)
    if fmt == "gdelt":
        return write_gdelt(records, out, clusters)
    writer = {"jsonl": write_jsonl, "csv": write_csv, "table": write_table, "plover": write_plover}[fmt]
    return writer(records, out)
