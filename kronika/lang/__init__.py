"""Language packages: Polish knowledge lives as data files under ``kronika/lang/<code>/``.

This module reads those files (TSV tables with a header row, YAML entry lists),
validates their shape and reports problems as ``LexiconError`` naming file, line
or entry, and reason.  Stages receive a ``Language`` and compile what they need.
"""
from __future__ import annotations

import csv
from pathlib import Path
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


def load(code: str = "pl") -> Language:
    """The language package for ``code`` (only ``pl`` exists so far)."""
    return Language(code)
