"""``govkg export``: a built graph as three tables, in one workbook or three CSV files that
Excel opens (issue 16, part 2).

The graph is built here (``govkg build``) from invented texts: a JSONL feed whose records
carry a date and a URL, and a page without either. The files are opened with pandas and
openpyxl and held against the graph read back from the same ``graph.ttl``.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from govkg.graph import load
from govkg.graph.cli import _parser, main
from govkg.graph.export import COLUMNS, SHEETS, relation_id

RECORDS = [
    {"title": "云杉镇推行“邻里议事厅”", "date": "2024-03-05", "url": "https://news.example.org/a/1",
     "content": "本报讯 近日，湘潭县云杉镇推行“邻里议事厅”，每月召集村民议事。"
                "云杉镇党委书记柯文雁说，今年将在全镇推广“邻里议事厅”。"},
    {"title": "白鹭村试行“积分银行”", "date": "2024-06-18", "url": "https://news.example.org/a/2",
     "content": "本报讯 云杉镇白鹭村试行“积分银行”，村民参与环境整治可得积分。"
                "湘潭县民政局与云杉镇共建“积分银行”。"},
]
PAGE = ("石榴社区开展“楼道微课堂”\n"
        "本报讯(记者 蒲子衡) 近日，湘潭县易俗河镇石榴社区开展“楼道微课堂”活动，社区党委书记邵明远介绍，活动已举办十期。\n")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the invented feed and page (one process: the test's own)."""
    root = tmp_path_factory.mktemp("export")
    src = root / "in"
    src.mkdir()
    (src / "feed.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS),
                                    encoding="utf-8")
    (src / "page.txt").write_text(PAGE, encoding="utf-8")
    assert main(["build", str(src), "-o", str(root / "out"), "--jobs", "1"]) == 0
    return root / "out"


def _counts(out: Path) -> dict[str, int]:
    """What the tables must hold: the graph's nodes, edges and evidence items (edges' and nodes')."""
    G = load(out).nx
    evidence = sum(len(a.get("evidence") or ()) for *_, a in G.edges(keys=True, data=True))
    evidence += sum(len(a.get("evidence") or ()) for _, a in G.nodes(data=True))
    return {"entities": G.number_of_nodes(), "relations": G.number_of_edges(), "evidence": evidence}


def _check(tabs: dict[str, pd.DataFrame], out: Path) -> None:
    """Row counts equal the graph's, columns as documented, dates and URLs filled from the feed only."""
    counts = _counts(out)
    assert all(counts.values())
    assert {name: len(t) for name, t in tabs.items()} == counts
    assert {name: tuple(t.columns) for name, t in tabs.items()} == COLUMNS
    ev = tabs["evidence"]
    feed, page = ev[ev["file"] == "feed.jsonl"], ev[ev["file"] == "page.txt"]
    assert len(feed) and len(page)
    assert set(feed["date"]) <= {r["date"] for r in RECORDS} and (feed["date"] != "").all()
    assert set(feed["url"]) <= {r["url"] for r in RECORDS} and (feed["url"] != "").all()
    assert (page["date"] == "").all() and (page["url"] == "").all()
    assert (ev["sentence"] != "").all()                   # entity mentions quote theirs too
    assert ((ev["relation"] != "") ^ (ev["entity"] != "")).all()
    G = load(out).nx
    assert set(tabs["relations"]["id"]) == {relation_id(u, p, v) for u, v, p in G.edges(keys=True)}
    assert set(ev["relation"]) - {""} <= set(tabs["relations"]["id"])
    assert set(ev["entity"]) - {""} <= set(tabs["entities"]["id"])
    ents = tabs["entities"].set_index("id")
    dated = ents[ents["first_date"] != ""]
    assert len(dated) and (dated["first_date"] <= dated["last_date"]).all()
    assert "2024-03-05" in set(dated["first_date"]) and "2024-06-18" in set(dated["last_date"])
    assert ents.loc["person/蒲子衡", "first_date"] == ""           # named only in the undated page
    counted = tabs["relations"]["count"].astype(int)
    assert counted.sum() == (ev["relation"] != "").sum()


