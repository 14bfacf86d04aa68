"""Reading documents: dates, encodings, file kinds, directories, stdin, and the language check."""
from __future__ import annotations

import codecs
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from kronika.doc import Document
from kronika.langid import LanguageCheck, LanguageGuesser, detect
from kronika.pipeline import build
from kronika.read import InputError, ReadProblem, decode, parse_date, read_inputs

IO = Path(__file__).parent / "data" / "io"
POLISH_LETTERS = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
ENCODED = ["utf8", "utf8-bom", "utf16", "cp1250", "iso8859-2"]


def docs_and_problems(*paths, **kwargs):
    items = list(read_inputs([str(p) for p in paths], **kwargs))
    return ([i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, ReadProblem)])


# --- dates -------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (None, None),
    ("", None),
    ("2025-03-27", dt.date(2025, 3, 27)),
    (" 2025-03-27 ", dt.date(2025, 3, 27)),
    ("2025-03-27T23:30:00+02:00", dt.date(2025, 3, 27)),
    ("2025-03-27 08:00:00", dt.date(2025, 3, 27)),
    (dt.date(2024, 2, 29), dt.date(2024, 2, 29)),
    (dt.datetime(2024, 2, 29, 12, 0), dt.date(2024, 2, 29)),
])
def test_parse_date_accepts(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["27.03.2025", "20250327", "2025-02-30", "marzec 2025", "2025-W13-4", 20250327])
def test_parse_date_rejects_with_a_clear_message(value):
    with pytest.raises(ValueError, match="not a date.*YYYY-MM-DD"):
        parse_date(value)


# --- encodings -------------------------------------------------------------------------------

def test_fixture_text_holds_every_polish_letter():
    text = (IO / "burza.utf8.txt").read_text(encoding="utf-8")
    assert POLISH_LETTERS <= set(text)


def test_fixtures_really_are_in_their_encodings():
    raw = {name: (IO / f"burza.{name}.txt").read_bytes() for name in ENCODED}
    assert raw["utf8-bom"].startswith(b"\xef\xbb\xbf") and raw["utf16"][:2] in (b"\xff\xfe", b"\xfe\xff")
    # ą is 0xB9 in CP1250 and 0xB1 in ISO-8859-2; ś is 0x9C and 0xB6: the files differ exactly there
    assert b"\xb9" in raw["cp1250"] and b"\xb1" not in raw["cp1250"] and b"\x9c" in raw["cp1250"]
    assert b"\xb1" in raw["iso8859-2"] and b"\xb9" not in raw["iso8859-2"] and b"\xb6" in raw["iso8859-2"]
    assert raw["cp1250"] != raw["iso8859-2"]


@pytest.mark.parametrize("name, encoding", [("utf8", "utf-8"), ("utf8-bom", "utf-8-sig"), ("utf16", "utf-16"),
                                            ("cp1250", "cp1250"), ("iso8859-2", "iso8859_2")])
def test_decode_detects_each_encoding(name, encoding):
    expected = (IO / "burza.utf8.txt").read_text(encoding="utf-8")
    text, found = decode((IO / f"burza.{name}.txt").read_bytes())
    assert (text, found) == (expected, encoding)


def test_every_encoding_gives_the_same_text_sentences_and_tokens():
    pipeline = build(until="tokens")
    docs, problems = docs_and_problems(*(IO / f"burza.{name}.txt" for name in ENCODED))
    assert not problems and len(docs) == 5
    analysed = [pipeline(d) for d in docs]
    reference = analysed[0]
    assert len(reference.sentences) >= 4 and len(reference.tokens) > 60
    for doc in analysed[1:]:
        assert doc.text == reference.text
        assert [(s.start, s.end) for s in doc.sentences] == [(s.start, s.end) for s in reference.sentences]
        assert [(t.start, t.end, t.text) for t in doc.tokens] == [(t.start, t.end, t.text) for t in reference.tokens]


SHORT_POLISH = ["Zażółć gęślą jaźń.", "Wojsko ściągnęło siły z południa.", "Ślązacy świętowali w Źródłach.",
                "Mąż", "Środa", "Ąę"]


@pytest.mark.parametrize("text, encoding", [(t, e) for t in SHORT_POLISH for e in ("cp1250", "iso8859_2")]
                         + [("Ma ±5 stopni", "cp1250")])
def test_short_polish_texts_decode_right_in_both_code_pages(text, encoding):
    assert decode(text.encode(encoding))[0] == text


