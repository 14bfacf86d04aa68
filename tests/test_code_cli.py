"""kronika code / explain / mentions and the Python API: records follow the schema exactly, ids are stable."""
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import kronika
from kronika.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "north-korea-troops.pl.txt"
SCHEMA = json.loads((ROOT / "kronika" / "schema" / "event.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_records():
    result = CliRunner().invoke(cli, ["code", str(SEED), "--published", "2025-03-27", "--doc-id", "seed"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_every_record_follows_the_schema(seed_records):
    assert len(seed_records) >= 17
    for rec in seed_records:
        jsonschema.validate(rec, SCHEMA)


def test_the_seed_speakers_own_promise_has_no_source(seed_records):
    """"Kim powiedział Szoigu, …, że jego kraj będzie … wspierał Rosję": Kim (also the
    instrumental of "kto") is the speaker, and one speaking of his own country's deed is not a
    source of it; Szoigu, the one told, is neither."""
    support = [r for r in seed_records if r["event_type"] == "SUPPORT" and r["trigger"] == "wspierał"]
    assert len(support) == 1
    rec = support[0]
    assert [a["country"] for a in rec["actors"]] == ["PRK"]
    assert [a["country"] for a in rec["recipients"]] == ["RUS"]
    assert rec["source"] is None and rec["certainty"] == "stated"


def test_offsets_point_at_the_text(seed_records):
    text = SEED.read_text(encoding="utf-8")
    for rec in seed_records:
        a, b = rec["span"]
        assert text[a:b] == rec["trigger"]
        s, e = rec["sentence_span"]
        assert text[s:e] == rec["text"] and s <= a < b <= e
        for who in rec["actors"] + rec["recipients"]:
            x, y = who["span"]
            assert text[x:y] == who["text"]


def test_ids_are_stable_and_unique(seed_records):
    again = CliRunner().invoke(cli, ["code", str(SEED), "--published", "2025-03-27", "--doc-id", "seed"])
    ids = [json.loads(line)["id"] for line in again.stdout.splitlines() if line.startswith("{")]
    assert ids == [r["id"] for r in seed_records]
    assert len(set(ids)) == len(ids)


def test_csv_and_parquet_outputs(tmp_path):
    import pandas as pd

    for fmt in ("csv", "parquet"):
        out = tmp_path / f"events.{fmt}"
        result = CliRunner().invoke(cli, ["code", str(SEED), "--published", "2025-03-27", "--format", fmt,
                                          "-o", str(out)])
        assert result.exit_code == 0, result.output
        frame = pd.read_csv(out) if fmt == "csv" else pd.read_parquet(out)
        assert len(frame) >= 17 and "event_type" in frame.columns


def test_parquet_needs_an_output_file():
    result = CliRunner().invoke(cli, ["code", str(SEED), "--format", "parquet"])
    assert result.exit_code == 2 and "give an output file" in result.output


def test_python_api_codes_a_sentence():
    records = kronika.code("Korea Północna wysłała 3 000 żołnierzy do Rosji.", published="2025-03-27")
    assert [(r["event_type"], r["actors"][0]["country"], r["recipients"][0]["country"]) for r in records] == \
        [("AID", "PRK", "RUS")]
    assert records[0]["quantities"][0]["value"] == 3000


def test_explain_names_the_trigger_and_rules():
    result = CliRunner().invoke(cli, ["explain", str(SEED), "--published", "2025-03-27", "--sentence", "4"])
    assert result.exit_code == 0, result.output
    assert "została zajęta" in result.output
    assert "actor: przez+acc" in result.output
    assert "uważać się, impersonal" in result.output
    assert "not coded:" in result.output  # the noun "ofensywa" has no actor of its own


def test_explain_rejects_a_sentence_out_of_range():
    result = CliRunner().invoke(cli, ["explain", str(SEED), "--sentence", "99"])
    assert result.exit_code == 2 and "there is no sentence 99" in result.output


def test_mentions_prints_base_forms_and_countries():
    result = CliRunner().invoke(cli, ["mentions", str(SEED), "--published", "2025-03-27"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    by_text = {r["text"]: r for r in rows}
    assert by_text["Korei Północnej"]["base"] == "Korea Północna"
    assert by_text["Kim Dzong Una"]["base"] == "Kim Dzong Un" and by_text["Kim Dzong Una"]["country"] == "PRK"
    assert by_text["rosyjskiej armii"]["base"] == "rosyjska armia"
    assert (by_text["rosyjskiej armii"]["country"], by_text["rosyjskiej armii"]["sector"]) == ("RUS", "MIL")
