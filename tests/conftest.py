"""What several test modules share: small corpora and graphs written in the tests, and the seed
graph built once.

Plain functions (``corpus()``, ``fixture_extractions()``, ``make_graph()``, ``seed_out()``) for tests
that vary them or call them from a fixture of their own, imported as ``from conftest import …``;
fixtures (``G``, ``merge_corpus``, ``fake_lexicon``) for tests that take them as they are. Test
modules import nothing from each other.
"""
from __future__ import annotations

import functools
import tempfile
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
import pytest

from govkg.extractors.records import Article, Entity, Evidence, Extraction, Relation
from govkg.graph.merge import merge

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- a merge corpus (graph/merge, rdf, outputs)
TOWN, COUNTY, CITY, PROVINCE = "430104100000", "430104000000", "430100000000", "430000000000"


class FakeLexicon:
    """A four-level division list, enough to test the ancestors the builder adds."""

    rows = {TOWN: ("莲花镇", "township", COUNTY), COUNTY: ("岳麓区", "county", CITY),
            CITY: ("长沙市", "city", PROVINCE), PROVINCE: ("湖南省", "province", "")}

    def division(self, code: str):
        if code not in self.rows:
            return None
        name, level, parent = self.rows[code]
        return SimpleNamespace(code=code, name=name, level=level, parent=parent)


def ev(start: int, sentence: str = "", article: int = 0) -> tuple[Evidence, ...]:
    """One mention three characters long at ``start`` (its sentence made up when not given)."""
    return (Evidence(article, start, start + 3, sentence or f"句子{start}"),)


def art(doc: str, title: str) -> tuple[Article, ...]:
    return (Article(doc=doc, index=0, title=title, body="", offsets=()),)


def corpus() -> list[Extraction]:
    """Three small documents naming the same town, programme and party committee."""
    a = Extraction(
        "a.txt", art("a.txt", "莲花镇推行护林轮值制"),
        entities=(
            Entity("Place", "岳麓区", level="county", code=COUNTY, mentions=ev(0)),
            Entity("Place", "莲花镇", level="township", code=TOWN, parent="岳麓区", mentions=ev(3)),
            Entity("Place", "桃源村", level="village", parent="莲花镇", mentions=ev(6)),
            Entity("Organization", "莲花镇党委", kind="party", mentions=ev(9)),
            Entity("Person", "尹青禾", mentions=ev(20)),
            Entity("Program", "护林轮值制", kind="mechanism", mentions=ev(30) + ev(40)),
        ),
        relations=(
            Relation("桃源村", "partOf", "莲花镇", evidence=ev(6), s_type="Place", o_type="Place"),
            Relation("莲花镇", "partOf", "岳麓区", evidence=ev(3), s_type="Place", o_type="Place"),
            Relation("莲花镇党委", "locatedIn", "莲花镇", evidence=ev(9)),
            Relation("尹青禾", "holdsPost", "莲花镇党委", title="党委书记", evidence=ev(20)),
            Relation("莲花镇", "implements", "护林轮值制", evidence=ev(30)),
        ))
    b = Extraction(
        "b.txt", art("b.txt", "桃源村见闻"),
        entities=(
            Entity("Place", "莲花镇", level="township", code=TOWN, mentions=ev(1)),
            Entity("Place", "桃源村", level="village", mentions=ev(5)),
            Entity("Organization", "桃源村村委会", kind="committee", mentions=ev(11)),
            Entity("Person", "尹青禾", mentions=ev(15)),
            Entity("Program", "“护林轮值制”", kind="mechanism", aliases=("护林轮值制工作",), mentions=ev(25)),
        ),
        relations=(
            Relation("桃源村", "partOf", "莲花镇", evidence=ev(5)),
            Relation("桃源村村委会", "locatedIn", "桃源村", evidence=ev(11)),
            Relation("尹青禾", "holdsPost", "桃源村村委会", title="主任", evidence=ev(15)),
            Relation("桃源村", "implements", "“护林轮值制”"),        # no span: the document is the evidence
        ))
    c = Extraction(
        "c.txt", art("c.txt", "莲花镇党委开会"),
        entities=(
            Entity("Organization", "莲花镇党委", kind="party", mentions=ev(2)),
            Entity("Person", "李华", mentions=ev(8)),
            Entity("Program", "护林轮值制工作", mentions=ev(12)),
        ),
        relations=(
            Relation("李华", "holdsPost", "莲花镇党委", title="党委委员、副镇长", evidence=ev(8)),
            Relation("李华", "holdsPost", "莲花镇党委", title="副镇长", evidence=ev(9)),
        ))
    return [a, b, c]


