"""The store the web tests browse: the 22 hand-coded query articles, the seed article coded by the real
pipeline (so its rules can be shown), an article whose every field is hostile markup, and one whose id
holds a slash and a space."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from corpus_fixtures import documents, record, stored
from kronika import clusters
from kronika.doc import Document
from kronika.ingest import content_hash, lexicon_version
from kronika.ingest import stored as stored_coded
from kronika.store import open_store

SEED = Path(__file__).parents[1] / "examples" / "north-korea-troops.pl.txt"
SEED_ID = "north-korea-troops"
XSS_ID = "xss"
SLASH_ID = "folder/z spacją"

# Every string a page shows from this document tries to run script; none of it may.
XSS = {
    "id": XSS_ID, "published": "2025-01-10", "source": "<img src=x onerror=\"window.__xss='source'\">",
    "title": "<script>window.__xss='title'</script>Żółw <b onmouseover=\"window.__xss='b'\">pogrubiony</b>",
    "text": "<script>window.__xss='text'</script> Rosja zaatakowała <img src=x onerror=\"window.__xss='img'\"> "
            "Ukrainę pod Charkowem.\n"
            "Kliknij <a href=\"javascript:window.__xss='link'\">tutaj</a> albo <svg onload=\"window.__xss='svg'\">.",
    "events": [{
        "label": "xss-assault", "sentence": 0, "trigger": "zaatakowała", "type": "ASSAULT",
        "mode": "<i onclick=\"window.__xss='mode'\">ostrzał</i>",
        "actors": [["<script>window.__xss='text'</script> Rosja", "<script>window.__xss='name'</script>Russia",
                    "RUS", "GOV"]],
        "recipients": [["<img src=x onerror=\"window.__xss='img'\"> Ukrainę", "Ukraine\"><svg onload=alert(1)>",
                        "UKR", "MIL"]],
        "location": ["Charkowem", "<img src=x onerror=alert(2)>Kharkiv", "UKR", 49.99, 36.23, "city"],
        "quote": "</pre><script>window.__xss='quote'</script>",
    }],
}
XSS_URL = "javascript:window.__xss='url'"


def _seed(lexicon: str, pipeline):
    doc = Document(id=SEED_ID, text=SEED.read_text(encoding="utf-8"), published=dt.date(2025, 3, 27),
                   title="Korea Północna wysłała kolejne 3 000 żołnierzy do Rosji", source="BBC (przekład)")
    return stored_coded(pipeline(doc), content_hash(doc), lexicon)


def build_store(path: Path, pipeline) -> dict:
    """Write the web tests' store at ``path``; returns what the tests need to know about it."""
    docs = documents("query.json")
    xss = {**XSS, "records": [record(XSS, e) for e in XSS["events"]]}
    slash = {"id": SLASH_ID, "published": "2023-05-01", "title": "Dokument w folderze",
             "text": "Polska przekazała pomoc Ukrainie.", "records": []}
    lexicon = lexicon_version()
    with open_store(path) as s:
        for d in docs:
            s.put_document(stored(d))
        s.put_document(replace(stored(xss), meta={}, url=XSS_URL))
        s.put_document(stored(slash))
        seed = _seed(lexicon, pipeline)
        s.put_document(seed)
        clusters.rebuild(s)
    return {"query_docs": docs, "seed": seed, "xss": xss, "n_documents": len(docs) + 3}