def test_cyrillic_code_page_is_not_read_as_polish():
    text = "Президент России заявил в среду, что переговоры продолжатся на следующей неделе."
    assert decode(text.encode("cp1251")) == (text, "cp1251")


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "NUL bytes"),
    (bytes(range(1, 32)) * 20, "control characters"),
    (b"\xff\xfeA\x00B", "byte-order mark"),
])
def test_binary_data_raises_a_clear_error(data, message):
    with pytest.raises(InputError, match=message):
        decode(data)


def test_text_is_kept_exactly_as_decoded():
    text = "Pierwszy akapit.\r\n\r\n  Drugi\u00a0akapit\u2009z\u202fodstępami.\t\n"
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8"))[0] == text


# --- file kinds -------------------------------------------------------------------------------

def test_txt_takes_id_from_stem_and_metadata_from_arguments(tmp_path):
    path = tmp_path / "sejm-ustawa.txt"
    path.write_text("Sejm uchwalił ustawę o obronie cywilnej.", encoding="utf-8")
    (doc,), _ = docs_and_problems(path, published="2025-01-15", title="Ustawa przyjęta")
    assert (doc.id, doc.published, doc.title) == ("sejm-ustawa", dt.date(2025, 1, 15), "Ustawa przyjęta")
    (doc,), _ = docs_and_problems(path, doc_id="art-7")
    assert doc.id == "art-7" and doc.published is None


