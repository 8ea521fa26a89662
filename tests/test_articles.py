"""articles: one page cut into articles with title, kicker, dateline, bylines, captions, body."""
import re

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
