"""govkg.graph.rdf: round trip, byte-stable Turtle, other parsers, SHACL, the notebook API."""
from __future__ import annotations

import argparse
import shutil
import subprocess
import warnings

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from govkg.graph import KnowledgeGraph, load
from govkg.graph.merge import merge
from govkg.graph.rdf import cli, from_rdf, read_turtle, to_rdf, turtle, validate, write_turtle
from govkg.ontology import GOV, ORG, SKOS
from conftest import TOWN, FakeLexicon, corpus, dated


@pytest.fixture
def ttl(G, tmp_path):
    path = tmp_path / "graph.ttl"
    write_turtle(G, path)
    return path


def test_round_trip_keeps_nodes_edges_and_attributes(G, ttl):
    H = read_turtle(ttl)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(H.edges(keys=True, data=True)) == sorted(G.edges(keys=True, data=True))


def test_turtle_is_byte_identical_across_runs(G, ttl, tmp_path):
    again = tmp_path / "again.ttl"
    write_turtle(merge(corpus(), lex=FakeLexicon()), again)
    assert again.read_bytes() == ttl.read_bytes()


def test_document_order_does_not_change_the_triples(G):
    other = to_rdf(merge(corpus()[::-1], lex=FakeLexicon()))
    assert isomorphic(to_rdf(G), other)
    assert turtle(to_rdf(G)) == turtle(other)


def test_holds_post_goes_through_a_post_with_a_title(G):
    g = to_rdf(G, base="http://x/")
    person = URIRef(f"http://x/person/org/{TOWN}/莲花镇党委/尹青禾")
    posts = list(g.objects(person, ORG.holds))
    assert len(posts) == 1
    assert g.value(posts[0], ORG.postIn) == URIRef(f"http://x/org/{TOWN}/莲花镇党委")
    assert g.value(posts[0], GOV.title) == Literal("党委书记", lang="zh")


def test_labels_are_tagged_chinese_and_aliases_are_alt_labels(G):
    g = to_rdf(G, base="http://x/")
    program = URIRef("http://x/program/护林轮值制")
    assert g.value(program, SKOS.prefLabel) == Literal("护林轮值制", lang="zh")
    assert Literal("“护林轮值制”", lang="zh") in set(g.objects(program, SKOS.altLabel))


def test_base_can_be_overridden(G, monkeypatch):
    monkeypatch.setenv("GOVKG_BASE", "http://example.org/kg/")
    g = to_rdf(G)
    assert (URIRef(f"http://example.org/kg/place/{TOWN}"), GOV.level, Literal("township")) in g
    assert from_rdf(g).number_of_nodes() == G.number_of_nodes()


def test_turtle_parses_in_rdflib_without_warnings(ttl, caplog):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = Graph().parse(ttl, format="turtle")
    assert len(g) > 100
    assert not [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]


