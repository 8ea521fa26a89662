"""govkg's command line: options in any order, query files and stdin, read-only, limits that
cut with a notice, one-line errors for corrupt graphs and wrong output paths, --version, and
an example in each verb's --help. Graphs are tiny Turtle files written here (invented names)."""
from __future__ import annotations

import io
import json
import re
import time
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import fixture_extractions
from govkg.graph import query as q
from govkg.graph.cli import _parser, main
from govkg.graph.sources import SourceError, graph_source

PLACES = ["青禾镇", "云杉村", "石榴社区", "晨露村", "松针镇", "白鹭村"]
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SORTED_CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o } ORDER BY ?c ?f ?i ?l ?o"


def tiny_turtle() -> str:
    lines = ["@prefix gov: <https://govkg.example.org/ns#> .",
             "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .", ""]
    for i, name in enumerate(PLACES):
        lines.append(f'<https://govkg.example.org/place/p{i}> a gov:Place ; skos:prefLabel "{name}"@zh ;'
                     f' gov:mentions {i + 1} .')
    return "\n".join(lines) + "\n"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "graph.ttl").write_text(tiny_turtle(), encoding="utf-8")
    return folder


@pytest.fixture
def corrupt(tmp_path: Path) -> Path:
    bad = tmp_path / "bad" / "graph.ttl"
    bad.parent.mkdir()
    text = tiny_turtle().splitlines()
    text[4] = text[4].replace('"云杉村"@zh', '"云杉村@zh')        # an unterminated string on line 5
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    return bad


LABELS = "SELECT ?l WHERE { ?x skos:prefLabel ?l } ORDER BY ?l"


# ---------------------------------------------------------------- option order, query sources
def test_options_in_any_order(out: Path, capsys) -> None:
    outputs = []
    for argv in (["query", str(out), "--format", "csv", LABELS],
                 ["query", "--format", "csv", str(out), LABELS],
                 ["query", str(out), LABELS, "--format", "csv"]):
        assert main(argv) == 0, argv
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].splitlines() == ["l"] + sorted(PLACES)


