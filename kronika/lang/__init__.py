"""Language packages: Polish knowledge lives as data files under ``kronika/lang/<code>/``.

This module reads those files (TSV tables with a header row, YAML entry lists),
validates their shape and reports problems as ``LexiconError`` naming file, line
or entry, and reason.  Stages receive a ``Language`` and compile what they need;
``CompiledCache`` keeps what they compiled on disk for the next process
(docs/performance.md says when it is used and why it is safe).
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import pickle
import sys
import tempfile
import time
from dataclasses import fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

try:  # the C loader is several times faster; lexicons load at every cold start
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

PACKAGE_DIR = Path(__file__).resolve().parent


class LexiconError(ValueError):
    """A language data file is malformed: the message names file, entry and reason."""


def read_table(path: Path, required: tuple[str, ...] = ()) -> tuple[dict[str, str], ...]:
    """Read a UTF-8 TSV file: ``#`` comment lines and blank lines skipped, first row is the header."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = next(csv.reader([line.rstrip("\r\n")], delimiter="\t", quoting=csv.QUOTE_NONE))
            if header is None:
                header = cells
                missing = [c for c in required if c not in header]
                if missing:
                    raise LexiconError(f"{path.name}:{lineno}: header lacks column(s) {missing}")
                continue
            if len(cells) > len(header):
                raise LexiconError(f"{path.name}:{lineno}: {len(cells)} cells, header has {len(header)}")
            row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
            for col in required:
                if not row[col].strip():
                    raise LexiconError(f"{path.name}:{lineno}: empty required column {col!r}")
            row["_line"] = str(lineno)
            rows.append(row)
    if header is None:
        raise LexiconError(f"{path.name}: no header row")
    return tuple(rows)


def read_entries(path: Path) -> tuple[dict[str, Any], ...]:
    """Read a YAML file holding a list of mappings (one entry per item)."""
    with path.open(encoding="utf-8") as fh:
        try:
            data = yaml.load(fh, Loader=_Loader)
        except yaml.YAMLError as exc:
            raise LexiconError(f"{path.name}: not valid YAML: {exc}") from exc
    if data is None:
        return ()
    if not isinstance(data, list):
        raise LexiconError(f"{path.name}: expected a list of entries, got {type(data).__name__}")
    for n, entry in enumerate(data):
        if not isinstance(entry, dict):
            raise LexiconError(f"{path.name}: entry {n} is {type(entry).__name__}, not a mapping")
    return tuple(data)


class Language:
    """One language package: its data directory and per-instance caches of parsed files."""

    def __init__(self, code: str, directory: Path | None = None):
        self.code = code
        self.directory = directory or PACKAGE_DIR / code
        if not self.directory.is_dir():
            raise LexiconError(f"no language package for {code!r} at {self.directory}")
        self._cache: dict[tuple, Any] = {}

    def path(self, name: str) -> Path:
        """The path of a data file of this language; a clear error when it is missing."""
        p = self.directory / name
        if not p.exists():
            raise LexiconError(f"{self.code}: data file {name} is missing from {self.directory}")
        return p

    def table(self, name: str, required: tuple[str, ...] = ()) -> tuple[dict[str, str], ...]:
        """Rows of a TSV data file, parsed once per Language instance."""
        key = ("table", name, required)
        if key not in self._cache:
            self._cache[key] = read_table(self.path(name), required)
        return self._cache[key]

    def entries(self, name: str) -> tuple[dict[str, Any], ...]:
        """Entries of a YAML data file (or of every ``*.yaml`` in a data directory), parsed once."""
        key = ("entries", name)
        if key not in self._cache:
            p = self.path(name)
            files = sorted(p.glob("*.yaml")) if p.is_dir() else [p]
            self._cache[key] = tuple(e for f in files for e in read_entries(f))
        return self._cache[key]

    def compiled(self, name: str, build):
        """A structure built once from this language's data by ``build(language)``."""
        key = ("compiled", name)
        if key not in self._cache:
            self._cache[key] = build(self)
        return self._cache[key]


# Bump when the cache's file layout changes; everything else that can change a compiled
# structure is in the key already (see CompiledCache.key).
CACHE_FORMAT = 1
CACHE_KEEP = 3  # cache files kept per language: a few checkouts or versions side by side


def cache_directory() -> Path | None:
    """Where compiled lexicons are cached: $KRONIKA_CACHE_DIR ("off" disables the cache), else
    $XDG_CACHE_HOME/kronika, else ~/.cache/kronika."""
    value = os.environ.get("KRONIKA_CACHE_DIR", "").strip()
    if value.lower() in ("off", "0", "none", "false"):
        return None
    if value:
        return Path(value)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kronika"


def _digest_files(h, root: Path, pattern: str) -> None:
    for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())