def test_jsonl_reads_good_lines_and_names_bad_ones(tmp_path):
    path = tmp_path / "paczka.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Premier spotkał się z prezydentem.", "published": "2025-02-03",
                    "title": "Spotkanie", "source": "Agencja X", "url": "https://example.pl/a1"}, ensure_ascii=False),
        '{"id": "a2", "text": "Brak zamknięcia cudzysłowu}',
        "",
        json.dumps({"id": "a3", "text": "Wojewoda ogłosił alarm powodziowy."}, ensure_ascii=False),
        json.dumps({"id": "a4", "text": "Data jest zła.", "published": "3 lutego"}, ensure_ascii=False),
        json.dumps({"text": "Bez identyfikatora."}, ensure_ascii=False),
        json.dumps(["nie", "obiekt"]),
        json.dumps({"id": 5, "text": "Liczbowy identyfikator też przejdzie."}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, problems = docs_and_problems(path)
    assert [d.id for d in docs] == ["a1", "a3", "5"]
    first = docs[0]
    assert (first.published, first.title, first.source, first.url) == (
        dt.date(2025, 2, 3), "Spotkanie", "Agencja X", "https://example.pl/a1")
    assert [p.label for p in problems] == [f"{path}:2", f"{path}:5", f"{path}:6", f"{path}:7"]
    assert "invalid JSON" in problems[0].message and "line skipped" in problems[0].message
    assert "published" in problems[1].message and "'id'" in problems[2].message and "object" in problems[3].message


def test_jsonl_in_cp1250_and_utf16(tmp_path):
    record = {"id": "z", "text": "Źródło: ściśle tajne, ąę."}
    for encoding in ("cp1250", "utf-16", "utf-8-sig"):
        path = tmp_path / f"{encoding}.jsonl"
        path.write_bytes((json.dumps(record, ensure_ascii=False) + "\n").encode(encoding))
        (doc,), problems = docs_and_problems(path)
        assert doc.text == record["text"] and not problems, encoding


def test_html_main_text_and_metadata_without_the_noise():
    (doc,), problems = docs_and_problems(IO / "powodz.html")
    assert not problems
    assert doc.title == "Powódź w Kłodzku: woda opada"
    assert doc.published == dt.date(2024, 9, 17)
    assert doc.url == "https://example.pl/kraj/powodz-klodzko"
    assert doc.text.startswith("Poziom Nysy Kłodzkiej spadł w nocy")  # the headline is metadata
    assert "ewakuowano około 1 200 mieszkańców" in doc.text
    assert "specjalną ustawę o pomocy" in doc.text
    for noise in ("Strona główna", "tracking", "Reklama", "cookie", "Najczęściej czytane",
                  "Wszelkie prawa", "Kontakt", "font-family"):
        assert noise not in doc.text


def test_html_with_scripts_only_is_a_problem():
    docs, (problem,) = docs_and_problems(IO / "scripts-only.html")
    assert not docs and problem.reason == "no main text" and "no main text" in problem.message


@pytest.mark.parametrize("content, reason, words", [
    (b"", "empty", "empty file"),
    (b" \n\t\n", "empty", "only whitespace"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary", "NUL bytes"),
])
def test_empty_and_binary_files(tmp_path, content, reason, words):
    path = tmp_path / "zly.txt"
    path.write_bytes(content)
    docs, (problem,) = docs_and_problems(path)
    assert not docs and problem.reason == reason and words in problem.message and problem.label == str(path)


def test_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "duzy.txt"
    path.write_bytes(b"Ala ma kota. " * 1000)
    docs, (problem,) = docs_and_problems(path, max_bytes=5000)
    assert not docs and problem.reason == "too large" and "over the limit of 0.005 MB" in problem.message
    docs, problems = docs_and_problems(path, max_bytes=20000)
    assert len(docs) == 1 and not problems


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "2024" / "03").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "b.txt").write_text("Drugi tekst o wyborach.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Pierwszy tekst o wyborach.", encoding="utf-8")
    (tmp_path / "2024" / "03" / "a.txt").write_text("Ten sam rdzeń nazwy, inny katalog.", encoding="utf-8")
    (tmp_path / "2024" / "paczka.jsonl").write_text('{"id": "j1", "text": "Z paczki."}\n', encoding="utf-8")
    (tmp_path / "2024" / "skan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "notatki.md").write_text("# nie dokument", encoding="utf-8")
    (tmp_path / ".git" / "config.txt").write_text("ukryte", encoding="utf-8")
    docs, problems = docs_and_problems(tmp_path)
    assert [d.id for d in docs] == ["2024/03/a", "j1", "a", "b"]
    (note,) = problems
    assert note.outcome == "ignored" and "2 file(s) of unknown type" in note.message
    assert ".md ×1" in note.message and ".pdf ×1" in note.message


def test_duplicate_ids_are_reported_and_skipped(tmp_path):
    (tmp_path / "x.txt").write_text("Pierwszy.", encoding="utf-8")
    (tmp_path / "x.jsonl").write_text('{"id": "x", "text": "Drugi z tym samym id."}\n', encoding="utf-8")
    docs, (problem,) = docs_and_problems(tmp_path / "x.jsonl", tmp_path / "x.txt")
    assert [d.text for d in docs] == ["Drugi z tym samym id."]
    assert problem.outcome == "skipped" and "duplicate document id 'x'" in problem.message


def test_missing_path_is_a_problem_not_an_exception(tmp_path):
    docs, (problem,) = docs_and_problems(tmp_path / "nie-ma.txt")
    assert problem.reason == "not found"


def test_doc_id_needs_a_single_document(tmp_path):
    with pytest.raises(ValueError, match="names one document"):
        list(read_inputs([str(tmp_path)], doc_id="x"))


@pytest.mark.parametrize("data, expected_ids, title", [
    ("Rząd przyjął projekt ustawy.".encode("cp1250"), ["stdin"], None),
    ('{"id": "s1", "text": "Pierwszy."}\n{"id": "s2", "text": "Drugi."}\n'.encode(), ["s1", "s2"], None),
    ((IO / "powodz.html").read_bytes(), ["stdin"], "Powódź w Kłodzku: woda opada"),
    ("Tekst z BOM-em.".encode("utf-16"), ["stdin"], None),
])
def test_stdin_is_sniffed(data, expected_ids, title):
    docs = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    assert [d.id for d in docs] == expected_ids
    assert docs[0].title == title
    assert not docs[0].text.startswith("\ufeff")


# --- language ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, language", [
    ("Korea Północna wysłała w styczniu trzy tysiące żołnierzy do Rosji, podaje wywiad.", "pl"),
    ("North Korea sent three thousand soldiers to Russia in January, intelligence said.", "en"),
    ("Nordkorea hat im Januar dreitausend Soldaten nach Russland geschickt, heißt es.", "de"),
    ("Северная Корея направила в январе в Россию три тысячи солдат, сообщает разведка.", "ru"),
    ("Північна Корея направила в січні до Росії три тисячі солдатів, повідомляє розвідка.", "uk"),
    ("Severní Korea poslala v lednu do Ruska tři tisíce vojáků, uvádí rozvědka.", "cs"),
])
def test_detect_full_sentences(text, language):
    assert detect(text) == language


@pytest.mark.parametrize("text", ["NATO", "Ukraina", "Tak.", "Donald Tusk", ""])
def test_short_texts_are_undetermined_and_kept(text):
    guesser = LanguageGuesser()
    assert guesser.detect(text) is None
    verdict = LanguageCheck(guesser=guesser)(text)
    assert verdict.keep and verdict.message is None


def test_check_names_the_language_it_skips():
    verdict = LanguageCheck()("The government adopted a draft law on civil defence on Wednesday evening.")
    assert not verdict.keep and verdict.message == "language looks like en, skipped"
