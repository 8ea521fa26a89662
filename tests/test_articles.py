"""articles: one page cut into articles with title, kicker, dateline, bylines, captions, body."""
import re
from dataclasses import replace

import pytest

from govkg.extractors import extract
from govkg.extractors.articles import split
from govkg.extractors.clean import clean, normal_char
from govkg.graph.cli import main

PAGE = (
    "\n\n“走”出真情 “访”出实效\n\n——集中走访联系群众的实践\n\n"
    "湘潭日报全媒体记者/张三丰\n通讯员/李四 王小五\n\n"
    "问政于民方知得失。近年来,该区在全区140个村全面推行“五访五问”工作要求,推动\n\n"
    "8个镇的镇干部包联140个村,收集民情民意。\n\n"
    "聚焦“急难事”\n\n"
    "栗山镇洪芙村的一口骨干塘年久失修,镇干部协调资金进行了整修。\n\n"
    "湘乡“订单岗位”稳就业\n\n"
    "湘潭日报讯(全媒体记者/赵六 通讯员/钱七、孙八) 近日,湘乡市棋梓镇余庄村,村民正忙着铺设草皮。\n\n"
    "同时,湘乡市还积极探索产业融合发展新模式。\n\n"
    "湘潭首家书店揭牌\n\n\n\n"
    "去年12月31日,一家书店揭牌。这是全省第16家书店。\n\n"
    "湘潭日报全媒体记者/周九 摄\n\n"
    "同城·新媒\n\n\n\n责任编辑:某某 美术编辑:某某\n\n"
    "岳塘区五里堆街道\n\n邻里互助服务站 结出同心“石榴籽”\n\n\n\n"
    "市民正在广场新布置的景观前拍照留念,记者/吴十 摄\n\n"
    "湘潭日报讯(通讯员/郑一) 日前,街道服务站挂牌成立。\n\n"
    "公益广告\n\n冬季烤火取暖 谨防一氧化碳中毒\n"
)


def by_title(arts):
    return {a.title: a for a in arts}


def test_titles_in_page_order():
    arts = split(clean(PAGE, doc="p.txt"))
    assert [a.title for a in arts] == [
        "“走”出真情 “访”出实效", "湘乡“订单岗位”稳就业", "湘潭首家书店揭牌",
        "邻里互助服务站 结出同心“石榴籽”"]
    assert [a.index for a in arts] == [0, 1, 2, 3]
    assert all(a.doc == "p.txt" for a in arts)


def test_byline_block_on_its_own_lines():
    a = split(clean(PAGE))[0]
    assert a.kicker == ("——集中走访联系群众的实践",)
    assert a.source == "湘潭日报"
    assert a.reporters == ("张三丰",) and a.correspondents == ("李四", "王小五")
    assert a.body.startswith("问政于民方知得失。")
    assert "推动8个镇的镇干部" in a.body           # rejoined page break
    assert "聚焦“急难事”" in a.body                 # a subhead stays in the body
    assert "湘潭日报全媒体记者" not in a.body


def test_inline_dateline_byline():
    a = by_title(split(clean(PAGE)))["湘乡“订单岗位”稳就业"]
    assert a.source == "湘潭日报讯"
    assert a.reporters == ("赵六",) and a.correspondents == ("钱七", "孙八")
    assert a.body.startswith("近日,湘乡市棋梓镇余庄村")


def test_photo_item_with_its_own_headline_is_an_article():
    a = by_title(split(clean(PAGE)))["湘潭首家书店揭牌"]
    assert a.reporters == ("周九",) and a.source == "湘潭日报"      # the credit's paper
    assert a.body == "去年12月31日,一家书店揭牌。这是全省第16家书店。"
    assert [c.credit for c in a.captions] == [("周九",)]


def test_caption_is_attached_not_an_article_and_furniture_is_gone():
    arts = split(clean(PAGE))
    a = arts[-1]
    assert a.kicker == ("岳塘区五里堆街道",)
    assert a.reporters == () and a.correspondents == ("郑一",)   # the photo credit is not a byline
    assert [(c.text, c.credit) for c in a.captions] == [
        ("市民正在广场新布置的景观前拍照留念,", ("吴十",))]
    assert a.body == "日前,街道服务站挂牌成立。"            # the advertisement is dropped
    text = "".join(x.body for x in arts)
    for debris in ("同城·新媒", "责任编辑", "公益广告", "拍照留念"):
        assert debris not in text


def test_caption_span_reads_the_original():
    page = clean(PAGE)
    c = by_title(split(page))["邻里互助服务站 结出同心“石榴籽”"].captions[0]
    assert page.text[c.start:c.end] == "市民正在广场新布置的景观前拍照留念,记者/吴十 摄"


