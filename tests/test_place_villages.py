"""place_villages: villages of every province settled by the national table and the
places the same (invented) sentence names."""

from govkg.extractors import places
from conftest import find_places as run


def test_a_village_outside_hunan_gets_its_row_when_its_township_is_named(lex):
    # 北极 is an ordinary word, so no pattern reads 北极村; the named township does
    art, _, by = run("漠河市北极镇北极村的游客越来越多。", lex)
    assert by["北极村"].code == "232701104200" and by["北极村"].parent == "北极镇"
    rels = {(r.s, r.o) for r in places.relate(art, list(by.values()), lex)}
    assert ("北极村", "北极镇") in rels


def test_namesakes_are_picked_by_the_township_not_by_the_county(lex):
    # two 新集村 lie in 平桥区; the township written before the name picks one
    _, _, by = run("信阳市平桥区长台乡新集村修通了一条路。", lex)
    assert by["新集村"].code == "411503206212" and by["新集村"].parent == "长台乡"
    # two 张庄村 lie in 平桥区 too: the county alone picks neither
    _, _, by = run("平桥区的张庄村修通了一条路。", lex)
    assert by["张庄村"].code == "" and by["张庄村"].parent == ""
    _, _, by = run("平桥区胡店乡张庄村修通了一条路。", lex)
    assert by["张庄村"].code == "411503203205"


def test_a_village_named_alone_gets_no_row_and_no_parent(lex):
    _, _, by = run("记者来到张庄村，看到一条新修的路。", lex)
    assert by["张庄村"].code == "" and by["张庄村"].parent == ""


def test_a_level_character_before_the_stem_is_cut_off(lex):
    # 该镇新集村: the pattern's stem takes 镇; the named township's row says 新集村
    _, _, by = run("长台乡党委书记说，该乡新集村今年修了路。", lex)
    assert "乡新集村" not in by and by["新集村"].parent == "长台乡"


def test_extension_a_characters_stay_inside_names(lex):
    _, _, by = run("长沙县㮾梨街道㮾梨村开展活动，王家㮾村的村民也来了。", lex)
    assert by["㮾梨街道"].code == "430121004000"
    assert by["㮾梨村"].parent == "㮾梨街道" and "王家㮾村" in by


def test_a_hunan_row_is_not_taken_for_a_name_other_provinces_share_without_support(lex):
    # 谷山村: one row in Hunan (长沙市岳麓区), namesakes in other provinces
    _, _, by = run("山东某县的谷山村修路了。", lex)
    assert by["谷山村"].code == "" and by["谷山村"].parent == ""
    _, _, by = run("谷山村修路了，长沙市岳麓区的干部说。", lex)
    assert by["谷山村"].code == "430104009204"


def test_a_shared_village_name_does_not_make_its_hunan_city_the_articles(lex):
    # 谷山村 is a village of 长沙市 and of other provinces: in an article about 济南 it does not
    # make 岳麓 (a district of 长沙市) a place
    _, _, by = run("济南市历城区谷山村的村民到岳麓参观。", lex)
    assert "岳麓区" not in by and by["谷山村"].parent == "历城区" and by["谷山村"].code == ""


def test_a_village_the_table_does_not_know_is_the_run_after_its_township(lex):
    # invented villages: jieba cuts their stems apart (寇|井子村), no table row has them
    _, _, by = run("张北县公会镇寇井子村的光伏电站里，锡林郭勒盟阿巴嘎旗伊和高勒苏木萨日图嘎查的牧民来参观。", lex)
    assert by["寇井子村"].code == "" and by["寇井子村"].parent == "公会镇"
    assert by["萨日图嘎查"].parent == "伊和高勒苏木"


def test_words_after_a_township_are_no_village(lex):
    # a verb, a pronoun, an ordinary word, a suffix inside a word: no village
    _, _, by = run("张北县公会镇大力推进村庄整治，公会镇各村都通了路，公会镇贫困村全部脱贫。", lex)
    assert {n for n, m in by.items() if m.level == "village"} == set()


