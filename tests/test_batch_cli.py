"""The batch runner and ``kronika analyze``: bad inputs give one clear line, the policy's exit code, and nothing else lost."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kronika.batch import BatchRunner, Tally
from kronika.cli import cli
from kronika.doc import Document
from kronika.langid import LanguageCheck
from kronika.pipeline import build
from kronika.read import ReadProblem

IO = Path(__file__).parent / "data" / "io"
POLISH = {
    "sejm": "Sejm uchwalił w piątek ustawę o obronie cywilnej. Za głosowało 412 posłów, przeciw było 15.",
    "powiat": "Starosta powiatu kłodzkiego ogłosił alarm przeciwpowodziowy. Woda w rzece podniosła się o metr.",
    "granica": "Straż Graniczna zatrzymała w nocy na przejściu w Medyce ciężarówkę z przemycanymi papierosami.",
}
ENGLISH = "The Polish parliament passed a civil defence law on Friday, with 412 votes in favour and 15 against."


@pytest.fixture(scope="module")
def pipeline():
    return build()


@pytest.fixture(autouse=True)
def built_once(pipeline, monkeypatch):
    """Every command builds the real pipeline; here it is built once for the module (lexicons take a second)."""
    monkeypatch.setattr("kronika.pipeline.build", lambda *args, **kwargs: pipeline)


def write_polish(folder: Path) -> None:
    for name, text in POLISH.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def analyze(*args, stdin: bytes | None = None):
    result = CliRunner().invoke(cli, ["analyze", *map(str, args)], input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def json_ids(result) -> list[str]:
    return [json.loads(line)["id"] for line in result.stdout.splitlines()]


def problem_lines(result) -> list[str]:
    lines = result.stderr.splitlines()
    assert "documents:" in lines[-1] or "document:" in lines[-1]  # the summary always closes
    return lines[:-1]


# --- one bad input among good ones -----------------------------------------------------------

def make_empty(folder):
    (folder / "pusty.txt").write_bytes(b"")
    return "pusty.txt: empty file", "1 failed (empty)"


def make_binary(folder):
    (folder / "obraz.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return "obraz.txt: not a text file: binary data (NUL bytes)", "1 failed (binary)"


def make_huge(folder):
    with (folder / "ogromny.txt").open("wb") as fh:  # 20 MB, over the 10 MB default
        fh.write(("Rząd przyjął ustawę. " * 40).encode("utf-8") * 20_000)  # 1000 bytes a chunk
    return "ogromny.txt: too large: 20.0 MB, over the limit of 10 MB", "1 failed (too large)"


def make_bad_jsonl(folder):
    good = [json.dumps({"id": f"j{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(POLISH.values())]
    lines = [good[0], '{"id": "j9", "text": "urwany wiersz', good[1], good[2]]
    (folder / "paczka.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "paczka.jsonl:2: invalid JSON", "1 failed (invalid JSON)"


def make_scripts_only(folder):
    shutil.copy(IO / "scripts-only.html", folder / "skrypty.html")
    return "skrypty.html: no main text found in the HTML page", "1 failed (no main text)"


def make_english(folder):
    (folder / "english.txt").write_text(ENGLISH, encoding="utf-8")
    return "doc english: language looks like en, skipped", "1 skipped (not Polish)"


@pytest.mark.parametrize("make", [make_empty, make_binary, make_huge, make_bad_jsonl, make_scripts_only,
                                  make_english])
def test_one_bad_input_is_reported_and_the_rest_processed(tmp_path, make):
    write_polish(tmp_path)
    message, counted = make(tmp_path)
    result = analyze(tmp_path, "--json")
    assert result.exit_code == 1
    (line,) = problem_lines(result)
    assert line.startswith("kronika: ") and message in line
    assert counted in result.stderr.splitlines()[-1]
    ids = json_ids(result)
    assert {"sejm", "powiat", "granica"} <= set(ids)
    if make is make_bad_jsonl:
        assert {"j0", "j1", "j2"} <= set(ids)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("make", [make_empty, make_binary, make_huge, make_scripts_only, make_english])
def test_a_lone_bad_input_exits_2(tmp_path, make):
    message, _ = make(tmp_path)
    (path,) = tmp_path.iterdir()
    result = analyze(path)
    assert result.exit_code == 2 and result.stdout == ""
    assert message.split(": ", 1)[1] in result.stderr
    assert result.stderr.splitlines()[-1].startswith("kronika: 1 document: 0 processed")


def test_a_batch_with_everything_wrong_at_once(tmp_path):
    write_polish(tmp_path)
    for make in (make_empty, make_binary, make_huge, make_bad_jsonl, make_scripts_only, make_english):
        make(tmp_path)
    (tmp_path / "notatka.md").write_text("nie dokument", encoding="utf-8")
    result = analyze(tmp_path, "--json")
    assert result.exit_code == 1
    assert len(problem_lines(result)) == 7  # six bad inputs and the ignored .md file
    summary = result.stderr.splitlines()[-1]
    assert summary.startswith("kronika: 12 documents: 6 processed, 1 skipped (not Polish), 5 failed (")
    for reason in ("1 empty", "1 binary", "1 too large", "1 invalid JSON", "1 no main text"):
        assert reason in summary
    assert sorted(json_ids(result)) == ["granica", "j0", "j1", "j2", "powiat", "sejm"]


# --- exit codes and usage -------------------------------------------------------------------------

def test_all_processed_exits_0_and_the_policy_is_in_help(tmp_path):
    write_polish(tmp_path)
    result = analyze(tmp_path / "sejm.txt", tmp_path / "powiat.txt")
    assert result.exit_code == 0
    assert result.stderr == "kronika: 2 documents: 2 processed, 0 skipped, 0 failed\n"
    help_text = analyze("--help").stdout
    assert "Exit codes: 0 every document processed; 1 some were skipped" in help_text
    assert "2 nothing could be" in help_text


@pytest.mark.parametrize("args, words", [
    (["--published", "27.03.2025", "x.txt"], "not a date"),
    ([], "Missing argument"),
])
def test_usage_errors_exit_2(args, words):
    result = analyze(*args)
    assert result.exit_code == 2 and words in result.stderr


def test_doc_id_with_a_directory_is_a_usage_error(tmp_path):
    write_polish(tmp_path)
    result = analyze(tmp_path, "--doc-id", "x")
    assert result.exit_code == 2 and "names one document" in result.stderr and result.stdout == ""


def test_missing_file_is_reported_and_the_others_processed(tmp_path):
    write_polish(tmp_path)
    result = analyze(tmp_path / "nie-ma.txt", tmp_path / "sejm.txt", "--json")
    assert result.exit_code == 1 and "nie-ma.txt: no such file or directory" in result.stderr
    assert json_ids(result) == ["sejm"]


def test_max_mb_is_adjustable(tmp_path):
    write_polish(tmp_path)
    result = analyze(tmp_path / "sejm.txt", "--max-mb", "0.00005")
    assert result.exit_code == 2 and "over the limit of 5e-05 MB" in result.stderr


# --- stdin, metadata, output ----------------------------------------------------------------------

def test_stdin_text_with_metadata():
    result = analyze("-", "--doc-id", "wklejony", "--published", "2025-03-27", "--title", "Z Sejmu", "--json",
                     stdin=POLISH["sejm"].encode("cp1250"))
    assert result.exit_code == 0
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (record["id"], record["published"], record["title"], record["language"]) == (
        "wklejony", "2025-03-27", "Z Sejmu", "pl")
    text = POLISH["sejm"]
    assert record["sentences"][0]["text"] == text[:text.index(".") + 1]
    for token in record["tokens"]:
        assert text[token["start"]:token["end"]] == token["text"]
    assert any(t["text"] == "uchwalił" and t["lemma"] == "uchwalić" and t["tag"].startswith("praet")
               for t in record["tokens"])
    assert isinstance(record["quantities"], list) and isinstance(record["times"], list)


def test_stdin_jsonl_and_published_override():
    lines = [json.dumps({"id": k, "text": v, "published": "2020-01-01"}, ensure_ascii=False)
             for k, v in POLISH.items()]
    result = analyze("-", "--published", "2025-03-27", "--json", stdin="\n".join(lines).encode("utf-8"))
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == list(POLISH)
    assert {r["published"] for r in records} == {"2025-03-27"}


def test_html_through_the_cli_keeps_its_metadata():
    result = analyze(IO / "powodz.html", "--json")
    assert result.exit_code == 0
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (record["id"], record["published"], record["title"]) == ("powodz", "2024-09-17",
                                                                   "Powódź w Kłodzku: woda opada")
    assert record["sentences"][0]["text"].startswith("Poziom Nysy Kłodzkiej")


def test_table_shows_sentences_tokens_and_readings(tmp_path):
    write_polish(tmp_path)
    result = analyze(tmp_path / "sejm.txt", "--published", "2025-03-28")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("== sejm  (published 2025-03-28, language pl; 2 sentences")
    assert lines[1].startswith("[0] 0-49  Sejm uchwalił w piątek")
    assert "[1] 50-91  Za głosowało 412 posłów, przeciw było 15." in lines
    assert any(re.match(r"\s+1\s+5-13\s+uchwalił\s+uchwalić\s+praet:", line) for line in lines)


# --- the runner itself ---------------------------------------------------------------------------

def fake_pipeline(doc: Document) -> Document:
    if "zepsuty" in doc.text:
        raise RuntimeError("stage 'x' failed on document 'b': boom")
    return doc


def test_runner_reports_a_pipeline_failure_and_goes_on():
    lines: list[str] = []
    runner = BatchRunner(fake_pipeline, report=lines.append)
    items = [Document("a", "pierwszy"), Document("b", "zepsuty"), ReadProblem("c.txt", "empty file", "empty"),
             ReadProblem("dir", "ignored 1 file(s)", "unknown type", "ignored"), Document("d", "czwarty")]
    assert [d.id for d in runner.run(items)] == ["a", "d"]
    assert lines == ["doc b: stage 'x' failed on document 'b': boom; skipped", "c.txt: empty file",
                     "dir: ignored 1 file(s)"]
    tally = runner.tally
    assert (tally.read, tally.processed, tally.documents) == (3, 2, 4)
    assert tally.summary() == "4 documents: 2 processed, 0 skipped, 2 failed (1 pipeline error, 1 empty)"
    assert tally.exit_code() == 1


def test_runner_sets_the_detected_language():
    runner = BatchRunner(lambda d: d, language=LanguageCheck())
    (doc,) = runner.run([Document("a", POLISH["granica"]), Document("b", ENGLISH)])
    assert doc.language == "pl" and runner.tally.skipped == {"not Polish": 1}


@pytest.mark.parametrize("tally, code", [
    (Tally(processed=3), 0),
    (Tally(processed=3, skipped={"not Polish": 1}), 1),
    (Tally(processed=1, failed={"empty": 2}), 1),
    (Tally(failed={"empty": 1}), 2),
    (Tally(), 2),
])
def test_exit_code_policy(tally, code):
    assert tally.exit_code() == code


def test_progress_bar_only_from_the_second_document(capsys):
    runner = BatchRunner(lambda d: d, progress=True)
    list(runner.run([Document("a", "jeden")]))
    assert capsys.readouterr().err == ""
    runner = BatchRunner(lambda d: d, progress=True)
    list(runner.run([Document(str(i), "tekst") for i in range(5)]))
    drawn = capsys.readouterr().err
    assert "doc/s" in drawn and drawn.startswith("\r")


def test_no_progress_bar_when_not_on_a_terminal(tmp_path):
    write_polish(tmp_path)
    result = analyze(tmp_path, "--json")
    assert "doc/s" not in result.stderr and "\r" not in result.stderr
