"""Reading documents: files, directories and stdin become ``Document``s, whatever their encoding.

Every input yields either a Document or a ``ReadProblem`` (a clear one-line
message, never a traceback), so one bad file never stops a batch.  Text is kept
exactly as decoded, byte-order mark stripped: every offset downstream indexes it.
"""
from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from kronika.doc import Document

DEFAULT_MAX_BYTES = 10_000_000  # per document; a news article is 2-30 kB
KINDS = {".txt": "text", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}
# Single-byte code pages of Polish archives (Windows, then Unix/web); charset-normalizer
# is asked about these first because on short Polish texts it otherwise guesses big5 or johab.
POLISH_CODEPAGES = ("cp1250", "iso8859_2")
MESSY = 0.2  # charset-normalizer's own default: above this mess ratio a decoding is implausible
SAMPLE_CHARS = 100_000
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_POLISH_LETTER = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
# A Polish letter counts only inside a word ("ą5" is a misread "±5"); the marks are what
# ą ś ź Ą Ś Ź (and Czech š ť ž) become when ISO-8859-2 is read as CP1250 (C1 controls: the other way).
_POLISH_IN_WORD = re.compile(rf"(?<=[^\W\d_])[{_POLISH_LETTER}]|[{_POLISH_LETTER}](?=[^\W\d_])")
_MISREAD = re.compile(r"(?<=[^\W\d_])[±¶¦¬ˇĽ©»®µ«]|[±¶¦¬ˇĽ©»®µ«](?=[^\W\d_])|[\x80-\x9f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class InputError(ValueError):
    """Bytes that are not text in any encoding we can identify (binary data)."""


@dataclass(frozen=True)
class ReadProblem:
    """An input that gave no document: where (file, file:line, stdin), what went wrong, and why in short.

    ``outcome`` is ``failed`` (could not be read), ``skipped`` (read but left out,
    e.g. a duplicate id) or ``ignored`` (not a document at all: files of unknown type).
    """

    label: str
    message: str
    reason: str = "unreadable"
    outcome: str = "failed"

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


def parse_date(value) -> dt.date | None:
    """A publication date from None, a date, or an ISO string ("2025-03-27", or a datetime: its date)."""
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        text = value.strip()
        if not text:  # crawls write "" for "unknown"
            return None
        if _DATE.fullmatch(text[:10]):
            try:
                return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text).date()
            except ValueError:
                pass
    raise ValueError(f"not a date: {value!r} (expected YYYY-MM-DD or an ISO date-time)")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to (text, encoding): BOM first, then strict UTF-8, then Polish code pages, then any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _textual(data.decode(encoding), encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {encoding} byte-order mark but is not {encoding}: {exc.reason}") from exc
    if b"\x00" in data:
        raise InputError("binary data (NUL bytes); UTF-16 text needs a byte-order mark")
    try:
        return _textual(data.decode("utf-8"), "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text, encoding = _single_byte(data)
    return _textual(text, encoding), encoding


def _textual(text: str, encoding: str) -> str:
    """The text itself, unless control characters show it is binary data that happened to decode."""
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 100):
        raise InputError(f"binary data ({controls} control characters when read as {encoding})")
    return text


def _single_byte(data: bytes) -> tuple[str, str]:
    """Choose a code page: the Polish ones when one reads cleanly (most Polish letters wins), else any."""
    from charset_normalizer import from_bytes

    chaos = {m.encoding: m.chaos for m in from_bytes(data, cp_isolation=list(POLISH_CODEPAGES), threshold=1.0)}
    candidates = []
    for rank, encoding in enumerate(POLISH_CODEPAGES):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:  # CP1250 leaves five bytes undefined
            continue
        sample = text[:SAMPLE_CHARS]  # an encoding is a property of the whole file: a sample shows it
        evidence = len(_POLISH_IN_WORD.findall(sample)) - 2 * len(_MISREAD.findall(sample))
        # No verdict happens on a few bytes; then Polish letters alone may vouch for it.
        mess = chaos.get(encoding, 0.0 if evidence > 0 else 1.0)
        if (mess < MESSY or evidence > 0) and not _other_script(sample):
            candidates.append((-evidence, mess, rank, text, encoding))
    if candidates:
        return min(candidates)[3:]
    best = from_bytes(data).best()  # e.g. Russian in CP1251: the language check will name it
    if best is None:
        raise InputError("not text in any encoding charset-normalizer knows (binary data?)")
    return str(best), best.encoding


def _other_script(text: str) -> bool:
    """Mostly non-ASCII letters: Cyrillic or Greek bytes read as Latin-2 (Polish has under 10 %)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 20 and sum(not ch.isascii() for ch in letters) > 0.4 * len(letters)


def read_inputs(paths: Iterable[str], *, published=None, doc_id: str | None = None, title: str | None = None,
                stdin: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | ReadProblem]:
    """Documents from files, directories (recursively) and ``-`` (stdin), each input's problems as ReadProblems.

    ``published`` overrides every document's own date; ``doc_id`` and ``title`` name a
    single document and are only accepted with one .txt/.html file or stdin.
    """
    paths = list(paths)
    published = parse_date(published)
    if (doc_id or title) and not _single_document(paths):
        raise ValueError("a document id or title names one document: give a single .txt or .html file, or -")
    seen: dict[str, str] = {}
    for item in _inputs(paths, doc_id, stdin, max_bytes):
        if isinstance(item, Document):
            origin = item.meta.get("origin", item.id)
            if item.id in seen:
                item = ReadProblem(origin, f"duplicate document id {item.id!r} (first read from {seen[item.id]}); "
                                           f"skipped", "duplicate id", "skipped")
            else:
                seen[item.id] = origin
                item = replace(item, published=published or item.published, title=title or item.title)
        yield item


def _single_document(paths: list[str]) -> bool:
    if len(paths) != 1:
        return False
    path = Path(paths[0])
    return paths[0] == "-" or (not path.is_dir() and KINDS.get(path.suffix.lower()) != "jsonl")


def _inputs(paths: list[str], doc_id: str | None, stdin: BinaryIO | None,
            max_bytes: int) -> Iterator[Document | ReadProblem]:
    for raw in paths:
        if raw == "-":
            if stdin is None:
                raise ValueError("'-' (standard input) given, but no input stream")
            yield from _read_stream(stdin, "stdin", doc_id or "stdin", max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _read_directory(path, max_bytes)
        elif path.exists():
            yield from _read_file(path, KINDS.get(path.suffix.lower()), raw, doc_id or path.stem, max_bytes)
        else:
            yield ReadProblem(raw, "no such file or directory", "not found")


def _read_directory(root: Path, max_bytes: int) -> Iterator[Document | ReadProblem]:
    """Every known file under ``root`` in sorted order; ids are paths relative to it (no suffix)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, .cache: not documents
        found += [Path(folder, f) for f in files if not f.startswith(".")]
    found.sort(key=lambda p: p.relative_to(root).as_posix())
    unknown = Counter(p.suffix.lower() or "(none)" for p in found if p.suffix.lower() not in KINDS)
    if unknown:
        listed = ", ".join(f"{ext} ×{n}" for ext, n in sorted(unknown.items()))
        yield ReadProblem(str(root), f"ignored {sum(unknown.values())} file(s) of unknown type: {listed} "
                                     f"(read: {' '.join(KINDS)})", "unknown type", "ignored")
    for path in found:
        kind = KINDS.get(path.suffix.lower())
        if kind:
            yield from _read_file(path, kind, str(path), path.relative_to(root).with_suffix("").as_posix(), max_bytes)


def _read_file(path: Path, kind: str | None, label: str, doc_id: str,
               max_bytes: int) -> Iterator[Document | ReadProblem]:
    """One file by its kind; an unknown suffix is sniffed like stdin."""
    try:
        size = path.stat().st_size
        if kind != "jsonl" and size > max_bytes:
            yield _too_large(label, size, max_bytes)
            return
        with path.open("rb") as fh:
            yield from _read_stream(fh, label, doc_id, max_bytes, kind)
    except OSError as exc:
        yield ReadProblem(label, f"cannot read: {exc.strerror or exc}", "unreadable")


def _read_stream(stream: BinaryIO, label: str, doc_id: str, max_bytes: int,
                 kind: str | None = None) -> Iterator[Document | ReadProblem]:
    """A byte stream of one kind; without a kind, sniffed: ``{`` opens JSON Lines, ``<`` HTML, else text."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)
    kind = kind or _sniff(stream.peek(256)[:256])
    if kind == "jsonl":
        yield from _jsonl_documents(_lines(stream), label, max_bytes)
        return
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield _too_large(label, None, max_bytes)
    elif kind == "html":
        yield _html_document(data, label, doc_id)
    else:
        yield _text_document(data, label, doc_id)


def _sniff(head: bytes) -> str:
    encoding = next((enc for bom, enc in _BOMS if head.startswith(bom)), "latin-1")
    start = head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")
    return "jsonl" if start.startswith("{") else "html" if start.startswith("<") else "text"


def _lines(stream) -> Iterator[bytes | str]:
    """Lines of a JSON Lines stream: bytes (decoded one by one), or text when a UTF-16/32 BOM says so."""
    head = stream.peek(4)[:4]
    encoding = next((enc for bom, enc in _BOMS if head.startswith(bom) and enc != "utf-8-sig"), None)
    if encoding:
        return iter(io.TextIOWrapper(stream, encoding=encoding, newline=""))
    return iter(stream)


def _too_large(label: str, size: int | None, max_bytes: int) -> ReadProblem:
    what = f"{size / 1e6:.1f} MB" if size is not None else "more than that"
    return ReadProblem(label, f"too large: {what}, over the limit of {max_bytes / 1e6:g} MB per document",
                       "too large")


def _text_document(data: bytes, label: str, doc_id: str) -> Document | ReadProblem:
    if not data:
        return ReadProblem(label, "empty file", "empty")
    try:
        text, encoding = decode(data)
    except InputError as exc:
        return ReadProblem(label, f"not a text file: {exc}", "binary")
    if not text.strip():
        return ReadProblem(label, "no text (only whitespace)", "empty")
    return Document(id=doc_id, text=text, meta={"origin": label, "encoding": encoding})


def _html_document(data: bytes, label: str, doc_id: str) -> Document | ReadProblem:
    """Main text and metadata of a web page, by trafilatura; a leading line equal to the title is dropped."""
    import trafilatura

    if not data.strip():
        return ReadProblem(label, "empty file", "empty")
    try:
        html, encoding = decode(data)
    except InputError as exc:
        return ReadProblem(label, f"not an HTML file: {exc}", "binary")
    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                        date_extraction_params={"extensive_search": False, "original_date": True})

    def field(name):  # trafilatura 1.x returns a dict, 2.x a Document
        return found.get(name) if isinstance(found, dict) else getattr(found, name, None)

    text = (field("text") or "") if found is not None else ""
    if not text.strip():
        return ReadProblem(label, "no main text found in the HTML page (only scripts, menus or boilerplate?)",
                           "no main text")
    title = field("title") or None
    if title and text.split("\n", 1)[0].strip() == title.strip() and "\n" in text:
        text = text.split("\n", 1)[1]  # the headline is metadata, not coded text (DESIGN.md)
    try:
        published = parse_date(field("date"))
    except ValueError:
        published = None
    return Document(id=doc_id, text=text, published=published, title=title, source=field("sitename") or None,
                    url=field("url") or None, meta={"origin": label, "encoding": encoding})


def _jsonl_documents(lines: Iterable[bytes | str], label: str, max_bytes: int) -> Iterator[Document | ReadProblem]:
    """One document per line; a bad line is reported with its number and the others still read."""
    for lineno, line in enumerate(lines, 1):
        where = f"{label}:{lineno}"
        if len(line) > max_bytes:
            yield _too_large(where, len(line), max_bytes)
            continue
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig")
            except UnicodeDecodeError:
                try:
                    line = decode(line)[0]
                except InputError as exc:
                    yield ReadProblem(where, f"not text: {exc}; line skipped", "binary")
                    continue
        if line.strip():
            yield _json_document(line, where)


def _json_document(line: str, where: str) -> Document | ReadProblem:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadProblem(where, f"invalid JSON ({exc.msg} at column {exc.colno}); line skipped", "invalid JSON")
    if not isinstance(record, dict):
        return ReadProblem(where, f"expected a JSON object, got {type(record).__name__}; line skipped",
                           "invalid record")
    problem = _record_problem(record)
    if problem:
        return ReadProblem(where, f"{problem}; line skipped", "invalid record")
    try:
        published = parse_date(record.get("published"))
    except ValueError as exc:
        return ReadProblem(where, f"field 'published': {exc}; line skipped", "invalid record")
    return Document(id=str(record["id"]), text=record["text"], published=published, title=record.get("title"),
                    source=record.get("source"), url=record.get("url"), meta={"origin": where, "encoding": "json"})


def _record_problem(record: dict) -> str | None:
    """What is wrong with a JSON Lines record, or None."""
    doc_id = record.get("id")
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int) or str(doc_id).strip() == "":
        return "field 'id' missing or not a non-empty string"
    if not isinstance(record.get("text"), str):
        return "field 'text' missing or not a string"
    if not record["text"].strip():
        return "field 'text' is empty"
    for name in ("title", "source", "url"):
        if record.get(name) is not None and not isinstance(record[name], str):
            return f"field {name!r} is {type(record[name]).__name__}, not a string"
    return None