@pytest.fixture
def G() -> nx.MultiDiGraph:
    """The merge corpus merged with the four-level division list."""
    return merge(corpus(), lex=FakeLexicon())


def dated(x: Extraction, date: str, url: str = "", source: str = "") -> Extraction:
    """``x`` with every article dated (and given a URL and a source)."""
    return replace(x, articles=tuple(replace(a, date=date, url=url, source=source) for a in x.articles))

@pytest.fixture
def merge_corpus() -> list[Extraction]:
    return corpus()


@pytest.fixture
def fake_lexicon() -> FakeLexicon:
    return FakeLexicon()


# ---------------------------------------------------------------- a query corpus (graph/query, serve, notebooks)
YUELU, LIANHUA, YUHUA = "430104000000", "430104100000", "430111000000"
SENTENCE = "岳麓区全面推行护林轮值制。"


def fixture_extractions() -> list[Extraction]:
    """Two districts: one runs 护林轮值制 itself and 邻里积分屋 through a village; in the other a
    bureau runs 护林轮值制 and its head holds a post."""
    a = Extraction(
        "a.txt", (Article(doc="a.txt", index=0, title="岳麓区推行护林轮值制", body="", offsets=()),),
        entities=(
            Entity("Place", "岳麓区", level="county", code=YUELU, mentions=ev(0, SENTENCE)),
            Entity("Place", "莲花镇", level="township", code=LIANHUA, parent="岳麓区", mentions=ev(10)),
            Entity("Place", "桃源村", level="village", parent="莲花镇", mentions=ev(20)),
            Entity("Program", "护林轮值制", kind="mechanism", mentions=ev(6, SENTENCE) + ev(40)),
            Entity("Program", "邻里积分屋", kind="project", mentions=ev(30)),
        ),
        relations=(
            Relation("莲花镇", "partOf", "岳麓区", evidence=ev(10)),
            Relation("桃源村", "partOf", "莲花镇", evidence=ev(20)),
            Relation("岳麓区", "implements", "护林轮值制", evidence=ev(0, SENTENCE)),
            Relation("桃源村", "implements", "邻里积分屋", evidence=ev(30)),
        ))
    b = Extraction(
        "b.txt", (Article(doc="b.txt", index=0, title="雨花区民政局", body="", offsets=()),),
        entities=(
            Entity("Place", "雨花区", level="county", code=YUHUA, mentions=ev(0)),
            Entity("Organization", "雨花区民政局", kind="government", mentions=ev(5)),
            Entity("Person", "尹青禾", mentions=ev(12)),
            Entity("Program", "护林轮值制", kind="mechanism", mentions=ev(20)),
        ),
        relations=(
            Relation("雨花区民政局", "locatedIn", "雨花区", evidence=ev(5)),
            Relation("尹青禾", "holdsPost", "雨花区民政局", title="局长", evidence=ev(12)),
            Relation("雨花区民政局", "implements", "护林轮值制", evidence=ev(20)),
        ))
    return [a, b]


def dated_extractions() -> list[Extraction]:
    """Four articles: a district runs 护林轮值制 (twice, the later article first in order), a
    town inside it ran it before, an undated village runs 邻里积分屋, and in another district a
    bureau runs 邻里积分屋."""
    def doc(name: str, date: str, ents: tuple[Entity, ...], rels: tuple[Relation, ...]) -> Extraction:
        arts = (Article(doc=name, index=0, title=f"{name}的标题", body="", offsets=(), date=date),)
        return Extraction(name, arts, entities=ents, relations=rels)

    district = Entity("Place", "岳麓区", level="county", code=YUELU, mentions=ev(0))
    town = Entity("Place", "莲花镇", level="township", code=LIANHUA, parent="岳麓区", mentions=ev(4))
    rota, points = Entity("Program", "护林轮值制", mentions=ev(8)), Entity("Program", "邻里积分屋", mentions=ev(12))
    return [
        doc("late.txt", "2023-06-30", (district, rota), (Relation("岳麓区", "implements", "护林轮值制", evidence=ev(0)),)),
        doc("mid.txt", "2023-03-01", (district, rota), (Relation("岳麓区", "implements", "护林轮值制", evidence=ev(0)),)),
        doc("early.txt", "2023-01-15", (district, town, rota),
            (Relation("莲花镇", "partOf", "岳麓区", evidence=ev(4)), Relation("莲花镇", "implements", "护林轮值制", evidence=ev(4)))),
        doc("undated.txt", "", (town, Entity("Place", "桃源村", level="village", parent="莲花镇", mentions=ev(2)), points),
            (Relation("桃源村", "partOf", "莲花镇", evidence=ev(2)), Relation("桃源村", "implements", "邻里积分屋", evidence=ev(2)))),
        doc("other.txt", "2022-12-01", (Entity("Place", "雨花区", level="county", code=YUHUA, mentions=ev(0)),
                                        Entity("Organization", "雨花区民政局", kind="government", mentions=ev(5)), points),
            (Relation("雨花区民政局", "locatedIn", "雨花区", evidence=ev(5)),
             Relation("雨花区民政局", "implements", "邻里积分屋", evidence=ev(9)))),
    ]


