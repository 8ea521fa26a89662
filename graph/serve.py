"""A read-only SPARQL 1.1 Protocol endpoint: ``govkg serve GRAPH_OR_STORE [--host --port --timeout]``.

Built from the standard library (``http.server.ThreadingHTTPServer``) and pyoxigraph, no other
dependency. The shape, and why:

* **One store on disk, opened read-only.** A ``graph.ttl`` (or an OUT folder) is first loaded
  into a persistent store in a temporary folder (``query.load_store``); a store folder of
  ``govkg build --store`` is used as it is. Nothing the endpoint does can write to it.
* **Queries run in worker processes.** pyoxigraph cannot stop a query once started (one
  ``next()`` over a sort or a big join may take minutes), so each query goes to a worker
  process with its own read-only handle on the store. The request thread waits for the
  answer at most ``--timeout`` seconds; past that it kills the worker, starts a fresh one and
  answers 503 with a clear message. The server and the other workers carry on.
* **Updates are refused.** ``application/sparql-update`` bodies and ``update=`` form fields
  get 403; update text sent as a query fails the query parser (400). The store is read-only
  besides, so the data cannot change.

Protocol: ``GET /sparql?query=…``; ``POST /sparql`` with ``application/sparql-query`` or
``application/x-www-form-urlencoded`` (``query=…``). Results (SELECT, ASK) as SPARQL JSON
(default), CSV, TSV or XML, chosen by the ``Accept`` header or a ``format`` parameter
(``json``, ``csv``, ``tsv``, ``xml``); CONSTRUCT and DESCRIBE as Turtle (default),
N-Triples or RDF/XML. Any path answers, so ``/``, ``/sparql`` and ``/query`` all work.
"""
from __future__ import annotations

import argparse
import logging
import multiprocessing as mp
import queue
import signal
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from . import query as q

__all__ = ["Answer", "WorkerPool", "make_server", "negotiate", "serve", "cli"]

log = logging.getLogger(__name__)

MAX_BODY = 1 << 20                     # a query larger than 1 MiB is refused
RESULT_TYPES = {"json": "application/sparql-results+json", "csv": "text/csv",
                "tsv": "text/tab-separated-values", "xml": "application/sparql-results+xml"}
GRAPH_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml"}
_ALIASES = {"application/json": "json", "text/javascript": "json", "application/javascript": "json",
            "application/xml": "xml", "text/xml": "xml", "n-triples": "ntriples", "nt": "ntriples",
            "ttl": "turtle", "rdf": "rdfxml", "text/plain": "ntriples"}


@dataclass(frozen=True)
class Answer:
    """What the endpoint sends back: status, content type, body."""

    status: int
    content_type: str
    body: bytes

    @classmethod
    def text(cls, status: int, message: str) -> "Answer":
        return cls(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


# ---------------------------------------------------------------- content negotiation
def negotiate(accept: str, fmt: str = "") -> tuple[str, str]:
    """(results format, graph format) from a ``format`` parameter or an ``Accept`` header.

    >>> negotiate("text/csv")
    ('csv', 'turtle')
    >>> negotiate("*/*", "xml")
    ('xml', 'turtle')
    >>> negotiate("application/n-triples, application/sparql-results+json;q=0.9")
    ('json', 'ntriples')
    """
    by_type = {v: k for k, v in {**RESULT_TYPES, **GRAPH_TYPES}.items()}
    wanted = [fmt.strip().lower()] if fmt else []
    items = []
    for part in accept.split(","):
        media, *opts = (x.strip() for x in part.split(";"))
        weight = 1.0
        for o in opts:
            if o.startswith("q="):
                try:
                    weight = float(o[2:])
                except ValueError:
                    pass
        items.append((-weight, len(items), media.lower()))
    wanted += [m for _, _, m in sorted(items)]
    names = [by_type.get(w) or _ALIASES.get(w) or w for w in wanted]
    result = next((n for n in names if n in RESULT_TYPES), "json")
    graph = next((n for n in names if n in GRAPH_TYPES), "turtle")
    return result, graph


# ---------------------------------------------------------------- workers
def _answer(store: Any, text: str, result_fmt: str, graph_fmt: str) -> Answer:
    """Run one query on a store and serialise it (in the worker process)."""
    import pyoxigraph as ox

    try:
        res = q.execute(store, text)
    except q.QueryError as e:
        return Answer.text(400, str(e))
    if isinstance(res, ox.QueryTriples):
        fmt = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "rdfxml": ox.RdfFormat.RDF_XML}[graph_fmt]
        return Answer(200, GRAPH_TYPES[graph_fmt] + "; charset=utf-8", res.serialize(format=fmt))
    fmt = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
           "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}[result_fmt]
    return Answer(200, RESULT_TYPES[result_fmt] + "; charset=utf-8", res.serialize(format=fmt))


