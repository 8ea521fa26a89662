"""places.find / places.relate on sentences written here (real division names, invented events)."""

import pytest

from govkg.extractors import places
from conftest import find_places as run


def test_chain_gives_codes_levels_and_parents(lex):
    art, ms, by = run("近日，望城区乔口镇柳林江村召开会议。", lex)
    assert [m.name for m in ms] == ["望城区", "乔口镇", "柳林江村"]
    assert by["柳林江村"].code == "430112107201" and by["柳林江村"].level == "village"
    assert by["乔口镇"].parent == "望城区"
    rels = {(r.s, r.o) for r in places.relate(art, ms, lex)}
    assert ("柳林江村", "乔口镇") in rels and ("乔口镇", "望城区") in rels


def test_spans_point_into_the_original_text(lex):
    text = "据悉，岳阳市华容县新建了一座桥。"
    art, ms, _ = run(text, lex)
    for m in ms:
        assert text[m.start:m.end] == m.surface


def test_short_form_resolves_to_full_name(lex):
    _, _, by = run("湘潭市民热议。湘潭的春天来了，湖南各地也是如此。", lex)
    assert by["湘潭市"].code == "430300000000"
    assert "湖南省" in by


def test_repeated_village_name_is_settled_by_its_chain(lex):
    _, _, by = run("浏阳市中和镇清江村的村民正在插秧。", lex)
    assert by["清江村"].code == "430181122225"
    _, _, by = run("浏阳市社港镇清江村的村民正在插秧。", lex)
    assert by["清江村"].code == "430181102245"


def test_committee_suffix_village_is_found_by_short_form(lex):
    _, _, by = run("天心区暮云街道许兴村开展活动。", lex)
    assert by["许兴村"].parent == "暮云街道" and by["许兴村"].code == "430103015205"


def test_generic_words_are_not_places(lex):
    _, ms, _ = run("全村140个村(社区)都已完成，该社区和各社区也在推进，本村的道路修好了。", lex)
    assert ms == []


def test_patterns_for_unlisted_names(lex):
    _, _, by = run("岳麓区望月湖街道荣龙社区张家组的村民住在翠竹苑小区，紧邻天台路。", lex)
    assert by["张家组"].level == "group" and by["张家组"].parent == "荣龙社区"
    assert by["翠竹苑小区"].level == "compound"
    assert by["天台路"].level == "street"


def test_misprint_one_character_off_resolves_and_keeps_surface(lex):
    _, ms, by = run("长沙市岳鹿区望月湖街道召开会议，岳鹿区干部参加。", lex)
    slips = [m for m in ms if m.surface == "岳鹿区"]
    assert slips and all(m.name == "岳麓区" and m.code == "430104000000" for m in slips)


def test_misprint_needs_the_city_in_context(lex):
    _, ms, _ = run("他在岳鹿区工作。", lex)
    assert all(m.name != "岳麓区" for m in ms)


def test_zones(lex):
    _, _, by = run("岳阳市华容县经开区和汨罗市高新区发展迅速。", lex)
    assert by["华容经开区"].level == "zone" if "华容经开区" in by else by["华容县经开区"].level == "zone"
    assert by["汨罗高新区"].parent == "汨罗市"


def test_gazetteer_parent_link_only_to_named_places(lex):
    art, ms, _ = run("湖南省岳阳市华容县发布消息。", lex)
    rels = {(r.s, r.o) for r in places.relate(art, ms, lex)}
    assert ("华容县", "岳阳市") in rels and ("岳阳市", "湖南省") in rels


def test_enumeration_of_villages(lex):
    _, _, by = run("浏阳市中和镇干部深入苍坊、雅山、江河等村走访。", lex)
    assert {"苍坊村", "雅山村", "江河村"} <= set(by)
    assert by["苍坊村"].surface == "苍坊"


def test_pattern_stems_go_through_the_hmm(lex):
    """The dictionary leaves 漆 家 坳 as single characters; the HMM groups them into one
    name-like token, so the hamlet is found."""
    text = "望城区乔口镇柳林江村漆家坳组的村民正在修路。"
    toks = places._Tokens(text, lex)
    i = toks.words.index("漆家坳")
    assert toks.span(i) == (10, 13) and toks.flag(i) in places._STEM_FLAGS
    _, _, by = run(text, lex)
    assert by["漆家坳组"].parent == "柳林江村"


def test_a_verb_phrase_before_a_suffix_is_no_stem(lex):
    _, _, by = run("他领着村干部走访农户。", lex)
    assert not [n for n in by if n.endswith("村")]


