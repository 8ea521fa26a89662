"""The lexicon: division gazetteer look-ups, name normalisation, the private tokenizer."""
import jieba
import pytest

from govkg.extractors.lexicon import Division, load, short_forms, village_name


@pytest.fixture(scope="module")
def lex():
    return load()


def test_load_is_cached():
    assert load() is load()


def test_division_by_code_and_padding(lex):
    d = lex.division("430112")
    assert d is not None and d.name == "望城区" and d.level == "county"
    assert lex.division("430112107000").name == "乔口镇"
    assert lex.division("999999999999") is None


def test_village_committee_suffix_is_stripped():
    assert village_name("许兴村委会") == "许兴村"
    assert village_name("某某村村民委员会") == "某某村"
    assert village_name("某某社区居委会") == "某某社区"
    assert village_name("某某居委会") == "某某社区"
    assert village_name("某某社区居民委员会会") == "某某社区"


def test_divisions_named_and_short_forms(lex):
    assert [d.code for d in lex.divisions_named("常德", short=True)] == ["430700000000"]
    assert lex.divisions_named("常德") == ()
    assert [d.name for d in lex.divisions_named("湖南", short=True)] == ["湖南省"]
    # a village row is found by its short form, the official spelling is kept
    (v,) = lex.divisions_named("许兴村")
    assert v.official == "许兴村委会" and v.level == "village"


def test_repeated_names_are_all_returned(lex):
    assert len(lex.divisions_named("清江村")) > 1
    assert len(lex.divisions_named("城关镇")) > 50


def test_ancestors_skip_placeholders(lex):
    (d,) = lex.divisions_named("东城区")[:1]
    assert [a.name for a in lex.ancestors(d)] == ["北京市"]
    (xt,) = lex.divisions_named("仙桃市")
    assert lex.parent(xt).name == "湖北省"


def test_functional_zones_have_level_zone(lex):
    assert lex.division("430371").level == "zone"
    assert "湘潭高新区" in short_forms(lex.division("430371"))
    assert lex.division("430111400000").level == "zone"
    assert short_forms(Division("1", "湘西土家族苗族自治州", "city", "", "")) == ("湘西",)


def test_children(lex):
    names = {d.name for d in lex.children("430100000000")}
    assert {"岳麓区", "望城区", "长沙县"} <= names and "望城县" not in names


def test_tokenizer_is_private_and_knows_place_names(lex):
    tok = lex.tokenizer
    assert tok is not jieba.dt
    words = tok.lcut("他在望城区乔口镇柳林江村工作")
    assert "乔口镇" in words and "柳林江村" in words
    assert not jieba.dt.initialized or "柳林江村" not in jieba.dt.FREQ
