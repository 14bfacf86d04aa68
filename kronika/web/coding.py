"""Coding articles from the web: on the fly (nothing stored), the seed example, and ingest with a token.

The pipeline is built on the first request that needs it and shared; requests use
it one at a time, because Morfeusz is not safe to call from several threads.
"""
from __future__ import annotations

import io
import threading
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

import kronika
from kronika.doc import Document
from kronika.query import make_filter
from kronika.read import parse_date
from kronika.records import mention_records, records
from kronika.store import StoredDocument
from kronika.web.app import ApiError, check_token, doc_path, respond, writing
from kronika.web.article import article
from kronika.web.views import known_parameters

EXAMPLE = {"file": "north-korea-troops.pl.txt", "doc_id": "north-korea-troops", "published": "2025-03-27",
           "title": "Korea Północna wysłała kolejne 3 000 żołnierzy do Rosji"}
MAX_ID = 200
ARTICLE_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {
            "type": "object",
            "properties": {
                "text": {"type": "string", "description": "The article as plain text."},
                "html": {"type": "string", "description": "The article as an HTML page (main text extracted)."},
                "published": {"type": "string", "format": "date", "description": "Publication date: relative "
                              "dates resolve against it."},
                "title": {"type": "string"}, "doc_id": {"type": "string", "maxLength": MAX_ID},
            }}},
        "application/x-www-form-urlencoded": {"schema": {
            "type": "object",
            "properties": {"text": {"type": "string"}, "kind": {"enum": ["text", "html"]},
                           "published": {"type": "string"}, "title": {"type": "string"}}}},
    },
}
router = APIRouter(dependencies=[Depends(known_parameters)])


def example_path() -> Path:
    """The seed article, found from the installed package (a source checkout), not the working directory."""
    return Path(kronika.__file__).resolve().parent.parent / "examples" / EXAMPLE["file"]


def example_text() -> str:
    path = example_path()
    if not path.is_file():
        raise ApiError(404, "the example article is not part of this installation (it ships with the source)")
    return path.read_text(encoding="utf-8")


class Coder:
    """The Polish pipeline and language check, built on first use, one request at a time."""

    def __init__(self, pipeline=None):
        self._lock = threading.Lock()
        self._pipeline = pipeline  # None: ``pipeline.build()`` on first use
        self._parts = None
        self._lexicon = None

    def _built(self):
        if self._parts is None:
            from kronika.langid import LanguageCheck
            from kronika.pipeline import build
            self._parts = (self._pipeline or build(), LanguageCheck())
        return self._parts

    def lexicon(self) -> str:
        """The current lexicon version (a digest of the language files), computed once."""
        if self._lexicon is None:
            from kronika.ingest import lexicon_version
            self._lexicon = lexicon_version()
        return self._lexicon

    def code(self, doc: Document, check_language: bool = True) -> Document:
        """The coded document, or a 422 saying why it was not coded (not Polish, pipeline error)."""
        from kronika.batch import BatchRunner

        messages: list[str] = []
        with self._lock:
            pipeline, language = self._built()
            runner = BatchRunner(pipeline, language=language if check_language else None, report=messages.append)
            coded = list(runner.run([doc]))
        if not coded:
            raise ApiError(422, "; ".join(messages) or "the article could not be coded")
        return coded[0]

    def stored_rules(self, stored: StoredDocument) -> dict[str, list[str]] | None:
        """Rules behind a stored document's events, by coding its text again; None when it was coded with
        another lexicon (the rules of today would not be the ones that produced those events)."""
        from kronika.ingest import as_document

        if stored.lexicon_version != self.lexicon():
            return None
        try:
            doc = self.code(as_document(stored), check_language=False)
        except ApiError:
            return None
        return {r["id"]: list(ev.rules) for ev, r in zip(doc.events, records(doc), strict=True)}