def _worker(store_dir: str, conn: Any) -> None:
    """A worker process: open the store read-only, answer queries from ``conn`` until it closes."""
    import pyoxigraph as ox

    signal.signal(signal.SIGINT, signal.SIG_IGN)          # the parent decides when we stop
    store = ox.Store.read_only(store_dir)
    while True:
        try:
            text, result_fmt, graph_fmt = conn.recv()
        except (EOFError, OSError):
            return
        try:
            ans = _answer(store, text, result_fmt, graph_fmt)
        except Exception as e:                             # an engine error: report, stay up
            ans = Answer.text(500, f"query failed: {type(e).__name__}: {e}")
        conn.send((ans.status, ans.content_type, ans.body))


class WorkerPool:
    """Worker processes over one store folder; ``ask`` runs a query with a deadline."""

    def __init__(self, store_dir: str | Path, size: int = 2) -> None:
        self.store_dir = str(store_dir)
        self.ctx = mp.get_context("spawn")                # no fork of a threaded server
        self.idle: "queue.Queue[tuple[Any, Any]]" = queue.Queue()
        self.lock = threading.Lock()
        self.live: set[Any] = set()
        self.closed = False
        for _ in range(max(1, size)):
            self.idle.put(self._start())

    def _start(self) -> tuple[Any, Any]:
        parent, child = self.ctx.Pipe()
        p = self.ctx.Process(target=_worker, args=(self.store_dir, child), daemon=True, name="govkg-sparql")
        p.start()
        child.close()
        with self.lock:
            self.live.add(p)
        return p, parent

    def _kill(self, w: tuple[Any, Any]) -> None:
        p, conn = w
        conn.close()
        p.kill()
        p.join(5)
        with self.lock:
            self.live.discard(p)

    def ask(self, text: str, result_fmt: str, graph_fmt: str, timeout: float) -> Answer:
        """The answer of one query, or 503 when no worker is free in time or it runs too long."""
        try:
            w = self.idle.get(timeout=timeout)
        except queue.Empty:
            return Answer.text(503, f"all query workers are busy; try again (time limit {timeout:g} s)")
        p, conn = w
        try:
            conn.send((text, result_fmt, graph_fmt))
            if conn.poll(timeout):
                status, ctype, body = conn.recv()
                self.idle.put(w)
                return Answer(status, ctype, body)
        except (EOFError, OSError, BrokenPipeError) as e:
            log.warning("query worker %s died (%s); starting another", p.pid, e)
            self._kill(w)
            self.idle.put(self._start())
            return Answer.text(500, "the query worker stopped unexpectedly; the query was not answered")
        log.warning("query ran past %g s; killing worker %s", timeout, p.pid)
        self._kill(w)
        if not self.closed:
            self.idle.put(self._start())
        return Answer.text(503, f"query stopped: it ran longer than the time limit of {timeout:g} s")

    def close(self) -> None:
        self.closed = True
        with self.lock:
            live = list(self.live)
        for p in live:
            p.kill()
            p.join(5)