def test_turtle_parses_in_pyoxigraph(ttl):
    import pyoxigraph as ox
    store = ox.Store()
    store.load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(ttl, format="turtle"))


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
def test_turtle_parses_in_rapper(ttl):
    run = subprocess.run(["rapper", "-i", "turtle", "-c", str(ttl)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "error" not in run.stderr.lower() and "warning" not in run.stderr.lower()


def test_built_graph_conforms_to_the_shapes(G):
    conforms, report = validate(to_rdf(G))
    assert conforms, report


def test_shapes_catch_a_post_without_title_and_a_place_without_level(G):
    g = to_rdf(G, base="http://x/")
    g.remove((None, GOV.title, None))
    g.remove((URIRef(f"http://x/place/{TOWN}"), GOV.level, None))
    conforms, report = validate(g)
    assert not conforms
    assert "gov:title" in report and "gov:level" in report


def test_validate_cli_exit_codes(ttl, tmp_path, capsys):
    assert cli(argparse.Namespace(graph=str(ttl))) == 0
    bad = tmp_path / "bad.ttl"
    g = Graph().parse(ttl, format="turtle")
    g.remove((None, SKOS.prefLabel, None))
    g.serialize(bad, format="turtle")
    assert cli(argparse.Namespace(graph=str(bad))) == 1
    assert "prefLabel" in capsys.readouterr().out


def test_load_reads_an_out_folder(ttl, G):
    kg = load(ttl.parent)
    assert isinstance(kg, KnowledgeGraph)
    assert kg.nx.number_of_edges() == G.number_of_edges() and len(kg.rdf) == len(to_rdf(G))
    assert kg.validate()[0]


def test_streamed_turtle_has_exactly_the_triples_of_to_rdf_and_escapes_literals(tmp_path):
    G = merge(corpus(), lex=FakeLexicon())
    G.nodes["program/护林轮值制"]["aliases"] = ['引号"\\反斜杠', "换行\n回车\r制表\t", "控制\x01符"]
    path = tmp_path / "g.ttl"
    write_turtle(G, path)
    parsed = Graph().parse(path, format="turtle")
    assert isomorphic(parsed, to_rdf(G))
    assert Literal("换行\n回车\r制表\t", lang="zh") in set(parsed.objects(None, SKOS.altLabel))
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(parsed)


def dated_graph():
    a, b, c = corpus()
    return merge([dated(a, "2023-04-01", "https://news.example/a?id=1&p=2", "本报讯"), dated(b, "2023-05-20"), c],
                 lex=FakeLexicon())


def test_articles_carry_their_date_url_and_source():
    from rdflib.namespace import DCTERMS, SDO, XSD
    g = to_rdf(dated_graph(), base="http://x/")
    a, b, c = (URIRef(f"http://x/doc/{d}.txt/article/0") for d in "abc")
    assert g.value(a, DCTERMS.issued) == Literal("2023-04-01", datatype=XSD.date)
    assert g.value(a, SDO.url) == Literal("https://news.example/a?id=1&p=2", datatype=XSD.anyURI)
    assert g.value(a, DCTERMS.source) == Literal("本报讯")
    assert [g.value(b, p) for p in (DCTERMS.issued, SDO.url, DCTERMS.source)] == \
        [Literal("2023-05-20", datatype=XSD.date), None, None]
    assert (c, None, None) in g and g.value(c, DCTERMS.issued) is None
    conforms, report = validate(g)
    assert conforms, report


def test_dates_survive_turtle_and_read_back(tmp_path):
    G = dated_graph()
    write_turtle(G, tmp_path / "g.ttl")
    text = (tmp_path / "g.ttl").read_text(encoding="utf-8")
    assert 'dcterms:issued "2023-04-01"^^xsd:date' in text and "schema:url" in text
    H = read_turtle(tmp_path / "g.ttl")
    assert H.graph["articles"] == G.graph["articles"]
    assert sorted(H.edges(keys=True, data=True)) == sorted(G.edges(keys=True, data=True))
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))


def test_shapes_catch_an_article_with_two_dates():
    from rdflib.namespace import DCTERMS, XSD
    g = to_rdf(dated_graph(), base="http://x/")
    g.add((URIRef("http://x/doc/a.txt/article/0"), DCTERMS.issued, Literal("2023-04-02", datatype=XSD.date)))
    conforms, report = validate(g)
    assert not conforms and "dcterms:issued" in report


def test_an_rdflib_graph_is_written_by_the_same_writer_in_the_same_layout(G, ttl, tmp_path):
    path = tmp_path / "from_rdflib.ttl"
    write_turtle(to_rdf(G), path)
    assert isomorphic(Graph().parse(path, format="turtle"), Graph().parse(ttl, format="turtle"))
    ours, theirs = path.read_text(encoding="utf-8"), ttl.read_text(encoding="utf-8")
    assert ours.split("\n\n")[0] == theirs.split("\n\n")[0]                 # the same prefixes
    assert sorted(ours.split("\n\n")) == sorted(theirs.split("\n\n"))       # the same blocks, in another order
    write_turtle(to_rdf(G), tmp_path / "again.ttl")
    assert (tmp_path / "again.ttl").read_bytes() == path.read_bytes()


def test_blank_nodes_of_a_graph_read_from_elsewhere_are_written():
    from rdflib import BNode
    from rdflib.namespace import RDFS
    g = Graph()
    node = BNode("n1")
    g.add((URIRef("http://x/a"), SKOS.related, node))
    g.add((node, RDFS.label, Literal("甲")))
    text = turtle(g)
    assert "_:n1" in text
    assert isomorphic(Graph().parse(data=text, format="turtle"), g)
