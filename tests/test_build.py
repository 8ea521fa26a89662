"""govkg build: nothing lost while reading, OUT never read back, the previous graph kept whole
until a new one is complete, byte-identical outputs, and the progress report."""
from __future__ import annotations

import argparse
import io
import os
from pathlib import Path

import pytest

from govkg.graph import builder, outputs
from govkg.graph import progress as progress_mod
from govkg.graph.builder import EXTRACTIONS, cli, extraction_paths
from govkg.graph.cli import main
from govkg.graph.inputs import doc_names, find_inputs, output_kind

# Invented items; the places are real, so that the gazetteer places them.
TEXTS = {
    "a.txt": "本报讯 岳麓区望月湖街道全面推行“院落三美”工作，街道党工委书记甘小禾介绍做法。\n",
    "b.txt": "本报讯 雨花区圭塘街道开展“邻里积分屋”活动，街道办事处主任柏青山参加。\n",
    "c.txt": "本报讯 天心区坡子街街道实施“巷口议事会”机制，街道党工委副书记骆云舟主持。\n",
}
BINARY = b"\x00\x01\x02\xff\xfe" * 50
OUTPUTS = ("graph.ttl", "graph.graphml", "graph.html")


def corpus(folder: Path, names: tuple[str, ...] = tuple(TEXTS)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(TEXTS[name], encoding="utf-8")
    return folder


def build(*paths: Path | str, out: Path, jobs: int = 1, cache: Path | None = None) -> int:
    return cli(argparse.Namespace(paths=[str(p) for p in paths], out=str(out), jobs=jobs, store=None,
                                  cache=str(cache) if cache else None))


def snapshot(folder: Path, skip: str = "\0") -> dict[str, bytes | None]:
    """Every file and folder below ``folder`` (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*")) if not str(p.relative_to(folder)).startswith(skip)}


def results(out: Path) -> dict[str, bytes]:
    """What a build produces: the three graph files and every extraction, by relative path."""
    return {name: data for name, data in snapshot(out, ".cache").items() if data is not None}


# ---------------------------------------------------------------- nothing lost while reading
def test_a_missing_path_is_reported_and_the_rest_is_built(tmp_path, capsys):
    docs = corpus(tmp_path / "docs", ("a.txt",))
    assert build(docs, tmp_path / "nope.txt", out=tmp_path / "out") == 1
    cap = capsys.readouterr()
    assert f"SKIP {tmp_path / 'nope.txt'}: no such file or folder" in cap.err
    assert "1 document(s), 1 skipped" in cap.out
    assert "望月湖街道" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_extract_reports_a_missing_path_too(tmp_path, capsys):
    docs = corpus(tmp_path / "docs", ("a.txt",))
    assert main(["extract", str(docs), str(tmp_path / "nope"), "-o", str(tmp_path / "x")]) == 1
    assert f"SKIP {tmp_path / 'nope'}" in capsys.readouterr().err
    assert (tmp_path / "x" / "a.json").is_file()


@pytest.mark.parametrize("what", ["empty folder", "only unreadable files", "only missing paths"])
def test_a_build_that_reads_no_document_fails_and_leaves_out_as_it_was(tmp_path, capsys, what):
    out = tmp_path / "out"
    assert build(corpus(tmp_path / "docs"), out=out) == 0
    before = snapshot(out)
    bad = tmp_path / "bad"
    bad.mkdir()
    if what == "only unreadable files":
        (bad / "x.txt").write_bytes(BINARY)
    elif what == "only missing paths":
        bad = bad / "gone"
    capsys.readouterr()
    code = build(bad, out=out)
    err = capsys.readouterr().err
    assert code == (2 if what == "empty folder" else 1)
    assert f"{out} left as it was" in err
    assert snapshot(out) == before
    assert build(bad, out=tmp_path / "new") != 0 and not (tmp_path / "new").exists()


def test_out_and_cache_inside_the_input_folder_are_not_read(tmp_path, capsys):
    docs = corpus(tmp_path / "docs")
    out, cache = docs / "out", docs / "cachefolder"          # the cache not hidden either
    assert build(docs, out=out, cache=cache) == 0
    first = capsys.readouterr()
    assert "3 document(s), 0 skipped" in first.out
    assert build(docs, out=out, cache=cache) == 0
    again = capsys.readouterr()
    assert "3 document(s), 0 skipped" in again.out and "SKIP" not in again.err
    assert f"not reading {out}{os.sep}" in again.err and f"not reading {cache}{os.sep}" in again.err
    assert sorted(p.name for p in (out / "extractions").iterdir()) == ["a.json", "b.json", "c.json"]


def test_other_govkg_outputs_in_an_input_folder_are_not_read(tmp_path, capsys):
    docs = corpus(tmp_path / "docs")
    assert build(docs, out=docs / "old", cache=docs / "oldcache") == 0
    assert output_kind(docs / "old") and output_kind(docs / "oldcache") == "an extraction cache"
    capsys.readouterr()
    assert build(docs, out=tmp_path / "new") == 0
    cap = capsys.readouterr()
    assert "3 document(s), 0 skipped" in cap.out and "3 extracted, 0 from cache" in cap.out
    assert "a govkg build's output" in cap.err and "an extraction cache" in cap.err
    assert results(docs / "old") == results(tmp_path / "new")
    assert build(docs / "old", out=tmp_path / "third") == 1          # named: refused and said why
    assert "SKIP" in capsys.readouterr().err and not (tmp_path / "third").exists()


def test_a_file_named_twice_is_read_once(tmp_path, capsys):
    docs = corpus(tmp_path / "docs", ("a.txt",))
    found = find_inputs([docs, docs / "a.txt", str(docs) + "/../docs/a.txt"])
    assert found.files == (docs / "a.txt",)


def test_files_of_the_same_name_in_two_folders_are_two_documents(tmp_path, capsys):
    docs = tmp_path / "docs"
    (docs / "d1").mkdir(parents=True)
    (docs / "d2").mkdir()
    (docs / "d1" / "x.txt").write_text(TEXTS["a.txt"], encoding="utf-8")
    (docs / "d2" / "x.txt").write_text(TEXTS["b.txt"], encoding="utf-8")
    assert doc_names([docs / "d1" / "x.txt", docs / "d2" / "x.txt", docs / "y.txt"]) == ["d1/x.txt", "d2/x.txt", "y.txt"]
    assert build(docs, out=tmp_path / "out") == 0
    assert "2 document(s)" in capsys.readouterr().out
    ext = tmp_path / "out" / "extractions"
    assert sorted(str(p.relative_to(ext)) for p in ext.rglob("*.json")) == ["d1/x.json", "d2/x.json"]
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "望月湖街道" in ttl and "圭塘街道" in ttl and "doc/d1%2Fx.txt" in ttl and "doc/d2%2Fx.txt" in ttl


def test_extraction_files_of_documents_that_share_a_stem_keep_apart():
    assert extraction_paths(["a.txt", "a.html", "b.txt"]) == {"a.txt": "a.txt.json", "a.html": "a.html.json",
                                                              "b.txt": "b.json"}


def test_an_unreadable_feed_record_is_reported_and_the_others_kept(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    body = TEXTS["b.txt"].strip()
    (docs / "feed.jsonl").write_text(f'{{"title": "圭塘新事", "content": "{body}"}}\nnot json\n', encoding="utf-8")
    assert build(docs, out=tmp_path / "out") == 1
    cap = capsys.readouterr()
    assert "SKIP feed.jsonl:2:" in cap.err and "1 document(s), 1 skipped" in cap.out
    assert "圭塘街道" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the previous graph kept whole
@pytest.mark.parametrize("when", ["extracting", "writing"])
def test_an_interrupted_build_leaves_the_previous_graph_whole(tmp_path, monkeypatch, when):
    docs, out = corpus(tmp_path / "docs", ("a.txt", "b.txt")), tmp_path / "out"
    assert build(docs, out=out) == 0
    before = results(out)
    (docs / "a.txt").write_text(TEXTS["c.txt"], encoding="utf-8")      # the next graph differs
    if when == "writing":
        def half_written(G, folder, jobs=1):
            (folder / "graph.ttl").write_text("@prefix gov: <", encoding="utf-8")
            raise KeyboardInterrupt
        monkeypatch.setattr(outputs, "write_outputs", half_written)
    else:
        extract_json = builder.extraction.extract_json

        def stop(*a, **k):                                         # after the first document
            yield next(extract_json(*a, **k))
            raise KeyboardInterrupt
        monkeypatch.setattr(builder.extraction, "extract_json", stop)
    with pytest.raises(KeyboardInterrupt):
        build(docs, out=out)
    assert results(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".build-")]


def test_extractions_of_documents_no_longer_given_do_not_linger(tmp_path, capsys):
    docs, out = corpus(tmp_path / "docs"), tmp_path / "out"
    assert build(docs, out=out) == 0
    (docs / "b.txt").unlink()
    assert build(docs, out=out) == 0
    assert build(docs, out=tmp_path / "fresh") == 0
    assert sorted(p.name for p in (out / "extractions").iterdir()) == ["a.json", "c.json"]
    assert results(out) == results(tmp_path / "fresh")


# ---------------------------------------------------------------- byte-identical outputs
def test_builds_into_other_folders_from_other_working_folders_are_byte_identical(tmp_path, monkeypatch, capsys):
    docs = corpus(tmp_path / "docs")
    (docs / "sub").mkdir()
    (docs / "sub" / "a.txt").write_text(TEXTS["c.txt"], encoding="utf-8")     # a shared name too
    assert build(docs, out=tmp_path / "one", jobs=1) == 0
    elsewhere = tmp_path / "deep" / "er"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    assert build(Path("../../docs"), out=Path("two"), jobs=2) == 0
    one, two = results(tmp_path / "one"), results(elsewhere / "two")
    assert set(one) >= {*OUTPUTS, "extractions/a.json", "extractions/sub/a.json"}
    assert one == two
    for data in one.values():
        assert str(tmp_path).encode() not in data


# ---------------------------------------------------------------- progress
class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(total: int, file: io.StringIO) -> str:
    with progress_mod.progress(total, file=file) as tick:
        for n in range(1, total + 1):
            tick(n, total)
    return file.getvalue()


def test_a_bar_with_rate_and_time_left_on_a_terminal_from_100_documents():
    text = run(150, Terminal())
    assert "150/150" in text and "doc/s" in text and "<" in text     # [elapsed<left, rate]


def test_no_bar_below_100_documents_or_off_a_terminal_where_one_line_says_what_was_done():
    assert run(99, Terminal()) == ""
    text = run(150, io.StringIO())
    assert text.count("\n") == 1 and "\r" not in text
    assert "150/150 documents in" in text and "documents/s" in text


def test_build_reports_progress_and_skips_through_the_bar(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(progress_mod, "PROGRESS_MIN", 2)
    docs = corpus(tmp_path / "docs")
    (docs / "z.txt").write_bytes(BINARY)
    assert build(docs, out=tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "extracting: 4/4 documents in" in err and "SKIP" in err and "z.txt" in err


def test_the_stage_of_a_killed_build_is_removed_by_the_next(tmp_path, capsys):
    docs, out = corpus(tmp_path / "docs", ("a.txt",)), tmp_path / "out"
    assert build(docs, out=out) == 0
    dead = out / ".build-999999999-x1"               # no such process
    (dead / EXTRACTIONS).mkdir(parents=True)
    alive = out / f".build-{os.getppid()}-x2"       # a running process: maybe a build at work
    alive.mkdir()
    assert build(docs, out=out) == 0
    assert not dead.exists() and alive.exists()
