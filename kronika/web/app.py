"""The web app: settings, security headers, body limits, errors, and one way to answer HTML or JSON.

Every page is one handler that builds a JSON-ready dict; ``respond`` sends it as
JSON when the path ends in ``.json`` and renders it with the page's template
otherwise (datasette's model), so the two can never disagree.  Handlers only
call library functions (``kronika.store``, ``kronika.query``, ``kronika.analyze``).
"""
from __future__ import annotations

import csv
import hmac
import json
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from kronika import __version__
from kronika.store import open_store

WEB_DIR = Path(__file__).parent
LANGUAGES = ("en", "pl")
LANG_COOKIE = "kronika_lang"
# No inline script or style anywhere: article text is untrusted, so only our own files may run or style.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
                    (b"cross-origin-opener-policy", b"same-origin")]


@dataclass(frozen=True)
class Settings:
    """What a running app is configured with; writes are refused unless a token is set."""

    db: Path
    token: str | None = None
    max_body: int = 2_000_000  # bytes of one request body
    page_size: int = 100
    max_page: int = 1000


class ApiError(Exception):
    """An error the client can fix (4xx) or a missing thing (404), with a message that says which."""

    def __init__(self, status: int, message: str, detail=None):
        super().__init__(message)
        self.status, self.message, self.detail = status, message, detail


def bad_request(exc: Exception) -> ApiError:
    return ApiError(400, str(exc))


def read_labels(path: Path) -> dict[str, dict[str, str]]:
    """Interface labels by language from labels.tsv; a row without both languages is an error."""
    labels: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        for n, row in enumerate(rows, start=2):
            if not row.get("key") or any(not (row.get(lang) or "").strip() for lang in LANGUAGES):
                raise ValueError(f"{path.name}: row {n} ({row.get('key')!r}): needs key, en and pl")
            for lang in LANGUAGES:
                labels[lang][row["key"]] = row[lang]
    return labels


def is_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def language(request: Request) -> str:
    """``?lang=`` first, then the cookie it sets, then the browser's Accept-Language, then English."""
    for value in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if value in LANGUAGES:
            return value
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def safe_url(value: str | None) -> str | None:
    """A document's URL as a link only when it is http(s): ``javascript:`` and the like stay text."""
    if not value or urlsplit(value.strip()).scheme.lower() not in ("http", "https"):
        return None
    return value.strip()


def text_markup(value: str) -> Markup:
    """Escaped text that keeps every character: a CR becomes ``&#13;`` (the HTML parser would drop it
    from a CR LF pair), so offsets in the page are offsets in the document."""
    return Markup(str(escape(value)).replace("\r", "&#13;"))


def pretty_json(value) -> str:
    """Indented JSON as plain text (the template escapes it), with Polish letters as they are."""
    return json.dumps(value, ensure_ascii=False, indent=1)


def doc_path(doc_id: str, suffix: str = "") -> str:
    return "/documents/" + quote(doc_id + suffix, safe="/")


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(WEB_DIR / "templates")),
                      autoescape=select_autoescape(("html", "svg"), default=True), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters.update(text=text_markup, safe_url=safe_url, doc_path=doc_path, pretty=pretty_json)
    return env


def with_query(request: Request, **changes) -> str:
    """This page's path and query string with some parameters replaced (None removes one)."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for key, value in changes.items():
        if value is not None:
            items.append((key, str(value)))
    return request.url.path + (f"?{urlencode(items)}" if items else "")


def json_twin(request: Request) -> str:
    query = request.url.query
    path = "/index.json" if request.url.path == "/" else request.url.path + ".json"
    return path + (f"?{query}" if query else "")


def respond(request: Request, template: str, data: dict, status: int = 200, view: dict | None = None):
    """The page's data as JSON on a ``.json`` path, else rendered with ``template`` (``view`` adds
    what only the HTML needs: precomputed markup pieces, chart geometry)."""
    if is_json(request):
        return JSONResponse(data, status_code=status)
    lang = language(request)
    labels = request.app.state.labels[lang]
    html = request.app.state.env.get_template(template).render(
        data=data, view=view or {}, lang=lang, t=partial(_label, labels), request=request,
        with_query=partial(with_query, request), json_url=json_twin(request), version=__version__,
        path=request.url.path)
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, request.query_params["lang"], samesite="strict", httponly=True)
    return response


def _label(labels: dict[str, str], key: str, default: str | None = None) -> str:
    return labels.get(key, default if default is not None else key)


@contextmanager
def reading(request: Request):
    """A read-only connection to the store for one request (SQLite connections stay in their thread)."""
    try:
        store = open_store(request.app.state.settings.db, readonly=True)
    except (FileNotFoundError, ValueError) as exc:
        raise ApiError(503, f"the store cannot be read: {exc}") from exc
    with store:
        try:
            yield store
        except ValueError as exc:  # the store's own words for a bad query (text search syntax, keys)
            raise bad_request(exc) from exc


def check_token(request: Request) -> None:
    """Writes need the configured token as a bearer token; with none configured the server is read-only."""
    settings: Settings = request.app.state.settings
    if not settings.token:
        raise ApiError(403, "this server is read-only: start it with KRONIKA_TOKEN set to allow writes")
    given = request.headers.get("authorization", "")
    if not given.startswith("Bearer ") or not hmac.compare_digest(given[7:].encode(), settings.token.encode()):
        raise ApiError(401, "a valid token is needed: send 'Authorization: Bearer <token>'")


@contextmanager
def writing(request: Request):
    """The store opened for writing, after checking the request's token."""
    check_token(request)
    with open_store(request.app.state.settings.db) as store:
        yield store