@pytest.mark.slow             # six interpreters, each loading the lexicon
def test_a_tie_between_cities_is_settled_the_same_way_in_every_process(lex):
    """Two cities named once each: a name under both goes to the same one whatever the
    hash seed of the process (set order used to decide it)."""
    import os
    import subprocess
    import sys
    from collections import defaultdict
    cities = defaultdict(set)
    for d in lex.by_code.values():
        if d.level == "village" and d.code.startswith(("4301", "4302")) and not lex.is_common(d.name):
            cities[d.name].add(d.code[:4])
    name = sorted(n for n, c in cities.items() if len(c) == 2 and len(n) >= 4)[0]
    code = ("from govkg.extractors.pipeline import extract_text;"
            f"print([e.code for e in extract_text('长沙市和株洲市的干部来到{name}调研。').entities])")
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}) for seed in range(6)]
    runs = {p.communicate()[0] for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(runs) == 1 and "4301" in runs.pop()


def test_a_chain_that_skips_a_level_keeps_the_true_parent(lex):
    # 湖南省浏阳市: 浏阳市 is a county-level city of 长沙市, not a child of the province
    art, ms, by = run("长沙市干部说，湖南省浏阳市今年新修了路。", lex)
    assert by["浏阳市"].parent == "长沙市"
    assert ("浏阳市", "湖南省") not in {(r.s, r.o) for r in places.relate(art, ms, lex)}


def test_a_coded_zone_named_after_its_city_is_part_of_the_city(lex):
    _, _, by = run("赣州市召开会议，赣州经开区的企业参加。", lex)
    assert by["赣州经开区"].level == "zone" and by["赣州经开区"].parent == "赣州市"


def test_a_zone_row_named_with_its_committee_is_read_as_the_zone(lex):
    _, _, by = run("锡林郭勒盟乌拉盖管理区的牧民说好。", lex)
    assert by["乌拉盖管理区"].code == "152571000000" and by["乌拉盖管理区"].parent == "锡林郭勒盟"


def test_a_city_short_form_that_is_a_word_counts_where_the_sentence_cues_a_place(lex):
    _, _, by = run("村里来了不少来自海口、三亚的游客，车辆驶向济南、青岛等地。", lex)
    assert {"海口市", "三亚市", "济南市", "青岛市"} <= set(by)
    _, _, by = run("青岛的海风很大。", lex)
    assert "青岛市" not in by


def test_a_county_short_form_after_its_province_is_that_county(lex):
    _, _, by = run("村里与福建晋江一家食品企业合作。", lex)
    assert by["晋江市"].code == "350582000000"


def test_a_zone_after_its_place_is_part_of_it(lex):
    _, _, by = run("长沙市湘江新区和成都市天府新区建设加快。", lex)
    assert by["湘江新区"].level == "zone" and by["湘江新区"].parent == "长沙市"
    assert by["天府新区"].parent == "成都市"


def test_a_zone_named_with_its_city_short_form_keeps_it_and_names_the_city(lex):
    art, ms, by = run("青岛西海岸新区琅琊镇召开会议，西海岸新区的干部参加。西安高新区也来了。", lex)
    zone = [m for m in ms if m.name == "青岛西海岸新区"]
    assert len(zone) == 2 and {m.surface for m in zone} == {"西海岸新区"}
    assert by["青岛西海岸新区"].parent == "青岛市" and "青岛市" in by
    assert by["琅琊镇"].parent == "青岛西海岸新区"
    assert by["西安高新区"].parent == "西安市" and "西安市" in by
    rels = {(r.s, r.o) for r in places.relate(art, ms, lex)}
    assert ("青岛西海岸新区", "青岛市") in rels


def test_a_road_named_after_a_place_is_a_road_of_that_place(lex):
    _, _, by = run("岳麓区岳麓大道两旁种满了树。", lex)
    assert by["岳麓大道"].level == "street" and by["岳麓大道"].parent == "岳麓区"


def test_a_two_character_county_inside_a_word_is_no_place(lex):
    # 范县 (a county of Henan) inside 示范县
    _, _, by = run("该县被评为全国乡村旅游示范县。", lex)
    assert "范县" not in by


def test_a_list_of_villages_closed_by_deng_is_no_name(lex):
    _, _, by = run("浏阳市中和镇帮助苍坊村、雅山村等村发展。", lex)
    assert not [n for n in by if "等" in n]


def test_a_county_name_in_jiebas_dictionary_is_still_a_county(lex):
    # 华容县 is a word of jieba's dictionary (tagged nr); no context is needed for a full county name
    _, _, by = run("他说，华容县今年新修了路。", lex)
    assert by["华容县"].code == "430623000000"
    _, _, by = run("城区的路修好了。", lex)
    assert not by


def test_a_province_opening_a_university_name_is_named(lex):
    _, _, by = run("村里与浙江大学合作办学。", lex)
    assert by["浙江省"].surface == "浙江"
    _, _, by = run("几个浙江人来村里考察。", lex)
    assert "浙江省" not in by            # 浙江人 is one word but no institution


def test_a_group_or_compound_after_a_village_read_by_pattern_chains_to_it(lex):
    # 柳溪村 is no gazetteer name: the group after it still has it as parent
    _, _, by = run("某县某乡柳溪村坝头组的村民和荣华社区金竹花园的居民都来了。", lex)
    assert by["坝头组"].parent == "柳溪村"
    assert by["金竹花园"].parent == "荣华社区"


def test_roads_with_a_direction_or_old_and_new_streets(lex):
    _, _, by = run("岳麓区麓山南路和天心区坡子老街都很热闹，龙头铺新街也修好了。", lex)
    assert by["麓山南路"].level == "street"
    assert by["坡子老街"].level == "street"
    assert by["龙头铺新街"].level == "street"      # 铺 is tagged a verb, but names places


def test_a_distance_in_li_opens_a_place_name(lex):
    _, _, by = run("桥沟街道七里铺社区和五里牌新街都在改造，全县140个村也在推进。", lex)
    assert by["七里铺社区"].parent == "桥沟街道" and "五里牌新街" in by
    assert not [n for n in by if n.startswith("140")]


def test_a_level_word_after_a_demonstrative_is_not_part_of_a_village_name(lex):
    _, _, by = run("在该乡北岭村的桑园里，村民正在采摘。", lex)
    assert "北岭村" in by and "乡北岭村" not in by


def test_a_kind_of_village_is_no_village_without_its_row(lex):
    _, _, by = run("该市改造城中村，创建文明村。", lex)
    assert "城中村" not in by and "文明村" not in by


@pytest.mark.parametrize("written, name", [("临夏州", "临夏回族自治州"), ("门源县", "门源回族自治县"),
                                           ("东乡县", "东乡族自治县"), ("鄂伦春旗", "鄂伦春自治旗"),
                                           ("恩施州", "恩施土家族苗族自治州")])
def test_autonomous_divisions_as_the_press_writes_them(written, name, lex):
    # the place and its level, the peoples left out; alone in the sentence, with nothing to support it
    _, ms, by = run(f"{written}召开会议，部署下一步工作。", lex)
    assert [m.name for m in ms] == [name] and by[name].surface == written and by[name].code


def test_an_ordinary_word_before_a_word_of_cun_is_no_village(lex):
    # 建成村 and 团结村 are villages of the gazetteer; here 建成 and 团结 are verbs and 村级, 村民 words
    assert run("全县已建成村级养老服务站一百二十个。", lex)[1] == []
    assert run("大家要团结村民，共同致富。", lex)[1] == []
    assert [m.name for m in run("团结村村民说，路修好了。", lex)[1]] == ["团结村"]


def test_xiangcun_the_countryside_is_no_village(lex):
    # 乡村 is "the countryside": 美丽乡村 and 数字乡村 are programmes, not villages named 美丽乡村
    assert run("张北县公会镇建设美丽乡村，推进数字乡村建设。", lex)[2].keys() == {"张北县", "公会镇"}
    # 幸福乡 is a township of the gazetteer (several), and 幸福乡村 "a happy countryside" all the same
    assert run("建设幸福乡村。", lex)[1] == []
    assert [m.name for m in run("太仆寺旗幸福乡村民说，路修好了。", lex)[1]] == ["太仆寺旗", "幸福乡"]


def test_a_chain_that_skips_a_level_gives_the_stated_ancestor_only_where_the_parent_is_not_named(lex):
    from govkg.extractors.pipeline import extract_text
    def part_of(text: str) -> set[tuple[str, str]]:
        return {(r.s, r.o) for r in extract_text(text, lex=lex).relations if r.p == "partOf"}
    assert part_of("村里与福建晋江一家食品企业合作。") == {("晋江市", "福建省")}
    assert part_of("泉州市召开会议。福建晋江一家企业也来了。") == {("泉州市", "福建省"), ("晋江市", "泉州市")}


def test_a_paved_or_village_road_is_a_kind_of_road_not_a_named_one(lex):
    # 硬化路 (a paved road), 通村路 (a road to the villages), 产业路: kinds, as 水泥路 is
    assert run("看到村村通硬化路已全部完工，全村新修通村路5公里、产业路3条。", lex)[1] == []


@pytest.mark.parametrize("text, wrong", [
    ("为守牢村域底线，大瑶镇的检查主要由村“两委”负责。", {"为守牢村", "主要由村"}),   # a preposition or adverb opens no name
    ("大瑶镇理清工作思路，香茶飘透村巷。", {"工作思路", "香茶飘透村"}),       # a dictionary word; 村 opening 村巷
    ("大瑶镇整合社区资源、盘活社区资产。", {"资源社区", "盘活社区"}),         # no list of names: words inside words
    ("千镇万村齐行动，大瑶镇也在其中。", {"千镇万村"}),                     # a saying
    ("说起该社区，大瑶镇的人都说好。", {"起该社区", "说起该社区"}),         # 该社区: this community
    ("大瑶镇工作队住村以来，推动人才入村。", {"工作队住村", "人才入村"}),   # 住村, 入村: words
    ("大瑶镇干部参加湘潭市委组织部的会议。", {"市委组"}),               # 市委|组织部
])
def test_ordinary_words_before_a_place_suffix_are_no_places(lex, text, wrong):
    _, _, by = run(text, lex)
    assert "大瑶镇" in by
    assert not wrong & set(by), wrong & set(by)


def test_a_real_list_of_villages_is_still_read(lex):
    _, _, by = run("浏阳市中和镇清江村、苍坊村等村开展评比。", lex)
    assert {"清江村", "苍坊村"} <= set(by)
