"""govkg.graph.query: saved queries answer on a graph the test builds, formats, parameters,
errors without tracebacks, persistent stores, the notebook DataFrame, and a smoke run on the seeds."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import SENTENCE, dated_extractions, fixture_extractions, seed_out
from govkg.graph import KnowledgeGraph, load
from govkg.graph import query as q
from govkg.graph import results
from govkg.graph.cli import main
from govkg.graph.merge import merge
from govkg.graph.rdf import to_rdf, write_turtle

ROOT = Path(__file__).resolve().parent.parent
@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixture-graph")
    write_turtle(merge(fixture_extractions(), gazetteer=False), out / "graph.ttl")
    return out


@pytest.fixture(scope="module")
def store(graph_dir: Path):
    return q.open_store(graph_dir)


def table(store, name: str, **params: str) -> list[dict]:
    cols, data = q.rows(store, name, params, labels=True)
    return [dict(zip(cols, r)) for r in data]


# ---------------------------------------------------------------- saved queries, real answers
def test_saved_queries_have_descriptions_and_cover_the_analyst_questions() -> None:
    saved = q.saved_queries()
    assert {"programs_by_district", "officials", "place_tree", "shared_programs", "evidence"} <= set(saved)
    for s in saved.values():
        assert s.description and not s.description.startswith("#")
    assert saved["place_tree"].params == {"place": ""}                # a parameter without a default


def test_programs_by_district(store) -> None:
    got = {(r["district"], r["program"]): r for r in table(store, "programs_by_district")}
    assert set(got) == {("岳麓区", "护林轮值制"), ("岳麓区", "邻里积分屋"), ("雨花区", "护林轮值制")}
    assert got[("岳麓区", "邻里积分屋")]["by"] == "桃源村"          # through a village two levels down
    assert got[("雨花区", "护林轮值制")]["by"] == "雨花区民政局"       # through a body located there
    assert got[("岳麓区", "护林轮值制")]["kind"] == "mechanism"


def test_shared_programs(store) -> None:
    got = table(store, "shared_programs")
    assert [(r["program"], r["districts"]) for r in got] == [("护林轮值制", 2)]
    assert set(got[0]["where"].split("、")) == {"岳麓区", "雨花区"}


def test_officials(store) -> None:
    assert table(store, "officials") == [
        {"person": "尹青禾", "organization": "雨花区民政局", "titles": "局长", "place": "雨花区"}]


def test_place_tree_with_a_parameter(store) -> None:
    got = {r["name"]: (r["parent"], r["depth"], r["level"]) for r in table(store, "place_tree", place="岳麓区")}
    assert got == {"莲花镇": ("岳麓区", 1, "township"), "桃源村": ("莲花镇", 2, "village")}
    assert [r["name"] for r in table(store, "place_tree", place="莲花镇")] == ["桃源村"]
    assert table(store, "place_tree", place="雨花区") == []


def test_evidence_for_one_entity(store) -> None:
    got = table(store, "evidence", entity="护林轮值制")
    facts = {(r["role"], r["predicate"], r["other"]) for r in got if r["role"] != "mention"}
    assert facts == {("object", "gov:implements", "岳麓区"), ("object", "gov:implements", "雨花区民政局")}
    cited = [r for r in got if r["other"] == "岳麓区"][0]
    assert (cited["sentence"], cited["doc"], cited["start"], cited["end"]) == (SENTENCE, "a.txt", 0, 3)
    assert sum(r["role"] == "mention" for r in got) == 3


def test_top_programs_and_counts(store) -> None:
    top = table(store, "top_programs")
    assert (top[0]["program"], top[0]["mentions"], top[0]["implementers"]) == ("护林轮值制", 3, 2)
    counts = {r["what"]: r["n"] for r in table(store, "counts")}
    assert counts["Person"] == 1 and counts["Program"] == 2 and counts["implements"] == 3


def test_adoption_gives_each_place_its_first_date_for_each_programme() -> None:
    s = q.store_of(to_rdf(merge(dated_extractions(), gazetteer=False)))
    got = [(r["name"], r["program"], r["first"], r["articles"]) for r in table(s, "adoption", place="岳麓区")]
    assert got == [("莲花镇", "护林轮值制", "2023-01-15", 1),
                   ("岳麓区", "护林轮值制", "2023-03-01", 2),      # the earlier of its two articles
                   ("桃源村", "邻里积分屋", None, 1)]              # undated: last, no date made up
    (row,) = table(s, "adoption", place="雨花区")                # through a body located there
    assert (row["name"], row["program"], row["first"], row["by"]) == ("雨花区", "邻里积分屋", "2022-12-01", "雨花区民政局")
    assert table(s, "adoption", place="莲花镇")[0]["first"] == "2023-01-15"
    with pytest.raises(q.QueryError, match=r"needs a value for \?place"):
        q.rows(s, "adoption")


# ---------------------------------------------------------------- parameters and errors
def test_parameters_unknown_missing_and_malformed(store) -> None:
    with pytest.raises(q.QueryError, match="takes no parameter"):
        q.rows(store, "place_tree", {"town": "莲花镇"})
    with pytest.raises(q.QueryError, match=r"needs a value for \?place"):
        q.rows(store, "place_tree")
    with pytest.raises(q.QueryError, match="no saved query"):
        q.rows(store, "no_such_query")
    with pytest.raises(q.QueryError, match="NAME=VALUE"):
        q.parse_params(["place"])
    iri = "<https://govkg.example.org/place/430104000000>"
    cols, data = q.rows(store, "SELECT ?x ?l WHERE { ?x skos:prefLabel ?l }", {"x": iri})
    assert data == [["place/430104000000", "岳麓区"]]


def test_malformed_query_reports_position(store) -> None:
    with pytest.raises(q.QueryError) as e:
        q.run(store, "SELECT ?x WHERE {\n  ?x ?y }")
    assert "malformed SPARQL" in str(e.value) and "2:" in str(e.value)


def test_cli_errors_exit_2_without_traceback(graph_dir: Path, capsys) -> None:
    assert main(["query", str(graph_dir), "SELECT WHERE"]) == 2
    err = capsys.readouterr().err
    assert "malformed SPARQL: error at 1:" in err and "Traceback" not in err
    assert main(["query", str(graph_dir / "missing"), "ASK {}"]) == 2
    assert "no graph at" in capsys.readouterr().err
    assert main(["query", str(graph_dir)]) == 2


def test_cli_list_needs_no_graph(capsys) -> None:
    assert main(["query", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(q.saved_queries())
    assert any(line.startswith("place_tree") and "--param place=…" in line for line in lines)


def test_cli_formats(graph_dir: Path, capsys) -> None:
    assert main(["query", str(graph_dir / "graph.ttl"), "--saved", "shared_programs", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["program"], r["districts"]) for r in rows] == [("护林轮值制", "2")]
    assert main(["query", str(graph_dir), "--saved", "place_tree", "--format", "json", "--param", "place=莲花镇"]) == 0
    js = json.loads(capsys.readouterr().out)
    assert js["head"]["vars"][:2] == ["place", "name"]
    assert [b["name"]["value"] for b in js["results"]["bindings"]] == ["桃源村"]
    assert main(["query", str(graph_dir), "--saved", "officials"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["person", "organization", "titles", "place"]
    assert out[2].split() == ["尹青禾", "雨花区民政局", "局长", "雨花区"] and out[-1] == "(1 row)"


def test_limited_csv_and_json_match_pyoxigraph(store) -> None:
    """Our own writers (used when a row limit applies) give what pyoxigraph's serialiser gives."""
    import pyoxigraph as ox

    text = "SELECT ?x ?l ?n WHERE { ?x skos:prefLabel ?l OPTIONAL { ?x gov:mentions ?n } } ORDER BY ?x ?l"
    for fmt, ox_fmt in (("csv", ox.QueryResultsFormat.CSV), ("json", ox.QueryResultsFormat.JSON)):
        ours = results.format_result(q.execute(store, text), fmt, limit=10_000)
        theirs = q.execute(store, text).serialize(format=ox_fmt).decode("utf-8")
        assert not ours.cut
        if fmt == "json":
            assert json.loads(ours.text) == json.loads(theirs)
        else:
            assert ours.text == theirs
    cut = results.format_result(q.execute(store, text), "csv", limit=2)
    assert cut.cut and cut.rows == 2 and len(cut.text.splitlines()) == 3