class _Pickler(pickle.Pickler):
    """Pickles ``externals`` (objects of this process, such as the Morfeusz analyzer) by name, and
    frozen dataclasses by their fields, so loading calls their ``__init__`` (several times faster
    than the field-by-field ``__setstate__`` a slotted frozen dataclass gets)."""

    def __init__(self, file, externals: dict[str, object]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._names = {id(obj): name for name, obj in externals.items()}

    def persistent_id(self, obj):
        return self._names.get(id(obj))

    def reducer_override(self, obj):
        cls = type(obj)
        if cls is MappingProxyType:  # read-only views compiled structures use: rebuilt as views
            return _mapping_proxy, (dict(obj),)
        params = getattr(cls, "__dataclass_params__", None)
        if (params is not None and params.frozen and params.init and not hasattr(cls, "__post_init__")
                and all(f.init for f in fields(cls))):
            return cls, tuple(getattr(obj, f.name) for f in fields(cls))
        return NotImplemented


def _mapping_proxy(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, externals: dict[str, object]):
        super().__init__(file)
        self._externals = externals

    def persistent_load(self, pid):
        return self._externals[pid]


class CompiledCache:
    """The compiled structures of a ``Language`` kept in a pickle between processes.

    A new process then skips parsing the YAML lexicons and analysing every lexicon word
    with Morfeusz.  The file is named by a digest of everything a compiled structure
    can depend on: every data file of the language, every source file of kronika, the
    Python version and ``salt`` (the Morfeusz version and dictionary), so a changed
    lexicon, code or dictionary never meets an old structure.  Only a directory owned by
    this user and writable by no one else is read; files are replaced atomically.
    """

    def __init__(self, lang: Language, directory: Path, salt: str):
        self.lang = lang
        self.directory = directory
        self.path = directory / f"{lang.code}-{self.key(lang, salt)}.pickle"
        self.loaded: frozenset = frozenset()

    @staticmethod
    def key(lang: Language, salt: str) -> str:
        h = hashlib.sha256(f"{CACHE_FORMAT}\0{sys.version}\0{salt}\0".encode("utf-8"))
        _digest_files(h, lang.directory, "*")
        _digest_files(h, Path(__file__).resolve().parents[1], "*.py")
        return h.hexdigest()[:32]

    def _trusted(self, path: Path) -> bool:
        try:
            st = path.stat()
        except OSError:
            return False
        return st.st_uid == os.getuid() and not st.st_mode & 0o022

    def load(self, externals: dict[str, object]) -> int:
        """Fill the language's compiled structures from the cache; how many were loaded (0: none)."""
        if not (self._trusted(self.directory) and self._trusted(self.path)):
            return 0
        try:
            with self.path.open("rb") as fh:
                found = _Unpickler(fh, externals).load()
        except Exception:  # a damaged or foreign cache file is only a miss: compile again
            return 0
        fresh = {k: v for k, v in found.items() if k not in self.lang._cache}
        self.lang._cache.update(fresh)
        self.loaded = frozenset(found)
        return len(fresh)

    def save(self, externals: dict[str, object]) -> bool:
        """Write the compiled structures when the file lacks some; False when nothing was written."""
        new = [k for k in self.lang._cache if k[0] == "compiled" and k not in self.loaded]
        if not any(_picklable(self.lang._cache[k], externals) for k in new):
            return False
        keep = {k: v for k, v in self.lang._cache.items()
                if k[0] == "compiled" and (k in self.loaded or _picklable(v, externals))}
        buffer = io.BytesIO()
        _Pickler(buffer, externals).dump(keep)
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not self._trusted(self.directory):
                return False
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".pickle")
            with os.fdopen(fd, "wb") as fh:
                fh.write(buffer.getvalue())
            os.replace(tmp, self.path)
        except OSError:  # a read-only home, a full disk: the next process compiles again
            return False
        self.loaded = frozenset(keep)
        self._prune()
        return True

    def _prune(self) -> None:
        """Drop all but the newest few cache files of this language (old code or lexicon versions),
        and temporary files a killed process left behind."""
        try:
            old = sorted(self.directory.glob(f"{self.lang.code}-*.pickle"), key=lambda p: p.stat().st_mtime,
                         reverse=True)[CACHE_KEEP:]
            old += [p for p in self.directory.glob(".tmp-*.pickle") if time.time() - p.stat().st_mtime > 3600]
            for path in old:
                path.unlink(missing_ok=True)
        except OSError:  # another process pruned first
            pass


def _picklable(value, externals: dict[str, object]) -> bool:
    """Whether a structure pickles (some hold objects that do not, such as mapping proxies)."""
    try:
        _Pickler(io.BytesIO(), externals).dump(value)
    except (pickle.PicklingError, TypeError, AttributeError):
        return False
    return True


def load(code: str = "pl") -> Language:
    """The language package for ``code`` (only ``pl`` exists so far)."""
    return Language(code)
