"""The event scorer (kronika eval) on a fixture whose score is worked out by hand below.

Gold: 3 required events, 1 optional.  Predictions: 5.
- AID in doc a: matches the first gold (type, XWL actor, RUS recipient); date overlaps 27 of 31
  days (>= 0.5: correct); location, quantity, source (none) and certainty correct.
- ACCUSE in doc a: right type and actor, but the gold wants recipient XWL and it has none: no match.
- CONSULT in doc b: actor_all {FRA, DEU} may be split between actors and recipients: match;
  its date is wrong (gold has none: not scored), source FRA correct, certainty estimated wrong.
- REJECT in doc b: matches the optional gold, counts neither way.
- PROTEST in doc b: spurious.
So tp = 2, fp = 2 (ACCUSE, PROTEST), required = 3: P = 0.5, R = 2/3, F1 = 4/7.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kronika.cli import cli
from kronika.evaluate import load_jsonl, score

DATA = Path(__file__).parent / "data" / "eval"
SHARED_SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"


def texts():
    return {d["id"]: d["text"] for d in load_jsonl(DATA / "docs.jsonl")}


def test_score_matches_the_hand_computed_numbers():
    s = score(load_jsonl(DATA / "gold.jsonl"), load_jsonl(DATA / "pred.jsonl"), texts())
    assert (s.tp, s.fp, s.required, s.optional_matched) == (2, 2, 3, 1)
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(4 / 7)
    assert s.attributes == {"date": (1, 1), "location": (2, 2), "quantity": (1, 1), "source": (3, 3),
                            "certainty": (2, 3)}
    assert [g["anchor"] for g in s.missed] == ["Ukraina potępiła"]
    assert s.type_only[1] == pytest.approx(1.0)


def test_cli_prints_the_same_score():
    result = CliRunner().invoke(cli, ["eval", str(DATA / "gold.jsonl"), str(DATA / "pred.jsonl"),
                                      str(DATA / "docs.jsonl")])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == ("events: P=0.500 R=0.667 F1=0.571 (tp=2 fp=2 required=3 "
                                             "optional matched=1)")


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="the reference scorer lives outside the repository")
def test_agrees_with_the_reference_scorer_when_it_is_present():
    ours = CliRunner().invoke(cli, ["eval", str(DATA / "gold.jsonl"), str(DATA / "pred.jsonl"),
                                    str(DATA / "docs.jsonl")]).output
    ref = subprocess.run([sys.executable, str(SHARED_SCORER), str(DATA / "gold.jsonl"), str(DATA / "pred.jsonl"),
                          str(DATA / "docs.jsonl")], capture_output=True, text=True, check=True).stdout
    assert ours == ref


def test_a_bad_line_is_a_clear_error(tmp_path):
    bad = tmp_path / "pred.jsonl"
    bad.write_text('{"doc_id": "a"}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(DATA / "gold.jsonl"), str(bad), str(DATA / "docs.jsonl")])
    assert result.exit_code == 2
    assert "pred.jsonl:2: not JSON" in result.output
    assert "Traceback" not in result.output


def test_unknown_anchor_is_a_clear_error(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "a", "anchor": "nie ma", "types": ["AID"], "actor": [], "recipient": [],
                                "certainty": ["stated"]}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(gold), str(DATA / "pred.jsonl"), str(DATA / "docs.jsonl")])
    assert result.exit_code == 2 and "anchor not found" in result.output
