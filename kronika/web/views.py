"""Pages over the stored corpus, each with its JSON twin from the same handler (``/events`` and
``/events.json``): overview, documents, article view, events, clusters, actors, statistics,
timeline, network, map and the API description."""
from __future__ import annotations

from dataclasses import asdict, replace
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from kronika.query import EventFilter, make_filter
from kronika.web import charts
from kronika.web.app import ApiError, bad_request, reading, respond
from kronika.web.article import article, stored_mention


def _query_names(dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def known_parameters(request: Request) -> None:
    """Refuse a query parameter the endpoint does not know: a typo must not silently match everything."""
    route = request.scope.get("route")
    allowed = _query_names(route.dependant) | {"lang"} if route is not None else set(request.query_params)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise ApiError(400, f"unknown parameter(s): {', '.join(unknown)}; this endpoint takes: "
                            f"{', '.join(sorted(allowed))}")


router = APIRouter(dependencies=[Depends(known_parameters)])
Values = Annotated[list[str] | None, Query()]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size (at most 1000).")]
Offset = Annotated[int, Query(ge=0, description="How many results to skip.")]
ORDERS = Literal["published", "date", "type", "document", "certainty"]


def event_filter(
    actor: Annotated[list[str] | None, Query(description="Actor country code, canonical name or lexicon id; "
                                                         "repeat for alternatives (OR).")] = None,
    recipient: Annotated[list[str] | None, Query(description="Recipient country code, name or id.")] = None,
    country: Annotated[list[str] | None, Query(description="Any actor, recipient or the location.")] = None,
    sector: Annotated[list[str] | None, Query(description="Sector of any actor or recipient (MIL, GOV, ...).")] = None,
    event_type: Annotated[list[str] | None, Query(alias="type", description="PLOVER event type.")] = None,
    mode: Annotated[list[str] | None, Query(description="Event mode (military, visit, ...).")] = None,
    since: Annotated[str | None, Query(description="Events dated on or after YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(description="Events dated on or before.")] = None,
    source: Annotated[list[str] | None, Query(description="Who claims it; 'none' for the article's own voice.")] = None,
    publisher: Annotated[list[str] | None, Query(description="The document's source.")] = None,
    certainty: Annotated[list[str] | None, Query(description="stated, reported, estimated, believed, "
                                                             "unofficial, denied.")] = None,
    text: Annotated[str | None, Query(description="Full-text search (SQLite FTS5) in the sentence, its "
                                                  "lemmas and names.")] = None,
    doc: Annotated[list[str] | None, Query(description="Document id.")] = None,
    cluster: Annotated[list[str] | None, Query(description="Event cluster id.")] = None,
) -> EventFilter:
    """The filters of ``kronika events``, with the same names; values of one filter are alternatives."""
    options = {"actor": actor, "recipient": recipient, "country": country, "sector": sector,
               "event_type": event_type, "mode": mode, "source": source, "publisher": publisher,
               "certainty": certainty, "document": doc, "cluster": cluster}
    try:
        return make_filter(**{k: [v for v in vs if v.strip()] for k, vs in options.items() if vs},
                           since=since or None, until=until or None, text=text)
    except ValueError as exc:
        raise bad_request(exc) from exc


Filter = Annotated[EventFilter, Depends(event_filter)]


def filter_data(flt: EventFilter) -> dict:
    """The applied filters, normalised, as the JSON twin reports them and the filter form shows them."""
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(flt).items() if k != "limit"}


def paged(request: Request, key: str, rows: list, total: int, limit: int, offset: int) -> dict:
    from kronika.web.app import with_query

    nxt = with_query(request, offset=offset + limit) if offset + limit < total else None
    prev = with_query(request, offset=max(0, offset - limit) or None) if offset > 0 else None
    return {"total": total, "offset": offset, "limit": limit, "next": nxt, "previous": prev, key: rows}


def _suffixed(name: str) -> tuple[str, bool]:
    return (name[:-5], True) if name.endswith(".json") else (name, False)


@router.get("/", include_in_schema=False)
@router.get("/index.json", tags=["corpus"], summary="Corpus overview: sizes, events by type, latest articles")
def index(request: Request):
    with reading(request) as store:
        data = {"totals": store.totals(), "by_type": store.stats("type"), "latest": store.documents(limit=10)}
    return respond(request, "index.html", data)


@router.get("/documents", include_in_schema=False)
@router.get("/documents.json", tags=["corpus"], summary="Stored articles without their text, latest first")
def documents(request: Request, limit: Limit = 100, offset: Offset = 0):
    with reading(request) as store:
        data = paged(request, "documents", store.documents(limit, offset), store.count_documents(), limit, offset)
    return respond(request, "documents.html", data)


@router.get("/documents/{doc_id:path}", tags=["corpus"],
            summary="One article with its events, mentions, highlights and rules; add .json for JSON")
def document(request: Request, doc_id: str):
    name, _ = _suffixed(doc_id)
    with reading(request) as store:
        stored = store.document(name) or (store.document(doc_id) if name != doc_id else None)
        if stored is None:
            raise ApiError(404, f"no document {name!r} in the store")
        records = list(store.events(make_filter(document=stored.id)))
        mentions = [stored_mention(m) for m in store.mentions(stored.id)]
    rules = request.app.state.coder.stored_rules(stored)
    meta = {k: getattr(stored, k) for k in ("id", "title", "published", "source", "url", "language",
                                            "lexicon_version")}
    data, view = article(meta, stored.text, records, mentions, rules)
    return respond(request, "article.html", {**data, "stored": True}, view=view)


@router.get("/events", include_in_schema=False)
@router.get("/events.json", tags=["events"], summary="Events matching every filter, paged and sorted")
def events(request: Request, flt: Filter, limit: Limit = 100, offset: Offset = 0,
           sort: Annotated[ORDERS, Query(description="Order by.")] = "published",
           desc: Annotated[bool, Query(description="Newest / last first.")] = False):
    with reading(request) as store:
        total = store.count_events(flt)
        rows = list(store.events(replace(flt, limit=limit), offset=offset, order=sort, descending=desc))
    data = {**paged(request, "events", rows, total, limit, offset), "filters": filter_data(flt),
            "sort": sort, "desc": desc}
    return respond(request, "events.html", data)


@router.get("/clusters", include_in_schema=False)
@router.get("/clusters.json", tags=["clusters"], summary="Event clusters, most reported first")
def clusters(request: Request, limit: Limit = 100, offset: Offset = 0):
    with reading(request) as store:
        rows = sorted(store.clusters().values(), key=lambda c: (-c["mentions"], c["first_date"] or "", c["id"]))
    return respond(request, "clusters.html", paged(request, "clusters", rows[offset:offset + limit], len(rows),
                                                     limit, offset))


@router.get("/clusters/{cluster_id}", tags=["clusters"],
            summary="One cluster: counts, values side by side, links and member events; add .json for JSON")
def cluster(request: Request, cluster_id: str):
    name, _ = _suffixed(cluster_id)
    with reading(request) as store:
        found = store.clusters([name]).get(name)
        if found is None:
            raise ApiError(404, f"no cluster {name!r}")
        data = {"cluster": found, "links": store.cluster_links(name),
                "events": list(store.events(make_filter(cluster=name)))}
    return respond(request, "cluster.html", data)


@router.get("/actors", include_in_schema=False)
@router.get("/actors.json", tags=["events"], summary="Actors and recipients of the matching events, by count")
def actors(request: Request, flt: Filter, limit: Limit = 100, offset: Offset = 0):
    with reading(request) as store:
        rows = store.participants(flt)
    data = {**paged(request, "actors", rows[offset:offset + limit], len(rows), limit, offset),
            "filters": filter_data(flt)}
    return respond(request, "actors.html", data)


@router.get("/stats", include_in_schema=False)
@router.get("/stats.json", tags=["events"], summary="Event, cluster and document counts by one or more keys")
def stats(request: Request, flt: Filter,
          by: Annotated[list[Literal["type", "month", "week", "dyad", "place"]] | None,
                        Query(description="Count by these keys together (repeat: by=month&by=type).")] = None):
    keys = tuple(dict.fromkeys(by or ["type"]))
    with reading(request) as store:
        rows = store.stats(keys, flt)
    return respond(request, "stats.html", {"by": list(keys), "rows": rows, "filters": filter_data(flt)})


@router.get("/timeline", include_in_schema=False)
@router.get("/timeline.json", tags=["charts"], summary="Events per month or week by type (event dates)")
def timeline(request: Request, flt: Filter,
             period: Annotated[Literal["month", "week"], Query(description="Bucket size.")] = "month"):
    with reading(request) as store:
        data = charts.timeline(store.stats((period, "type"), flt), period)
    data["filters"] = filter_data(flt)
    return respond(request, "timeline.html", data, view={"chart": charts.timeline_bars(data)})


@router.get("/network", include_in_schema=False)
@router.get("/network.json", tags=["charts"], summary="Actors as nodes, dyads as edges: cooperation vs conflict")
def network(request: Request, flt: Filter,
            nodes: Annotated[int, Query(ge=2, le=200, description="Keep the N busiest actors.")] = 40):
    with reading(request) as store:
        data = charts.layout(charts.network(store.stats(("dyad", "type"), flt), nodes))
    data["filters"] = filter_data(flt)
    data["conflict_types"] = sorted(charts.CONFLICT_TYPES)
    return respond(request, "network.html", data)


@router.get("/map", include_in_schema=False)
@router.get("/map.json", tags=["charts"], summary="Event places with coordinates and counts per country")
def event_map(request: Request, flt: Filter):
    with reading(request) as store:
        data = charts.places(store.stats("place", flt))
    data["filters"] = filter_data(flt)
    view = {"geo": charts.map_geometry(data), "world": request.app.state.world()}
    return respond(request, "map.html", data, view=view)


@router.get("/api", include_in_schema=False)
@router.get("/api.json", include_in_schema=False)
def api(request: Request):
    """The OpenAPI description, as a page (its JSON twin is also at /openapi.json)."""
    return respond(request, "api.html", request.app.openapi())