def test_query_from_a_file_and_from_stdin(out: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    rq = tmp_path / "labels.rq"
    rq.write_text("# all labels\n" + LABELS + "\n", encoding="utf-8")
    assert main(["query", str(out), str(rq), "--format", "json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert [b["l"]["value"] for b in got["results"]["bindings"]] == sorted(PLACES)
    monkeypatch.setattr("sys.stdin", io.StringIO("ASK { ?x skos:prefLabel \"白鹭村\"@zh }"))
    assert main(["query", str(out), "-"]) == 0
    assert capsys.readouterr().out.strip() == "true"


def test_update_is_refused_as_read_only(out: Path, capsys) -> None:
    before = (out / "graph.ttl").read_bytes()
    assert main(["query", str(out), "PREFIX x: <urn:x:>\nINSERT DATA { x:a x:b x:c }"]) == 2
    err = capsys.readouterr().err
    assert "read-only" in err and "expected" not in err and len(err.strip().splitlines()) == 1
    assert (out / "graph.ttl").read_bytes() == before
    assert q.is_update("DELETE WHERE { ?s ?p ?o }") and not q.is_update(LABELS)


# ---------------------------------------------------------------- limits
def test_row_limit_cuts_with_a_notice(out: Path, capsys) -> None:
    assert main(["query", str(out), LABELS, "--limit", "2", "--format", "csv"]) == 0
    res = capsys.readouterr()
    assert res.out.splitlines() == ["l"] + sorted(PLACES)[:2]
    assert "first 2 rows" in res.err and "--limit" in res.err
    assert main(["query", str(out), LABELS, "--limit", "0", "--format", "csv"]) == 0
    res = capsys.readouterr()
    assert len(res.out.splitlines()) == 1 + len(PLACES) and res.err == ""


def test_default_limit_stops_a_cross_product_quickly(out: Path, capsys) -> None:
    t = time.monotonic()
    assert main(["query", str(out), CROSS, "--format", "csv"]) == 0        # 18^4 rows; 1000 printed
    assert time.monotonic() - t < 20
    res = capsys.readouterr()
    assert len(res.out.splitlines()) == 1001 and "first 1000 rows" in res.err


def test_time_limit_stops_a_runaway_query(out: Path, capsys) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"
    t = time.monotonic()
    assert main(["query", str(out), runaway, "--timeout", "1"]) == 1
    assert time.monotonic() - t < 15
    res = capsys.readouterr()
    assert res.out == "" and "time limit of 1 s" in res.err


def test_memory_limit_stops_a_growing_sort(out: Path, capsys) -> None:
    t = time.monotonic()
    rc = main(["query", str(out), SORTED_CROSS, "--memory", "40", "--timeout", "30", "--limit", "10"])
    res = capsys.readouterr()
    if rc == 0:                     # the sort fitted in 40 MB on this machine: nothing to check
        pytest.skip("the sort never grew past 40 MB")
    assert rc == 1 and "memory limit of 40 MB" in res.err and time.monotonic() - t < 30


# ---------------------------------------------------------------- one-line errors
@pytest.mark.parametrize("verb", ["validate", "query", "render", "serve"])
def test_corrupt_turtle_is_one_line_naming_file_and_line(verb: str, corrupt: Path, tmp_path: Path, capsys) -> None:
    argv = {"validate": ["validate", str(corrupt.parent)],
            "query": ["query", str(corrupt.parent), LABELS],
            "render": ["render", str(corrupt), "-o", str(tmp_path / "page.html")],
            "serve": ["serve", str(corrupt), "--port", "0", "--host", "127.0.0.1"]}[verb]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and f"govkg {verb}: " in err
    assert re.search(re.escape(str(corrupt)) + r":5: not valid Turtle", err), err


def test_missing_graph_and_wrong_output_paths(out: Path, tmp_path: Path, capsys) -> None:
    a_file = tmp_path / "a_file.txt"
    a_file.write_text("正文", encoding="utf-8")
    for argv, says in ((["build", str(a_file), "-o", str(a_file)], "is a file; -o wants a folder"),
                       (["extract", str(a_file), "-o", str(a_file)], "is a file; -o wants a folder"),
                       (["render", str(out), "-o", str(out)], "is a folder; -o wants a file name"),
                       (["validate", str(tmp_path / "nothing")], "no graph at"),
                       (["query", str(tmp_path), LABELS], "no graph in")):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert says in err and len(err.strip().splitlines()) == 1, (argv, err)
    assert a_file.read_text(encoding="utf-8") == "正文"


def test_graph_source_tells_the_three_kinds_apart(out: Path, tmp_path: Path) -> None:
    assert graph_source(out).path == out / "graph.ttl" and not graph_source(out).store
    assert graph_source(out / "graph.ttl").path == out / "graph.ttl"
    store = q.load_store(out / "graph.ttl", tmp_path / "store")
    assert graph_source(store).store
    with pytest.raises(SourceError, match="store folder"):
        _ = graph_source(store).turtle
    assert main(["query", str(store), "SELECT (COUNT(*) AS ?n) WHERE { ?s a gov:Place }", "--format", "csv"]) == 0


def test_validate_and_render_a_built_graph(tmp_path: Path, capsys) -> None:
    from govkg.graph.merge import merge
    from govkg.graph.rdf import write_turtle

    built = tmp_path / "built"
    built.mkdir()
    write_turtle(merge(fixture_extractions(), gazetteer=False), built / "graph.ttl")
    assert main(["validate", str(built)]) == 0
    assert "conforms" in capsys.readouterr().out
    from rdflib import Graph
    from rdflib.namespace import SKOS

    g = Graph().parse(built / "graph.ttl", format="turtle")
    g.remove((None, SKOS.prefLabel, None))
    g.serialize(tmp_path / "nolabels.ttl", format="turtle")
    assert main(["validate", str(tmp_path / "nolabels.ttl")]) == 1
    assert "prefLabel" in capsys.readouterr().out
    page = tmp_path / "pages" / "p.html"
    assert main(["render", "-o", str(page), str(built), "--types", "Place"]) == 0
    assert page.is_file()
    assert main(["render", str(built), "-o", str(page), "--focus", "没有这个名字"]) == 2
    assert "没有这个名字" in capsys.readouterr().err


# ---------------------------------------------------------------- --version and --help
def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert capsys.readouterr().out.strip() == f"govkg {version('govkg')}"


def test_each_verb_help_shows_an_example_and_defaults(capsys) -> None:
    _, verbs = _parser()
    assert set(verbs) >= {"articles", "extract", "eval", "build", "query", "render", "validate", "serve"}
    for verb in verbs:
        with pytest.raises(SystemExit):
            main([verb, "--help"])
        text = capsys.readouterr().out
        assert re.search(r"Example:\n  govkg " + verb + r" ", text), verb
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    text = capsys.readouterr().out
    assert "(default: 30.0)" in text and "(default: 1000)" in text and "(default: table)" in text
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    assert "(default: 7878)" in capsys.readouterr().out
