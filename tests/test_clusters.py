"""Cross-article event identity on 14 short articles we wrote: 4 events, each told by several
sources in different words, and 2 near-miss distractors (a later deployment, a strike on another city)."""
from __future__ import annotations

from itertools import combinations

import pytest

from corpus_fixtures import documents, stored
from kronika import clusters
from kronika.store import EventRow, open_store


def pairs(groups) -> set[frozenset]:
    return {frozenset(p) for g in groups for p in combinations(sorted(g), 2)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    docs = documents("clusters.json")
    assert len(docs) >= 10
    path = tmp_path_factory.mktemp("clusters") / "k.db"
    with open_store(path) as s:
        for d in docs:
            s.put_document(stored(d))
        n = clusters.rebuild(s)
        gold = {f"{d['id']}#{i}": g for d in docs for i, g in enumerate(d["gold"])}
        yield s, gold, n


def predicted_groups(store) -> list[set[str]]:
    return [set(c["summary"]["members"]) for c in store.clusters().values()]


def test_pairwise_precision_and_recall(built, capsys):
    store, gold, _ = built
    gold_groups: dict[str, set[str]] = {}
    for key, label in gold.items():
        gold_groups.setdefault(label, set()).add(key)
    truth, found = pairs(gold_groups.values()), pairs(predicted_groups(store))
    hits = len(truth & found)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth)
    with capsys.disabled():
        print(f"\ncluster pairs: gold {len(truth)}, predicted {len(found)}, correct {hits}; "
              f"precision {precision:.2f}, recall {recall:.2f}")
    assert precision >= 0.9 and recall >= 0.8


def test_distractors_stay_alone(built):
    store, gold, _ = built
    for members in predicted_groups(store):
        labels = {gold[m] for m in members}
        if labels & {"D1", "D2"}:
            assert len(members) == 1, f"distractor merged: {members}"


def test_counts_conflicting_values_and_reasons(built):
    store, gold, _ = built
    e1 = next(c for c in store.clusters().values() if {gold[m] for m in c["summary"]["members"]} == {"E1"})
    assert (e1["mentions"], e1["documents"], e1["sources"]) == (3, 3, 3)
    assert e1["event_type"] == "AID" and e1["summary"]["types"] == {"AID": 2, "MOBILIZE": 1}
    troops = {v["value"]: v["reports"] for v in e1["summary"]["values"]["quantity:troops"]}
    assert set(troops) == {"~3000", "1500", "~11000"}  # side by side, never averaged
    assert troops["1500"][0]["source"] == "South Korea" and troops["~11000"][0]["publisher"] == "TVN24"
    assert "quantity:troops" in e1["summary"]["conflicts"]
    links = store.cluster_links(e1["id"])
    assert len(links) == 2 and all(ln["reasons"] for ln in links)
    assert any("actor PRK" in ln["reasons"] and "recipient RUS" in ln["reasons"] for ln in links)


def test_every_event_belongs_to_exactly_one_cluster(built):
    store, gold, n = built
    members = [m for c in store.clusters().values() for m in c["summary"]["members"]]
    assert sorted(members) == sorted(gold) and n == len(store.clusters())
    assert all(r["cluster"] for r in store.events())


def test_result_does_not_depend_on_ingest_order(built, tmp_path):
    store = built[0]
    with open_store(tmp_path / "rev.db") as rev:
        for d in reversed(documents("clusters.json")):
            rev.put_document(stored(d))
        clusters.rebuild(rev)
        assert rev.digest("clusters") == store.digest("clusters")
        assert not rev.clusters_stale()


def _row(eid, doc, published, **record):
    base = {"id": f"e{eid}", "event_type": "AID", "mode": None, "actors": [], "recipients": [],
            "certainty": "stated", "hypothetical": False}
    return clusters.view(EventRow(eid, doc, 0, {**base, **record}, published, None))


def _ents(*countries):
    return [{"text": c, "name": c, "country": c, "sector": None} for c in countries]


def test_vetoes_and_symmetry():
    date = {"start": "2024-12-20", "end": "2024-12-20", "precision": "day", "text": "w piątek"}
    a = _row(1, "a", "2024-12-20", event_type="ASSAULT", actors=_ents("RUS"), recipients=_ents("UKR"), date=date)
    later = _row(2, "b", "2024-12-27", event_type="ASSAULT", actors=_ents("RUS"), recipients=_ents("UKR"),
                 date={**date, "start": "2024-12-27", "end": "2024-12-27"})
    assert clusters.compare(a, later) is None  # a week apart
    promise = _row(3, "c", "2024-12-20", event_type="ASSAULT", actors=_ents("RUS"), recipients=_ents("UKR"),
                   date=date, hypothetical=True)
    assert clusters.compare(a, promise) is None  # a threat to strike is not the strike
    other_side = _row(4, "d", "2024-12-20", event_type="ASSAULT", actors=_ents("UKR"), recipients=_ents("RUS"),
                      date=date)
    assert clusters.compare(a, other_side) is None  # who attacks whom matters for ASSAULT
    pact = _row(5, "e", "2025-02-03", event_type="AGREE", actors=_ents("POL"), recipients=_ents("DEU"))
    pact_rev = _row(6, "f", "2025-02-04", event_type="AGREE", actors=_ents("DEU", "POL"))
    ev = clusters.compare(pact, pact_rev)  # but not for an agreement
    assert ev.score >= clusters.THRESHOLD and "participants DEU,POL" in ev.reasons
    trilateral = _row(8, "h", "2025-02-03", event_type="AGREE", actors=_ents("DEU", "FRA"))
    assert clusters.compare(pact, trilateral) is None  # different parties
    aid = _row(7, "g", "2024-12-20", actors=_ents("RUS"), recipients=_ents("UKR"), date=date)
    assert clusters.compare(a, aid) is None  # another type family
    denial = _row(9, "i", "2024-12-20", event_type="ASSAULT", actors=_ents("RUS"), recipients=_ents("UKR"),
                  date=date, negated=True)
    assert clusters.compare(a, denial) is None  # "did not attack" is not a report of the attack


def test_a_link_needs_more_than_type_and_participants():
    aid = dict(event_type="AID", mode="military", actors=_ents("PRK"), recipients=_ents("RUS"))
    troops = _row(1, "a", "2025-03-27", **aid)
    missiles = _row(2, "a", "2025-03-27", **aid)  # the same article
    ev = clusters.compare(troops, missiles)
    assert ev is not None and not ev.links  # one article, two sentences: its date is no evidence
    other_paper = _row(3, "b", "2025-03-26", **aid)
    assert clusters.compare(troops, other_paper).links  # two papers in the same days: it is
    undatable = [_row(4, "c", None, **aid), _row(5, "d", None, **aid)]
    assert not clusters.compare(*undatable).links  # nothing at all places them in time


def test_publisher_names():
    assert clusters.publisher("https://www.pap.pl/x/y", "d1") == "pap.pl"
    assert clusters.publisher("PAP", "d1") == "PAP"
    assert clusters.publisher(None, "d1") == "doc:d1"
