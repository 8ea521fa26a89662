"""places.find / places.relate on sentences written here (real division names, invented events)."""
import pytest

from govkg.extractors import places
from govkg.extractors.lexicon import load
from govkg.extractors.records import Article


@pytest.fixture(scope="module")
def lex():
    return load()


def run(text, lex):
    art = Article(doc="t.txt", index=0, title="", body=text, offsets=tuple(range(len(text))),
                  start=0, end=len(text))
    ms = places.find(art, lex)
    return art, ms, {m.name: m for m in ms}


def test_chain_gives_codes_levels_and_parents(lex):
    art, ms, by = run("近日，芦淞区白关镇双福村召开会议。", lex)
    assert [m.name for m in ms] == ["芦淞区", "白关镇", "双福村"]
    assert by["双福村"].code == "430203100237" and by["双福村"].level == "village"
    assert by["白关镇"].parent == "芦淞区"
    rels = {(r.s, r.o) for r in places.relate(art, ms, lex)}
    assert ("双福村", "白关镇") in rels and ("白关镇", "芦淞区") in rels


def test_spans_point_into_the_original_text(lex):
    text = "据悉，株洲市攸县新建了一座桥。"
    art, ms, _ = run(text, lex)
    for m in ms:
        assert text[m.start:m.end] == m.surface


def test_short_form_resolves_to_full_name(lex):
    _, _, by = run("株洲市民热议。株洲的春天来了，湖南各地也是如此。", lex)
    assert by["株洲市"].code == "430200000000"
    assert "湖南省" in by


def test_repeated_village_name_is_settled_by_its_chain(lex):
    _, _, by = run("渌口区朱亭镇红旗村的村民正在插秧。", lex)
    assert by["红旗村"].code == "430212101217"
    _, _, by = run("渌口区古岳峰镇红旗村的村民正在插秧。", lex)
    assert by["红旗村"].code == "430212106222"


def test_committee_suffix_village_is_found_by_short_form(lex):
    _, _, by = run("石峰区井龙街道郭家塘村开展活动。", lex)
    assert by["郭家塘村"].parent == "井龙街道" and by["郭家塘村"].code == "430204005209"


def test_generic_words_are_not_places(lex):
    _, ms, _ = run("全村140个村(社区)都已完成，该社区和各社区也在推进，本村的道路修好了。", lex)
    assert ms == []


def test_patterns_for_unlisted_names(lex):
    _, _, by = run("天元区马家河街道新马社区张家组的村民住在翠竹苑小区，紧邻天台路。", lex)
    assert by["张家组"].level == "group" and by["张家组"].parent == "新马社区"
    assert by["翠竹苑小区"].level == "compound"
    assert by["天台路"].level == "street"


def test_misprint_one_character_off_resolves_and_keeps_surface(lex):
    _, ms, by = run("株洲市绿口区龙船镇召开会议，绿口区干部参加。", lex)
    slips = [m for m in ms if m.surface == "绿口区"]
    assert slips and all(m.name == "渌口区" and m.code == "430212000000" for m in slips)


def test_misprint_needs_the_city_in_context(lex):
    _, ms, _ = run("他在绿口区工作。", lex)
    assert all(m.name != "渌口区" for m in ms)


def test_zones(lex):
    _, _, by = run("株洲市攸县经开区和醴陵市高新区发展迅速。", lex)
    assert by["攸经开区"].level == "zone" if "攸经开区" in by else by["攸县经开区"].level == "zone"
    assert by["醴陵高新区"].parent == "醴陵市"


def test_gazetteer_parent_link_only_to_named_places(lex):
    art, ms, _ = run("湖南省株洲市茶陵县发布消息。", lex)
    rels = {(r.s, r.o) for r in places.relate(art, ms, lex)}
    assert ("茶陵县", "株洲市") in rels and ("株洲市", "湖南省") in rels


def test_enumeration_of_villages(lex):
    _, _, by = run("渌口区龙船镇干部深入挽洲、河包、花石等村走访。", lex)
    assert {"挽洲村", "河包村", "花石村"} <= set(by)
    assert by["挽洲村"].surface == "挽洲"