@functools.lru_cache(maxsize=1)
def seed_out() -> Path:
    """The seed graph built once per test process (a function, so that a module-scoped fixture
    or a notebook test can call it)."""
    from govkg.graph import build
    from govkg.graph.rdf import write_turtle

    out = Path(tempfile.mkdtemp(prefix="govkg-seeds-"))
    write_turtle(build([ROOT / "seeds"], jobs=2).rdf, out / "graph.ttl")
    return out


# ---------------------------------------------------------------- a merged graph drawn by hand (graph/html)
HOSTILE_LABEL = '<img src=x onerror=alert(1)>村'
HOSTILE_SENTENCE = '他说</script><script>alert(2)</script>&amp;结束'


def _page_ev(sentence: str, title: str = "双福村的新变化", doc: str = "a.txt") -> dict:
    return {"doc": doc, "article": 0, "title": title, "start": 0, "end": len(sentence),
            "sentence": sentence}


def make_graph(hostile: bool = False) -> nx.MultiDiGraph:
    """A small merged graph in the shape of govkg.graph.merge's: two districts of one city."""
    G = nx.MultiDiGraph()

    def node(key, type_, label, mentions=1, aliases=(), **extra):
        G.add_node(key, type=type_, label=label, aliases=list(aliases), code=extra.pop("code", ""),
                   mentions=mentions, articles=[{"doc": "a.txt", "article": 0, "title": "双福村的新变化"}],
                   evidence=[_page_ev(f"{label}出现在这里。")], **extra)

    def edge(u, v, p, sentence, **extra):
        G.add_edge(u, v, key=p, predicate=p, evidence=[_page_ev(sentence)], **extra)

    node("place/430200000000", "Place", "株洲市", 5, ["株洲"], level="city", code="430200000000")
    node("place/430203000000", "Place", "芦淞区", 4, ["芦淞"], level="county", code="430203000000")
    node("place/430211000000", "Place", "天元区", 2, level="county", code="430211000000")
    node("place/430203100000", "Place", "白关镇", 3, level="township", code="430203100000")
    node("place/430203100000/双福村", "Place", "双福村", 2, level="village")
    node("org/430203000000/芦淞区助残协会", "Organization", "芦淞区助残协会", 1, ["区助残协会"], kind="association")
    node("person/org/430203000000/芦淞区助残协会/张三", "Person", "张三", 1)
    node("program/巷口议事会", "Program", "巷口议事会", 3, kind="mechanism")
    node("program/院坝三清", "Program", "院坝三清", 1, kind="project")
    edge("place/430203000000", "place/430200000000", "partOf", "芦淞区是株洲市的一个区。")
    edge("place/430211000000", "place/430200000000", "partOf", "天元区隶属株洲市。")
    edge("place/430203100000", "place/430203000000", "partOf", "芦淞区白关镇双福村是个好地方。")
    edge("place/430203100000/双福村", "place/430203100000", "partOf", "芦淞区白关镇双福村是个好地方。")
    edge("org/430203000000/芦淞区助残协会", "place/430203000000", "locatedIn", "区助残协会为芦淞区残疾人服务。")
    edge("person/org/430203000000/芦淞区助残协会/张三", "org/430203000000/芦淞区助残协会", "holdsPost",
         "芦淞区助残协会理事长张三介绍。", title="理事长")
    edge("place/430203100000", "program/巷口议事会", "implements", "白关镇全面推行巷口议事会。")
    edge("place/430211000000", "program/院坝三清", "implements", "天元区开展院坝三清建设。")
    if hostile:
        node("place/430203100000/x", "Place", HOSTILE_LABEL, 1, ['<b>别名</b>'], level="village")
        edge("place/430203100000/x", "place/430203100000", "partOf", HOSTILE_SENTENCE)
    return G


@pytest.fixture(scope="session")
def lex():
    """The shipped lexicon, loaded once for the whole test run."""
    from govkg.extractors.lexicon import load
    return load()


def find_places(text: str, lex) -> tuple[Article, list, dict]:
    """(article, place mentions, mentions by name) of one invented sentence."""
    from govkg.extractors import places
    art = Article(doc="t.txt", index=0, title="", body=text, offsets=tuple(range(len(text))),
                  start=0, end=len(text))
    ms = places.find(art, lex)
    return art, ms, {m.name: m for m in ms}