async def posted_fields(request: Request) -> dict:
    """The article fields of a JSON or form body; a form's CR LF line breaks (the browser's) become LF."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            fields = await request.json()
        except ValueError as exc:
            raise ApiError(400, f"the body is not valid JSON: {exc}") from exc
        if not isinstance(fields, dict):
            raise ApiError(400, "the JSON body must be an object with 'text' or 'html'")
        return fields
    if kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form()
        body = str(form.get("text") or "").replace("\r\n", "\n")
        html = str(form.get("kind") or "text") == "html"
        return {"html" if html else "text": body, "published": form.get("published") or None,
                "title": form.get("title") or None}
    raise ApiError(415, "send the article as application/json or as a form")


def _string(fields: dict, key: str, limit: int | None = None) -> str | None:
    value = fields.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ApiError(400, f"'{key}' must be a string")
    if limit and len(value) > limit:
        raise ApiError(400, f"'{key}' is longer than {limit} characters")
    return value


def posted_document(fields: dict, default_id: str = "pasted") -> Document:
    """A Document from posted fields: ``text`` or ``html`` (exactly one), ``published``, ``title``, ``doc_id``."""
    from kronika.read import ReadProblem, read_inputs

    unknown = sorted(set(fields) - {"text", "html", "published", "title", "doc_id"})
    if unknown:
        raise ApiError(400, f"unknown field(s): {', '.join(unknown)}; give text or html, published, title, doc_id")
    text, html = _string(fields, "text"), _string(fields, "html")
    if (text is None) == (html is None) or not (text or html).strip():
        raise ApiError(400, "give the article in 'text' or in 'html' (one of them, not empty)")
    doc_id, title = _string(fields, "doc_id", MAX_ID) or default_id, _string(fields, "title", 1000)
    try:
        published = parse_date(_string(fields, "published"))
    except ValueError as exc:
        raise ApiError(400, f"published: {exc}") from exc
    if text is not None:
        return Document(id=doc_id, text=text, published=published, title=title)
    found = list(read_inputs(["-"], stdin=io.BytesIO(html.encode("utf-8")), doc_id=doc_id, published=published,
                             title=title))
    if not found or isinstance(found[0], ReadProblem):
        raise ApiError(422, f"no article in the HTML: {found[0] if found else 'nothing read'}")
    return found[0]


def coded_article(request: Request, doc: Document, coded: Document) -> tuple[dict, dict]:
    meta = {"id": coded.id, "title": coded.title, "published": coded.published.isoformat() if coded.published else None,
            "source": coded.source, "url": coded.url, "language": coded.language, "lexicon_version": None}
    recs = records(coded)
    rules = {r["id"]: list(ev.rules) for ev, r in zip(coded.events, recs, strict=True)}
    data, view = article(meta, coded.text, recs, mention_records(coded), rules)
    return {**data, "stored": False}, view


@router.get("/code", include_in_schema=False)
@router.get("/code.json", tags=["code"], summary="The coding form's fields; with example=true the seed article")
def code_form(request: Request, example: bool = False):
    form = {"text": "", "published": "", "title": "", "kind": "text"}
    if example:
        form = {"text": example_text(), "published": EXAMPLE["published"], "title": EXAMPLE["title"], "kind": "text"}
    return respond(request, "code.html", {"form": form, "example": EXAMPLE})


@router.get("/code/example", include_in_schema=False)
@router.get("/code/example.json", tags=["code"], summary="The seed article coded on the fly (published 2025-03-27)")
async def code_example(request: Request):
    doc = Document(id=EXAMPLE["doc_id"], text=example_text(), published=parse_date(EXAMPLE["published"]),
                   title=EXAMPLE["title"])
    coded = await run_in_threadpool(request.app.state.coder.code, doc)
    data, view = coded_article(request, doc, coded)
    return respond(request, "article.html", data, view=view)


@router.post("/code", include_in_schema=False)
@router.post("/code.json", tags=["code"], openapi_extra={"requestBody": ARTICLE_BODY},
             summary="Code an article on the fly (text or HTML), nothing stored: events, highlights and rules")
async def code_article(request: Request):
    doc = posted_document(await posted_fields(request))
    coded = await run_in_threadpool(request.app.state.coder.code, doc)
    data, view = coded_article(request, doc, coded)
    return respond(request, "article.html", data, view=view)


@router.post("/documents.json", tags=["corpus"], status_code=201, openapi_extra={"requestBody": ARTICLE_BODY},
             summary="Code an article and store it (needs the token); the same id again replaces it")
async def ingest_article(request: Request):
    check_token(request)
    fields = await posted_fields(request)
    if not _string(fields, "doc_id", MAX_ID):
        raise ApiError(400, "a stored article needs a 'doc_id'")
    doc = posted_document(fields)
    return await run_in_threadpool(_ingest, request, doc)


def _ingest(request: Request, doc: Document):
    from fastapi.responses import JSONResponse

    from kronika import __version__, clusters
    from kronika.ingest import content_hash, stored

    coder: Coder = request.app.state.coder
    digest = content_hash(doc)
    with writing(request) as store:
        state = store.document_state(doc.id)
        if state is not None and state.content_hash == digest:
            status, n = "unchanged", store.count_events(make_filter(document=doc.id))
        else:
            coded = coder.code(doc)
            run = store.begin_run("web ingest", coder.lexicon(), __version__, [doc.id])
            n = store.put_document(stored(coded, digest, coder.lexicon()), run)
            clusters.rebuild(store)
            store.finish_run(run, 1, 0, 0)
            status = "replaced" if state is not None else "ingested"
    body = {"status": status, "document": doc.id, "events": n, "url": doc_path(doc.id)}
    return JSONResponse(body, status_code=201 if status == "ingested" else 200)
