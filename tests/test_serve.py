"""govkg serve: a real server process on a free loopback port, queried with SPARQLWrapper.

The server is started with ``--port 0`` (it prints the port it bound), only ever spoken to
on 127.0.0.1, and stopped at the end of the module whatever happens.
"""
from __future__ import annotations

import csv
import io
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from govkg.graph import query as q
from govkg.graph import serve
from govkg.graph.merge import merge
from govkg.graph.rdf import write_turtle

from conftest import fixture_extractions

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def _server(out: Path, timeout: str) -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "govkg.graph.cli", "serve", str(out), "--host", "127.0.0.1",
         "--port", "0", "--timeout", timeout],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: "queue.Queue[str]" = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr], daemon=True).start()
    try:
        url = None
        while url is None:
            line = lines.get(timeout=60)          # raises queue.Empty if the server never says where
            m = re.search(r"(http://127\.0\.0\.1:\d+/sparql)", line)
            url = m[1] if m else None
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    assert proc.returncode == 0                   # a clean stop on SIGTERM


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("served")
    write_turtle(merge(fixture_extractions(), gazetteer=False), out / "graph.ttl")
    yield from _server(out, "2")


def wrapper(url: str, text: str, fmt: str):
    sw = SPARQLWrapper.SPARQLWrapper(url)
    sw.setQuery(text)
    sw.setReturnFormat(fmt)
    sw.setTimeout(30)
    return sw


def count(url: str) -> int:
    res = wrapper(url, COUNT, SPARQLWrapper.JSON).queryAndConvert()
    return int(res["results"]["bindings"][0]["n"]["value"])


def http(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, str]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def test_select_as_json(endpoint: str) -> None:
    text = q.saved_queries()["shared_programs"].text
    res = wrapper(endpoint, text, SPARQLWrapper.JSON).queryAndConvert()
    assert res["head"]["vars"] == ["program", "districts", "where"]
    (row,) = res["results"]["bindings"]
    assert row["program"] == {"type": "literal", "value": "护林轮值制", "xml:lang": "zh"}
    assert row["districts"]["value"] == "2"


def test_select_as_csv_by_post(endpoint: str) -> None:
    sw = wrapper(endpoint, q.saved_queries()["officials"].text, SPARQLWrapper.CSV)
    sw.setMethod(SPARQLWrapper.POST)
    sw.setRequestMethod(SPARQLWrapper.POSTDIRECTLY)          # body is application/sparql-query
    rows = list(csv.DictReader(io.StringIO(sw.queryAndConvert().decode("utf-8"))))
    assert [(r["person"], r["organization"], r["titles"]) for r in rows] == [("尹青禾", "雨花区民政局", "局长")]


def test_ask_as_xml_and_format_parameter(endpoint: str) -> None:
    res = wrapper(endpoint, "ASK { ?x a gov:County }", SPARQLWrapper.XML).queryAndConvert()
    assert res.getElementsByTagName("boolean")[0].firstChild.data == "true"
    status, ctype, body = http(endpoint + "?" + urllib.parse.urlencode({"query": COUNT, "format": "csv"}))
    assert status == 200 and ctype.startswith("text/csv") and body.splitlines()[0] == "n"


def test_update_is_refused_and_data_unchanged(endpoint: str) -> None:
    before = count(endpoint)
    insert = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    sw = wrapper(endpoint, insert, SPARQLWrapper.JSON)
    sw.setMethod(SPARQLWrapper.POST)
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    with pytest.raises((urllib.error.HTTPError, SPARQLWrapperException)) as refused:
        sw.query()
    assert "403" in str(refused.value) or getattr(refused.value, "code", 0) == 403
    form = urllib.parse.urlencode({"update": insert}).encode()
    status, _, body = http(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and "read-only" in body
    status, _, _ = http(endpoint, insert.encode(), {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, body = http(endpoint, insert.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 403 and "read-only" in body
    assert count(endpoint) == before


def test_malformed_query_is_a_400_with_position(endpoint: str) -> None:
    status, ctype, body = http(endpoint + "?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x }"}))
    assert status == 400 and ctype.startswith("text/plain") and "error at 1:" in body


def test_runaway_query_is_stopped_and_server_stays_up(endpoint: str) -> None:
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": RUNAWAY}))
    assert status == 503 and "time limit" in body
    assert count(endpoint) > 0                                # a fresh worker answers


def test_negotiate_prefers_format_parameter_then_accept_weights() -> None:
    assert serve.negotiate("application/sparql-results+xml", "csv") == ("csv", "turtle")
    assert serve.negotiate("text/csv;q=0.5, application/sparql-results+xml") == ("xml", "turtle")
    assert serve.negotiate("") == ("json", "turtle")


# ---------------------------------------------------------------- two bad clients, everyone else served
ORDINARY = [COUNT, "ASK { ?x a gov:County }", "SELECT ?l WHERE { ?x skos:prefLabel ?l } ORDER BY ?l LIMIT 5"]


def load_test(url: str, ordinary: int = 400, clients: int = 16, runaways: int = 2) -> dict[str, object]:
    """Send ``runaways`` cross products, then (once they run long) ``ordinary`` queries from
    ``clients`` threads; the status of each and the ordinary queries' latencies."""
    from concurrent.futures import ThreadPoolExecutor

    def one(text: str) -> tuple[int, float]:
        t = time.monotonic()
        status, _, _ = http(url + "?" + urllib.parse.urlencode({"query": text, "format": "csv"}))
        return status, time.monotonic() - t

    with ThreadPoolExecutor(runaways) as bad, ThreadPoolExecutor(clients) as good:
        slow = [bad.submit(one, RUNAWAY) for _ in range(runaways)]
        time.sleep(serve.LONG_AFTER + 0.5)                # both are running long by now
        answers = list(good.map(one, [ORDINARY[i % len(ORDINARY)] for i in range(ordinary)]))
        running_meanwhile = sum(not f.done() for f in slow)
        slow_status = [f.result()[0] for f in slow]
    lat = sorted(t for _, t in answers)
    return {"ordinary": [s for s, _ in answers], "runaway": slow_status, "running": running_meanwhile,
            "p95": lat[int(0.95 * (len(lat) - 1))], "max": lat[-1]}


@pytest.fixture(scope="module")
def slow_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second server whose time limit (8 s) outlasts the load test's ordinary queries."""
    out = tmp_path_factory.mktemp("served-slow")
    write_turtle(merge(fixture_extractions(), gazetteer=False), out / "graph.ttl")
    yield from _server(out, "8")


@pytest.mark.slow
def test_two_cross_products_do_not_stop_400_ordinary_queries(slow_endpoint: str) -> None:
    t = time.monotonic()
    got = load_test(slow_endpoint)
    assert got["running"] == 2                                # the cross products ran throughout
    assert got["ordinary"] == [200] * 400, sorted(set(got["ordinary"]))
    assert got["runaway"] == [503, 503]                       # and were stopped at their limit
    assert time.monotonic() - t < 60
    assert count(slow_endpoint) > 0
