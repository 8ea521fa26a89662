"""graph/html.py: the offline page (static checks; the browser checks are in test_html_browser.py)."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from conftest import HOSTILE_LABEL, HOSTILE_SENTENCE, make_graph
from govkg.graph import html as page

def page_data(path: Path) -> dict:
    """The JSON data block of a written page."""
    m = re.search(r'<script type="application/json" id="govkg-data">(.*?)</script>',
                  path.read_text(encoding="utf-8"), re.S)
    assert m, "no data block"
    return json.loads(m[1])


def test_page_holds_every_node_and_edge(tmp_path):
    G = make_graph()
    out = page.write_html(G, tmp_path / "sub" / "g.html")
    assert out == tmp_path / "sub" / "g.html"
    data = page_data(out)
    assert len(data["nodes"]) == G.number_of_nodes()
    assert len(data["edges"]) == G.number_of_edges()
    lusong = next(n for n in data["nodes"] if n["label"] == "芦淞区")
    assert lusong["level"] == "county" and lusong["code"] == "430203000000" and lusong["aliases"] == ["芦淞"]
    post = next(e for e in data["edges"] if e["predicate"] == "holdsPost")
    assert post["title"] == "理事长" and post["evidence"][0]["sentence"] == "芦淞区助残协会理事长张三介绍。"


def test_page_is_offline(tmp_path):
    text = page.write_html(make_graph(), tmp_path / "g.html").read_text(encoding="utf-8")
    assert not re.search(r'<(script|link|img|iframe)[^>]*\s(src|href)\s*=', text, re.I)
    assert "@import" not in text and "//cdn" not in text.lower()
    assert all(u.startswith("data:") for u in re.findall(r'url\(["\']?([^)"\']*)', text))
    assert "default-src 'none'" in text            # the browser would refuse any fetch anyway
    assert "vis.Network" in text and "Noto Sans CJK SC" in text


def test_graph_is_not_mutated(tmp_path):
    G = make_graph()
    before = copy.deepcopy((dict(G.nodes(data=True)), list(G.edges(keys=True, data=True))))
    page.write_html(G, tmp_path / "g.html", focus="白关镇", depth=1, types=["Place", "Program"])
    assert (dict(G.nodes(data=True)), list(G.edges(keys=True, data=True))) == before


def test_districts_follow_partof_locatedin_holdspost_implements():
    G = make_graph()
    d = page.districts(G)
    lusong, tianyuan = "place/430203000000", "place/430211000000"
    assert d["place/430203100000/双福村"] == {lusong}
    assert d["place/430203000000"] == {lusong}
    assert d["place/430200000000"] == frozenset()          # a city lies in no district
    assert d["org/430203000000/芦淞区助残协会"] == {lusong}
    assert d["person/org/430203000000/芦淞区助残协会/张三"] == {lusong}
    assert d["program/巷口议事会"] == {lusong}
    assert d["program/院坝三清"] == {tianyuan}


def test_districts_survive_a_partof_cycle():
    G = nx.MultiDiGraph()
    G.add_node("a", type="Place", level="county")
    G.add_node("b", type="Place", level="township")
    G.add_edge("a", "b", key="partOf", predicate="partOf")
    G.add_edge("b", "a", key="partOf", predicate="partOf")
    d = page.districts(G)                                   # returns: the cycle is cut
    assert d["a"] == {"a"} and d["b"] <= {"a"}


def test_focus_keeps_the_neighbourhood_and_selects_it(tmp_path):
    G = make_graph()
    data = page_data(page.write_html(G, tmp_path / "g.html", focus="芦淞", depth=1))  # an alias
    labels = {n["label"] for n in data["nodes"]}
    assert labels == {"芦淞区", "株洲市", "白关镇", "芦淞区助残协会"}
    assert data["nodes"][data["focus"]]["label"] == "芦淞区"
    assert all(e["from"] < len(data["nodes"]) and e["to"] < len(data["nodes"]) for e in data["edges"])


def test_types_filter_and_errors(tmp_path):
    G = make_graph()
    data = page_data(page.write_html(G, tmp_path / "g.html", types=["Program"]))
    assert {n["type"] for n in data["nodes"]} == {"Program"} and data["edges"] == []
    with pytest.raises(LookupError, match="没有"):
        page.write_html(G, tmp_path / "x.html", focus="没有")
    with pytest.raises(ValueError, match="Planet"):
        page.write_html(G, tmp_path / "x.html", types=["Planet"])


def test_hostile_text_is_escaped_statically(tmp_path):
    text = page.write_html(make_graph(hostile=True), tmp_path / "g.html",
                           focus=HOSTILE_LABEL).read_text(encoding="utf-8")
    for raw in ("<img src=x onerror", "<b>别名", "<script>alert(2)", "</script><script>alert"):
        assert raw not in text
    assert "\\u003cimg src=x onerror=alert(1)\\u003e村" in text   # in the data block, escaped
    assert "&lt;img src=x onerror=alert(1)&gt;村" in text          # the <title>, escaped
    data = page_data(tmp_path / "g.html")
    assert any(n["label"] == HOSTILE_LABEL for n in data["nodes"])  # the data survives intact
    assert any(e["evidence"][0]["sentence"] == HOSTILE_SENTENCE for e in data["edges"])


def test_page_is_deterministic_and_neighbours_start_close(tmp_path):
    G = make_graph()
    a = page.write_html(G, tmp_path / "a.html").read_bytes()
    assert a == page.write_html(G, tmp_path / "b.html").read_bytes()
    nodes = {n["key"]: n for n in page_data(tmp_path / "a.html")["nodes"]}
    for u, v in G.edges():
        assert abs(nodes[u]["x"] - nodes[v]["x"]) + abs(nodes[u]["y"] - nodes[v]["y"]) <= 2 * 70


def test_empty_graph(tmp_path):
    data = page_data(page.write_html(nx.MultiDiGraph(), tmp_path / "g.html"))
    assert data["nodes"] == [] and data["edges"] == [] and data["districts"] == []


def test_cli_renders_a_graph_read_from_turtle(tmp_path, monkeypatch, capsys):
    from govkg.graph import export
    from govkg.graph.cli import main

    (tmp_path / "graph.ttl").write_text("# stand-in\n", encoding="utf-8")
    monkeypatch.setattr(export, "read_graph", lambda path: make_graph())
    args = ["render", str(tmp_path), "-o", str(tmp_path / "p.html"), "--depth", "2"]
    assert main([*args, "--focus", "白关镇", "--types", "Place,Program"]) == 0
    assert {n["type"] for n in page_data(tmp_path / "p.html")["nodes"]} == {"Place", "Program"}
    assert main([*args, "--focus", "没有这个"]) == 2
    assert "没有这个" in capsys.readouterr().err
    assert main(["render", str(tmp_path / "none"), "-o", str(tmp_path / "p.html")]) == 2


def test_cli_through_real_turtle(tmp_path):
    rdf = pytest.importorskip("govkg.graph.rdf", reason="govkg.graph.rdf is not available yet")
    from govkg.graph.cli import main

    G = make_graph()
    rdf.write_turtle(G, tmp_path / "graph.ttl")
    assert main(["render", str(tmp_path), "-o", str(tmp_path / "p.html")]) == 0
    data = page_data(tmp_path / "p.html")
    assert len(data["nodes"]) == G.number_of_nodes()
    assert "芦淞区" in {n["label"] for n in data["nodes"]}


def test_max_nodes_keeps_the_most_mentioned_and_says_so(tmp_path):
    G = make_graph()
    ranked = sorted(G, key=lambda k: (-int(G.nodes[k].get("mentions", 0) or 0), k))
    out = page.write_html(G, tmp_path / "g.html", max_nodes=3)
    data = page_data(out)
    assert sorted(n["key"] for n in data["nodes"]) == sorted(ranked[:3])
    assert f"3 most mentioned of {len(G)} entities" in out.read_text(encoding="utf-8")
    # the focus entity stays even when it is among the least mentioned
    least = ranked[-1]
    out = page.write_html(G, tmp_path / "f.html", focus=G.nodes[least]["label"], depth=5, max_nodes=2)
    assert least in {n["key"] for n in page_data(out)["nodes"]}


def test_evidence_shows_its_article_date_when_known(tmp_path):
    G = make_graph()
    e = G.edges["place/430203100000", "program/巷口议事会", "implements"]
    e["evidence"] = [dict(e["evidence"][0], date="2024-03-05")]
    data = page_data(page.write_html(G, tmp_path / "g.html"))
    dated = [ev for edge in data["edges"] for ev in edge["evidence"] if "date" in ev]
    assert [ev["date"] for ev in dated] == ["2024-03-05"]
    assert "ev.date" in (Path(page.__file__).parent / "templates" / "page.js").read_text(encoding="utf-8")


def test_unlinked_entities_stay_with_their_article(tmp_path):
    """A reporter (no relation) is ``loose``: listed under the article, degree 0, not drawn."""
    G = make_graph()
    G.add_node("person/记者甲", type="Person", label="记者甲", aliases=[], code="", mentions=1,
               articles=[{"doc": "a.txt", "article": 0, "title": "双福村的新变化"}], evidence=[])
    data = page_data(page.write_html(G, tmp_path / "g.html"))
    i = next(k for k, n in enumerate(data["nodes"]) if n["label"] == "记者甲")
    assert data["nodes"][i]["degree"] == 0
    assert all(n["degree"] > 0 for k, n in enumerate(data["nodes"]) if k != i)
    assert [a["loose"] for a in data["articles"]] == [[i]]
    assert data["labels"] == page.TOP_LABELS


def test_articles_carry_date_and_only_web_links(tmp_path):
    G = make_graph()
    G.nodes["program/院坝三清"]["articles"] = [{"doc": "b.txt", "article": 2, "title": "院坝里的新事"}]
    G.nodes["place/430211000000"]["articles"] = [{"doc": "c.txt", "article": 0, "title": "坏链接"}]
    G.graph["articles"] = {("b.txt", 2): {"date": "2024-05-01", "url": "https://example.com/x", "source": "某报"},
                           ("c.txt", 0): {"date": "2023-01-02", "url": "javascript:alert(1)"}}
    e = G.edges["place/430211000000", "program/院坝三清", "implements"]
    e["evidence"] = [dict(e["evidence"][0], date="2024-05-01"), dict(e["evidence"][0])]
    data = page_data(page.write_html(G, tmp_path / "g.html"))
    arts = data["articles"]
    assert [(a["doc"], a["date"]) for a in arts] == [("c.txt", "2023-01-02"), ("b.txt", "2024-05-01"), ("a.txt", "")]
    assert arts[1] == {"doc": "b.txt", "title": "院坝里的新事", "date": "2024-05-01", "url": "https://example.com/x",
                       "source": "某报", "loose": []}
    assert arts[0]["url"] == ""                          # a script URL never becomes a link
    prog = next(n for n in data["nodes"] if n["label"] == "院坝三清")
    assert prog["articles"] == [1]
    edge = next(x for x in data["edges"] if x["predicate"] == "implements" and data["nodes"][x["to"]] is prog)
    assert edge["dates"] == ["", "2024-05-01"]           # "" = an undated article


def test_districts_offered_are_those_the_text_vouches_for(tmp_path):
    """A village the text names, coded under a township and county it never names (a homonym),
    does not bring that county into the district list; a named township does."""
    G = make_graph()

    def place(key, label, level, mentions):
        G.add_node(key, type="Place", label=label, aliases=[], level=level, code="", mentions=mentions,
                   articles=[], evidence=[])

    place("place/439901000000", "甲县", "county", 0)
    place("place/439901100000", "乙镇", "township", 0)
    place("place/439901100000/丙村", "丙村", "village", 2)
    place("place/439902000000", "丁县", "county", 0)
    place("place/439902100000", "戊镇", "township", 1)
    for child, parent in (("place/439901100000/丙村", "place/439901100000"),
                          ("place/439901100000", "place/439901000000"), ("place/439902100000", "place/439902000000")):
        G.add_edge(child, parent, key="partOf", predicate="partOf", evidence=[], source="gazetteer")
    assert page.attested(G, page.districts(G)) == {"place/430203000000", "place/430211000000", "place/439902000000"}
    data = page_data(page.write_html(G, tmp_path / "g.html"))
    assert [d["label"] for d in data["districts"]] == ["丁县", "天元区", "芦淞区"]
    village = next(n for n in data["nodes"] if n["label"] == "丙村")
    assert village["districts"] == []
