"""Queries over a fixture corpus of 22 Polish articles with hand-coded events: every filter, and the CLI."""
from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from corpus_fixtures import SCHEMA, documents, label_of, sentence_spans, stored
from kronika import clusters
from kronika.cli import cli
from kronika.doc import Document
from kronika.query import make_filter
from kronika.store import open_store

ALL = {"q01-aid", "q02-shelling", "q02-killed", "q03-strike", "q03-killed", "q04-aid", "q05-agree", "q06-meet",
       "q07-sanction", "q08-casualties", "q09-denied", "q10-offensive", "q11-arrest", "q12-components",
       "q13-threat", "q14-protest", "q15-demand", "q16-reject", "q17-accuse", "q18-pact", "q18-promise",
       "q19-retreat", "q20-lost", "q21-aid", "q21-thanks", "q22-rebels"}
WITH_SOURCE = {"q01-aid", "q02-killed", "q03-killed", "q08-casualties", "q09-denied", "q12-components",
               "q18-pact", "q19-retreat"}


def lemmas_by_sentence(text: str, pipeline) -> dict[int, str]:
    """Lemmas of each fixture line from the real tokenizer and Morfeusz: what text search matches on."""
    doc = pipeline(Document(id="x", text=text))
    return {i: " ".join(t.lemma for t in doc.tokens if t.kind == "word" and s <= t.start < e)
            for i, (s, e) in enumerate(sentence_spans(text))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from kronika.pipeline import build

    docs = documents("query.json")
    assert len(docs) >= 20
    pipeline = build(until="morphology")
    path = tmp_path_factory.mktemp("query") / "k.db"
    with open_store(path) as s:
        for d in docs:
            s.put_document(stored(d, lemmas_by_sentence(d["text"], pipeline)))
        clusters.rebuild(s)
    with open_store(path, readonly=True) as s:
        yield s, label_of(docs), path


def labels(corpus, **options) -> set[str]:
    store, label, _ = corpus
    return {label[r["id"]] for r in store.events(make_filter(**options))}


def test_no_filter_gives_everything(corpus):
    assert labels(corpus) == ALL


@pytest.mark.parametrize("value", ["PRK", "prk", "North Korea", "north korea"])
def test_actor_by_country_or_name(corpus, value):
    assert labels(corpus, actor=value) == {"q01-aid", "q18-pact", "q18-promise"}


def test_actor_by_lexicon_id_and_alternatives(corpus):
    assert labels(corpus, actor="person:kim-jong-un") == {"q18-promise"}
    assert labels(corpus, actor=["HUN", "LTU"]) == {"q16-reject", "q17-accuse"}


def test_recipient(corpus):
    assert labels(corpus, recipient="RUS") == {"q01-aid", "q02-shelling", "q02-killed", "q07-sanction",
                                               "q12-components", "q18-promise"}
    assert labels(corpus, recipient="NATO") == {"q06-meet", "q13-threat"}


def test_country_covers_actors_recipients_and_location(corpus):
    assert labels(corpus, country="BEL") == {"q06-meet"}  # only the place is Belgian
    assert labels(corpus, country="PRK") == {"q01-aid", "q08-casualties", "q18-pact", "q18-promise"}
    assert labels(corpus, country="POL") == {"q05-agree", "q14-protest"}
    assert labels(corpus, country="KOR") == set()  # South Korea is only ever a source here


def test_sector_of_participants_not_of_sources(corpus):
    assert labels(corpus, sector="REB") == {"q22-rebels"}
    assert labels(corpus, sector="IGO") == {"q06-meet", "q07-sanction", "q13-threat"}
    assert labels(corpus, sector="MED") == {"q11-arrest"}  # KCNA (MED) in q18 is the source


def test_type_and_mode(corpus):
    assert labels(corpus, event_type="ASSAULT") == {"q02-shelling", "q02-killed", "q03-strike", "q03-killed",
                                                    "q08-casualties", "q09-denied", "q10-offensive", "q22-rebels"}
    assert labels(corpus, event_type=["aid", "support"]) == {"q01-aid", "q04-aid", "q12-components",
                                                            "q18-promise", "q21-aid", "q21-thanks"}
    assert labels(corpus, mode="arrest") == {"q11-arrest"}
    assert labels(corpus, mode="withdraw") == {"q19-retreat", "q20-lost"}
    with pytest.raises(ValueError, match="unknown event type"):
        make_filter(event_type="INVADE")


def test_date_range_overlap(corpus):
    assert labels(corpus, since="2024-10", until="2024-11") == {"q01-aid", "q02-shelling"}
    assert labels(corpus, since="2025") == {"q05-agree", "q16-reject", "q21-aid"}
    assert labels(corpus, until="2024-08-06") == {"q18-pact", "q10-offensive"}
    # a month-precise date overlaps a range that touches its last day
    assert labels(corpus, since="2024-10-31", until="2024-11-03") == {"q01-aid"}
    with pytest.raises(ValueError, match="empty date range"):
        make_filter(since="2025-02", until="2025-01")
    with pytest.raises(ValueError, match="not a date"):
        make_filter(since="March")


def test_source_claimant(corpus):
    assert labels(corpus, source="KOR") == {"q01-aid", "q08-casualties"}
    assert labels(corpus, source="Kreml") == {"q09-denied"}  # as written
    assert labels(corpus, source="reports") == {"q12-components"}
    assert labels(corpus, source="none") == ALL - WITH_SOURCE
    assert labels(corpus, source=["none", "media"]) == (ALL - WITH_SOURCE) | {"q19-retreat"}


def test_publisher(corpus):
    assert labels(corpus, publisher="PAP") == {"q01-aid", "q05-agree", "q08-casualties", "q16-reject",
                                               "q21-aid", "q21-thanks"}


def test_certainty(corpus):
    assert labels(corpus, certainty="estimated") == {"q08-casualties"}
    assert labels(corpus, certainty="denied") == {"q09-denied"}
    assert labels(corpus, certainty="unofficial") == {"q12-components"}
    assert labels(corpus, certainty="believed") == {"q20-lost"}
    assert labels(corpus, certainty="reported") == {"q01-aid", "q02-killed", "q03-killed", "q18-pact",
                                                    "q19-retreat"}
    with pytest.raises(ValueError, match="unknown certainty"):
        make_filter(certainty="rumoured")


def test_text_search_matches_lemmas_prefixes_and_names(corpus):
    # "żołnierz" is never written: żołnierzy and żołnierze are found through their lemma
    assert labels(corpus, text="żołnierz") == {"q01-aid", "q02-killed", "q08-casualties", "q11-arrest"}
    assert labels(corpus, text="Kursk*") == {"q02-shelling", "q10-offensive", "q19-retreat"}
    assert labels(corpus, text="KCNA") == {"q18-pact"}
    assert labels(corpus, text='"pakt o wzajemnej pomocy"') == {"q18-pact"}
    with pytest.raises(ValueError, match="bad text search"):
        labels(corpus, text='"unclosed')


def test_document_cluster_limit_and_combinations(corpus):
    store, label, _ = corpus
    assert labels(corpus, document="q21") == {"q21-aid", "q21-thanks"}
    assert labels(corpus, actor="UKR", event_type="ASSAULT", since="2024-08") == {"q02-shelling", "q10-offensive"}
    first = next(r for r in store.events() if label[r["id"]] == "q01-aid")
    assert "q01-aid" in labels(corpus, cluster=first["cluster"])
    limited = list(store.events(make_filter(limit=3)))
    assert len(limited) == 3
    assert [r["doc_id"] for r in limited] == ["q18", "q18", "q10"]  # oldest publication first


def test_stats_by_type_month_and_dyad(corpus):
    store = corpus[0]
    by_type = {r["type"]: r["events"] for r in store.stats("type")}
    assert by_type["ASSAULT"] == 8 and by_type["AID"] == 5 and sum(by_type.values()) == len(ALL)
    by_month = {r["month"]: r["events"] for r in store.stats("month")}
    assert by_month == {"2024-06": 1, "2024-08": 1, "2024-10": 1, "2024-11": 1, "2025-01": 1, "2025-02": 1,
                        "2025-03": 1, "undated": 19}
    dyads = {(r["actor"], r["recipient"]): r["events"] for r in store.stats("dyad")}
    assert dyads[("PRK", "RUS")] == 2 and dyads[("RUS", "UKR")] == 3 and dyads[("PRK", "-")] == 1
    assert {r["type"]: r["events"] for r in store.stats("type", make_filter(actor="RUS"))} == {
        "ASSAULT": 2, "COERCE": 1, "THREATEN": 1, "REQUEST": 1, "RETREAT": 1, "AGREE": 1}


def test_cli_events_jsonl_follow_the_schema_with_a_cluster(corpus):
    path = corpus[2]
    result = CliRunner().invoke(cli, ["events", "--db", str(path), "--actor", "PRK", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    for r in records:
        jsonschema.validate(r, SCHEMA)
        assert r["cluster"].startswith("c")


def test_cli_events_table_csv_file_and_stats(corpus, tmp_path):
    path, runner = corpus[2], CliRunner()
    table = runner.invoke(cli, ["events", "--db", str(path), "--type", "SANCTION"])
    assert table.exit_code == 0 and "SANCTION/economic" in table.stdout and "EU → RUS" in table.stdout
    out = tmp_path / "e.csv"
    assert runner.invoke(cli, ["events", "--db", str(path), "--format", "csv", "-o", str(out)]).exit_code == 0
    assert len(out.read_text("utf-8").splitlines()) == len(ALL) + 1
    stats = runner.invoke(cli, ["stats", "--db", str(path), "--by", "dyad", "--format", "jsonl"])
    assert {"actor": "PRK", "recipient": "RUS"}.items() <= json.loads(stats.stdout.splitlines()[0]).items() \
        or any(json.loads(line)["actor"] == "PRK" for line in stats.stdout.splitlines())
    bad = runner.invoke(cli, ["events", "--db", str(path), "--since", "yesterday"])
    assert bad.exit_code == 2 and "not a date" in bad.output
