"""govkg.graph.merge: identity across documents, gazetteer ancestors, order independence, CLI."""
from __future__ import annotations

import argparse
import json

import networkx as nx

from conftest import CITY, COUNTY, PROVINCE, TOWN, FakeLexicon, corpus, dated, ev
from govkg.extractors.records import Entity, Extraction
from govkg.graph.builder import cli
from govkg.graph.keys import node_key, segment
from govkg.graph.merge import merge

def test_a_place_named_in_several_documents_is_one_node_with_all_mentions(G):
    town = G.nodes[f"place/{TOWN}"]
    assert town["label"] == "莲花镇" and town["level"] == "township" and town["code"] == TOWN
    assert town["mentions"] == 2
    assert [(e["doc"], e["start"]) for e in town["evidence"]] == [("a.txt", 3), ("b.txt", 1)]
    assert town["articles"] == [{"doc": "a.txt", "article": 0, "title": "莲花镇推行护林轮值制"},
                                {"doc": "b.txt", "article": 0, "title": "桃源村见闻"}]


def test_an_uncoded_village_is_keyed_by_its_parent_chain_in_every_document(G):
    key = f"place/{TOWN}/桃源村"
    assert G.nodes[key]["mentions"] == 2           # a.txt by Entity.parent, b.txt by partOf
    assert G.has_edge(key, f"place/{TOWN}", key="partOf")
    assert len(G[key][f"place/{TOWN}"]["partOf"]["evidence"]) == 2


def test_programmes_merge_by_normalised_name_and_aliases(G):
    programs = [n for n, a in G.nodes(data=True) if a["type"] == "Program"]
    assert programs == ["program/护林轮值制"]
    p = G.nodes["program/护林轮值制"]
    assert p["mentions"] == 4 and p["kind"] == "mechanism"
    assert p["aliases"] == ["“护林轮值制”", "护林轮值制工作"]


def test_people_are_told_apart_by_the_body_they_serve(G):
    people = sorted(n for n, a in G.nodes(data=True) if a["type"] == "Person")
    assert people == sorted([f"person/org/{TOWN}/莲花镇党委/李华", f"person/org/{TOWN}/莲花镇党委/尹青禾",
                             f"person/org/{TOWN}/桃源村/桃源村村委会/尹青禾"])


def test_an_unanchored_organisation_joins_the_single_anchored_one(G):
    org = G.nodes[f"org/{TOWN}/莲花镇党委"]
    assert org["mentions"] == 2 and org["kind"] == "party"
    assert "org/莲花镇党委" not in G


def test_an_ambiguous_unanchored_name_stays_its_own_node():
    x = Extraction("x.txt", entities=(Entity("Person", "尹青禾", mentions=ev(0)),))
    G = merge(corpus() + [x], gazetteer=False)
    assert "person/尹青禾" in G                         # two anchored 尹青禾: no guess


def test_holds_post_titles_are_merged_split_and_sorted(G):
    e = G[f"person/org/{TOWN}/莲花镇党委/李华"][f"org/{TOWN}/莲花镇党委"]["holdsPost"]
    assert e["title"] == "、".join(sorted(["党委委员", "副镇长"]))
    assert len(e["evidence"]) == 2 and e["predicate"] == "holdsPost"


def test_a_relation_without_a_span_cites_its_document(G):
    e = G[f"place/{TOWN}/桃源村"]["program/护林轮值制"]["implements"]
    assert e["evidence"] == [{"doc": "b.txt", "article": -1, "title": "", "start": -1, "end": -1,
                              "sentence": ""}]


def test_gazetteer_ancestors_are_added_with_part_of_edges(G):
    assert G.nodes[f"place/{PROVINCE}"] | {} == {
        "type": "Place", "label": "湖南省", "aliases": [], "level": "province", "code": PROVINCE,
        "mentions": 0, "articles": [], "evidence": []}
    chain = [TOWN, COUNTY, CITY, PROVINCE]
    for child, parent in zip(chain, chain[1:]):
        assert G.has_edge(f"place/{child}", f"place/{parent}", key="partOf")
    assert G[f"place/{COUNTY}"][f"place/{CITY}"]["partOf"]["source"] == "gazetteer"
    assert G[f"place/{TOWN}"][f"place/{COUNTY}"]["partOf"]["source"] == "text"


def test_the_graph_does_not_depend_on_document_order():
    one = merge(corpus(), lex=FakeLexicon())
    two = merge(corpus()[::-1], lex=FakeLexicon())
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))
    assert sorted(one.edges(keys=True, data=True)) == sorted(two.edges(keys=True, data=True))


def test_empty_input_gives_an_empty_graph():
    assert merge([], gazetteer=False).number_of_nodes() == 0


def test_keys_are_readable_and_percent_encode_what_an_iri_forbids():
    assert node_key("Organization", "莲花镇党委", TOWN) == f"org/{TOWN}/莲花镇党委"
    assert segment("a b/c#d?e%f<g>") == "ab%2Fc%23d%3Fe%25f%3Cg%3E"     # white space dropped
    assert node_key("Program", "《 护林轮值制 》") == "program/护林轮值制"


def test_cli_writes_every_output_and_skips_bad_input(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "one.txt").write_text("湖南省长沙市岳麓区莲花镇开展护林轮值制巡林活动。\n", encoding="utf-8")
    (docs / "bad.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 50)
    out = tmp_path / "out"
    args = argparse.Namespace(paths=[str(docs)], out=str(out), jobs=1, store=None)
    assert cli(args) == 1
    captured = capsys.readouterr()
    assert "SKIP" in captured.err and "bad.txt" in captured.err
    assert "1 document(s), 1 skipped" in captured.out and "nodes" in captured.out
    assert (out / "graph.graphml").is_file()
    saved = json.loads((out / "extractions" / "one.json").read_text(encoding="utf-8"))
    assert saved["doc"] == "one.txt"
    first = (out / "graph.ttl").read_bytes()
    assert cli(args) == 1
    assert (out / "graph.ttl").read_bytes() == first
    graphml = nx.read_graphml(out / "graph.graphml")
    assert all(isinstance(a["aliases"], str) for _, a in graphml.nodes(data=True))


def test_article_dates_urls_and_sources_are_kept_and_evidence_carries_the_date():
    a, b, c = corpus()
    G = merge([dated(a, "2023-04-01", "https://news.example/a?id=1", "本报讯"), dated(b, "2023-05-20"),
               dated(c, "5月20日")], lex=FakeLexicon())                # not ISO: left out
    assert G.graph["articles"] == {("a.txt", 0): {"date": "2023-04-01", "url": "https://news.example/a?id=1",
                                                  "source": "本报讯"},
                                   ("b.txt", 0): {"date": "2023-05-20"}}
    e = G[f"place/{TOWN}/桃源村"][f"place/{TOWN}"]["partOf"]
    assert [(ev["doc"], ev.get("date")) for ev in e["evidence"]] == [("a.txt", "2023-04-01"), ("b.txt", "2023-05-20")]
    mentioned = G.nodes[f"org/{TOWN}/莲花镇党委"]["evidence"]
    assert [(ev["doc"], ev.get("date")) for ev in mentioned] == [("a.txt", "2023-04-01"), ("c.txt", None)]


def test_undated_articles_add_nothing():
    G = merge(corpus(), lex=FakeLexicon())
    assert G.graph["articles"] == {}
    assert not any("date" in ev for *_, a in G.edges(keys=True, data=True) for ev in a["evidence"])