def error_response(request: Request, status: int, message: str, detail=None):
    data = {"error": {"status": status, "message": message}}
    if detail is not None:
        data["error"]["detail"] = detail
    if is_json(request) or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(data, status_code=status)
    return respond(request, "error.html", data, status=status)


def _validation_detail(exc: RequestValidationError) -> list[dict]:
    return [{"parameter": ".".join(str(p) for p in e.get("loc", ())[1:]) or str(e.get("loc")),
             "problem": e.get("msg", "invalid")} for e in exc.errors()]


def install_error_handlers(app: FastAPI) -> None:
    """Every error answers with ``{"error": {"status", "message"}}`` (or a page saying the same)."""
    async def api_error(request, exc: ApiError):
        return error_response(request, exc.status, exc.message, exc.detail)

    async def validation(request, exc: RequestValidationError):
        detail = _validation_detail(exc)
        message = "bad parameter: " + "; ".join(f"{d['parameter']}: {d['problem']}" for d in detail)
        return error_response(request, 400, message, detail)

    async def http_error(request, exc: StarletteHTTPException):
        message = {404: "no such page", 405: "method not allowed"}.get(exc.status_code, str(exc.detail))
        return error_response(request, exc.status_code, message)

    async def unexpected(request, exc: Exception):
        # A bug, not the client's fault; the message names no internals.
        return JSONResponse({"error": {"status": 500, "message": "internal error"}}, status_code=500)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)


class Guard:
    """ASGI middleware: security headers on every answer and a cap on request bodies (413 beyond it)."""

    def __init__(self, app, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_secured(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        length = dict(scope.get("headers") or ()).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return await self._too_large(send_secured)
        body, more = [], True
        while more:  # read the body here, so a stream without Content-Length is capped too
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body.append(message.get("body", b""))
            more = message.get("more_body", False)
            if sum(map(len, body)) > self.max_body:
                return await self._too_large(send_secured)
        replay = [{"type": "http.request", "body": b"".join(body), "more_body": False}]

        async def receive_again():
            return replay.pop() if replay else await receive()

        await self.app(scope, receive_again, send_secured)

    async def _too_large(self, send):
        body = json.dumps({"error": {"status": 413, "message": f"request body over the limit of "
                                                                f"{self.max_body / 1e6:g} MB"}}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def create_app(settings: Settings, pipeline=None) -> FastAPI:
    """The app over the store at ``settings.db``; nothing is opened or built until a request needs it
    (``pipeline``: an already built one to code with, else ``pipeline.build()`` on first use)."""
    from kronika.web import coding, views

    app = FastAPI(title="Kronika", version=__version__, docs_url=None, redoc_url=None,
                  description="Polish news as PLOVER event data: documents, events, clusters, actors, "
                              "statistics; code an article on the fly. Every HTML page has a .json twin.")
    app.state.settings = settings
    app.state.env = _environment()
    app.state.labels = read_labels(WEB_DIR / "labels.tsv")
    app.state.coder = coding.Coder(pipeline)
    app.state.world = cache(partial(_read_json, WEB_DIR / "static" / "world-110m.json"))
    install_error_handlers(app)
    app.include_router(views.router)
    app.include_router(coding.router)
    app.mount("/static", StaticFiles(directory=str(resources.files("kronika.web") / "static")), name="static")
    app.add_middleware(Guard, max_body=settings.max_body)
    return app


def prepare_store(db: Path) -> str | None:
    """Create an empty store when none exists (so the coding page works at once); say so, or None."""
    if Path(db).exists():
        open_store(db, readonly=True).close()  # fails now, clearly, if it needs migrating
        return None
    open_store(db).close()
    return f"created an empty store at {db}"


def serve(db: str | Path, port: int, token: str | None = None, say=lambda line: None) -> None:
    """Run the app on 127.0.0.1 until interrupted."""
    import uvicorn

    note = prepare_store(Path(db))
    if note:
        say(note)
    say(f"serving {db} at http://127.0.0.1:{port}/ ({'writes need the token' if token else 'read-only'})")
    uvicorn.run(create_app(Settings(Path(db), token=token)), host="127.0.0.1", port=port, log_level="warning")