def test_the_village_gives_back_the_cun_of_cunmin(lex):
    # 寇东村村民: the village is 寇东村 and 村民 its villagers, however jieba cut it
    _, _, by = run("和龙市东城镇寇东村村民说，村里的稻田画吸引了游客。", lex)
    assert "寇东村" in by and by["寇东村"].parent == "东城镇" and "寇东村村" not in by


def test_a_one_character_stem_is_a_village_only_right_after_its_township(lex):
    # 丁村 lies in 罗湖镇 (临川区) among others; right after its township the table picks it
    _, _, by = run("临川区罗湖镇丁村的稻田里，收割机来回穿梭。", lex)
    assert by["丁村"].code == "361002111208" and by["丁村"].parent == "罗湖镇"
    assert "丁村" not in run("临川区罗湖镇党委说，丁村的稻田熟了。", lex)[2]


def test_a_single_character_jieba_tags_as_a_verb_may_open_a_village_name(lex):
    # 叠 alone is a verb to jieba; inside an (invented) community name, cut 叠|泷, it is part of the name
    _, _, by = run("佛山市南海区桂城街道叠泷社区的居民说，小区变美了。", lex)
    assert by["叠泷社区"].parent == "桂城街道"


def test_a_village_listed_with_another_is_one_even_with_an_ordinary_stem(lex):
    # 西北 (north-west) is an ordinary word, but listed with a village it names one
    by = run("唐昌镇联合寇星村、西北村等周边村组建片区，又帮助东关村、南巴村等村发展民宿。", lex)[2]
    assert {"寇星村", "西北村", "南巴村"} <= by.keys()
    assert "所有村" not in run("在寇星村、所有村推广。", lex)[2]


def test_a_unique_village_of_another_province_is_not_taken_for_a_listed_one(lex):
    # 龙兴寺村 is a row of one other province (Hubei) only; listed among a Hunan town's villages it is that town's
    from govkg.extractors.pipeline import extract_text
    rows = lex.villages_named("龙兴寺村")
    assert len(rows) == 1 and not rows[0].code.startswith("43")
    x = extract_text("浏阳市大瑶镇辖清江村、龙兴寺村等村。", doc="t.txt", lex=lex)
    by = {e.name: e for e in x.entities if e.type == "Place"}
    assert by["龙兴寺村"].code == "" and by["龙兴寺村"].parent == "大瑶镇"


def test_a_township_with_namesakes_takes_the_row_of_its_coded_villages(lex):
    # two 北极镇 in the country; the 北极村 under a 北极镇 is one: its township is the one written
    assert len(lex.divisions_named("北极镇")) == 2
    from govkg.extractors.pipeline import extract_text
    x = extract_text("漠河调研\n\n市委书记深入北极镇调研。检查组来到北极村。总书记视察黑龙江。\n", doc="t.txt", lex=lex)
    by = {e.name: e for e in x.entities}
    assert by["北极村"].code and by["北极镇"].code == by["北极村"].code[:9] + "000"


def test_a_village_written_after_its_township_is_that_one_wherever_repeated(lex):
    # 霍城县's 兰干乡 (listed as 兰干镇) has no 兰干村; the 兰干村 of another county is not it
    from govkg.extractors.pipeline import extract_text
    x = extract_text("霍城县送温暖\n\n家住霍城县兰干乡兰干村的村民领到了煤。县文广局驻兰干村工作队说，新疆各地都在行动。\n",
                     doc="t.txt", lex=lex)
    assert [e.code for e in x.entities if e.name == "兰干村"] == [""]
    assert not [e for e in x.entities if e.name.endswith("兰干村") and e.name != "兰干村"]


def test_a_village_stem_reaches_back_up_to_four_characters_to_its_township(lex):
    _, _, by = run("记者来到阿瓦提县拜什艾日克镇库木奥依拉村，村民说好。", lex)
    assert by["库木奥依拉村"].code == "652928102203" and "依拉村" not in by
