"""The corpus store: one SQLite file (WAL); the only module in Kronika that speaks SQL.

One writer connection (the process that ingests), any number of read-only
connections.  A document is written in one transaction together with its
sentences, mentions and events, so a killed process leaves either the old or
the new version of a document, never a mix.  Schema changes are named, ordered
migrations recorded in the ``migrations`` table.  Each event keeps its record
JSON verbatim (a round trip gives back the identical record) next to the
columns that queries filter on.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kronika.query import EventFilter

DEFAULT_PATH = "kronika.db"

MIGRATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("0001_documents_and_events", (
        """CREATE TABLE runs (id INTEGER PRIMARY KEY, command TEXT NOT NULL, started_at TEXT NOT NULL,
            finished_at TEXT, status TEXT NOT NULL, lexicon_version TEXT NOT NULL,
            kronika_version TEXT NOT NULL, inputs TEXT NOT NULL,
            ingested INTEGER, unchanged INTEGER, failed INTEGER)""",
        """CREATE TABLE run_problems (run_id INTEGER NOT NULL REFERENCES runs(id),
            label TEXT NOT NULL, message TEXT NOT NULL)""",
        "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE documents (id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, title TEXT,
            published TEXT, source TEXT, url TEXT, language TEXT, meta TEXT NOT NULL, text TEXT NOT NULL,
            lexicon_version TEXT NOT NULL, run_id INTEGER REFERENCES runs(id), coded_at TEXT NOT NULL,
            n_events INTEGER NOT NULL)""",
        """CREATE TABLE sentences (doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, lemmas TEXT NOT NULL,
            PRIMARY KEY (doc_id, idx)) WITHOUT ROWID""",
        """CREATE TABLE mentions (doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, sentence INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
            text TEXT NOT NULL, kind TEXT, base TEXT, rule TEXT, refers TEXT NOT NULL, place TEXT,
            PRIMARY KEY (doc_id, idx)) WITHOUT ROWID""",
        """CREATE TABLE events (eid INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
            id TEXT NOT NULL, sentence INTEGER NOT NULL, sentence_start INTEGER, sentence_end INTEGER,
            span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, trigger TEXT NOT NULL, text TEXT,
            event_type TEXT NOT NULL, mode TEXT, context TEXT NOT NULL,
            location_text TEXT, location_name TEXT, location_country TEXT, lat REAL, lon REAL,
            location_precision TEXT, date_text TEXT, date_start TEXT, date_end TEXT, date_precision TEXT,
            objects TEXT NOT NULL, source_text TEXT, source_name TEXT, source_country TEXT,
            source_sector TEXT, source_id TEXT, certainty TEXT NOT NULL, hypothetical INTEGER NOT NULL,
            negated INTEGER NOT NULL, quote TEXT, record TEXT NOT NULL, UNIQUE (doc_id, seq))""",
        """CREATE TABLE event_entities (eid INTEGER NOT NULL REFERENCES events(eid) ON DELETE CASCADE,
            role TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT, name TEXT, country TEXT, sector TEXT,
            entity_id TEXT, span_start INTEGER, span_end INTEGER, PRIMARY KEY (eid, role, idx))""",
        """CREATE TABLE event_quantities (eid INTEGER NOT NULL REFERENCES events(eid) ON DELETE CASCADE,
            idx INTEGER NOT NULL, text TEXT, value REAL NOT NULL, approximate INTEGER NOT NULL,
            unit TEXT NOT NULL, currency TEXT, PRIMARY KEY (eid, idx))""",
        "CREATE INDEX events_id ON events(id)",
        "CREATE INDEX events_type ON events(event_type, mode)",
        "CREATE INDEX events_date ON events(date_start, date_end)",
        "CREATE INDEX entities_country ON event_entities(country, role)",
        "CREATE INDEX entities_name ON event_entities(name COLLATE NOCASE)",
        "CREATE INDEX documents_published ON documents(published)",
    )),
    ("0002_event_text_search", (
        # Sentence text, its lemmas (so ``żołnierz`` finds ``żołnierzy``) and participants' names.
        "CREATE VIRTUAL TABLE events_fts USING fts5(text, lemmas, names, tokenize='unicode61')",
    )),
    ("0003_event_clusters", (
        """CREATE TABLE clusters (id TEXT PRIMARY KEY, event_type TEXT NOT NULL, mode TEXT,
            first_date TEXT, last_date TEXT, mentions INTEGER NOT NULL, documents INTEGER NOT NULL,
            sources INTEGER NOT NULL, summary TEXT NOT NULL)""",
        """CREATE TABLE cluster_members (eid INTEGER PRIMARY KEY REFERENCES events(eid) ON DELETE CASCADE,
            cluster_id TEXT NOT NULL)""",
        "CREATE INDEX cluster_members_cluster ON cluster_members(cluster_id)",
        """CREATE TABLE cluster_links (cluster_id TEXT NOT NULL,
            a_eid INTEGER NOT NULL REFERENCES events(eid) ON DELETE CASCADE,
            b_eid INTEGER NOT NULL REFERENCES events(eid) ON DELETE CASCADE,
            score REAL NOT NULL, reasons TEXT NOT NULL)""",
        "CREATE INDEX cluster_links_cluster ON cluster_links(cluster_id)",
    )),
)

