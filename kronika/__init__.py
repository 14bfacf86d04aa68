"""Kronika: Polish news to structured, sourced political event data.

The Python API comes first; the CLI only calls it::

    import kronika
    doc = kronika.analyze("Korea Północna wysłała 3 000 żołnierzy do Rosji.", published="2025-03-27")
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["analyze", "code", "__version__"]


def analyze(text: str, published=None, doc_id: str = "doc", title: str | None = None, pipeline=None):
    """Run the whole pipeline on one text and return the analysed Document."""
    from kronika.doc import Document
    from kronika.pipeline import build
    from kronika.read import parse_date

    pipeline = pipeline or build()
    return pipeline(Document(id=doc_id, text=text, published=parse_date(published), title=title))


def code(text: str, published=None, doc_id: str = "doc", title: str | None = None, pipeline=None) -> list[dict]:
    """Code one text: its event records, each following event.schema.json."""
    from kronika.records import records

    return records(analyze(text, published, doc_id, title, pipeline))
