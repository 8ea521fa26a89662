"""``govkg build --corrections FILE``: an analyst's corrections applied to every build (issue 16,
"Corrections that last").

The documents are invented (the places are real, so that the gazetteer codes them): two
spellings of one programme, a village name used under two towns, a community the gazetteer
places in another city, a village no town is named for. They are extracted once into a shared
cache; each test builds with its own corrections file, so it also checks that a build whose
documents all come from the cache applies a changed file again.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import networkx as nx
import pytest

from govkg.graph import load
from govkg.graph.cli import _parser, main
from govkg.graph.corrections import (ACTIONS, Corrections, CorrectionsError, apply_corrections,
                                     parse_corrections)
from govkg.graph.export import relation_id, tables

TEXTS = {
    "a.txt": "本报讯 近日，岳麓区望月湖街道全面推行“楼栋议事会”，街道党工委书记甘小禾介绍做法。"
             "望月湖街道青枫村开展“睦邻茶话角”活动。\n",
    "b.txt": "本报讯 雨花区圭塘街道实施“楼栋议事厅”机制，圭塘街道办事处主任柏青山参加。"
             "圭塘街道与雨花区民政局共建“睦邻茶话角”。圭塘街道青枫村推行“楼栋议事厅”。\n",
    "c.txt": "本报讯 天心区坡子街街道推行“楼栋议事会”，坡子街街道党工委副书记骆云舟主持。"
             "坡子街街道石榴湾社区开展“睦邻茶话角”活动。天心区坡子街街道实施“楼栋议事厅”机制。\n",
    "d.txt": "本报讯 红枫村开展“睦邻茶话角”活动，村民踊跃参加。\n",
}
HEADER = "action,entity,target,value,note"
# One row of each kind, none depending on another's effect.
ONE_OF_EACH = [
    "merge,Program:楼栋议事厅,program/楼栋议事会,,two spellings of one programme",
    "code,place/430104001000/青枫村,,430104001001,",
    "parent,Place:红枫村,Place:圭塘街道,,",
    "rename,Organization:圭塘街道办事处,,雨花区圭塘街道办事处,",
    "alias,Place:望月湖街道,,望月湖,",
    "drop_relation,Place:圭塘街道,org/430111000000/雨花区民政局,partners,",
    "drop,Person:骆云舟,,,",
]
HOLLOW = "place/430103002000"          # 坡子街街道: implements both spellings
MERGED, GONE = "program/楼栋议事会", "program/楼栋议事厅"


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def plain(docs: Path, cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The graph built without corrections (and the cache filled)."""
    out = tmp_path_factory.mktemp("plain")
    assert main(["build", str(docs), "-o", str(out), "--jobs", "1", "--cache", str(cache)]) == 0
    return out


def build(docs: Path, cache: Path, folder: Path, rows: list[str], name: str = "fixes.csv") -> tuple[int, Path, Path]:
    """(exit status, OUT, corrections file) of a build of ``docs`` with ``rows`` under a header."""
    fixes, out = folder / name, folder / "out"
    fixes.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    code = main(["build", str(docs), "-o", str(out), "--jobs", "1", "--cache", str(cache),
                 "--corrections", str(fixes)])
    return code, out, fixes