_EVENT_COLUMNS = ("doc_id, seq, id, sentence, sentence_start, sentence_end, span_start, span_end, trigger,"
                  " text, event_type, mode, context, location_text, location_name, location_country, lat, lon,"
                  " location_precision, date_text, date_start, date_end, date_precision, objects, source_text,"
                  " source_name, source_country, source_sector, source_id, certainty, hypothetical, negated,"
                  " quote, record")
_EVENT_INSERT = f"INSERT INTO events({_EVENT_COLUMNS}) VALUES ({', '.join('?' * len(_EVENT_COLUMNS.split(',')))})"
_CLUSTER_COLUMNS = "id, event_type, mode, first_date, last_date, mentions, documents, sources, summary"
_DIGEST_SQL = {
    "events": "SELECT doc_id, seq, record FROM events ORDER BY doc_id, seq",
    # lexicon_version and coded_at say when and with what a document was coded: provenance, not content
    "documents": "SELECT id, content_hash, title, published, source, url, n_events FROM documents ORDER BY id",
    "sentences": "SELECT doc_id, idx, start, end, lemmas FROM sentences ORDER BY doc_id, idx",
    "mentions": "SELECT doc_id, idx, sentence, start, end, text, kind, base, rule, refers, place FROM mentions"
                " ORDER BY doc_id, idx",
    "clusters": f"SELECT {_CLUSTER_COLUMNS} FROM clusters ORDER BY id",
}