def test_xlsx_has_three_sheets_with_the_graphs_counts(out: Path, tmp_path: Path, capsys) -> None:
    book = tmp_path / "x" / "graph.xlsx"
    assert main(["export", str(out), "-o", str(book)]) == 0            # --to xlsx by default
    assert "wrote" in capsys.readouterr().err
    wb = load_workbook(book, read_only=True)
    assert wb.sheetnames == list(SHEETS)
    assert [c.value for c in next(wb["entities"].iter_rows(max_row=1))] == list(COLUMNS["entities"])
    wb.close()
    tabs = pd.read_excel(book, sheet_name=None, dtype=str, keep_default_na=False)
    assert list(tabs) == list(SHEETS)
    _check(tabs, out)


def test_csv_files_carry_a_bom_and_the_graphs_counts(out: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    assert main(["export", str(out), "--to", "csv", "-o", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.csv" for n in SHEETS)   # no temp file left
    for name in SHEETS:
        head = (folder / f"{name}.csv").read_bytes()[:200]
        assert head.startswith(b"\xef\xbb\xbf" + ",".join(COLUMNS[name]).encode() + b"\r\n")
    tabs = {n: pd.read_csv(folder / f"{n}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
            for n in SHEETS}
    _check(tabs, out)


def test_two_exports_are_the_same(out: Path, tmp_path: Path) -> None:
    for i in (1, 2):
        assert main(["export", str(out), "--to", "csv", "-o", str(tmp_path / str(i))]) == 0
    for name in SHEETS:
        assert (tmp_path / "1" / f"{name}.csv").read_bytes() == (tmp_path / "2" / f"{name}.csv").read_bytes()


def test_wrong_paths_are_one_line_errors(out: Path, tmp_path: Path, capsys) -> None:
    a_file = tmp_path / "a.txt"
    a_file.write_text("正文", encoding="utf-8")
    corrupt = tmp_path / "bad.ttl"
    corrupt.write_text("@prefix gov: <https://govkg.example.org/ns#> .\n<a> gov:b \"c .\n", encoding="utf-8")
    for argv, says in ((["export", str(tmp_path / "nothing"), "-o", str(tmp_path / "g.xlsx")], "no graph at"),
                       (["export", str(tmp_path), "-o", str(tmp_path / "g.xlsx")], "no graph in"),
                       (["export", str(corrupt), "-o", str(tmp_path / "g.xlsx")], "bad.ttl:2: not valid Turtle"),
                       (["export", str(out), "-o", str(tmp_path)], "is a folder; -o wants a file name"),
                       (["export", str(out), "-o", str(tmp_path / "g.csv")], "give -o a name ending in .xlsx"),
                       (["export", str(out), "--to", "csv", "-o", str(a_file)], "is a file; -o wants a folder")):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("govkg export: ") and says in err and len(err.strip().splitlines()) == 1, (argv, err)
    assert a_file.read_text(encoding="utf-8") == "正文" and not (tmp_path / "g.xlsx").exists()


def test_help_shows_defaults_and_an_example() -> None:
    _, verbs = _parser()
    text = " ".join(verbs["export"].format_help().split())
    assert "(default: xlsx)" in text and "Example:" in text and "govkg export out --to csv -o" in text


def test_each_evidence_row_cites_its_own_article(out: Path, tmp_path: Path) -> None:
    """Each entity's evidence quotes a sentence that names it (the two records' spans at 7-10
    name different places)."""
    book = tmp_path / "graph.xlsx"
    assert main(["export", str(out), "-o", str(book)]) == 0
    tabs = pd.read_excel(book, sheet_name=None, dtype=str, keep_default_na=False)
    names = dict(zip(tabs["entities"]["id"], tabs["entities"]["name"]))
    ev = tabs["evidence"]
    mentions = ev[ev["entity"] != ""]
    assert [k for k, s in zip(mentions["entity"], mentions["sentence"]) if names[k] not in s] == []
