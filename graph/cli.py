"""The ``govkg`` command: one thin function per verb, each calling one public function.

Options and arguments may come in any order (``govkg query OUT --format csv 'SELECT …'``).
Exit status: 0 clean; 1 some inputs skipped, a graph that does not conform (validate), or a
query stopped by its time or memory limit; 2 usage error, including a graph that is missing
or corrupt and an output path of the wrong kind (one line, ``govkg VERB: path:line: why``).
Bad inputs are reported as ``SKIP path: reason`` on stderr and the run goes on.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import textwrap
from pathlib import Path
from typing import Any, Iterator, Sequence

from .sources import SourceError, fields_option, graph_source, out_folder, turtle_error

__all__ = ["main", "iter_inputs"]

TEXT_SUFFIXES = {".txt", ".text", ""}


def iter_inputs(paths: Sequence[str], exclude: Sequence[str | Path | None] = ()) -> Iterator[Path]:
    """Files named, and files below folders named (recursively, sorted, hidden ones skipped),
    each once, never in ``exclude`` (pass the run's OUT) nor in other govkg outputs
    (``inputs.find_inputs``). A path that does not exist is given as it is, for the reader
    to report; a named path inside ``exclude`` is reported here."""
    from govkg.graph.inputs import find_inputs

    found = find_inputs(paths, exclude)
    for folder, why in found.ignored:
        print(f"not reading {folder}: {why}", file=sys.stderr)
    missing = []
    for path, why in found.refused:
        if Path(path).exists():
            _skip(path, why)
        else:
            missing.append(Path(path))
    yield from found.files
    yield from missing


def _skip(path: object, reason: str) -> None:
    print(f"SKIP {path}: {reason}", file=sys.stderr)


# ---------------------------------------------------------------- articles
def cmd_articles(args: argparse.Namespace) -> int:
    from govkg.extractors import InputError
    from govkg.extractors.pipeline import split_document
    from govkg.extractors.readers import read

    fields = fields_option(args)
    if fields is None:
        return 2
    failed = 0
    for path in iter_inputs(args.paths):
        try:
            d = read(path, fields)
        except InputError as e:
            _skip(e.path, e.reason)
            failed += 1
            continue
        for where in d.skipped:                    # a feed's unreadable records
            print(f"SKIP {where}", file=sys.stderr)
        failed += len(d.skipped)
        for a in split_document(d.pages):
            if args.json:
                print(json.dumps({
                    "doc": a.doc, "index": a.index, "record": a.record, "title": a.title,
                    "kicker": list(a.kicker), "date": a.date, "url": a.url,
                    "source": a.source, "reporters": list(a.reporters),
                    "correspondents": list(a.correspondents), "start": a.start, "end": a.end,
                    "captions": [{"text": c.text, "credit": list(c.credit), "start": c.start,
                                  "end": c.end} for c in a.captions],
                    "body": a.body}, ensure_ascii=False))
            else:
                byline = " ".join(a.reporters) + (" / " + " ".join(a.correspondents) if a.correspondents else "")
                print(f"{a.doc}\t{a.index}\t{a.date or '-'}\t{a.title}\t{a.source}\t{byline}"
                      f"\t{len(a.body)}字\t{len(a.captions)}图")
    return 1 if failed else 0


# ---------------------------------------------------------------- extract
def cmd_extract(args: argparse.Namespace) -> int:
    from govkg.graph.builder import extraction_paths
    from govkg.graph.extraction import extract_json
    from govkg.graph.heap import bulk
    from govkg.graph.inputs import doc_names
    from govkg.graph.progress import progress

    fields = fields_option(args)
    if fields is None:
        return 2
    out = out_folder(args.out)
    files = list(iter_inputs(args.paths, exclude=[out]))
    names = doc_names(files)
    targets = extraction_paths(names)
    failed = n = 0
    with bulk(), progress(len(files)) as bar:
        for doc, item in zip(names, extract_json(files, args.jobs or os.cpu_count() or 1, progress=bar,
                                                 fields=fields, names=names)):
            if item.json is None:
                bar.write(f"SKIP {item.path}: {item.reason}")
                failed += 1
                continue
            if '"skipped": [' in item.json:          # a feed's unreadable records
                for where in json.loads(item.json).get("skipped", ()):
                    bar.write(f"SKIP {where}")
                    failed += 1
            target = out / targets[doc]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(item.json, encoding="utf-8", newline="\n")
            n += 1
    print(f"wrote {n} extraction(s) to {out}/", file=sys.stderr)
    return 1 if failed else 0


# ---------------------------------------------------------------- eval
def _predictions(text_dir: Path, docs: Sequence[str]) -> Iterator[tuple[str, dict | None, str]]:
    """(doc, prediction dict or None, reason) for each gold doc: from ``govkg extract`` JSON
    (``<stem>.json``) or by extracting the document itself."""
    from govkg.extractors import InputError, extract_file
    from govkg.extractors.serialize import to_dict

    for doc in docs:
        stem = Path(doc).stem
        js = text_dir / f"{stem}.json"
        txt = text_dir / doc
        if js.is_file() and js != txt:
            yield doc, json.loads(js.read_text(encoding="utf-8")), ""
        elif txt.is_file():
            try:
                yield doc, to_dict(extract_file(txt)), ""
            except InputError as e:
                yield doc, None, e.reason
        else:
            yield doc, None, f"no {doc} or {stem}.json in {text_dir}"


def cmd_eval(args: argparse.Namespace) -> int:
    from govkg.extractors.evaluate import errors, format_table, score_all

    gold_dir = Path(args.gold)
    if not gold_dir.is_dir():
        print(f"govkg eval: {gold_dir} is not a folder of gold JSON files", file=sys.stderr)
        return 2
    golds = {}
    for f in sorted(gold_dir.glob("*.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        golds[g.get("doc") or f.stem + ".txt"] = g
    if not golds:
        print(f"govkg eval: no *.json in {gold_dir}", file=sys.stderr)
        return 2
    triples, failed, errs = [], 0, {}
    for doc, pred, reason in _predictions(Path(args.text), list(golds)):
        if pred is None:
            _skip(doc, reason)
            failed += 1
            pred = {"articles": [], "entities": [], "relations": []}
        triples.append((doc, pred, golds[doc]))
        if args.errors:
            errs[doc] = errors(pred, golds[doc])
    per, total = score_all(triples)
    if args.json:
        print(json.dumps({"files": {d: s.as_dict() for d, s in per.items()},
                          "all": total.as_dict(), **({"errors": errs} if args.errors else {})},
                         ensure_ascii=False, indent=1))
    else:
        print(format_table(per, total))
        for doc, e in errs.items():
            print(f"## errors in {doc}")
            for k, v in e.items():
                for item in v:
                    print(f"  {k}\t{item}")
    return 1 if failed else 0


# ---------------------------------------------------------------- graph verbs
def cmd_build(args: argparse.Namespace) -> int:
    out_folder(args.out)
    for option in [o for o in ("store", "cache") if getattr(args, o, None)]:
        out_folder(getattr(args, option), f"--{option}")
    return importlib.import_module(f"govkg.graph.{'distributed' if args.scheduler else 'builder'}").cli(args)


def cmd_validate(args: argparse.Namespace) -> int:
    from govkg.graph.rdf import parse, validate

    ttl = graph_source(args.graph).turtle
    try:
        g = parse(ttl)
    except Exception as e:                    # rdflib raises many kinds for a broken file
        raise turtle_error(ttl, e) from None
    conforms, text = validate(g)
    print(text if not conforms else f"{ttl}: conforms to the govkg shapes")
    return 0 if conforms else 1


def cmd_render(args: argparse.Namespace) -> int:
    from govkg.graph.region import render

    types = [t.strip() for t in args.types.split(",") if t.strip()] if args.types else None
    try:
        out = render(args.graph, args.out, focus=args.focus, depth=args.depth, types=types, top=args.top,
                     graphml=args.graphml)
    except (LookupError, ValueError) as e:
        print(f"govkg render: {e.args[0] if e.args else e}", file=sys.stderr)
        return 2
    print(f"wrote {out}", file=sys.stderr)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from govkg.graph import query as q

    if args.list:
        print(q.describe_saved())
        return 0
    if args.saved and args.sparql:
        print("govkg query: give either a query or --saved NAME, not both", file=sys.stderr)
        return 2
    if not args.graph or not (args.saved or args.sparql):
        print("govkg query: give GRAPH and a query (SPARQL text, a .rq file or - for stdin), or "
              "--saved NAME; --list shows the saved ones", file=sys.stderr)
        return 2
    try:
        if args.saved and args.saved not in q.saved_queries():
            raise q.QueryError(f"no saved query {args.saved!r}; see 'govkg query --list'")
        res = q.run_bounded(args.graph, args.saved or q.query_text(args.sparql), args.format,
                            q.parse_params(args.param), timeout=args.timeout or None,
                            limit=args.limit or None, memory_mb=args.memory or None)
    except q.QueryError as e:
        print(f"govkg query: {e}", file=sys.stderr)
        return 2
    if res.text is None:
        print(f"govkg query: stopped, {res.stopped}; nothing printed (raise --timeout/--memory, "
              "0 for none, or narrow the query)", file=sys.stderr)
        return 1
    sys.stdout.write(res.text if res.text.endswith("\n") else res.text + "\n")
    if res.cut:
        print(f"govkg query: showing the first {res.rows} rows, there are more "
              "(--limit N for more, --limit 0 for all)", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import signal

    from govkg.graph.serve import serve

    if args.timeout <= 0:
        print("govkg serve: --timeout must be positive", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop)
    try:
        serve(args.graph, args.host, args.port, args.timeout)
    except KeyboardInterrupt:
        print("govkg serve: stopped", file=sys.stderr)
    return 0


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


# ---------------------------------------------------------------- the parser
class _Help(argparse.RawDescriptionHelpFormatter):
    """Each option's default after its help (unless it has none or the help names it)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        h = action.help or ""
        if (action.option_strings and "default" not in h and "%(default)" not in h
                and action.default not in (None, False, [], "", argparse.SUPPRESS)):
            h += " (default: %(default)s)"
        return h


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("govkg")
    except PackageNotFoundError:
        return "unknown (not installed)"


_FIELDS_HELP = ("feed field names, e.g. title=headline,body=正文 (parts: title, body, date, url, "
                "source, author; default: the usual names, such as title/标题, content/正文, "
                "publish_time/发布时间, url/link, source/来源)")
_JOBS_HELP = "parallel processes (default: all cores)"
_SCHEDULER_HELP = "build on a Dask cluster: local:N (N worker processes here) or tcp://host:port; writes OUT/shards/"


def _verb(sub: Any, name: str, help: str, description: str, example: str) -> argparse.ArgumentParser:
    return sub.add_parser(name, help=help, description=textwrap.fill(description, 88), formatter_class=_Help,
                          epilog="Example:\n  " + example.replace("\n", "\n  "))


def _graph_verbs(sub: Any) -> None:
    from .corrections import add_option as corrections
    b = _verb(sub, "build", "extract all documents and build the graph",
              "Extract every document and merge them into one graph: writes OUT/graph.ttl, "
              "OUT/graph.graphml, OUT/graph.html, OUT/extractions/.",
              "govkg build seeds/ feeds/news.jsonl -o out --jobs 2")
    b.add_argument("paths", nargs="+", metavar="PATH", help="documents: files or folders (recursively)")
    b.add_argument("-o", "--out", required=True, metavar="OUT", help="output folder")
    b.add_argument("--jobs", type=int, default=0, help=_JOBS_HELP)
    b.add_argument("--store", metavar="DIR", help="also load a persistent SPARQL store here")
    b.add_argument("--cache", metavar="DIR", help="extraction cache (default: OUT/.cache): unchanged documents are skipped")
    b.add_argument("--fields", metavar="PART=NAME,...", help=_FIELDS_HELP)
    corrections(b)
    b.add_argument("--scheduler", metavar="ADDRESS", help=_SCHEDULER_HELP)
    b.set_defaults(func=cmd_build)

    q = _verb(sub, "query", "run SPARQL over a built graph",
              "Run a SPARQL 1.1 query over a graph (graph.ttl, an OUT folder or a store). The query "
              "is SPARQL text, a file (q.rq), - for standard input, or --saved NAME. It runs in a "
              "child process, stopped at --timeout seconds or --memory MB; at most --limit rows "
              "are printed (a notice on stderr says when a limit cut the result). Read-only: an "
              "UPDATE is refused.",
              "govkg query out --format csv 'SELECT ?p WHERE { ?p a gov:Program }'\n"
              "govkg query out --saved place_tree --param place=岳麓区")
    q.add_argument("graph", nargs="?", metavar="GRAPH", help="graph.ttl, OUT folder or store folder")
    q.add_argument("sparql", nargs="?", metavar="QUERY", help="SPARQL text, a query file, or - (stdin)")
    q.add_argument("--saved", metavar="NAME", help="run a saved query (see --list)")
    q.add_argument("--list", action="store_true", help="list saved queries")
    q.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind ?NAME (a projected variable) to VALUE, a string or <iri>; repeatable")
    q.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="stop the query after it ran this many seconds (the graph loaded); 0: no limit")
    q.add_argument("--limit", type=int, default=1000, metavar="ROWS",
                   help="print at most this many rows; 0: all")
    q.add_argument("--memory", type=float, default=2048, metavar="MB",
                   help="stop the query when it uses this much memory beyond the graph; 0: no limit")
    q.set_defaults(func=cmd_query)

    r = _verb(sub, "render", "write an interactive HTML page of a graph",
              "Render a graph (or the neighbourhood of one entity) as an offline HTML page. A store is "
              "read by region, never whole: --focus and --depth (plus the places inside the focus), or "
              "the --top most mentioned entities; its GraphML is written beside the page.",
              "govkg render out -o page.html --focus 芦淞区 --depth 1 --types Place,Program\n"
              "govkg render kg.store -o zz.html --focus 株洲市 --depth 2   # also writes zz.graphml")
    r.add_argument("graph", metavar="GRAPH", help="graph.ttl, OUT folder or store folder")
    r.add_argument("-o", "--out", required=True, metavar="PAGE", help="the HTML file to write")
    r.add_argument("--focus", metavar="NAME", help="draw only the neighbourhood of this entity")
    r.add_argument("--depth", type=int, default=2, help="hops around --focus")
    r.add_argument("--types", metavar="TYPES", help="comma-separated entity types to keep")
    r.add_argument("--top", type=int, metavar="N", help="keep at most N entities, the most mentioned")
    r.add_argument("--graphml", metavar="FILE", help="also write GraphML (a store's: beside the page)")
    r.set_defaults(func=cmd_render)

    val = _verb(sub, "validate", "check a graph against the SHACL shapes",
                "Validate graph.ttl against ontology/shapes.ttl with pySHACL: exit 0 when it "
                "conforms, 1 when not (the report on stdout), 2 when it cannot be read.",
                "govkg validate out")
    val.add_argument("graph", metavar="GRAPH", help="graph.ttl or OUT folder")
    val.set_defaults(func=cmd_validate)

    s = _verb(sub, "serve", "serve a read-only SPARQL endpoint",
              "Serve a read-only SPARQL 1.1 Protocol endpoint over a graph or store, at /sparql "
              "(or /query). Each query runs in a worker process stopped at --timeout; a query "
              "that runs long makes room for others, so short queries still get through.",
              "govkg serve out --port 7878   # then: curl 'http://127.0.0.1:7878/sparql?query=ASK{}'")
    s.add_argument("graph", metavar="GRAPH_OR_STORE", help="graph.ttl, OUT folder or store folder")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on")
    s.add_argument("--port", type=int, default=7878, help="port (0: any free port)")
    s.add_argument("--timeout", type=float, default=30.0, help="seconds a query may run")
    s.set_defaults(func=cmd_serve)

    from . import export, store          # verbs whose options live beside their function
    for name, module in (("export", export), ("load", store)):
        x = _verb(sub, name, *module.VERB)
        module.add_arguments(x)
        x.set_defaults(func=module.cli)


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The ``govkg`` parser and each verb's own (which ``main`` parses with options anywhere)."""
    p = argparse.ArgumentParser(
        prog="govkg", formatter_class=_Help,
        description="Build a knowledge graph of local-government initiatives from Chinese local news.",
        epilog="Exit status: 0 clean; 1 some inputs skipped, a non-conforming graph or a stopped\n"
               "query; 2 usage error or an unreadable graph. Run 'govkg VERB --help' for each verb.\n"
               "Example:\n  govkg build seeds -o out && govkg query out --saved programs_by_district")
    p.add_argument("--version", action="version", version=f"govkg {_version()}")
    sub = p.add_subparsers(dest="verb", metavar="VERB", required=True)

    a = _verb(sub, "articles", "split pages into articles and print them",
              "Read documents (files or folders, recursively) and print their articles: title, "
              "dateline, bylines, body length, captions.",
              "govkg articles seeds/ --json")
    a.add_argument("paths", nargs="+", metavar="PATH", help="documents: files or folders (recursively)")
    a.add_argument("--json", action="store_true", help="print one JSON object per article")
    a.add_argument("--fields", metavar="PART=NAME,...", help=_FIELDS_HELP)
    a.set_defaults(func=cmd_articles)

    e = _verb(sub, "extract", "extract entities and relations, one JSON per document",
              "Extract places, organisations, people, programmes and their relations, with "
              "evidence, into OUT/<input stem>.json (gold format): one file per input file, a "
              "feed's records all in one. Inputs are recognised by content: newspaper pages and "
              "single web articles (text), JSONL/JSON/CSV feeds, saved HTML pages, traditional "
              "script; UTF-8, UTF-16, GB18030 or Big5.",
              "govkg extract corpus/ feed.jsonl page.html -o out/x --fields body=article_text")
    e.add_argument("paths", nargs="+", metavar="PATH", help="documents: files or folders (recursively)")
    e.add_argument("-o", "--out", required=True, metavar="DIR", help="output folder")
    e.add_argument("--jobs", type=int, default=0, help=_JOBS_HELP)
    e.add_argument("--fields", metavar="PART=NAME,...", help=_FIELDS_HELP)
    e.set_defaults(func=cmd_extract)

    v = _verb(sub, "eval", "score extraction against gold files (P/R/F1)",
              "Score extraction against gold JSON files: articles, entities by type, relations by "
              "predicate, holdsPost titles.",
              "govkg eval gold/ texts/ --errors")
    v.add_argument("gold", metavar="GOLD_DIR", help="folder of gold JSON files")
    v.add_argument("text", nargs="?", default="seeds", metavar="TEXT_DIR",
                   help="folder with the documents, or with 'govkg extract' JSON (default: seeds)")
    v.add_argument("--json", action="store_true", help="print scores as JSON")
    v.add_argument("--errors", action="store_true", help="also list false positives/negatives")
    v.set_defaults(func=cmd_eval)

    _graph_verbs(sub)
    return p, dict(sub.choices)


def main(argv: Sequence[str] | None = None) -> int:
    parser, verbs = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in verbs:                # options anywhere among the verb's arguments
        args = verbs[argv[0]].parse_intermixed_args(argv[1:])
        args.verb = argv[0]
    else:
        args = parser.parse_args(argv)           # --help, --version, or a usage error
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except (SourceError, OSError) as e:         # a missing or corrupt graph, a wrong -o: one line
        print(f"govkg {args.verb}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