def test_table_aligns_cjk() -> None:
    text = results.table(["a", "b"], [["岳麓区", 1], ["x", None]])
    lines = text.splitlines()
    column = results.width(lines[2][:lines[2].index("1")])          # 岳麓区 is six columns wide, not three
    assert column == lines[0].index("b") == 8


# ---------------------------------------------------------------- persistent store
def test_persistent_store_is_built_once_and_opened_read_only(graph_dir: Path, tmp_path: Path) -> None:
    folder = q.load_store(graph_dir / "graph.ttl", tmp_path / "store")
    assert q.is_store(folder)
    s = q.open_store(folder)
    assert table(s, "shared_programs")[0]["program"] == "护林轮值制"
    with pytest.raises((OSError, RuntimeError), match="read-write"):
        s.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    n = len(s)
    del s
    q.load_store(graph_dir / "graph.ttl", folder)            # loading again replaces, not doubles
    assert len(q.open_store(folder)) == n


# ---------------------------------------------------------------- notebook API
def test_knowledge_graph_sparql_gives_a_dataframe(graph_dir: Path) -> None:
    kg = load(graph_dir)
    df = kg.sparql("place_tree", place="岳麓区")
    assert list(df.columns) == ["place", "name", "level", "parent", "depth", "code"]
    assert df.loc[df["name"] == "桃源村", "depth"].item() == 2
    df = kg.sparql("SELECT ?x ?c WHERE { ?x gov:divisionCode ?c ; a gov:County } ORDER BY ?c")
    assert df["x"].tolist() == ["岳麓区", "雨花区"]                 # entity IRIs shown by label
    kg2 = KnowledgeGraph(merge(fixture_extractions(), gazetteer=False), to_rdf(merge(fixture_extractions(), gazetteer=False)))
    assert kg2.sparql("counts").set_index("what").loc["Person", "n"] == 1


# ---------------------------------------------------------------- the seeds
def test_every_saved_query_runs_on_the_seeds() -> None:
    s = q.open_store(seed_out())
    (city, program), = q.rows(s, """SELECT ?c ?p WHERE {
        { SELECT ?c WHERE { ?x a gov:City ; skos:prefLabel ?c . ?y gov:partOf+ ?x } GROUP BY ?c ORDER BY DESC(COUNT(?y)) LIMIT 1 }
        { SELECT ?p WHERE { ?x a gov:Program ; skos:prefLabel ?p ; gov:mentions ?n } ORDER BY DESC(?n) LIMIT 1 } }""")[1]
    params = {"place": city, "entity": program}
    answers = {name: table(s, name, **{k: params[k] for k in sq.params}) for name, sq in q.saved_queries().items()}
    assert answers["programs_by_district"] and answers["top_programs"] and answers["counts"]
    assert answers["place_tree"] and all(r["depth"] >= 1 for r in answers["place_tree"])
    assert answers["evidence"]