# ---------------------------------------------------------------- HTTP
def _read_request(h: BaseHTTPRequestHandler) -> tuple[str | None, str | None, dict[str, list[str]]]:
    """(query, update, parameters) of a GET or POST request as the SPARQL Protocol defines them."""
    params = parse_qs(urlsplit(h.path).query, keep_blank_values=True)
    query = update = None
    if h.command == "POST":
        n = int(h.headers.get("Content-Length") or 0)
        if n > MAX_BODY:
            raise ValueError(f"request body over {MAX_BODY} bytes")
        body = h.rfile.read(n).decode("utf-8", errors="replace") if n else ""
        ctype = (h.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            query = body
        elif ctype == "application/sparql-update":
            update = body
        elif ctype in ("application/x-www-form-urlencoded", ""):
            for k, v in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        else:
            raise ValueError(f"unsupported Content-Type {ctype!r}: use application/sparql-query "
                             "or application/x-www-form-urlencoded")
    if query is None and params.get("query"):
        query = params["query"][0]
    if update is None and params.get("update"):
        update = params["update"][0]
    return query, update, params


USAGE = ("govkg read-only SPARQL 1.1 endpoint.\n"
         "GET ?query=… or POST (application/sparql-query, or a form with query=…).\n"
         "Results: JSON (default), CSV, TSV, XML by Accept header or format=json|csv|tsv|xml.\n"
         "SPARQL Update is refused.\n")


def _handler(pool: WorkerPool, timeout: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "govkg-sparql/0.1"
        protocol_version = "HTTP/1.1"

        def _send(self, ans: Answer) -> None:
            self.send_response(ans.status)
            self.send_header("Content-Type", ans.content_type)
            self.send_header("Content-Length", str(len(ans.body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(ans.body)

        def _handle(self) -> None:
            try:
                query, update, params = _read_request(self)
            except ValueError as e:
                self._send(Answer.text(400, str(e)))
                return
            if update is not None:
                self._send(Answer.text(403, "this endpoint is read-only: SPARQL Update is refused"))
                return
            if not query:
                self._send(Answer(200, "text/plain; charset=utf-8", USAGE.encode("utf-8")))
                return
            fmt = next((params[k][0] for k in ("format", "output", "results") if params.get(k)), "")
            result_fmt, graph_fmt = negotiate(self.headers.get("Accept") or "", fmt)
            self._send(pool.ask(query, result_fmt, graph_fmt, timeout))

        do_GET = do_POST = do_HEAD = _handle

        def log_message(self, format: str, *args: Any) -> None:
            log.info("%s " + format, self.address_string(), *args)

    return Handler


def make_server(store_dir: str | Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
                workers: int = 2) -> tuple[ThreadingHTTPServer, WorkerPool]:
    """A bound (not yet serving) HTTP server and its worker pool over a store folder."""
    pool = WorkerPool(store_dir, workers)
    try:
        server = ThreadingHTTPServer((host, port), _handler(pool, timeout))
    except OSError:
        pool.close()
        raise
    server.daemon_threads = True
    return server, pool


def serve(graph_or_store: str | Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
          workers: int = 2) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM). Prints the endpoint's URL on stderr once bound
    (``--port 0`` picks a free port)."""
    src = Path(graph_or_store)
    with tempfile.TemporaryDirectory(prefix="govkg-store-") as tmp:
        if q.is_store(src):
            store_dir = src
        else:
            ttl = src / "graph.ttl" if src.is_dir() else src
            if not ttl.is_file():
                raise FileNotFoundError(f"no graph at {src}: give a graph.ttl, an OUT folder or a store folder")
            store_dir = q.load_store(ttl, Path(tmp) / "store")
        server, pool = make_server(store_dir, host, port, timeout, workers)
        h, p = server.server_address[:2]
        print(f"govkg serve: http://{h}:{p}/sparql (read-only, time limit {timeout:g} s)",
              file=sys.stderr, flush=True)
        try:
            server.serve_forever()
        finally:
            server.server_close()
            pool.close()


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def cli(args: argparse.Namespace) -> int:
    """``govkg serve GRAPH_OR_STORE [--host 127.0.0.1 --port 7878 --timeout 30]``."""
    signal.signal(signal.SIGTERM, _stop)
    if args.timeout <= 0:
        print("govkg serve: --timeout must be positive", file=sys.stderr)
        return 2
    try:
        serve(args.graph, args.host, args.port, args.timeout)
    except KeyboardInterrupt:
        print("govkg serve: stopped", file=sys.stderr)
        return 0
    except (FileNotFoundError, OSError) as e:
        print(f"govkg serve: {e}", file=sys.stderr)
        return 2
    return 0
