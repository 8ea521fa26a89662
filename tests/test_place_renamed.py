"""Townships written under another level word than the list's (撤乡设镇, 撤镇设街道): read as the
row of the same stem under a county or city the article names, keeping the written name."""
from conftest import find_places as run


def test_a_town_become_a_subdistrict_keeps_its_row(lex):
    _, _, by = run("浏阳市大瑶街道开展评比活动。", lex)
    assert by["大瑶街道"].code == "430181110000" and by["大瑶街道"].parent == "浏阳市"
    assert by["大瑶街道"].level == "township"


def test_the_stem_alone_is_looked_up_only_under_the_places_named(lex):
    _, _, by = run("记者来到大瑶街道，看到一条新修的路。", lex)
    assert "大瑶街道" not in by or by["大瑶街道"].code == ""


def test_a_namesake_elsewhere_gives_way_to_the_named_county_row(lex):
    # 兰干乡 is a row of two other counties; 霍城县's own is 兰干镇
    assert {d.code[:6] for d in lex.divisions_named("兰干乡")} == {"652801", "653226"}
    _, _, by = run("家住霍城县兰干乡的村民领到了煤。", lex)
    assert by["兰干乡"].code.startswith("654023") and by["兰干乡"].parent == "霍城县"


def test_the_county_written_before_the_name_rules_it_everywhere(lex):
    # 渌口区 has 龙潭镇, 芦淞区 none: 芦淞区龙潭街道 is no 渌口区 row, here or later in the text
    _, ms, _ = run("株洲市芦淞区龙潭街道开展评比。后来，龙潭街道又获表彰。", lex)
    assert [m.code for m in ms if m.name == "龙潭街道"] == ["", ""]
    _, _, by = run("株洲市渌口区龙潭街道开展评比。", lex)
    assert by["龙潭街道"].code == "430212109000"
