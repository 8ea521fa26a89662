"""govkg.graph.cache: keys, versions, and incremental builds that equal builds from scratch."""
from __future__ import annotations

import argparse
from pathlib import Path

from govkg.graph.builder import cli
from govkg.graph.cache import Cache, digest, doc_key, extractor_version

DOCS = {
    "a.txt": "本报讯 芦淞区白关镇推行“护林轮值制”，镇党委书记尹青禾带队巡林。\n",
    "b.txt": "本报讯 荷塘区桂花街道开展“楼栋说事会”活动，街道办事处主任李华参加。\n",
    "c.txt": "本报讯 天元区群丰镇实施“巷口议事会”，镇长张明到双塘村调研。\n",
}


def write_docs(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(DOCS[name], encoding="utf-8")
    return folder


def build(docs: Path, out: Path, capsys, cache: Path | None = None) -> str:
    args = argparse.Namespace(paths=[str(docs)], out=str(out), jobs=1, store=None,
                              cache=str(cache) if cache else None)
    assert cli(args) == 0
    return capsys.readouterr().out


def test_key_depends_on_name_and_bytes():
    assert doc_key("a.txt", b"x") == doc_key("a.txt", b"x")
    assert doc_key("a.txt", b"x") != doc_key("b.txt", b"x")
    assert doc_key("a.txt", b"x") != doc_key("a.txt", b"y")


def test_entries_are_kept_per_version(tmp_path):
    key = doc_key("a.txt", b"x")
    old, new = Cache(tmp_path, version="v1"), Cache(tmp_path, version="v2")
    old.put(key, '{"doc": "a.txt"}\n')
    assert old.has(key) and old.get(key) == '{"doc": "a.txt"}\n'
    assert not new.has(key) and new.get(key) is None
    assert not list(tmp_path.rglob(".tmp-*"))          # the temporary file was renamed


def test_version_changes_with_any_source_or_data_file_and_ignores_byte_code(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "data").mkdir(parents=True)
    (pkg / "places.py").write_text("def find(): ...\n", encoding="utf-8")
    (pkg / "data" / "titles.txt").write_text("书记\n", encoding="utf-8")
    first = digest(pkg)
    (pkg / "__pycache__").mkdir()
    (pkg / "__pycache__" / "places.cpython-311.pyc").write_bytes(b"\0\1")
    assert digest(pkg) == first
    (pkg / "data" / "titles.txt").write_text("书记\n主任\n", encoding="utf-8")
    second = digest(pkg)
    assert second != first
    (pkg / "places.py").write_text("def find(): return []\n", encoding="utf-8")
    assert digest(pkg) not in (first, second)


def test_extractor_version_is_a_digest_of_the_installed_package():
    from importlib import resources
    assert extractor_version() == digest(resources.files("govkg.extractors"))


def test_a_rebuild_extracts_only_the_new_document_and_equals_a_build_from_scratch(tmp_path, capsys):
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_docs(docs, ["a.txt", "b.txt"])
    assert "2 extracted, 0 from cache" in build(docs, out, capsys)
    write_docs(docs, ["c.txt"])
    assert "1 extracted, 2 from cache" in build(docs, out, capsys)

    scratch = tmp_path / "scratch"
    assert "3 extracted, 0 from cache" in build(write_docs(tmp_path / "all", ["a.txt", "b.txt", "c.txt"]),
                                                scratch, capsys)
    assert (out / "graph.ttl").read_bytes() == (scratch / "graph.ttl").read_bytes()
    for name in ("a", "b", "c"):
        assert (out / "extractions" / f"{name}.json").read_text(encoding="utf-8") == \
            (scratch / "extractions" / f"{name}.json").read_text(encoding="utf-8")


def test_an_edited_document_is_extracted_again(tmp_path, capsys):
    docs, out = write_docs(tmp_path / "docs", ["a.txt", "b.txt"]), tmp_path / "out"
    build(docs, out, capsys)
    (docs / "a.txt").write_text(DOCS["c.txt"], encoding="utf-8")
    assert "1 extracted, 1 from cache" in build(docs, out, capsys)
    assert "群丰镇" in (out / "extractions" / "a.json").read_text(encoding="utf-8")


def test_the_cache_folder_can_be_shared_between_outputs(tmp_path, capsys):
    docs, cache = write_docs(tmp_path / "docs", ["a.txt", "b.txt"]), tmp_path / "cache"
    build(docs, tmp_path / "one", capsys, cache)
    assert "0 extracted, 2 from cache" in build(docs, tmp_path / "two", capsys, cache)
    assert not (tmp_path / "two" / ".cache").exists()
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == (tmp_path / "two" / "graph.ttl").read_bytes()


def test_a_cached_entry_is_what_the_build_reads(tmp_path, capsys):
    """The rebuild really takes the stored JSON: an entry edited by hand shows in the graph."""
    docs, out = write_docs(tmp_path / "docs", ["a.txt"]), tmp_path / "out"
    build(docs, out, capsys)
    cache = Cache(out / ".cache")
    key = doc_key("a.txt", (docs / "a.txt").read_bytes())
    cache.put(key, cache.get(key).replace("白关镇", "甲乙镇"))
    build(docs, out, capsys)
    assert "甲乙镇" in (out / "graph.ttl").read_text(encoding="utf-8")
