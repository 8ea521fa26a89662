"""The table cache: a table is built once, read back by later processes, and never read stale."""
import gzip
import os
import pickle

import pytest

from govkg.extractors import tablecache
from govkg.extractors.tablecache import cached


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def _builder(value):
    calls = []

    def build():
        calls.append(1)
        return value
    return build, calls


def test_a_table_is_built_once_and_then_read(home):
    src = home / "src.txt"
    src.write_text("甲")
    build, calls = _builder({"甲": ("n", 3), "乙": ("n", 3)})
    assert cached("t", [src], build) == {"甲": ("n", 3), "乙": ("n", 3)} and len(calls) == 1
    (f,) = (home / "cache" / "govkg").glob("t-*.pickle")
    assert pickle.loads(f.read_bytes()) == {"甲": ("n", 3), "乙": ("n", 3)}
    assert list(cached("t", [src], build)) == ["甲", "乙"] and len(calls) == 1


def test_a_changed_input_is_a_new_table(home):
    src = home / "src.txt"
    src.write_text("甲")
    build, calls = _builder([1])
    cached("t", [src], build)
    st = src.stat()
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))   # touched: read again
    cached("t", [src], build)
    src.write_text("乙乙")
    cached("t", [src], build)
    assert len(calls) == 3 and cached("t", [src], build) == [1] and len(calls) == 3
    assert len(list((home / "cache" / "govkg").glob("t-*.pickle"))) == 3


def test_only_the_tables_used_last_are_kept(home):
    src = home / "src.txt"
    for i in range(tablecache.KEEP + 2):
        src.write_text("x" * (i + 1))
        cached("t", [src], lambda i=i: i)
    cached("u", [src], lambda: "other table")
    assert len(list((home / "cache" / "govkg").glob("t-*.pickle"))) == tablecache.KEEP
    assert len(list((home / "cache" / "govkg").glob("u-*.pickle"))) == 1
    assert not list((home / "cache" / "govkg").glob(".*.tmp"))


def test_a_cache_an_earlier_version_wrote_is_removed(home):
    src = home / "src.txt"
    src.write_text("甲")
    folder = home / "cache" / "govkg"
    folder.mkdir(parents=True)
    (folder / "t-0123456789abcdef01234567.marshal").write_bytes(b"old")
    assert cached("t", [src], lambda: [1]) == [1]
    assert [f.suffix for f in folder.iterdir()] == [".pickle"]


def test_a_damaged_file_is_built_again_and_replaced(home):
    src = home / "src.txt"
    src.write_text("甲")
    build, calls = _builder(("a", 1))
    cached("t", [src], build)
    (f,) = (home / "cache" / "govkg").glob("t-*.pickle")
    f.write_bytes(f.read_bytes()[:3])
    assert cached("t", [src], build) == ("a", 1) and len(calls) == 2
    assert cached("t", [src], build) == ("a", 1) and len(calls) == 2


def test_an_unwritable_cache_only_costs_the_build(home, monkeypatch):
    src = home / "src.txt"
    src.write_text("甲")
    (home / "blocked").write_text("a file where the folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "blocked"))
    build, calls = _builder({"k": 1})
    assert cached("t", [src], build) == {"k": 1} and cached("t", [src], build) == {"k": 1}
    assert len(calls) == 2
    assert cached("t", [home / "missing.txt"], build) == {"k": 1} and len(calls) == 3


def test_the_gazetteer_read_from_the_cache_is_the_one_built(home):
    from govkg.extractors import divisions
    built = divisions.gazetteer()           # cold: built and written
    assert list((home / "cache" / "govkg").glob("gazetteer-*.pickle"))
    read = divisions.gazetteer()            # warm: read back
    assert read == built and [list(m) for m in read] == [list(m) for m in built]
    by_code = divisions.read_divisions()
    assert read[0] == by_code and read[1:] == divisions.index(by_code.values())
    assert isinstance(read[0]["430112000000"], divisions.Division)


def test_the_dictionary_read_from_the_cache_is_the_one_parsed(home):
    from govkg.extractors import lexicon
    lexicon.dictionary.cache_clear()
    try:
        built = lexicon.dictionary()
        lexicon.dictionary.cache_clear()
        read = lexicon.dictionary()
        assert read == built and list(read) == list(built)
        assert read["村民"] == ("n", 1213) and read["村民"] is read[next(w for w in read if read[w] == ("n", 1213))]
    finally:
        lexicon.dictionary.cache_clear()


def test_the_segmenter_built_from_cached_words_is_the_one_built_from_the_lexicon(home):
    from govkg.extractors.lexicon import Lexicon
    first = Lexicon()
    seg = first.segmenter                   # cold: the words chosen and written
    assert list((home / "cache" / "govkg").glob("segmenter-*.pickle"))
    second = Lexicon()
    second.segmenter                        # noqa: B018 (warm: the words read back)
    assert second._user() == first._user()
    added, places = second._user()
    assert "乔口镇" in places and "湖长制" in added and "湖长制" not in places and "村民" not in added
    text = "长沙市望城区乔口镇柳林江村的村民参加“护林轮值制”活动"
    assert second.cut(text, hmm=True) == seg.cut(text, True)


@pytest.fixture
def shelf(tmp_path, monkeypatch):
    """A package whose shipped tables live in ``shelf`` and ship table ``t``."""
    monkeypatch.setattr(tablecache, "_shipped_folder", lambda: tmp_path / "shelf")
    monkeypatch.setattr(tablecache, "SHIPPED", ("t",))
    return tmp_path / "shelf"


def test_a_shipped_table_is_read_when_nothing_is_cached_and_then_cached(home, shelf):
    src = home / "src.txt"
    src.write_text("甲")
    build, calls = _builder({"甲": ("n", 3)})
    cached("t", [src], build)
    (f,) = (home / "cache" / "govkg").glob("t-*.pickle")
    f.unlink()
    tablecache.ship("t")
    assert len(calls) == 2 and [p.name for p in shelf.iterdir()] == [tablecache.shipped_path("t", [src]).name]
    assert cached("t", [src], build) == {"甲": ("n", 3)} and len(calls) == 2     # shipped, not built
    (f,) = (home / "cache" / "govkg").glob("t-*.pickle")                       # and cached for the next process:
    assert f.read_bytes() == gzip.decompress(tablecache.shipped_path("t", [src]).read_bytes())  # its bytes, unpacked


def test_a_shipped_table_of_other_inputs_is_not_read(home, shelf):
    src = home / "src.txt"
    src.write_text("甲")
    cached("t", [src], lambda: "old")
    tablecache.ship("t")
    for f in (home / "cache" / "govkg").glob("t-*.pickle"):
        f.unlink()
    src.write_text("乙")                      # the same path, other bytes: the shipped table is stale
    assert cached("t", [src], lambda: "new") == "new"
    tablecache.ship("t")
    assert len(list(shelf.iterdir())) == 1    # shipping again replaces the stale file


@pytest.mark.parametrize("name", tablecache.SHIPPED)
def test_the_shipped_tables_are_those_of_the_data_and_code(name):
    """Fails when a division file, ``divisions.py`` or ``jieba_dictionary.py`` changed since
    the tables were shipped: run ``python -m govkg.extractors.ship_tables``."""
    from govkg.extractors import ship_tables
    ship_tables.register()
    inputs, build = tablecache._TABLES[name]
    path = tablecache.shipped_path(name, inputs)
    assert path.is_file(), f"{name}: the shipped table is stale; run python -m govkg.extractors.ship_tables"
    assert pickle.loads(tablecache._shipped_bytes(name, inputs)) == build()