def test_article_spans_read_the_body():
    """Original text at Article.span(a, b) reads as body[a:b], minus removed debris/whitespace."""
    page = clean(PAGE.replace("\n", "\r\n").replace("近日", "\u3000近日"))
    for art in split(page):
        assert len(art.body) == len(art.offsets)
        for i, c in enumerate(art.body):
            assert normal_char(page.text[art.offsets[i]]) == c
        for m in re.finditer(r"[^\s。]+", art.body):
            a, b = art.span(m.start(), m.end())
            assert re.sub(r"\s", "", page.text[a:b]) == m.group()
        assert page.text[art.start:art.end].strip().startswith(art.kicker[0] if art.kicker and
                                                               not art.kicker[0].startswith("—")
                                                               else art.title[:4])


def test_commentary_author_line_and_editor_note():
    page = clean("干到极致\n\n——系列评论之一\n\n韦思远\n\n“我们的工作比较日常。”这是一些干部的说法。\n\n"
                 "党建赋能治理 共建幸福家园\n\n编者按\n\n党的二十大报告提出,坚持大抓基层。\n\n"
                 "人民日报记者/卢笛\n\n“利用今年物业费结余,我们干成了几件事。”\n")
    arts = split(page)
    assert [(a.title, a.reporters) for a in arts] == [
        ("干到极致", ("韦思远",)), ("党建赋能治理 共建幸福家园", ("卢笛",))]
    assert arts[1].body.startswith("党的二十大报告提出")


def test_title_choice_in_headline_stacks():
    page = clean("市科技局:\n\n多措并举 落细走实\n\n湘潭日报讯(记者/廖某某) 党史学习开展以来,成效明显。\n\n"
                 "为困境儿童提供精准帮扶\n\n雨湖区建成15个“护苗小屋”\n\n湘潭日报讯(记者/杨某) 日前,小屋落成。\n\n"
                 "我市2村入选省级示范\n\n分别是谷水村、水府村\n\n湘潭日报讯(记者/李某) 两村入选。\n")
    assert [(a.title, a.kicker) for a in split(page)] == [
        ("市科技局:多措并举 落细走实", ()),
        ("雨湖区建成15个“护苗小屋”", ("为困境儿童提供精准帮扶",)),
        ("我市2村入选省级示范", ("分别是谷水村、水府村",))]


def test_empty_and_whitespace_pages_have_no_articles():
    assert split(clean("")) == []
    assert split(clean(" \r\n\u3000\n")) == []


