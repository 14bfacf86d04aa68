"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright for Python.

One server (uvicorn on a free port of 127.0.0.1, in a thread) and one browser for the whole
session.  Playwright never downloads a browser here: it launches /usr/bin/chromium.  Without it
the tests are skipped locally and fail under CI=true.  Screenshots go to test-artifacts/.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from web_fixtures import SEED_ID, XSS_ID, build_store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI must run the browser tests (install Debian's chromium: make browser)")
    pytest.skip(f"{reason}: install Debian's chromium (make browser) to run the browser tests")


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The app over the web fixture store, served on 127.0.0.1 for the session."""
    import uvicorn

    from kronika.pipeline import build
    from kronika.web import Settings, create_app

    pipeline = build()
    path = tmp_path_factory.mktemp("browser") / "k.db"
    info = build_store(path, pipeline)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(Settings(path), pipeline=pipeline), host="127.0.0.1",
                                        port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", info
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=ARGS, viewport={"width": 1400, "height": 900}, locale="en-US")
        yield context
        context.close()


@pytest.fixture()
def page(browser, server):
    """A fresh tab that records console errors and dialogs (a dialog would be injected script)."""
    tab = browser.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    tab.on("dialog", lambda d: (tab.problems.append(f"dialog: {d.message}"), d.dismiss()))
    tab.base = server[0]
    yield tab
    assert tab.problems == [], "no console errors (CSP violations show there), no dialogs"
    tab.close()


def go(page, path: str):
    response = page.goto(page.base + path)
    assert response.status == 200, path
    return response


def shot(page, name: str, full: bool = False) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


SEGMENTS_JS = """root => Array.from(root.querySelectorAll('.hl')).map(el => {
    const r = document.createRange(); r.setStart(root, 0); r.setEndBefore(el);
    return {offset: Array.from(r.toString()).length, text: el.textContent, start: +el.dataset.start,
            end: +el.dataset.end, classes: Array.from(el.classList), events: el.dataset.events.split(' ')};
})"""


def test_seed_article_highlights_sit_at_the_record_offsets(page, server):
    data = page.request.get(f"{page.base}/documents/{SEED_ID}.json").json()
    go(page, f"/documents/{SEED_ID}")
    text = data["text"]
    root = page.locator("#article-text")
    assert root.evaluate("el => el.textContent") == text, "the page shows the document's text exactly"
    segments = root.evaluate(SEGMENTS_JS)
    for s in segments:  # every highlighted piece sits where it says, holding the text it says
        assert s["offset"] == s["start"] and s["text"] == text[s["start"]:s["end"]]
    for h in data["highlights"]:  # every mark is covered, exactly, by pieces of its kind and event
        pieces = [s for s in segments if h["start"] <= s["start"] and s["end"] <= h["end"]]
        assert "".join(s["text"] for s in pieces) == text[h["start"]:h["end"]], h
        assert all(f"hl-{h['kind']}" in s["classes"] for s in pieces), h
        if h["event"] is not None:
            assert all(str(h["event"]) in s["events"] for s in pieces), h
    for i, e in enumerate(data["events"]):
        if any(o["span"] == e["span"] for o in data["events"][:i]):
            continue  # two events of one trigger: its words link to the first, the list reaches both
        link = page.locator(f'#article-text a[href="#event-{e["id"]}"]')
        assert link.count() >= 1 and "".join(link.all_text_contents()) == e["trigger"], e["trigger"]
    colours = {kind: page.locator(f".legend .hl-{kind}").evaluate("el => getComputedStyle(el).backgroundColor")
               for kind in ("trigger", "actor", "recipient", "source", "date", "place", "number")}
    assert len(set(colours.values())) == len(colours), f"one colour per kind: {colours}"
    shot(page, "article-seed", full=True)


def test_clicking_an_event_shows_its_record_and_rules(page, server):
    data = page.request.get(f"{page.base}/documents/{SEED_ID}.json").json()
    index, aid = next((i, e) for i, e in enumerate(data["events"]) if e["trigger"] == "wysłała")
    go(page, f"/documents/{SEED_ID}")
    detail = page.locator(f"#event-{aid['id']}")
    assert not detail.is_visible()
    page.locator(f'#article-text a[href="#event-{aid["id"]}"]').first.click()
    detail.wait_for(state="visible")
    shown = detail.inner_text()
    for expected in ("AID", "North Korea", "Russia", "South Korea", "3 000", "2025-01-01", aid["rules"][0]):
        assert expected in shown, expected
    selected = page.locator("#article-text .hl.sel")
    assert selected.count() >= 4
    assert all(str(index) in s.split() for s in selected.evaluate_all("els => els.map(e => e.dataset.events)"))
    shot(page, "article-event-selected")
    other = data["events"][0]  # the list on the side selects too
    page.locator(f'.event-list a[href="#event-{other["id"]}"]').click()
    page.locator(f"#event-{other['id']}").wait_for(state="visible")
    assert not detail.is_visible()


def test_events_table_filters_and_links_back(page, server):
    go(page, "/events")
    everything = page.locator("#events-table tbody tr").count()
    assert everything > 20
    page.select_option("select[name=type]", "AID")
    page.fill("input[name=actor]", "PRK")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*type=AID*")
    rows = page.locator("#events-table tbody tr")
    expected = page.request.get(f"{page.base}/events.json?type=AID&actor=PRK").json()["total"]
    assert 0 < rows.count() == expected < everything
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.type)")) == {"AID"}
    shot(page, "events-filtered", full=True)
    page.locator("#events-table a.event-link").first.click()
    page.wait_for_url("**/documents/**#event-*")
    assert page.locator(".event-detail:target").is_visible()


def test_events_table_sorts(page, server):
    go(page, "/events")
    page.locator("#events-table thead a", has_text="Type").click()
    page.wait_for_url("**sort=type**")
    types = page.locator("#events-table tbody tr").evaluate_all("rs => rs.map(r => r.dataset.type)")
    assert types == sorted(types) and len(set(types)) > 3


def test_timeline_renders_and_filters_by_actor(page, server):
    go(page, "/timeline")
    bars = page.locator("#timeline-chart g.bar")
    assert bars.count() > 5 and page.locator("#timeline-chart rect").count() > 5
    totals = sum(int(t) for t in bars.evaluate_all("gs => gs.map(g => g.dataset.total)"))
    data = page.request.get(f"{page.base}/timeline.json").json()
    assert totals == sum(s["total"] for s in data["series"]) > 0
    box = page.locator("#timeline-chart rect").first.bounding_box()
    assert box["width"] > 5 and box["height"] > 5
    shot(page, "timeline")
    page.fill("input[name=actor]", "PRK")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**actor=PRK**")
    filtered = sum(int(t) for t in page.locator("#timeline-chart g.bar").evaluate_all(
        "gs => gs.map(g => g.dataset.total)"))
    assert 0 < filtered < totals


def test_network_renders_nodes_and_coloured_edges(page, server):
    go(page, "/network")
    nodes, edges = page.locator("#network-chart g.node"), page.locator("#network-chart line.edge")
    assert nodes.count() >= 5 and edges.count() >= 5
    tones = set(edges.evaluate_all("ls => ls.map(l => l.getAttribute('class'))"))
    assert {"edge tone-conflict", "edge tone-cooperation"} <= tones
    colours = {page.locator(f"line.tone-{t}").first.evaluate("el => getComputedStyle(el).stroke")
               for t in ("conflict", "cooperation")}
    assert len(colours) == 2
    for box in (nodes.nth(i).bounding_box() for i in range(nodes.count())):
        assert box and box["width"] > 5
    shot(page, "network")


def test_map_renders_places_on_the_world(page, server):
    go(page, "/map")
    assert page.locator("#world-map path.land").count() > 150
    places = page.locator("#world-map circle.place")
    assert places.count() > 3
    world, kursk = page.locator("#world-map").bounding_box(), page.locator('circle[data-place="Kursk Oblast"]').first
    box = kursk.bounding_box()
    # Kursk (51.6°N, 36.2°E) sits right of the middle and in the upper third of a 90°N-60°S frame
    assert 0.55 < (box["x"] + box["width"] / 2 - world["x"]) / world["width"] < 0.65
    assert 0.2 < (box["y"] + box["height"] / 2 - world["y"]) / world["height"] < 0.35
    assert page.locator("#world-map path.shade-5").count() >= 1
    shot(page, "map")


def test_hostile_article_stays_inert(page, server):
    go(page, f"/documents/{XSS_ID}")
    page.locator("#article-text a.trigger-link").first.click()
    page.locator(".event-detail:target").wait_for(state="visible")
    for el in page.locator("#article-text .hl, h1, .meta, .event-detail").all():
        el.hover()
    page.locator(".event-detail details summary").first.click()
    assert page.evaluate("window.__xss") is None, "no injected script ran"
    assert page.locator("script").count() == 1 and page.locator("main img, main svg, main b, main i").count() == 0
    assert "<script>window.__xss='text'</script>" in page.locator("#article-text").inner_text()
    assert page.locator("a[href^='javascript']").count() == 0
    assert "javascript:window.__xss='url'" in page.locator(".meta .inert-url").inner_text()
    shot(page, "xss-inert", full=True)
    for path in ("/events?doc=xss", "/actors", "/network", "/map", "/documents"):
        go(page, path)
        assert page.evaluate("window.__xss") is None, path


def test_pasted_hostile_text_stays_inert(page, server):
    go(page, "/code")
    page.fill("textarea[name=text]", "<img src=x onerror=\"window.__xss='paste'\"> Rosja zaatakowała wczoraj "
                                     "Ukrainę.\n<script>window.__xss='paste2'</script>")
    page.fill("input[name=published]", "2025-03-27")
    page.click(".code-form button[type=submit]")
    page.locator("#article-text").wait_for()
    assert page.evaluate("window.__xss") is None
    assert "<script>window.__xss='paste2'</script>" in page.locator("#article-text").inner_text()


def test_code_page_example_in_one_click(page, server):
    go(page, "/code?lang=pl")
    assert "Koduj artykuł" in page.locator("h1").inner_text()
    shot(page, "code-form")
    page.click("#example-show")
    page.wait_for_url("**/code/example")
    assert page.locator(".event-list li").count() > 5
    assert "Nieoficjalnie żołnierze Kim Dzong Una" in page.locator("#article-text").inner_text()
    assert page.locator("#article-text .hl-trigger").count() > 5
    shot(page, "code-example-pl", full=True)
    go(page, "/code?example=true&lang=en")
    assert page.locator("textarea[name=text]").input_value().startswith("Nieoficjalnie żołnierze")
    page.click(".code-form button[type=submit]")
    page.locator("#article-text").wait_for()
    assert page.locator(".event-list li").count() > 5


def test_overview_and_lists_render(page, server):
    for path, name in (("/", "overview"), ("/documents", "documents"), ("/clusters", "clusters"),
                       ("/actors", "actors"), ("/api", "api")):
        go(page, path)
        assert page.locator("main h1").count() == 1
        shot(page, name)
    go(page, "/?lang=pl")
    assert "Wydarzenia" in page.locator("header nav").inner_text()