def _json(value) -> str:
    """Canonical JSON text: the same value always gives the same bytes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredDocument:
    """A coded document as the store keeps it: text, metadata and what was found in it."""

    id: str
    content_hash: str
    text: str
    lexicon_version: str
    title: str | None = None
    published: str | None = None  # ISO date
    source: str | None = None
    url: str | None = None
    language: str | None = None
    meta: dict = field(default_factory=dict, compare=False)
    sentences: tuple[tuple[int, int, int, str], ...] = ()  # index, start, end, lemmas
    mentions: tuple[dict, ...] = ()
    records: tuple[dict, ...] = ()


@dataclass(frozen=True)
class DocumentState:
    """What the store knows about a document id without reading its text."""

    content_hash: str
    lexicon_version: str


@dataclass(frozen=True)
class EventRow:
    """One stored event with the document facts clustering needs."""

    eid: int
    doc_id: str
    seq: int
    record: dict
    published: str | None
    publisher: str | None


def _event_row(doc_id: str, seq: int, r: dict) -> tuple:
    loc, date, src = r.get("location") or {}, r.get("date") or {}, r.get("source") or {}
    sspan = r.get("sentence_span") or (None, None)
    return (doc_id, seq, r["id"], r["sentence"], sspan[0], sspan[1], r["span"][0], r["span"][1],
            r["trigger"], r.get("text"), r["event_type"], r.get("mode"), _json(r.get("context") or []),
            loc.get("text"), loc.get("name"), loc.get("country"), loc.get("lat"), loc.get("lon"),
            loc.get("precision"), date.get("text"), date.get("start"), date.get("end"), date.get("precision"),
            _json(r.get("objects") or []), src.get("text"), src.get("name"), src.get("country"),
            src.get("sector"), src.get("id"), r["certainty"], int(bool(r["hypothetical"])),
            int(bool(r["negated"])), r.get("quote"), _json(r))


def _entity_rows(eid: int, r: dict) -> list[tuple]:
    return [(eid, role, i, e.get("text"), e.get("name"), e.get("country"), e.get("sector"), e.get("id"),
             *(e.get("span") or (None, None)))
            for role, key in (("actor", "actors"), ("recipient", "recipients"))
            for i, e in enumerate(r.get(key) or ())]


def _fts_names(r: dict) -> str:
    """Trigger and every name and surface form of the event's participants, place and source."""
    parts = [r.get("trigger") or ""]
    for e in [*(r.get("actors") or ()), *(r.get("recipients") or ()), r.get("location"), r.get("source")]:
        if e:
            parts += [e.get("text") or "", e.get("name") or ""]
    return " ".join(p for p in parts if p)


def _placeholders(values) -> str:
    return ", ".join("?" * len(values))


def _participant_clauses(f: EventFilter) -> list[tuple[str, tuple]]:
    """(SQL, parameters) for the actor, recipient, country and sector filters."""
    out = []

    def entity(role_sql: str, values: tuple[str, ...], cols=("country", "name", "entity_id")) -> None:
        ph = _placeholders(values)
        tests = " OR ".join(f"n.{c} COLLATE NOCASE IN ({ph})" for c in cols)
        out.append((f"EXISTS (SELECT 1 FROM event_entities n WHERE n.eid = e.eid{role_sql} AND ({tests}))",
                    values * len(cols)))

    if f.actor:
        entity(" AND n.role = 'actor'", f.actor)
    if f.recipient:
        entity(" AND n.role = 'recipient'", f.recipient)
    if f.country:
        ph = _placeholders(f.country)
        out.append((f"(EXISTS (SELECT 1 FROM event_entities n WHERE n.eid = e.eid AND n.country COLLATE NOCASE"
                    f" IN ({ph})) OR e.location_country COLLATE NOCASE IN ({ph}))", f.country * 2))
    if f.sector:
        entity("", f.sector, cols=("sector",))
    return out


def _source_clause(values: tuple[str, ...]) -> tuple[str, tuple]:
    """The claimant filter; ``none`` asks for the article's own voice (events with no source)."""
    named = tuple(v for v in values if v.lower() != "none")
    cols = ("source_name", "source_country", "source_id", "source_text") if named else ()
    tests = [f"e.{c} COLLATE NOCASE IN ({_placeholders(named)})" for c in cols]
    if len(named) < len(values):
        tests.append("e.source_name IS NULL")
    return "(" + " OR ".join(tests) + ")", named * len(cols)


def _where(f: EventFilter) -> tuple[str, list]:
    """The WHERE clause for a filter over ``events e JOIN documents d``; values go in as parameters."""
    clauses = _participant_clauses(f)
    for col, values in (("e.event_type", f.event_type), ("e.mode", f.mode), ("e.certainty", f.certainty),
                        ("e.doc_id", f.document), ("d.source", f.publisher)):
        if values:
            clauses.append((f"{col} COLLATE NOCASE IN ({_placeholders(values)})", values))
    if f.since:
        clauses.append(("e.date_end >= ?", (f.since,)))
    if f.until:
        clauses.append(("e.date_start <= ?", (f.until,)))
    if f.source:
        clauses.append(_source_clause(f.source))
    if f.text:
        clauses.append(("e.eid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)", (f.text,)))
    if f.cluster:
        clauses.append((f"e.eid IN (SELECT eid FROM cluster_members WHERE cluster_id IN"
                        f" ({_placeholders(f.cluster)}))", f.cluster))
    return " AND ".join(sql for sql, _ in clauses) or "1", [v for _, values in clauses for v in values]


