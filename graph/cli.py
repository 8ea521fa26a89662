"""The ``govkg`` command: one thin function per verb, each calling one public function.

Exit status: 0 clean, 1 some inputs skipped, 2 usage error. Bad inputs are reported as
``SKIP path: reason`` on stderr and the run goes on.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path
from typing import Callable, Iterator, Sequence

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
def _fields(args: argparse.Namespace) -> dict[str, str] | None:
    """``--fields`` parsed, or None after printing why it is wrong (a usage error)."""
    from govkg.extractors.readers import parse_fields
    try:
        return parse_fields(getattr(args, "fields", None))
    except ValueError as e:
        print(f"govkg {args.verb}: {e}", file=sys.stderr)
        return None


def cmd_articles(args: argparse.Namespace) -> int:
    from govkg.extractors import InputError
    from govkg.extractors.pipeline import split_document
    from govkg.extractors.readers import read

    fields = _fields(args)
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

    fields = _fields(args)
    if fields is None:
        return 2
    out = Path(args.out)
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
def _delegate(module: str, func: str = "cli") -> Callable[[argparse.Namespace], int]:
    """A verb whose work lives in ``govkg.graph.<module>.<func>(args)`` (imported when run)."""
    def run(args: argparse.Namespace) -> int:
        mod = importlib.import_module(f"govkg.graph.{module}")
        return int(getattr(mod, func)(args) or 0)
    return run


_FIELDS_HELP = ("feed field names, e.g. title=headline,body=正文 (parts: title, body, date, url, "
                "source, author; default: the usual names, such as title/标题, content/正文, "
                "publish_time/发布时间, url/link, source/来源)")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="govkg",
        description="Build a knowledge graph of local-government initiatives from Chinese local news.",
        epilog="Exit status: 0 clean, 1 some inputs skipped, 2 usage error. "
               "Run 'govkg VERB --help' for each verb.")
    sub = p.add_subparsers(dest="verb", metavar="VERB", required=True)

    a = sub.add_parser("articles", help="split pages into articles and print them",
                       description="Read documents (files or folders, recursively) and print their "
                                   "articles: title, dateline, bylines, body length, captions.")
    a.add_argument("paths", nargs="+", metavar="PATH")
    a.add_argument("--json", action="store_true", help="print one JSON object per article")
    a.add_argument("--fields", metavar="PART=NAME,...", help=_FIELDS_HELP)
    a.set_defaults(func=cmd_articles)

    e = sub.add_parser("extract", help="extract entities and relations, one JSON per document",
                       description="Extract places, organisations, people, programmes and their "
                                   "relations, with evidence, into OUT/<input stem>.json (gold format): "
                                   "one file per input file, a feed's records all in one. Inputs are "
                                   "recognised by content: newspaper pages and single web articles "
                                   "(text), JSONL/JSON/CSV feeds, saved HTML pages, traditional "
                                   "script; UTF-8, UTF-16, GB18030 or Big5.",
                       epilog="Example: govkg extract corpus/ feed.jsonl page.html -o out/x "
                              "--fields body=article_text")
    e.add_argument("paths", nargs="+", metavar="PATH")
    e.add_argument("-o", "--out", required=True, metavar="DIR")
    e.add_argument("--jobs", type=int, default=0, help="parallel processes (default: all cores)")
    e.add_argument("--fields", metavar="PART=NAME,...", help=_FIELDS_HELP)
    e.set_defaults(func=cmd_extract)

    v = sub.add_parser("eval", help="score extraction against gold files (P/R/F1)",
                       description="Score extraction against gold JSON files: articles, entities "
                                   "by type, relations by predicate, holdsPost titles.")
    v.add_argument("gold", metavar="GOLD_DIR")
    v.add_argument("text", nargs="?", default="seeds", metavar="TEXT_DIR",
                   help="folder with the documents, or with 'govkg extract' JSON (default: seeds)")
    v.add_argument("--json", action="store_true", help="print scores as JSON")
    v.add_argument("--errors", action="store_true", help="also list false positives/negatives")
    v.set_defaults(func=cmd_eval)

    b = sub.add_parser("build", help="extract all documents and build the graph",
                       description="Extract every document and merge them into one graph: writes "
                                   "OUT/graph.ttl, OUT/graph.graphml, OUT/graph.html, OUT/extractions/.")
    b.add_argument("paths", nargs="+", metavar="PATH")
    b.add_argument("-o", "--out", required=True, metavar="OUT")
    b.add_argument("--jobs", type=int, default=0, help="parallel processes (default: all cores)")
    b.add_argument("--store", metavar="DIR", help="also load a persistent SPARQL store here")
    b.add_argument("--cache", metavar="DIR", help="extraction cache (default: OUT/.cache); unchanged "
                   "documents are not extracted again")
    b.add_argument("--fields", metavar="PART=NAME,...", help=_FIELDS_HELP)
    b.set_defaults(func=_delegate("builder"))

    q = sub.add_parser("query", help="run SPARQL over a built graph",
                       description="Run a SPARQL 1.1 query over a graph (graph.ttl, an OUT folder or a store).")
    q.add_argument("graph", nargs="?", metavar="GRAPH")
    q.add_argument("sparql", nargs="?", metavar="SPARQL")
    q.add_argument("--saved", metavar="NAME", help="run a saved query (see --list)")
    q.add_argument("--list", action="store_true", help="list saved queries")
    q.add_argument("--format", choices=("table", "csv", "json"), default="table")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
               help="bind ?NAME (a projected variable) to VALUE, a string or <iri>; repeatable")
    q.set_defaults(func=_delegate("query"))

    r = sub.add_parser("render", help="write an interactive HTML page of a graph",
                       description="Render a graph (or the neighbourhood of one entity) as an offline HTML page.")
    r.add_argument("graph", metavar="GRAPH")
    r.add_argument("-o", "--out", required=True, metavar="PAGE")
    r.add_argument("--focus", metavar="NAME")
    r.add_argument("--depth", type=int, default=2)
    r.add_argument("--types", metavar="TYPES", help="comma-separated entity types to keep")
    r.set_defaults(func=_delegate("html"))

    val = sub.add_parser("validate", help="check a graph against the SHACL shapes",
                         description="Validate graph.ttl against ontology/shapes.ttl with pySHACL.")
    val.add_argument("graph", metavar="GRAPH")
    val.set_defaults(func=_delegate("rdf"))

    s = sub.add_parser("serve", help="serve a read-only SPARQL endpoint",
                       description="Serve a read-only SPARQL 1.1 Protocol endpoint over a graph or store.")
    s.add_argument("graph", metavar="GRAPH_OR_STORE")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=7878)
    s.add_argument("--timeout", type=float, default=30.0, help="seconds a query may run")
    s.set_defaults(func=_delegate("serve"))
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
