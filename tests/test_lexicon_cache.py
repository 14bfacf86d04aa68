"""The on-disk cache of compiled lexicons: same records as a fresh build, a new key for any change,
damaged or foreign files ignored."""
from __future__ import annotations

import os
import shutil

import pytest

from kronika.doc import Document
from kronika.lang import CompiledCache, Language, cache_directory, load
from kronika.morphology import Analyzer
from kronika.pipeline import build
from kronika.records import records

TEXTS = [
    "Rosja zaatakowała w nocy z poniedziałku na wtorek Charków rakietami balistycznymi, "
    "podały ukraińskie władze.",
    "Premier Polski spotkał się w środę w Berlinie z kanclerzem Niemiec. Obaj politycy "
    "zapowiedzieli nowe sankcje wobec Moskwy.",
    "Korea Północna wysłała do Rosji około 3 tys. żołnierzy – twierdzi wywiad Korei Południowej.",
]


def coded(pipeline) -> list[dict]:
    return [r for k, text in enumerate(TEXTS)
            for r in records(pipeline(Document(f"t{k}", text, published=None)))]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("KRONIKA_CACHE_DIR", str(directory))
    return directory


def test_a_pipeline_from_the_cache_codes_what_a_fresh_one_codes(cache_dir, monkeypatch):
    first = build(load("pl"))
    files = list(cache_dir.glob("pl-*.pickle"))
    assert len(files) == 1 and files[0].stat().st_mode & 0o077 == 0
    lang, engine = load("pl"), Analyzer()
    loaded = CompiledCache(lang, cache_dir, engine.dictionary()).load({"analyzer": engine})
    assert loaded >= 5 and ("compiled", "actor-index") in lang._cache
    cached = build(load("pl"))
    monkeypatch.setenv("KRONIKA_CACHE_DIR", "off")
    fresh = build(load("pl"))
    expected = coded(fresh)
    assert len(expected) >= 3
    assert coded(cached) == expected and coded(first) == expected


def test_the_key_changes_with_any_data_file(tmp_path):
    data = tmp_path / "pl"
    shutil.copytree(load("pl").directory, data, ignore=shutil.ignore_patterns("__pycache__"))
    before = CompiledCache.key(Language("pl", data), "salt")
    assert CompiledCache.key(Language("pl", data), "salt") == before
    assert CompiledCache.key(Language("pl", data), "another dictionary") != before
    with (data / "hedges.tsv").open("a", encoding="utf-8") as fh:
        fh.write("# one more comment line\n")
    assert CompiledCache.key(Language("pl", data), "salt") != before


def test_a_damaged_or_foreign_file_is_only_a_miss(cache_dir):
    lang, engine = load("pl"), Analyzer()
    cache = CompiledCache(lang, cache_dir, engine.dictionary())
    cache_dir.mkdir(mode=0o700)
    cache.path.write_bytes(b"not a pickle")
    os.chmod(cache.path, 0o600)
    assert cache.load({"analyzer": engine}) == 0
    lang.compiled("name-guesser", lambda lg: object())  # stands for any compiled structure
    assert cache.save({"analyzer": engine}) is True
    assert CompiledCache(load("pl"), cache_dir, engine.dictionary()).load({"analyzer": engine}) == 1
    os.chmod(cache_dir, 0o777)  # anyone may write here: nothing is read from it
    assert CompiledCache(load("pl"), cache_dir, engine.dictionary()).load({"analyzer": engine}) == 0


def test_the_cache_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("KRONIKA_CACHE_DIR", "off")
    assert cache_directory() is None
    monkeypatch.delenv("KRONIKA_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert str(cache_directory()) == "/somewhere/kronika"
