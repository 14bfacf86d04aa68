"""The HTTP API: every endpoint, its JSON twin, paging, filters against the library, bad parameters
(clear 4xx, never 500), coding on the fly, token-guarded ingest, size limits and security headers."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from kronika.pipeline import build
from kronika.query import make_filter
from kronika.store import open_store
from kronika.web import Settings, create_app
from kronika.web.app import read_labels
from kronika.web.charts import CONFLICT_TYPES
from web_fixtures import SEED, SEED_ID, SLASH_ID, XSS_ID, build_store

WEB = Path(__file__).parents[1] / "kronika" / "web"
JSON_PAGES = ["/index.json", "/documents.json", "/events.json", "/clusters.json", "/actors.json", "/stats.json",
              "/timeline.json", "/network.json", "/map.json", "/code.json", "/api.json"]


@pytest.fixture(scope="module")
def pipeline():
    return build()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("web") / "k.db"
    info = build_store(path, pipeline)
    return path, info


def _app(path: Path, pipeline, **settings):
    return create_app(Settings(path, **settings), pipeline=pipeline)  # the module's pipeline saves seconds


@pytest.fixture(scope="module")
def client(corpus, pipeline):
    return TestClient(_app(corpus[0], pipeline))


def library_ids(path: Path, **options) -> list[str]:
    with open_store(path, readonly=True) as s:
        return [r["id"] for r in s.events(make_filter(**options))]


def api_ids(client, query: str) -> list[str]:
    r = client.get(f"/events.json?limit=1000&{query}")
    assert r.status_code == 200, r.text
    return [e["id"] for e in r.json()["events"]]


# -- pages and their twins ---------------------------------------------------------------------------

@pytest.mark.parametrize("json_path", JSON_PAGES)
def test_every_page_has_a_json_twin_from_the_same_handler(client, json_path):
    html_path = json_path[:-5] if json_path != "/index.json" else "/"
    page = client.get(html_path, headers={"accept": "text/html"})
    twin = client.get(json_path)
    assert page.status_code == twin.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert twin.headers["content-type"].startswith("application/json")
    assert f'href="{json_path}"' in page.text, "the page links its JSON twin"


def test_overview_counts_the_store(client, corpus):
    data = client.get("/index.json").json()
    assert data["totals"]["documents"] == corpus[1]["n_documents"]
    with open_store(corpus[0], readonly=True) as s:
        assert data["totals"]["events"] == s.count_events()
    assert sum(r["events"] for r in data["by_type"]) == data["totals"]["events"]
    assert [d["published"] for d in data["latest"]] == sorted((d["published"] for d in data["latest"]), reverse=True)


def test_documents_are_paged_latest_first(client, corpus):
    first = client.get("/documents.json?limit=10").json()
    assert first["total"] == corpus[1]["n_documents"] and len(first["documents"]) == 10
    assert first["previous"] is None and "offset=10" in first["next"]
    rest = client.get(first["next"]).json()
    last = client.get("/documents.json?limit=10&offset=20").json()
    ids = [d["id"] for page in (first, rest, last) for d in page["documents"]]
    assert len(ids) == len(set(ids)) == corpus[1]["n_documents"] and last["next"] is None
    assert "text" not in first["documents"][0]


def test_document_view_has_text_events_and_highlights_at_their_offsets(client, corpus):
    data = client.get(f"/documents/{SEED_ID}.json").json()
    text = SEED.read_text(encoding="utf-8")
    assert data["text"] == text and data["document"]["published"] == "2025-03-27"
    assert len(data["events"]) == len(corpus[1]["seed"].records) > 5
    for e in data["events"]:
        assert text[e["span"][0]:e["span"][1]] == e["trigger"]
        assert e["rules"] and e["rules"][0].startswith("trigger "), "the seed was coded with today's lexicon"
    for h in data["highlights"]:
        assert 0 <= h["start"] < h["end"] <= len(text)
    kinds = {h["kind"] for h in data["highlights"]}
    assert {"trigger", "actor", "recipient", "date", "place", "number", "mention"} <= kinds
    aid = next(e for e in data["events"] if e["trigger"] == "wysłała")
    assert {(h["kind"], text[h["start"]:h["end"]]) for h in data["highlights"]
            if h["event"] == data["events"].index(aid)} >= {("trigger", "wysłała"), ("actor", "Korea Północna"),
                                                           ("recipient", "Rosji"), ("number", "3 000")}


def test_document_ids_with_a_slash_and_missing_ones(client):
    assert client.get("/documents/" + quote(SLASH_ID) + ".json").json()["document"]["id"] == SLASH_ID
    assert client.get("/documents/" + quote(SLASH_ID)).status_code == 200
    r = client.get("/documents/no-such-doc.json")
    assert r.status_code == 404 and "no-such-doc" in r.json()["error"]["message"]


def test_stored_rules_are_withheld_when_the_lexicon_changed(client):
    data = client.get("/documents/q01.json").json()  # the fixture is stored as lexicon "fixture"
    assert data["rules_available"] is False and all(e["rules"] is None for e in data["events"])


# -- events: every filter of `kronika events` ---------------------------------------------------------

FILTERS = [
    ("actor=PRK", {"actor": "PRK"}), ("actor=HUN&actor=LTU", {"actor": ["HUN", "LTU"]}),
    ("actor=person:kim-jong-un", {"actor": "person:kim-jong-un"}), ("recipient=RUS", {"recipient": "RUS"}),
    ("country=BEL", {"country": "BEL"}), ("sector=MIL", {"sector": "MIL"}), ("type=aid", {"event_type": "AID"}),
    ("type=AID&type=ASSAULT", {"event_type": ["AID", "ASSAULT"]}), ("mode=military", {"mode": "military"}),
    ("since=2024-10", {"since": "2024-10"}), ("until=2024-06-30", {"until": "2024-06-30"}),
    ("since=2024&until=2024", {"since": "2024", "until": "2024"}), ("source=none", {"source": "none"}),
    ("source=KOR", {"source": "KOR"}), ("publisher=PAP", {"publisher": "PAP"}),
    ("certainty=reported", {"certainty": "reported"}), ("text=żołnierz", {"text": "żołnierz"}),
    ("text=Kursk*", {"text": "Kursk*"}), ("doc=q02", {"document": "q02"}),
    ("actor=UKR&type=ASSAULT&since=2024", {"actor": "UKR", "event_type": "ASSAULT", "since": "2024"}),
]


@pytest.mark.parametrize(("query", "options"), FILTERS, ids=[q for q, _ in FILTERS])
def test_event_filters_match_the_library(client, corpus, query, options):
    assert api_ids(client, query) == library_ids(corpus[0], **options)


def test_filters_are_not_vacuous(client, corpus):
    everything = api_ids(client, "")
    for query, _ in FILTERS:
        assert 0 < len(api_ids(client, query)) < len(everything), query


def test_cluster_filter(client, corpus):
    clusters = client.get("/clusters.json?limit=1").json()["clusters"]
    cid = clusters[0]["id"]
    assert api_ids(client, f"cluster={cid}") == library_ids(corpus[0], cluster=cid)
    assert len(api_ids(client, f"cluster={cid}")) == clusters[0]["mentions"]


def test_event_pages_add_up_and_sort(client):
    everything = api_ids(client, "")
    pages, url = [], "/events.json?limit=7"
    while url:
        data = client.get(url).json()
        assert data["total"] == len(everything)
        pages += [e["id"] for e in data["events"]]
        url = data["next"]
    assert pages == everything
    dated = client.get("/events.json?sort=date&desc=true&since=2000").json()["events"]
    starts = [e["date"]["start"] for e in dated]
    assert starts == sorted(starts, reverse=True) and len(starts) > 3
    types = [e["event_type"] for e in client.get("/events.json?sort=type&limit=1000").json()["events"]]
    assert types == sorted(types)


BAD = [
    "/events.json?since=2024-13", "/events.json?since=2025&until=2024", "/events.json?type=FIGHT",
    "/events.json?certainty=maybe", "/events.json?limit=0", "/events.json?limit=5000", "/events.json?offset=-1",
    "/events.json?sort=colour", "/events.json?desc=maybe", "/events.json?actr=PRK", '/events.json?text="open',
    "/events.json?text=AND", "/documents.json?limit=abc", "/stats.json?by=colour", "/timeline.json?period=day",
    "/network.json?nodes=1", "/map.json?until=yesterday", "/actors.json?type=nope", "/clusters.json?offset=x",
    "/code.json?example=perhaps", "/index.json?page=2",
]


@pytest.mark.parametrize("url", BAD)
def test_bad_parameters_get_a_clear_400(client, url):
    r = client.get(url)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["status"] == 400 and len(error["message"]) > 10


def test_bad_parameters_on_a_page_give_an_error_page(client):
    r = client.get("/events?type=FIGHT", headers={"accept": "text/html"})
    assert r.status_code == 400 and "text/html" in r.headers["content-type"]
    assert "FIGHT" in r.text and "AGREE" in r.text


def test_unknown_paths_and_methods(client):
    assert client.get("/nothing-here").json()["error"]["status"] == 404
    assert client.delete("/events.json").status_code == 405
    assert client.get("/clusters/no-such-cluster.json").status_code == 404


# -- clusters, actors, stats, charts -------------------------------------------------------------------

def test_clusters_and_one_cluster(client):
    data = client.get("/clusters.json?limit=1000").json()
    mentions = [c["mentions"] for c in data["clusters"]]
    assert mentions == sorted(mentions, reverse=True) and mentions[0] >= 2
    one = client.get(f"/clusters/{data['clusters'][0]['id']}.json").json()
    assert len(one["events"]) == one["cluster"]["mentions"] and one["links"]
    assert client.get(f"/clusters/{data['clusters'][0]['id']}").status_code == 200


def test_actors_count_events_by_role(client):
    actors = client.get("/actors.json?limit=1000").json()["actors"]
    prk = next(a for a in actors if a["name"] == "North Korea" and a["id"] == "country:prk")
    as_actor = api_ids(client, "actor=country:prk")
    assert prk["as_actor"] == len(as_actor)
    filtered = client.get("/actors.json?type=ASSAULT").json()
    assert filtered["filters"]["event_type"] == ["ASSAULT"] and filtered["total"] < len(actors)


def test_stats_by_one_and_several_keys(client):
    by_type = client.get("/stats.json").json()
    assert by_type["by"] == ["type"]
    both = client.get("/stats.json?by=month&by=type").json()["rows"]
    assert sum(r["events"] for r in both) == sum(r["events"] for r in by_type["rows"])
    assert {"month", "type", "events", "clusters", "documents"} <= set(both[0])
    weeks = client.get("/stats.json?by=week&since=2024").json()["rows"]
    import datetime as dt
    assert weeks and all(dt.date.fromisoformat(r["week"]).weekday() == 0 for r in weeks)


def test_timeline_counts_every_event_once(client):
    total = client.get("/events.json").json()["total"]
    for period in ("month", "week"):
        data = client.get(f"/timeline.json?period={period}").json()
        assert sum(s["total"] for s in data["series"]) + data["undated"] == total
    months = [s["period"] for s in client.get("/timeline.json").json()["series"]]
    assert months == sorted(months) and "2024-02" in months, "empty months between events are kept"
    prk = client.get("/timeline.json?actor=PRK").json()
    assert sum(s["total"] for s in prk["series"]) + prk["undated"] == len(api_ids(client, "actor=PRK"))


def test_network_splits_cooperation_and_conflict(client):
    assert {"ASSAULT", "COERCE", "THREATEN", "SANCTION", "ACCUSE"} <= CONFLICT_TYPES
    assert not {"AID", "AGREE", "CONSULT", "SUPPORT", "COOPERATE"} & CONFLICT_TYPES
    data = client.get("/network.json").json()
    assert data["nodes"] and data["edges"]
    ids = {n["id"] for n in data["nodes"]}
    for e in data["edges"]:
        assert e["source"] in ids and e["target"] in ids and e["cooperation"] + e["conflict"] == e["events"]
    lit_blr = next(e for e in data["edges"] if {e["source"], e["target"]} == {"BLR", "LTU"})
    assert lit_blr["tone"] == "conflict"
    assert {e["tone"] for e in data["edges"]} >= {"conflict", "cooperation"}
    small = client.get("/network.json?nodes=3").json()
    assert len(small["nodes"]) == 3 and small["dropped_nodes"] > 0


def test_map_places_and_countries(client):
    data = client.get("/map.json").json()
    total = client.get("/events.json").json()["total"]
    assert sum(p["events"] for p in data["places"]) + data["unlocated"] == total
    kursk = [p for p in data["places"] if p["place"] == "Kursk Oblast"]
    assert kursk and all(50 < p["lat"] < 53 and 34 < p["lon"] < 38 for p in kursk)
    assert data["countries"]["RUS"] == sum(p["events"] for p in data["places"] if p["country"] == "RUS")
    page = client.get("/map").text
    assert page.count('class="place"') == len(data["places"]) and page.count("<path class=\"land") > 150


# -- coding articles -----------------------------------------------------------------------------------

def test_code_json_codes_text_without_storing(client, corpus):
    before = client.get("/index.json").json()["totals"]
    text = "Węgry zablokowały w poniedziałek nowe sankcje Unii Europejskiej wobec Rosji."
    r = client.post("/code.json", json={"text": text, "published": "2025-02-10", "doc_id": "wegry"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["stored"] is False and data["text"] == text and data["document"]["id"] == "wegry"
    for e in data["events"]:
        assert text[e["span"][0]:e["span"][1]] == e["trigger"] and e["rules"]
    assert client.get("/index.json").json()["totals"] == before


def test_carriage_returns_keep_their_offsets(client):
    text = "Polska przekazała Ukrainie pomoc.\r\nRosja zaatakowała w piątek Charków."
    data = client.post("/code.json", json={"text": text, "published": "2025-03-07"}).json()
    assert data["text"] == text and data["events"]
    for e in data["events"]:
        assert text[e["span"][0]:e["span"][1]] == e["trigger"]
    page = client.post("/code", data={"text": "x"}, headers={"accept": "text/html"})  # a form's CR LF is LF
    assert "&#13;" not in page.text
    from kronika.web.app import text_markup
    assert str(text_markup("a\r\n<b>")) == "a&#13;\n&lt;b&gt;", "a CR survives the HTML parser as &#13;"


def test_code_json_reads_html(client):
    html = ("<html><head><title>Ostrzał Charkowa</title></head><body><nav><ul><li><a href='/'>Strona główna</a>"
            "</li><li><a href='/swiat'>Świat</a></li></ul></nav><article><h1>Ostrzał Charkowa</h1><p>Rosyjskie "
            "wojsko ostrzelało w nocy Charków, zginęło pięć osób, podały władze miasta.</p><p>To kolejny atak na "
            "miasto w tym tygodniu, przekazał mer Ihor Terechow.</p></article><footer>Wszelkie prawa zastrzeżone"
            "</footer><script>var tracker = 1;</script></body></html>")
    data = client.post("/code.json", json={"html": html, "published": "2025-02-10"}).json()
    assert data["text"].startswith("Rosyjskie wojsko ostrzelało") and data["document"]["title"] == "Ostrzał Charkowa"
    assert "Strona główna" not in data["text"] and "tracker" not in data["text"] and "prawa" not in data["text"]
    assert any(e["event_type"] == "ASSAULT" for e in data["events"])


def test_code_form_post_renders_the_article(client):
    r = client.post("/code", data={"text": "Polska przekazała Ukrainie\r\nsprzęt wojskowy.", "published": "2025-01-02",
                                   "kind": "text"}, headers={"accept": "text/html"})
    assert r.status_code == 200 and 'id="article-text"' in r.text
    assert "Ukrainie\nsprzęt" in r.text, "the browser's CR LF is a plain line break"


def test_seed_example_one_click_away(client):
    page = client.get("/code", headers={"accept": "text/html"}).text
    assert 'href="/code/example"' in page and 'href="/code?example=true"' in page
    form = client.get("/code.json?example=true").json()["form"]
    assert form["text"] == SEED.read_text(encoding="utf-8") and form["published"] == "2025-03-27"
    data = client.get("/code/example.json").json()
    assert data["document"]["id"] == SEED_ID and len(data["events"]) > 5
    assert all(e["rules"] for e in data["events"])


@pytest.mark.parametrize(("body", "status"), [
    ({"text": ""}, 400), ({"text": "   "}, 400), ({}, 400), ({"text": "Ala.", "html": "<p>Ala.</p>"}, 400),
    ({"text": 5}, 400), ({"text": "Rosja zaatakowała.", "published": "27/03/2025"}, 400),
    ({"text": "Rosja zaatakowała.", "colour": "red"}, 400), ({"text": "x", "doc_id": "d" * 500}, 400),
    ({"html": "<html><body><script>var a = 1;</script></body></html>"}, 422),
    ({"text": "The government announced new sanctions against Russia on Monday, officials said in London."}, 422),
])
def test_code_json_refuses_bad_articles(client, body, status):
    r = client.post("/code.json", json=body)
    assert r.status_code == status, r.text
    assert r.json()["error"]["message"]


def test_code_json_refuses_bad_bodies(client):
    assert client.post("/code.json", content=b"{not json", headers={"content-type": "application/json"}).status_code == 400
    assert client.post("/code.json", content=b"[1, 2]", headers={"content-type": "application/json"}).status_code == 400
    assert client.post("/code.json", content=b"Rosja", headers={"content-type": "text/plain"}).status_code == 415


def test_request_bodies_are_capped(corpus, pipeline):
    small = TestClient(_app(corpus[0], pipeline, max_body=1000))
    r = small.post("/code.json", json={"text": "Rosja zaatakowała Ukrainę. " * 100})
    assert r.status_code == 413 and "limit" in r.json()["error"]["message"]

    def chunks():  # no Content-Length: the cap must still hold
        for _ in range(50):
            yield b"x" * 100
    assert small.post("/code.json", content=chunks(), headers={"content-type": "application/json"}).status_code == 413


# -- writes need a token ---------------------------------------------------------------------------------

def test_read_only_by_default(client, corpus):
    with open_store(corpus[0], readonly=True) as s:
        digest = s.digest("documents")
    r = client.post("/documents.json", json={"text": "Polska przekazała pomoc Ukrainie.", "doc_id": "nowy"})
    assert r.status_code == 403 and "read-only" in r.json()["error"]["message"]
    with open_store(corpus[0], readonly=True) as s:
        assert s.digest("documents") == digest


def test_ingest_with_the_token(tmp_path, pipeline):
    path = tmp_path / "w.db"
    open_store(path).close()
    c = TestClient(_app(path, pipeline, token="s3cret"))
    body = {"text": "Polska przekazała w piątek Ukrainie pomoc wojskową.", "doc_id": "pomoc", "published": "2025-03-07"}
    assert c.post("/documents.json", json=body).status_code == 401
    assert c.post("/documents.json", json=body, headers={"authorization": "Bearer wrong"}).status_code == 401
    auth = {"authorization": "Bearer s3cret"}
    r = c.post("/documents.json", json=body, headers=auth)
    assert r.status_code == 201 and r.json()["status"] == "ingested" and r.json()["url"] == "/documents/pomoc"
    stored = c.get("/documents/pomoc.json").json()
    assert stored["text"] == body["text"] and len(stored["events"]) == r.json()["events"] >= 1
    assert stored["rules_available"] and stored["events"][0]["rules"]
    assert c.post("/documents.json", json=body, headers=auth).json()["status"] == "unchanged"
    r = c.post("/documents.json", json={**body, "published": "2025-03-08"}, headers=auth)
    assert r.json()["status"] == "replaced"
    assert c.post("/documents.json", json={"text": "Bez identyfikatora."}, headers=auth).status_code == 400
    assert c.get("/index.json").json()["totals"]["runs"] == 2


# -- safety, language, documentation -----------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/", "/events.json", "/nothing", "/static/kronika.css", f"/documents/{XSS_ID}"])
def test_security_headers_everywhere(client, url):
    headers = client.get(url).headers
    assert "script-src 'self'" in headers["content-security-policy"] and "unsafe-inline" not in \
        headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("url", [f"/documents/{XSS_ID}", "/events?doc=xss", "/actors", "/network", "/map", "/clusters",
                                 "/documents"])
def test_hostile_text_is_escaped_in_html(client, url):
    page = client.get(url, headers={"accept": "text/html"}).text
    assert "<script>window" not in page and "<img src=x" not in page and "<svg onload" not in page
    assert "onerror=\"window" not in page and "<b onmouseover" not in page and "<i onclick" not in page
    assert "javascript:" not in re.findall(r'href="([^"]*)"', page).__str__()
    assert len(re.findall(r"<script\b", page)) == 1, "only our own script tag"


def test_hostile_document_keeps_its_text_in_json(client):
    data = client.get(f"/documents/{XSS_ID}.json").json()
    assert data["text"].startswith("<script>window.__xss='text'</script>")
    assert data["document"]["url"] == "javascript:window.__xss='url'"


def test_interface_in_polish_and_english(client):
    pl = client.get("/events?lang=pl", headers={"accept": "text/html"})
    assert "Wydarzenia" in pl.text and "Wyczyść" in pl.text and pl.cookies.get("kronika_lang") == "pl"
    assert "Events" in client.get("/events?lang=en").text
    client.cookies.clear()  # the browser's language counts only until ?lang= chose one
    assert "Oś czasu" in client.get("/timeline", headers={"accept-language": "pl-PL,pl;q=0.9"}).text
    assert "Timeline" in client.get("/timeline", headers={"accept-language": "de-DE,de"}).text


def test_every_label_a_template_uses_exists_in_both_languages():
    labels = read_labels(WEB / "labels.tsv")
    used = set()
    for template in (WEB / "templates").glob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z_]+\.[a-zA-Z_]+)'", template.read_text(encoding="utf-8")))
    used |= {f"{prefix}.{x}" for prefix, xs in (("type", ["AID", "ASSAULT", "REJECT"]), ("kind", ["trigger", "mention"]),
                                              ("certainty", ["denied"]), ("period", ["week"])) for x in xs}
    assert len(used) > 80
    for lang in ("en", "pl"):
        assert used <= set(labels[lang]), sorted(used - set(labels[lang]))
    assert set(labels["en"]) == set(labels["pl"])


def test_openapi_describes_every_json_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in [p for p in JSON_PAGES if p != "/api.json"] + ["/documents/{doc_id}", "/clusters/{cluster_id}",
                                                                 "/code/example.json"]:
        assert path in paths, path
    assert "post" in paths["/code.json"] and "post" in paths["/documents.json"]
    params = {p["name"] for p in paths["/events.json"]["get"]["parameters"]}
    assert params >= {"actor", "recipient", "country", "sector", "type", "mode", "since", "until", "source",
                      "publisher", "certainty", "text", "doc", "cluster", "limit", "offset", "sort", "desc"}


def test_every_endpoint_is_documented(client):
    doc = (Path(__file__).parents[1] / "docs" / "web.md").read_text(encoding="utf-8")
    for path, ops in client.get("/openapi.json").json()["paths"].items():
        for method in ops:
            assert f"{method.upper()} {path}" in doc, f"{method.upper()} {path} is not in docs/web.md"


def test_serve_is_a_command():
    from click.testing import CliRunner

    from kronika.cli import cli
    r = CliRunner().invoke(cli, ["serve", "--help"])
    assert r.exit_code == 0 and "127.0.0.1" in r.output and "--port" in r.output and "--db" in r.output