@pytest.fixture(scope="module")
def corrected(docs: Path, cache: Path, plain: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(OUT, corrections file) of the build with one correction of each kind."""
    code, out, fixes = build(docs, cache, tmp_path_factory.mktemp("corrected"), ONE_OF_EACH)
    assert code == 0
    return out, fixes


def edge_evidence(G: nx.MultiDiGraph, u: str, v: str, p: str) -> list[str]:
    return [e["sentence"] for e in G.edges[u, v, p]["evidence"]]


# ---------------------------------------------------------------- what the graph was
def test_the_uncorrected_graph_has_what_the_corrections_fix(plain: Path):
    G = load(plain).nx
    assert {MERGED, GONE} <= set(G) and G.has_edge(HOLLOW, GONE, "implements")
    assert {"place/430104001000/青枫村", "place/430111003000/青枫村", "place/红枫村"} <= set(G)
    assert not G.has_edge("place/红枫村", "place/430111003000", "partOf")
    assert G.has_edge("place/430111003000", "org/430111000000/雨花区民政局", "partners")
    assert "person/place/430103002000/骆云舟" in G and "corrections" not in G.graph


# ---------------------------------------------------------------- one of each kind, as written
def test_each_kind_of_correction_shows_in_the_turtle_graphml_and_tables(corrected: tuple[Path, Path], plain: Path):
    out, _ = corrected
    before, G = load(plain).nx, load(out).nx
    # merge: one node, the old name an alias, parallel relations joined with all their evidence
    assert GONE not in G and G.nodes[MERGED]["aliases"] == ["楼栋议事厅"]
    assert sorted(edge_evidence(G, HOLLOW, MERGED, "implements")) == sorted(
        edge_evidence(before, HOLLOW, MERGED, "implements") + edge_evidence(before, HOLLOW, GONE, "implements"))
    assert G.has_edge("place/430111003000", MERGED, "implements")
    assert G.nodes[MERGED]["mentions"] == before.nodes[MERGED]["mentions"] + before.nodes[GONE]["mentions"]
    # code: the key the code gives, the relations moved with it
    assert "place/430104001000/青枫村" not in G
    village = G.nodes["place/430104001001"]
    assert (village["label"], village["code"]) == ("青枫村", "430104001001")
    assert G.has_edge("place/430104001001", "place/430104001000", "partOf")
    assert G.has_edge("place/430104001001", "program/睦邻茶话角", "implements")
    # parent: a partOf the text never stated, derived from the corrections file
    assert G.edges["place/红枫村", "place/430111003000", "partOf"]["source"] == "correction"
    # rename and alias
    office = G.nodes["org/430111003000/圭塘街道办事处"]
    assert (office["label"], office["aliases"]) == ("雨花区圭塘街道办事处", ["圭塘街道办事处"])
    assert "望月湖" in G.nodes["place/430104001000"]["aliases"]
    # drop_relation and drop
    assert not G.has_edge("place/430111003000", "org/430111000000/雨花区民政局", "partners")
    assert "person/place/430103002000/骆云舟" not in G
    assert not any("骆云舟" in a["label"] for _, a in G.nodes(data=True))

    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "<https://govkg.example.org/program/楼栋议事厅>" not in ttl and '"楼栋议事厅"@zh' in ttl
    assert '"雨花区圭塘街道办事处"@zh' in ttl and "person/place/430103002000/骆云舟>" not in ttl

    gml = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert GONE not in gml and "place/430104001001" in gml and "person/place/430103002000/骆云舟" not in gml
    assert gml.nodes["org/430111003000/圭塘街道办事处"]["label"] == "雨花区圭塘街道办事处"

    tabs = tables(G)
    ents = tabs["entities"].set_index("id")
    assert ents.loc["place/430104001001", "code"] == "430104001001"
    assert ents.loc[MERGED, "aliases"] == "楼栋议事厅" and GONE not in ents.index
    rels = tabs["relations"].set_index("id")
    assert rels.loc[relation_id(HOLLOW, "implements", MERGED), "count"] == 2
    assert rels.loc[relation_id("place/红枫村", "partOf", "place/430111003000"), "source"] == "correction"
    assert relation_id("place/430111003000", "partners", "org/430111000000/雨花区民政局") not in rels.index


def test_the_corrections_file_is_recorded_by_its_sha256_and_the_graph_conforms(corrected: tuple[Path, Path]):
    out, fixes = corrected
    sha = hashlib.sha256(fixes.read_bytes()).hexdigest()
    kg = load(out)
    assert kg.nx.graph["corrections"] == {"sha256": sha}
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert f'gov:sha256 "{sha}"' in ttl and f"<https://govkg.example.org/corrections/{sha}>" in ttl
    assert str(fixes.parent) not in ttl and "fixes.csv" not in ttl             # no path, no time
    answer = kg.sparql(f"""SELECT ?s WHERE {{ ?f a gov:Fact ; rdf:subject ?s ;
                           prov:wasDerivedFrom <https://govkg.example.org/corrections/{sha}> }}""")
    assert len(answer) == 1
    assert kg.validate()[0]
    assert main(["validate", str(out)]) == 0


def test_a_changed_file_is_applied_again_when_every_document_comes_from_the_cache(
        docs: Path, cache: Path, plain: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = tmp_path / "run"
    folder.mkdir()
    assert build(docs, cache, folder, ONE_OF_EACH[:1])[0] == 0
    first = (folder / "out" / "graph.ttl").read_bytes()
    capsys.readouterr()
    code, out, fixes = build(docs, cache, folder, ONE_OF_EACH[1:2])
    printed = capsys.readouterr().out
    assert code == 0 and "0 extracted, 4 from cache" in printed and "1 correction(s) applied, 0 left out" in printed
    G = load(out).nx
    assert GONE in G and "place/430104001001" in G                      # the merge undone, the code applied
    assert G.graph["corrections"]["sha256"] == hashlib.sha256(fixes.read_bytes()).hexdigest()
    assert (out / "graph.ttl").read_bytes() != first


# ---------------------------------------------------------------- order
def test_the_order_of_the_rows_does_not_change_the_graph(docs: Path, cache: Path, tmp_path: Path):
    rows = ONE_OF_EACH + ["merge,place/431003003004,Place:坡子街街道,,", "alias,program/楼栋议事厅,,议事厅,"]
    files = {}
    for name, order in (("forward", rows), ("backward", rows[::-1]), ("shuffled", rows[1::2] + rows[::2])):
        (tmp_path / name).mkdir()
        code, out, fixes = build(docs, cache, tmp_path / name, order)
        assert code == 0
        files[name] = {f: (out / f).read_bytes() for f in ("graph.graphml", "graph.html")}
        sha = hashlib.sha256(fixes.read_bytes()).hexdigest()          # the files differ, so do their hashes
        files[name]["graph.ttl"] = (out / "graph.ttl").read_bytes().replace(sha.encode(), b"SHA")
    assert files["forward"] == files["backward"] == files["shuffled"]
    G = load(tmp_path / "forward" / "out").nx
    assert "议事厅" in G.nodes[MERGED]["aliases"]                       # an alias of the merged name follows it
    assert "place/431003003004" not in G and "石榴湾社区" in G.nodes[HOLLOW]["aliases"]


def test_the_actions_are_applied_in_the_documented_order():
    assert ACTIONS == ("merge", "code", "parent", "rename", "alias", "drop_relation", "drop")


# ---------------------------------------------------------------- rows that cannot apply
def test_stale_and_ambiguous_rows_are_reported_by_line_and_the_rest_applied(
        docs: Path, cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    rows = ["alias,Place:望月湖街道,,望月湖,",
            "drop,Place:青枫村,,,",                                         # two villages of that name
            "rename,Place:不存在镇,,新名,",                                  # no such place
            "merge,program/没有这个,program/楼栋议事会,,",                   # no such key
            "drop_relation,Place:红枫村,Place:圭塘街道,partOf,",            # no such relation
            "rename,Person:甘小禾,,甘晓禾,", "rename,Person:甘小禾,,甘小河,",  # two names for one entity
            "code,Place:红枫村,,43010,"]                                      # not a division code
    code, out, fixes = build(docs, cache, tmp_path, rows)
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    reported = [line for line in err if line.startswith(f"{fixes}:")]
    assert [line.split(":")[1] for line in reported] == ["3", "4", "5", "6", "7", "8", "9"]
    assert "ambiguous: Place:青枫村 names 2 entities (place/430104001000/青枫村, place/430111003000/青枫村)" in reported[0]
    assert "stale: no Place named 不存在镇" in reported[1] and "stale: no entity program/没有这个" in reported[2]
    assert "stale: no partOf from place/红枫村 to place/430111003000" in reported[3]
    assert "contradicts line 8" in reported[4] and "contradicts line 7" in reported[5]
    assert "not a 12-digit division code" in reported[6]
    G = load(out).nx                                                   # written, with the row that applies
    assert "望月湖" in G.nodes["place/430104001000"]["aliases"]
    assert {"place/430104001000/青枫村", "place/430111003000/青枫村"} <= set(G)
    assert G.nodes["person/place/430104001000/甘小禾"]["label"] == "甘小禾"


def test_a_file_that_is_not_corrections_stops_the_build_before_it_starts(
        docs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    bad = tmp_path / "bad.csv"
    bad.write_text("entity,what\nPlace:红枫村,drop\n", encoding="utf-8")
    assert main(["build", str(docs), "-o", str(tmp_path / "out"), "--corrections", str(bad)]) == 2
    assert "the header must name the columns action,entity,target,value" in capsys.readouterr().err
    assert main(["build", str(docs), "-o", str(tmp_path / "out"), "--corrections", str(tmp_path / "none.csv")]) == 2
    assert "none.csv" in capsys.readouterr().err and not (tmp_path / "out").exists()


# ---------------------------------------------------------------- the file format
def test_comments_blank_rows_quoted_cells_bom_and_gb18030_are_read():
    text = f"\ufeff{HEADER}\n# merge,a,b,,\n\n\"rename\",\"Place:红枫村\",,\"红枫村, 新\",\"note\nover two lines\"\n" \
           "Drop-Relation,Place:圭塘街道,Place:雨花区,,\n"
    for data in (text.encode("utf-8"), text.lstrip("\ufeff").encode("gb18030")):
        c = parse_corrections(data, "f.csv")
        assert [(e.line, e.action, e.value) for e in c.entries] == [(4, "rename", "红枫村, 新"), (6, "drop_relation", "")]
        assert c.problems == () and c.sha256 == hashlib.sha256(data).hexdigest()
    with pytest.raises(CorrectionsError):
        parse_corrections(b"\n# nothing\n", "empty.csv")


def test_code_joins_the_place_that_already_has_that_code(G: nx.MultiDiGraph):
    fixes = parse_corrections(f"{HEADER}\ncode,Place:桃源村,,430104100000,\n".encode(), "f.csv")
    village, town = "place/430104100000/桃源村", "place/430104100000"
    ev = len(G.nodes[village]["evidence"]) + len(G.nodes[town]["evidence"])
    assert apply_corrections(G, fixes) == []
    assert village not in G and "桃源村" in G.nodes[town]["aliases"] and len(G.nodes[town]["evidence"]) == ev
    assert not G.has_edge(town, town, "partOf")                        # its partOf the town became no loop


def test_merge_across_types_and_a_place_parent_of_an_organisation_are_refused(G: nx.MultiDiGraph):
    fixes = parse_corrections(f"{HEADER}\nmerge,Place:莲花镇,Organization:莲花镇党委,,\n"
                              "parent,Organization:莲花镇党委,Place:莲花镇,,\n".encode(), "f.csv")
    nodes = set(G)
    assert [p.why.split(":")[0] for p in apply_corrections(G, fixes)] == ["merge", "parent"]
    assert set(G) == nodes and G.graph["corrections"] == {"sha256": fixes.sha256}


def test_build_help_explains_the_file_with_an_example():
    text = _parser()[1]["build"].format_help()
    assert "--corrections FILE" in text and "action,entity,target,value" in text
    assert all(f"\n  {a} " in text for a in ACTIONS)
    assert all(f"\n  {row}\n" in text + "\n" for row in ONE_OF_EACH)       # the example is the one tested here
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert all(f"\n{row}\n" in readme for row in ONE_OF_EACH)


def test_an_empty_corrections_file_changes_nothing_but_the_provenance(G: nx.MultiDiGraph):
    nodes, edges = dict(G.nodes(data=True)), list(G.edges(keys=True, data=True))
    assert apply_corrections(G, Corrections("f.csv", "0" * 64, ())) == []
    assert dict(G.nodes(data=True)) == nodes and list(G.edges(keys=True, data=True)) == edges
    assert G.graph["corrections"] == {"sha256": "0" * 64}


def test_a_corrected_graph_reads_back_from_its_turtle_as_it_was_written(G: nx.MultiDiGraph, tmp_path: Path):
    from govkg.graph.rdf import read_turtle, write_turtle

    fixes = parse_corrections(f"{HEADER}\nparent,Place:桃源村,Place:岳麓区,,\nrename,Person:李华,,李华明,\n"
                              "merge,Organization:桃源村村委会,Organization:莲花镇党委,,\n".encode(), "f.csv")
    assert apply_corrections(G, fixes) == []
    write_turtle(G, tmp_path / "graph.ttl")
    H = read_turtle(tmp_path / "graph.ttl")
    assert H.graph["corrections"] == G.graph["corrections"] == {"sha256": fixes.sha256}
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    assert H.edges["place/430104100000/桃源村", "place/430104000000", "partOf"]["source"] == "correction"
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert H.nodes["org/430104100000/莲花镇党委"]["aliases"] == ["桃源村村委会"]