def test_cli_articles_skips_a_binary_file(tmp_path, capsys):
    (tmp_path / "a_good.txt").write_text(PAGE, encoding="gb18030")
    (tmp_path / "b_bad.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe")
    code = main(["articles", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1
    first = next(line for line in out.splitlines() if line.startswith("a_good.txt\t0\t"))
    assert "\t“走”出真情 “访”出实效\t" in first
    assert "b_bad.txt" not in out
    assert f"SKIP {tmp_path / 'b_bad.txt'}: binary" in err


def test_cli_articles_clean_run_exits_zero(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    assert main(["articles", "--json", str(tmp_path)]) == 0
    assert '"title": "湘乡“订单岗位”稳就业"' in capsys.readouterr().out


# ------------------------------------------------------------------ web articles: one paragraph a line
# Invented article in the layout of news sites: title, a line of furniture or a dateline, then one
# paragraph per line with no blank line between.
TITLE = "甲州柳溪镇推行“院落议事” 邻里纠纷就地化解"
BODY = ("“以前有事要跑镇里，现在院坝里就能说清楚。”村民说。\n"
        "今年以来，柳溪镇在12个村推行“院落议事”机制，每月召开一次议事会。\n"
        "杏林村党支部书记宁远山介绍，村里已调解纠纷36起。\n")


def web(*furniture: str, dateline: str = "", tail: str = "", **meta) -> list:
    """split() of the invented web article with the given furniture lines and dateline."""
    text = "\n".join((TITLE,) + furniture) + "\n" + dateline + BODY + tail
    page = clean(text, doc="web.txt")
    return split(replace(page, **meta) if meta else page)


@pytest.mark.parametrize("dateline, source, reporters, correspondents", [
    ("本报讯(记者 萧望舒 通讯员 柏青禾 卜知秋)", "本报讯", ("萧望舒",), ("柏青禾", "卜知秋")),
    ("甲州日报讯(全媒体记者/萧望舒 通讯员/柏青禾)", "甲州日报讯", ("萧望舒",), ("柏青禾",)),
    ("甲州日报讯（记者 萧望舒 特约记者 申屠远 通讯员 柏青禾）", "甲州日报讯", ("萧望舒", "申屠远"), ("柏青禾",)),
    ("本报讯 记者 欧阳晴川 报道 ", "本报讯", ("欧阳晴川",), ()),
    ("乙江新闻网讯 ", "乙江新闻网讯", (), ()),
    ("本报6月3日讯（记者 萧望舒）", "本报6月3日讯", ("萧望舒",), ()),
    ("新华社甲州6月8日电(记者 萧望舒 司徒明月)", "新华社甲州6月8日电", ("萧望舒", "司徒明月"), ()),
    ("【甲州报讯】记者 萧望舒 上海报道：", "甲州报讯", ("萧望舒",), ()),
    ("伊州新闻网讯（记者 帕提古丽·艾合买提江 通讯员 石青禾）", "伊州新闻网讯", ("帕提古丽·艾合买提江",), ("石青禾",)),
])
def test_datelines_of_web_articles(dateline, source, reporters, correspondents):
    [a] = web(dateline=dateline)
    assert (a.title, a.source, a.reporters, a.correspondents) == (TITLE, source, reporters, correspondents)
    assert a.body.startswith("“以前有事要跑镇里")       # the dateline and its byline are not text
    assert a.body.split("\n\n")[1].startswith("今年以来")  # one paragraph a line


@pytest.mark.parametrize("lines, reporters, source", [
    (("文/图 萧望舒",), ("萧望舒",), ""),
    (("文/萧望舒 图/司徒明月",), ("萧望舒", "司徒明月"), ""),
    (("作者：欧阳晴川",), ("欧阳晴川",), ""),
    (("本报记者 萧望舒 文/图",), ("萧望舒",), ""),
    (("来源：丙山融媒体中心",), (), "丙山融媒体中心"),
    (("2023-05-12 09:31 来源：丁县人民政府网", "作者：萧望舒"), ("萧望舒",), "丁县人民政府网"),
    (("来源：丙山融媒体中心  2023-07-19 16:05",), (), "丙山融媒体中心"),
])
def test_byline_and_meta_lines_under_the_title(lines, reporters, source):
    [a] = web(*lines)
    assert (a.title, a.reporters, a.correspondents, a.source) == (TITLE, reporters, (), source)
    assert a.body.startswith("“以前有事要跑镇里")
    for line in lines:
        assert line not in a.body


def test_footer_and_photo_credit_are_not_body():
    [a] = web("来源：丙山融媒体中心", tail="图为村民在院坝里议事。记者 萧望舒 摄\n编辑：温如玉 审核：闻一苇\n")
    assert a.reporters == ("萧望舒",)                    # the photo credits an item no byline names
    assert [(c.text, c.credit) for c in a.captions] == [("图为村民在院坝里议事。", ("萧望舒",))]
    assert a.body.endswith("村里已调解纠纷36起。")
    for furniture in ("编辑", "温如玉", "闻一苇", "丙山融媒体中心"):
        assert furniture not in a.body


def test_dateline_media_are_not_places():
    x = extract(TITLE + "\n辽宁视窗网讯 6月3日，柳溪镇召开议事会。\n" + BODY)
    assert [a.source for a in x.articles] == ["辽宁视窗网讯"]
    assert not [e for e in x.entities if e.name.startswith("辽宁")]


# ------------------------------------------------------------------ a page the reader gave a title
def test_a_titled_page_is_one_article():
    text = (TITLE + "\n甲州日报讯(记者 萧望舒) 近日，柳溪镇召开议事会，12个村的村民代表围坐在院坝里商量事情。\n"
            "杏林村“院落议事”见闻\n本报记者 司徒明月\n村民宁远山说，议事会管用，大家有话摆在桌面上说。\n")
    [a] = split(replace(clean(text), title="柳溪镇的院落议事", authors=("卜知秋", "丙山融媒体中心"),
                        source="甲州新闻网", url="https://example.org/a/1", record=3))
    assert a.title == "柳溪镇的院落议事"
    assert a.reporters == ("萧望舒", "司徒明月", "卜知秋")   # dateline, byline, then the reader's authors
    assert a.source == "甲州日报讯"                          # the dateline's before the reader's
    assert (a.url, a.record, a.index) == ("https://example.org/a/1", 3, 0)
    assert a.body.startswith(TITLE)                          # not the reader's title: body text
    assert "近日，柳溪镇召开议事会，" in a.body and "甲州日报讯" not in a.body


def test_this_papers_dateline_defers_to_the_readers_source():
    [a] = web(dateline="本报讯（记者 萧望舒）", title=TITLE, source="甲州日报")
    assert (a.source, a.reporters) == ("甲州日报", ("萧望舒",))
    assert web(dateline="本报讯（记者 萧望舒）")[0].source == "本报讯"


def test_a_titled_page_drops_the_title_line_and_takes_the_readers_source():
    page = replace(clean(TITLE + "\n" + BODY), title=TITLE, source="甲州新闻网")
    [a] = split(page)
    assert (a.title, a.source) == (TITLE, "甲州新闻网")
    assert a.body.startswith("“以前有事要跑镇里")


def test_a_titled_record_without_text_is_still_its_article():
    [a] = split(replace(clean(""), title=TITLE, date="2023-06-12"))
    assert (a.title, a.body, a.date) == (TITLE, "", "2023-06-12")


# ------------------------------------------------------------------ dates
@pytest.mark.parametrize("lines, dateline, page_date, date", [
    (("2023-05-12 09:31 来源：丁县人民政府网",), "", "2023-06-01", "2023-05-12"),   # its own meta line first
    (("发布时间：2023年5月12日",), "新华社甲州6月8日电 ", "", "2023-05-12"),
    ((), "新华社甲州6月8日电(记者 萧望舒)", "2023-06-12", "2023-06-08"),           # month and day, page's year
    ((), "本报6月8日讯 ", "2023-06-12", "2023-06-08"),
    ((), "新华社甲州12月30日电 ", "2024-01-02", "2023-12-30"),                       # across new year
    ((), "新华社甲州6月8日电 ", "", ""),                                             # no year anywhere: none
    ((), "本报讯 5月10日傍晚，", "2023-06-12", "2023-06-12"),                         # a body date is no dateline
    ((), "本报讯 5月10日傍晚，", "", ""),
])
def test_article_dates(lines, dateline, page_date, date):
    [a] = web(*lines, dateline=dateline, date=page_date)
    assert a.date == date


def test_the_page_headers_date_dates_its_articles():
    page = clean("综合新闻\n\n2023年6月12日 星期一 责任编辑：温如玉 校对：闻一苇\n\n" + TITLE
                 + "\n\n甲州日报记者 萧望舒\n\n" + BODY.replace("\n", "\n\n"))
    assert page.date == "2023-06-12"
    [a] = split(page)
    assert (a.title, a.date, a.reporters) == (TITLE, "2023-06-12", ("萧望舒",))


def test_photo_item_opening_with_its_captioned_photo():
    page = clean(TITLE + "\n\n甲州日报记者 萧望舒\n\n" + BODY.replace("\n", "\n\n") +
                 "柳溪秋收忙\n\n\n\n▲10月8日，柳溪镇村民在收割稻谷。(甲州日报记者 司徒明月 摄)\n\n"
                 "入秋以来，柳溪镇2万亩水稻陆续开镰。\n")
    arts = split(page)
    assert [(a.title, a.reporters, a.source) for a in arts] == [
        (TITLE, ("萧望舒",), "甲州日报"), ("柳溪秋收忙", ("司徒明月",), "甲州日报")]
    assert arts[1].body == "入秋以来，柳溪镇2万亩水稻陆续开镰。"
    assert [c.text for c in arts[1].captions] == ["10月8日，柳溪镇村民在收割稻谷。"]


def test_meta_line_above_the_title():
    text = "2023-05-12 09:31 来源：丁县人民政府网\n" + TITLE + "\n" + BODY
    [a] = split(clean(text))
    assert (a.title, a.source, a.date) == (TITLE, "丁县人民政府网", "2023-05-12")
    assert a.body.startswith("“以前有事要跑镇里")


def test_breadcrumb_is_not_the_title_and_the_meta_line_gives_the_date():
    text = "甲乙新闻网 > 扶贫 >\n大瑶镇推进河长制\n发布时间:2019-06-02 18:07来源: 丁县人民政府网\n" + BODY
    [a] = split(clean(text))
    assert (a.title, a.kicker, a.date, a.source) == ("大瑶镇推进河长制", (), "2019-06-02", "丁县人民政府网")


def test_government_site_article_with_its_byline_at_the_end():
    text = ("己县召开乡村振兴工作推进会\n发布时间：2023-06-12 10:23:45  来源：己县农业农村局\n【字体：大 中 小】\n"
            "6月10日，己县召开乡村振兴工作推进会，总结上半年工作，部署下半年任务。\n"
            "一、抓好产业发展\n各乡镇要因地制宜发展特色产业，带动群众增收致富。\n"
            "（记者 柏青禾 通讯员 卜知秋）\n（责任编辑：温如玉）\n浏览次数：1234\n")
    [a] = split(clean(text))
    assert (a.title, a.kicker, a.source, a.date) == ("己县召开乡村振兴工作推进会", (), "己县农业农村局", "2023-06-12")
    assert (a.reporters, a.correspondents) == (("柏青禾",), ("卜知秋",))
    assert a.body.split("\n\n") == ["6月10日，己县召开乡村振兴工作推进会，总结上半年工作，部署下半年任务。",
                                     "一、抓好产业发展", "各乡镇要因地制宜发展特色产业，带动群众增收致富。"]


# ------------------------------------------------------------------ bylines without role words
@pytest.mark.parametrize("dateline, reporters, correspondents", [
    ("甲州网12月7日电(李四 赵六)", ("李四", "赵六"), ()),
    ("甲州丁县讯(严一舟)", ("严一舟",), ()),
    ("甲州大学新闻中心讯(通讯员:王五 摄影:赵六)", ("赵六",), ("王五",)),
])
def test_dateline_bracket_of_bare_names_or_fields(dateline, reporters, correspondents):
    [a] = split(clean(TITLE + "\n\n" + dateline + " 近日，柳溪镇召开议事会，村民代表围坐在院坝里商量事情。\n"))
    assert (a.reporters, a.correspondents) == (reporters, correspondents)
    assert a.body.startswith("近日")


@pytest.mark.parametrize("tail, reporters", [
    ("(浏阳日报 张三)", ("张三",)), ("(大瑶镇 李飞舟)", ("李飞舟",)), ("(王先一 胡远二)", ("王先一", "胡远二")),
    ("\n\n(刘永一)", ("刘永一",)),
])
def test_credit_closing_the_article(tail, reporters):
    x = extract(TITLE + "\n\n" + BODY.rstrip() + tail + "\n")
    [a] = x.articles
    assert a.reporters == reporters
    people = {e.name for e in x.entities if e.type == "Person"}
    assert set(reporters) <= people
    assert not [e for e in x.entities if e.type == "Organization" and "日报" in e.name]


@pytest.mark.parametrize("text", [
    BODY.rstrip() + "(待续)\n",                                       # not names
    "柳溪镇请来两位老党员(张三 李四)，为村民讲解政策。\n" + BODY,        # names inside, not closing
])
def test_brackets_that_are_no_closing_credit(text):
    [a] = split(clean(TITLE + "\n\n" + text))
    assert a.reporters == ()


def test_a_medium_in_the_author_field_is_no_reporter():
    [a] = split(clean(TITLE + "\n来源: | 作者:大河网\n" + BODY))
    assert a.reporters == ()


def test_a_line_of_names_under_the_headline_is_the_byline():
    [a] = split(clean("亮明身份 认领岗位\n\n柳溪镇创新社区治理模式\n\n叶一蕾 李雪二\n\n" + BODY))
    assert a.reporters == ("叶一蕾", "李雪二") and "叶一蕾" not in a.body


def test_headline_date_field_and_text_glued_on_one_line():
    text = "搜索\n柳溪镇开展巡河工作发表时间:2023-06-09 15:39 6月8日下午，柳溪镇党委书记张三带队巡河。\n"
    [a] = split(clean(text))
    assert (a.title, a.date, a.body) == ("柳溪镇开展巡河工作", "2023-06-09", "6月8日下午，柳溪镇党委书记张三带队巡河。")


def test_a_date_field_inside_a_sentence_is_not_cut_out():
    text = "柳溪镇开展巡河工作\n\n据悉，活动报名的发布时间:2023-06-09 15:39，村民踊跃参加。\n"
    [a] = split(clean(text))
    assert (a.title, a.body) == ("柳溪镇开展巡河工作", "据悉，活动报名的发布时间:2023-06-09 15:39，村民踊跃参加。")


def test_headline_and_date_field_glued_above_the_text():
    [a] = split(clean("柳溪镇开展巡河工作发布时间:2023-06-09\n\n6月8日下午，柳溪镇党委书记张三带队巡河。\n"))
    assert (a.title, a.date) == ("柳溪镇开展巡河工作", "2023-06-09")


def test_a_credited_name_with_a_gloss_inside_cites_its_original_span():
    text = TITLE + "\n\n" + BODY.rstrip() + "(王先一 胡远(yuǎn)二)\n"
    [a] = split(clean(text))
    spans = {n: text[s:e] for n, s, e in a.name_spans}
    assert spans == {"王先一": "王先一", "胡远二": "胡远(yuǎn)二"}
