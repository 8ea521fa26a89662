"""graph/storage.py and the URL inputs of graph/inputs.py: files at fsspec URLs (``file://`` here:
the same code as an object store's, without a network) are written whole or not at all, listed
and found as local files are, and a URL that cannot be used is one line on stderr, exit 2,
before any cluster starts. (Builds reading and writing URLs: tests/test_distributed.py.)
"""
from __future__ import annotations

from fsspec.registry import known_implementations
import pytest

from govkg.graph import storage
from govkg.graph.cli import main
from govkg.graph.inputs import CACHEDIR_SIGNATURE, doc_names, find_urls


@pytest.mark.parametrize("url", [False, True])
def test_a_file_is_written_whole_or_not_at_all(tmp_path, url):
    base = tmp_path.as_uri() if url else str(tmp_path)
    target = storage.join(base, "a", "b", "t.bin")
    with storage.writing(target) as f:
        f.write(b"whole")
    assert storage.read_bytes(target) == b"whole"
    with pytest.raises(RuntimeError), storage.writing(target) as f:
        f.write(b"half")
        raise RuntimeError("the writer died")
    assert storage.read_bytes(target) == b"whole"            # the old file, untouched
    with pytest.raises(RuntimeError), storage.writing(storage.join(base, "new.bin")) as f:
        f.write(b"half")
        raise RuntimeError("the writer died")
    assert not storage.exists(storage.join(base, "new.bin"))
    assert [storage.name(p) for p in storage.files_in(storage.join(base, "a", "b"))] == ["t.bin"]
    storage.remove(storage.join(base, "a"))
    assert not storage.exists(target) and storage.files_in(storage.join(base, "a", "b")) == []


def test_urls_are_found_as_local_files_are(tmp_path):
    docs = tmp_path / "docs"
    for rel in ("x/1.txt", "y/1.txt", "z.txt", ".hidden/h.txt", "x/.swp", "out/shards/part-nodes-00000.nt",
                "old/graph.ttl", "old/extractions/a.json", "mine/a.txt"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("本报讯 芦淞区白关镇推行“田埂议事厅”制度。\n", encoding="utf-8")
    (docs / "c").mkdir()
    (docs / "c" / "CACHEDIR.TAG").write_text(CACHEDIR_SIGNATURE + "\n", encoding="utf-8")
    (docs / "c" / "e.json").write_text("{}", encoding="utf-8")
    found, refused = find_urls([docs.as_uri(), (tmp_path / "none").as_uri(), (docs / "z.txt").as_uri()],
                               exclude=[(docs / "mine").as_uri()])
    names = [f.rsplit("/docs/", 1)[1] for f, _ in found]
    assert names == ["x/1.txt", "y/1.txt", "z.txt"]                     # z.txt once, though named twice
    assert all(size == (docs / n).stat().st_size for n, (_, size) in zip(names, found))
    assert refused == [((tmp_path / "none").as_uri(), "no such file or folder")]
    assert doc_names([f for f, _ in found]) == ["x/1.txt", "y/1.txt", "z.txt"]


@pytest.fixture
def fake_protocol(monkeypatch):
    """A protocol fsspec knows whose library is not installed (as s3:// without s3fs)."""
    monkeypatch.setitem(known_implementations, "govkgfake",
                        {"class": "govkg_no_such_module.FakeFileSystem", "err": "Install govkg_no_such_module to access govkgfake"})


@pytest.mark.parametrize("where,why", [
    ("in", "Protocol not known: nosuch"),
    ("out", "Protocol not known: nosuch"),
    ("lib", "Install govkg_no_such_module to access govkgfake"),
    ("bucket", "no such bucket or folder: file:///govkg-no-such-folder"),
    ("file", "is a file; -o wants a folder"),
])
def test_a_url_that_cannot_be_used_is_one_line_before_any_cluster(tmp_path, capsys, monkeypatch, fake_protocol,
                                                                   where, why):
    from govkg.graph import distributed
    monkeypatch.setattr(distributed, "connect", lambda address: pytest.fail("a cluster was started"))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("本报讯 芦淞区白关镇推行“田埂议事厅”制度。\n", encoding="utf-8")
    (tmp_path / "f").write_text("", encoding="utf-8")
    inputs = {"in": "nosuch://bucket/docs", "lib": "govkgfake://bucket/docs"}.get(where, docs.as_uri())
    out = {"out": "nosuch://bucket/out", "bucket": "file:///govkg-no-such-folder/out",
           "file": (tmp_path / "f").as_uri()}.get(where, (tmp_path / "out").as_uri())
    assert main(["build", inputs, "-o", out, "--scheduler", "local:1"]) == 2
    err = capsys.readouterr().err.strip()
    assert why in err and len(err.splitlines()) == 1 and err.startswith("govkg build: ")
    assert not (tmp_path / "out").exists()


def test_the_embedded_build_refuses_an_out_at_a_url_in_one_line(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    assert main(["build", str(tmp_path / "docs"), "-o", (tmp_path / "out").as_uri()]) == 2
    err = capsys.readouterr().err.strip()
    assert "--scheduler" in err and len(err.splitlines()) == 1 and not (tmp_path / "out").exists()
