"""A read-only SPARQL 1.1 Protocol endpoint: ``govkg serve GRAPH_OR_STORE [--host --port --timeout]``.

Built from the standard library (``http.server.ThreadingHTTPServer``) and pyoxigraph, no other
dependency. The shape, and why:

* **One store on disk, opened read-only.** A ``graph.ttl`` (or an OUT folder) is first loaded
  into a persistent store in a temporary folder (``query.load_store``); a store folder of
  ``govkg build --store`` is used as it is. Nothing the endpoint does can write to it.
* **Queries run in worker processes.** pyoxigraph cannot stop a query once started (one
  ``next()`` over a sort or a big join may take minutes), so each query goes to a worker
  process with its own read-only handle on the store. The request thread waits for the
  answer at most ``--timeout`` seconds; past that it kills the worker and answers 503 with a
  clear message. The server and the other workers carry on.
* **Long queries make room.** A query still running after ``LONG_AFTER`` seconds leaves the
  pool: its worker is reniced (the scheduler prefers short queries) and a fresh worker takes
  its place, so a few clients running cross products cannot hold every worker while others
  wait. At most ``max_long`` queries run long at once (a further one is stopped, 503), and a
  worker past ``MEMORY_MB`` of memory is stopped too, so processes and memory stay bounded.
* **Updates are refused.** ``application/sparql-update`` bodies, ``update=`` form fields and
  update text sent as a query get 403 "read-only". The store is read-only besides, so the
  data cannot change.

Protocol: ``GET /sparql?query=…``; ``POST /sparql`` with ``application/sparql-query`` or
``application/x-www-form-urlencoded`` (``query=…``). Results (SELECT, ASK) as SPARQL JSON
(default), CSV, TSV or XML, chosen by the ``Accept`` header or a ``format`` parameter
(``json``, ``csv``, ``tsv``, ``xml``); CONSTRUCT and DESCRIBE as Turtle (default),
N-Triples or RDF/XML. Any path answers, so ``/``, ``/sparql`` and ``/query`` all work.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from . import query as q
from .sources import graph_source, turtle_error

__all__ = ["Answer", "WorkerPool", "make_server", "negotiate", "serve"]

log = logging.getLogger(__name__)

MAX_BODY = 1 << 20                     # a query larger than 1 MiB is refused
LONG_AFTER = 1.0                       # seconds after which a query leaves the pool to run long
MEMORY_MB = 2048                       # a worker using more memory than this is stopped
STARTUP = 60.0                         # seconds a new worker may take to open the store
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
    items: list[tuple[float, int, str]] = []
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
    except q.ReadOnlyError as e:
        return Answer.text(403, f"this endpoint is {e}")
    except q.QueryError as e:
        return Answer.text(400, str(e))
    if isinstance(res, ox.QueryTriples):
        rdf_fmt = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                   "rdfxml": ox.RdfFormat.RDF_XML}[graph_fmt]
        return Answer(200, GRAPH_TYPES[graph_fmt] + "; charset=utf-8", res.serialize(format=rdf_fmt) or b"")
    fmt = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
           "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}[result_fmt]
    return Answer(200, RESULT_TYPES[result_fmt] + "; charset=utf-8", res.serialize(format=fmt) or b"")


def _worker(store_dir: str, conn: Any) -> None:
    """A worker process: open the store read-only, answer queries from ``conn`` until it closes."""
    import pyoxigraph as ox

    signal.signal(signal.SIGINT, signal.SIG_IGN)          # the parent decides when we stop
    store = ox.Store.read_only(store_dir)
    conn.send("ready")                                     # start-up is not the first query's time
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
    """Worker processes over one store folder; ``ask`` runs a query with a deadline.

    ``size`` workers answer ordinary queries. A query that runs past ``long_after`` seconds
    takes its worker out of the pool (reniced, and retired once the query ends) and a fresh
    worker replaces it, up to ``max_long`` such queries at once. One spare worker is kept
    started, so the first replacement has the store open already.
    """

    def __init__(self, store_dir: str | Path, size: int = 2, long_after: float = LONG_AFTER,
                 max_long: int | None = None, memory_mb: float = MEMORY_MB) -> None:
        self.store_dir = str(store_dir)
        self.ctx = mp.get_context("spawn")                # no fork of a threaded server
        self.idle: "queue.Queue[tuple[Any, Any]]" = queue.Queue()
        self.lock = threading.Lock()
        self.live: set[Any] = set()
        self.ready: set[int] = set()                      # workers that have opened the store
        self.closed = False
        self.long_after, self.memory_mb = long_after, memory_mb
        self.max_long = max(2, 2 * size) if max_long is None else max_long
        self.long = 0                                     # queries running long right now
        for _ in range(max(1, size)):
            self.idle.put(self._start())
        self.spare: "queue.Queue[tuple[Any, Any]]" = queue.Queue()
        self.spare.put(self._start())                     # started ahead: a long query's replacement

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
            self.ready.discard(p.pid)

    def _replace(self, w: tuple[Any, Any]) -> None:
        """Kill an ordinary worker and put a fresh one in its place."""
        self._kill(w)
        if not self.closed:
            self.idle.put(self._start())

    def _go_long(self, pid: int) -> bool:
        """Take a worker out of the pool for a long query: reniced, replaced. False at ``max_long``."""
        with self.lock:
            if self.long >= self.max_long or self.closed:
                return False
            self.long += 1
        try:
            os.setpriority(os.PRIO_PROCESS, pid, 10)
        except (AttributeError, OSError):
            pass
        try:
            self.idle.put(self.spare.get_nowait())        # ready at once; the next spare starts now
        except queue.Empty:
            self.idle.put(self._start())
        if self.spare.empty() and not self.closed:
            self.spare.put(self._start())
        return True

    def _retire(self, w: tuple[Any, Any]) -> None:
        """A long query's worker, done or stopped: killed, not returned (it is reniced)."""
        self._kill(w)
        with self.lock:
            self.long -= 1

    def _end(self, w: tuple[Any, Any], long: bool) -> None:
        if long:
            self._retire(w)
        else:
            self._replace(w)

    def _wait(self, w: tuple[Any, Any], timeout: float) -> tuple[Answer | None, bool, str]:
        """(answer or None, whether the query went long, why it was stopped) of a sent query."""
        p, conn = w
        started, long = time.monotonic(), False
        step = min(self.long_after, timeout)
        while True:
            if conn.poll(max(0.0, step)):
                return Answer(*conn.recv()), long, ""
            elapsed = time.monotonic() - started
            if elapsed >= timeout:
                return None, long, f"query stopped: it ran longer than the time limit of {timeout:g} s"
            if not long:
                if not self._go_long(p.pid):
                    return None, long, ("query stopped: too many long-running queries at once "
                                        f"({self.max_long}); try again later")
                long = True
            if self.memory_mb and q._rss_mb(p.pid) > self.memory_mb:
                return None, long, f"query stopped: it needed more than {self.memory_mb:g} MB of memory"
            step = min(0.1, timeout - elapsed)

    def ask(self, text: str, result_fmt: str, graph_fmt: str, timeout: float) -> Answer:
        """The answer of one query, or 503 when no worker is free in time or it runs too long."""
        try:
            w = self.idle.get(timeout=timeout)
        except queue.Empty:
            return Answer.text(503, f"all query workers are busy; try again (time limit {timeout:g} s)")
        p, conn = w
        long = False
        try:
            if p.pid not in self.ready:
                if not conn.poll(STARTUP) or conn.recv() != "ready":
                    raise OSError(f"it did not open the store in {STARTUP:g} s")
                self.ready.add(p.pid)
            conn.send((text, result_fmt, graph_fmt))
            ans, long, why = self._wait(w, timeout)
        except (EOFError, OSError, BrokenPipeError) as e:
            log.warning("query worker %s died (%s); starting another", p.pid, e)
            self._end(w, long)
            return Answer.text(500, "the query worker stopped unexpectedly; the query was not answered")
        if ans is not None and not long:
            self.idle.put(w)
            return ans
        if ans is None:
            log.warning("%s; killing worker %s", why, p.pid)
        self._end(w, long)
        return ans or Answer.text(503, why)

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
    (``--port 0`` picks a free port). A missing or corrupt graph raises ``sources.SourceError``."""
    src = graph_source(graph_or_store)
    with tempfile.TemporaryDirectory(prefix="govkg-store-") as tmp:
        store_dir = src.path
        if not src.store:
            try:
                store_dir = q.load_store(src.path, Path(tmp) / "store")
            except (SyntaxError, UnicodeDecodeError) as e:
                raise turtle_error(src.path, e) from None
        server, pool = make_server(store_dir, host, port, timeout, workers)
        h, p = server.server_address[:2]
        print(f"govkg serve: http://{h!s}:{p}/sparql (read-only, time limit {timeout:g} s)",
              file=sys.stderr, flush=True)
        try:
            server.serve_forever()
        finally:
            server.server_close()
            pool.close()