# Key of ``Store.stats``: its columns, the joins it needs, how many columns it groups by.
_STATS_SQL = {
    "type": ("e.event_type AS type", "", 1),
    "month": ("coalesce(substr(e.date_start, 1, 7), 'undated') AS month", "", 1),
    # the Monday of the week of the start date ('%w' is 0 on Sunday)
    "week": ("coalesce(date(e.date_start, '-' || ((strftime('%w', e.date_start) + 6) % 7) || ' days'),"
             " 'undated') AS week", "", 1),
    "dyad": ("coalesce(a.country, a.name, '-') AS actor, coalesce(r.country, r.name, '-') AS recipient",
             " LEFT JOIN event_entities a ON a.eid = e.eid AND a.role = 'actor'"
             " LEFT JOIN event_entities r ON r.eid = e.eid AND r.role = 'recipient'", 2),
    "place": ("e.location_name AS place, e.location_country AS country, e.lat AS lat, e.lon AS lon", "", 4),
}
_TIME_KEYS = ("month", "week")
# Orders of ``Store.events``; ties fall back to publication date, document and position.
_EVENT_ORDER = {"published": "d.published", "date": "e.date_start", "type": "e.event_type",
                "document": "e.doc_id", "certainty": "e.certainty"}


class Store:
    """A Kronika corpus in one SQLite file; get one with ``open_store``."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool):
        self.conn = conn
        self.path = path
        self.readonly = readonly

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _transaction(self):
        """BEGIN IMMEDIATE ... COMMIT; any exception rolls the whole unit back."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _select(self, sql: str, params=()) -> sqlite3.Cursor:
        """Run a query; a malformed full-text query becomes a ValueError the CLI can report."""
        try:
            return self.conn.execute(sql, params)
        except sqlite3.OperationalError as exc:
            if "events_fts MATCH" in sql:  # the database is fine: the user's search string is not
                raise ValueError(f"bad text search: {exc} (FTS5 syntax: words, \"a phrase\", prefix*, "
                                 f"OR, NOT)") from exc
            raise

    def _dicts(self, cur: sqlite3.Cursor) -> list[dict]:
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]

    # -- migrations and runs --------------------------------------------------

    def migrations(self) -> list[tuple[str, str]]:
        """Applied migrations in order: (name, applied_at)."""
        return [tuple(r) for r in self.conn.execute("SELECT name, applied_at FROM migrations ORDER BY seq")]

    def pending_migrations(self) -> list[str]:
        done = {r[0] for r in self.conn.execute(
            "SELECT name FROM migrations" if self._has_table("migrations") else "SELECT 1 WHERE 0")}
        return [name for name, _ in MIGRATIONS if name not in done]

    def _has_table(self, name: str) -> bool:
        return bool(self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone())

    def migrate(self) -> list[str]:
        """Apply the pending migrations, each in its own transaction; returns their names."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (seq INTEGER NOT NULL,"
                          " name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        pending = self.pending_migrations()
        for seq, (name, statements) in enumerate(MIGRATIONS):
            if name in pending:
                with self._transaction() as c:
                    for statement in statements:
                        c.execute(statement)
                    c.execute("INSERT INTO migrations(seq, name, applied_at) VALUES (?, ?, ?)", (seq, name, _now()))
        return pending

    def begin_run(self, command: str, lexicon_version: str, kronika_version: str, inputs: list[str]) -> int:
        """Record the start of an ingest or recode; returns the run id."""
        with self._transaction() as c:
            return c.execute("INSERT INTO runs(command, started_at, status, lexicon_version, kronika_version,"
                             " inputs) VALUES (?, ?, 'running', ?, ?, ?)",
                             (command, _now(), lexicon_version, kronika_version, _json(inputs))).lastrowid

    def add_problem(self, run_id: int, label: str, message: str) -> None:
        """Remember why a document of this run failed."""
        with self._transaction() as c:
            c.execute("INSERT INTO run_problems(run_id, label, message) VALUES (?, ?, ?)", (run_id, label, message))

    def finish_run(self, run_id: int, ingested: int, unchanged: int, failed: int) -> None:
        with self._transaction() as c:
            c.execute("UPDATE runs SET finished_at = ?, status = 'finished', ingested = ?, unchanged = ?,"
                      " failed = ? WHERE id = ?", (_now(), ingested, unchanged, failed, run_id))

    def runs(self) -> list[dict]:
        """Every run, oldest first; a run killed midway keeps status ``running``."""
        return self._dicts(self.conn.execute("SELECT * FROM runs ORDER BY id"))

    def problems(self, run_id: int) -> list[tuple[str, str]]:
        return [tuple(r) for r in self.conn.execute(
            "SELECT label, message FROM run_problems WHERE run_id = ? ORDER BY rowid", (run_id,))]

    # -- documents ----------------------------------------------------------

    def document_state(self, doc_id: str) -> DocumentState | None:
        row = self.conn.execute("SELECT content_hash, lexicon_version FROM documents WHERE id = ?",
                                (doc_id,)).fetchone()
        return DocumentState(*row) if row else None

    def put_document(self, doc: StoredDocument, run_id: int | None = None) -> int:
        """Insert or replace a document with everything found in it, atomically; returns its event count."""
        with self._transaction() as c:
            self._delete(c, doc.id)
            c.execute("INSERT INTO documents(id, content_hash, title, published, source, url, language, meta,"
                      " text, lexicon_version, run_id, coded_at, n_events) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      (doc.id, doc.content_hash, doc.title, doc.published, doc.source, doc.url, doc.language,
                       _json(doc.meta), doc.text, doc.lexicon_version, run_id, _now(), len(doc.records)))
            c.executemany("INSERT INTO sentences(doc_id, idx, start, end, lemmas) VALUES (?, ?, ?, ?, ?)",
                          [(doc.id, *s) for s in doc.sentences])
            c.executemany("INSERT INTO mentions(doc_id, idx, sentence, start, end, text, kind, base, rule,"
                          " refers, place) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                          [(doc.id, i, m["sentence"], m["start"], m["end"], m["text"], m.get("kind"),
                            m.get("base"), m.get("rule"), _json(m.get("refers") or []),
                            _json(m["place"]) if m.get("place") else None) for i, m in enumerate(doc.mentions)])
            lemmas = {s[0]: s[3] for s in doc.sentences}
            for seq, record in enumerate(doc.records):
                self._insert_event(c, doc.id, seq, record, lemmas.get(record["sentence"], ""))
        return len(doc.records)

    @staticmethod
    def _delete(c: sqlite3.Connection, doc_id: str) -> int:
        """Delete a document (cascading to its layers) and mark the clusters stale."""
        c.execute("DELETE FROM events_fts WHERE rowid IN (SELECT eid FROM events WHERE doc_id = ?)", (doc_id,))
        gone = c.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount
        c.execute("INSERT OR REPLACE INTO state(key, value) VALUES ('clusters_stale', '1')")
        return gone

    @staticmethod
    def _insert_event(c: sqlite3.Connection, doc_id: str, seq: int, r: dict, lemmas: str) -> None:
        eid = c.execute(_EVENT_INSERT, _event_row(doc_id, seq, r)).lastrowid
        c.executemany("INSERT INTO event_entities(eid, role, idx, text, name, country, sector, entity_id,"
                      " span_start, span_end) VALUES (?,?,?,?,?,?,?,?,?,?)", _entity_rows(eid, r))
        c.executemany("INSERT INTO event_quantities(eid, idx, text, value, approximate, unit, currency)"
                      " VALUES (?,?,?,?,?,?,?)",
                      [(eid, i, q.get("text"), q["value"], int(bool(q.get("approximate"))), q["unit"],
                        q.get("currency")) for i, q in enumerate(r.get("quantities") or ())])
        c.execute("INSERT INTO events_fts(rowid, text, lemmas, names) VALUES (?, ?, ?, ?)",
                  (eid, r.get("text") or "", lemmas, _fts_names(r)))

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document and everything found in it; False when it was not stored."""
        with self._transaction() as c:
            return bool(self._delete(c, doc_id))

    def document_ids(self, stale_for: str | None = None) -> list[str]:
        """Ids of stored documents, sorted; only those coded with another lexicon than ``stale_for`` if given."""
        if stale_for is None:
            return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY id")]
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM documents WHERE lexicon_version != ? ORDER BY id", (stale_for,))]

    def document(self, doc_id: str) -> StoredDocument | None:
        """A stored document's text and metadata (its layers are read with sentences/mentions/events)."""
        row = self.conn.execute("SELECT id, content_hash, text, lexicon_version, title, published, source, url,"
                                " language, meta FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return StoredDocument(*row[:9], meta=json.loads(row[9])) if row else None

    def documents(self, limit: int | None = None, offset: int = 0) -> list[dict]:
        """Stored documents without their text, latest publication first: id, title, published, source,
        url, language, n_events, coded_at, lexicon_version."""
        sql = ("SELECT id, title, published, source, url, language, n_events, coded_at, lexicon_version"
               " FROM documents ORDER BY published DESC, id LIMIT ? OFFSET ?")
        return self._dicts(self.conn.execute(sql, (-1 if limit is None else int(limit), max(0, int(offset)))))

    def count_documents(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def sentences(self, doc_id: str) -> list[tuple[int, int, int, str]]:
        return [tuple(r) for r in self.conn.execute(
            "SELECT idx, start, end, lemmas FROM sentences WHERE doc_id = ? ORDER BY idx", (doc_id,))]

    def mentions(self, doc_id: str) -> list[dict]:
        cur = self.conn.execute("SELECT sentence, start, end, text, kind, base, rule, refers, place FROM mentions"
                                " WHERE doc_id = ? ORDER BY idx", (doc_id,))
        out = self._dicts(cur)
        for m in out:
            m["refers"], m["place"] = json.loads(m["refers"]), json.loads(m["place"]) if m["place"] else None
        return out

    # -- events -------------------------------------------------------------

    def events(self, flt: EventFilter | None = None, offset: int = 0, order: str = "published",
               descending: bool = False) -> Iterator[dict]:
        """Event records matching the filter, each with its ``cluster`` id added; ``offset`` skips the
        first matches (paging), ``order`` is one of published, date, type, document, certainty."""
        flt = flt or EventFilter()
        if order not in _EVENT_ORDER:
            raise ValueError(f"cannot order events by {order!r}; choose one of {', '.join(_EVENT_ORDER)}")
        where, params = _where(flt)
        way = " DESC" if descending else ""
        keys = ", ".join(f"{k}{way}" for k in (_EVENT_ORDER[order], "d.published", "e.doc_id", "e.seq"))
        page = (f" LIMIT {int(flt.limit) if flt.limit else -1} OFFSET {max(0, int(offset))}"
                if flt.limit or offset else "")
        sql = ("SELECT e.record, m.cluster_id FROM events e JOIN documents d ON d.id = e.doc_id"
               f" LEFT JOIN cluster_members m ON m.eid = e.eid WHERE {where} ORDER BY {keys}{page}")
        for record, cluster in self._select(sql, params):
            out = json.loads(record)
            out["cluster"] = cluster
            yield out

    def count_events(self, flt: EventFilter | None = None) -> int:
        where, params = _where(flt or EventFilter())
        sql = f"SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc_id WHERE {where}"
        return self._select(sql, params).fetchone()[0]

    def stats(self, by: str | tuple[str, ...], flt: EventFilter | None = None) -> list[dict]:
        """Events, distinct clusters and documents counted by ``type``, ``month`` or ``week`` (of the start
        date; a week is named by its Monday), ``dyad`` (actor country, recipient country; names where no
        country is known) or ``place`` (location name, country, lat, lon), or by several keys at once
        (``("month", "type")``)."""
        keys = (by,) if isinstance(by, str) else tuple(by)
        bad = [k for k in keys if k not in _STATS_SQL]
        if bad or not keys:
            raise ValueError(f"cannot count by {', '.join(bad) or 'nothing'}; choose from {', '.join(_STATS_SQL)}")
        columns = ", ".join(_STATS_SQL[k][0] for k in keys)
        joins = "".join(_STATS_SQL[k][1] for k in dict.fromkeys(keys))
        group = ", ".join(str(i + 1) for i in range(sum(_STATS_SQL[k][2] for k in keys)))
        where, params = _where(flt or EventFilter())
        sql = (f"SELECT {columns}, count(DISTINCT e.eid) AS events, count(DISTINCT m.cluster_id) AS clusters,"
               f" count(DISTINCT e.doc_id) AS documents FROM events e JOIN documents d ON d.id = e.doc_id"
               f" LEFT JOIN cluster_members m ON m.eid = e.eid{joins} WHERE {where} GROUP BY {group}"
               f" ORDER BY {'1, events DESC' if keys[0] in _TIME_KEYS else 'events DESC, ' + group}")
        return self._dicts(self._select(sql, params))

    def participants(self, flt: EventFilter | None = None) -> list[dict]:
        """Actors and recipients of the matching events, most frequent first: name, country, sector, id,
        and in how many events each acts, receives, and takes part at all."""
        where, params = _where(flt or EventFilter())
        sql = ("SELECT n.name, n.country, n.sector, n.entity_id AS id,"
               " count(DISTINCT CASE WHEN n.role = 'actor' THEN e.eid END) AS as_actor,"
               " count(DISTINCT CASE WHEN n.role = 'recipient' THEN e.eid END) AS as_recipient,"
               " count(DISTINCT e.eid) AS events FROM events e JOIN documents d ON d.id = e.doc_id"
               f" JOIN event_entities n ON n.eid = e.eid WHERE {where} GROUP BY 1, 2, 3, 4"
               " ORDER BY events DESC, 1, 2, 3, 4")
        return self._dicts(self._select(sql, params))

    def totals(self) -> dict[str, int]:
        """Sizes of the corpus: documents, sentences, mentions, events, clusters, runs."""
        tables = ("documents", "sentences", "mentions", "events", "clusters", "runs")
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def digest(self, table: str = "events") -> str:
        """SHA-256 of a table (events, documents, sentences, mentions, clusters) in a canonical order,
        independent of row ids and of the order documents were ingested in."""
        h = hashlib.sha256()
        for row in self.conn.execute(_DIGEST_SQL[table]):
            h.update(_json(list(row)).encode("utf-8") + b"\n")
        return h.hexdigest()

    # -- clusters -----------------------------------------------------------

    def event_rows(self) -> Iterator[EventRow]:
        """Every stored event with its document's date and publisher, in (doc_id, seq) order."""
        sql = ("SELECT e.eid, e.doc_id, e.seq, e.record, d.published, d.source FROM events e"
               " JOIN documents d ON d.id = e.doc_id ORDER BY e.doc_id, e.seq")
        for eid, doc_id, seq, record, published, publisher in self.conn.execute(sql).fetchall():
            yield EventRow(eid, doc_id, seq, json.loads(record), published, publisher)

    def clusters_stale(self) -> bool:
        """True when documents changed since the clusters were last built."""
        row = self.conn.execute("SELECT value FROM state WHERE key = 'clusters_stale'").fetchone()
        return bool(row and row[0] == "1")

    def replace_clusters(self, clusters: Iterable) -> int:
        """Replace every cluster in one transaction; returns how many were written.

        Items are ``clusters.Cluster``-like: ``id``, ``event_type``, ``mode``, ``first_date``,
        ``last_date``, ``mentions``, ``documents``, ``sources``, ``summary`` (dict), ``members``
        (eids) and ``links`` (``a``, ``b``, ``score``, ``reasons``).
        """
        n = 0
        with self._transaction() as c:
            for table in ("cluster_links", "cluster_members", "clusters"):
                c.execute(f"DELETE FROM {table}")
            for cl in clusters:
                c.execute(f"INSERT INTO clusters({_CLUSTER_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
                          (cl.id, cl.event_type, cl.mode, cl.first_date, cl.last_date, cl.mentions,
                           cl.documents, cl.sources, _json(cl.summary)))
                c.executemany("INSERT INTO cluster_members(eid, cluster_id) VALUES (?, ?)",
                              [(eid, cl.id) for eid in cl.members])
                c.executemany("INSERT INTO cluster_links(cluster_id, a_eid, b_eid, score, reasons)"
                              " VALUES (?, ?, ?, ?, ?)",
                              [(cl.id, ln.a, ln.b, ln.score, _json(list(ln.reasons))) for ln in cl.links])
                n += 1
            c.execute("INSERT OR REPLACE INTO state(key, value) VALUES ('clusters_stale', '0')")
        return n

    def clusters(self, ids: Iterable[str] | None = None) -> dict[str, dict]:
        """Stored clusters by id (all when ``ids`` is None): counts, dates and the summary with
        conflicting values side by side."""
        if ids is None:
            cur = self.conn.execute(f"SELECT {_CLUSTER_COLUMNS} FROM clusters ORDER BY id")
        else:
            wanted = sorted({i for i in ids if i})
            cur = self.conn.execute(f"SELECT {_CLUSTER_COLUMNS} FROM clusters WHERE id IN"
                                    f" (SELECT value FROM json_each(?))", (_json(wanted),))
        out = {}
        for row in self._dicts(cur):
            row["summary"] = json.loads(row["summary"])
            out[row["id"]] = row
        return out

    def cluster_links(self, cluster_id: str) -> list[dict]:
        """Why a cluster's events were grouped: each link's two events (``doc_id#seq``), score and reasons."""
        cur = self.conn.execute(
            "SELECT ea.doc_id || '#' || ea.seq AS a, eb.doc_id || '#' || eb.seq AS b, l.score, l.reasons"
            " FROM cluster_links l JOIN events ea ON ea.eid = l.a_eid JOIN events eb ON eb.eid = l.b_eid"
            " WHERE l.cluster_id = ? ORDER BY l.rowid", (cluster_id,))
        return [{**d, "reasons": json.loads(d["reasons"])} for d in self._dicts(cur)]


def open_store(path: str | Path = DEFAULT_PATH, readonly: bool = False) -> Store:
    """Open a store, creating and migrating it on first use; a read-only store never writes."""
    path = Path(path)
    if readonly:
        if not path.exists():
            raise FileNotFoundError(f"no Kronika store at {path} (create one with `kronika ingest`)")
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    else:
        if not path.resolve().parent.is_dir():
            raise FileNotFoundError(f"directory {path.parent} does not exist")
        conn = sqlite3.connect(path, isolation_level=None, timeout=60)
        # WAL: readers never block the one writer.  synchronous=NORMAL keeps every committed
        # transaction through a killed process (kill -9); only power loss can drop the last ones.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=60000")
    store = Store(conn, path, readonly)
    if not readonly:
        store.migrate()
    elif store.pending_migrations():
        conn.close()
        raise ValueError(f"the store at {path} is older than this Kronika: open it for writing once "
                         f"(e.g. `kronika ingest`) to migrate it")
    return store
