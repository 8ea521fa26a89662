"""clean: decoding, refusal of non-text, page debris, page-break rejoining, the offset map."""
import pytest

from govkg.extractors import InputError
from govkg.extractors.clean import clean, decode, normal_char, parse_byline, parse_credit, \
    parse_dateline, parse_meta, read_page

TEXT = "湘乡“订单岗位”稳就业\n\n湘潭日报讯(全媒体记者/龚晓岚) 近日,村民正忙着铺设草皮。\n"


def assert_offsets(page):
    """Every clean char is the original char at its offset (whitespace: normalised)."""
    assert len(page.clean) == len(page.offsets)
    for i, c in enumerate(page.clean):
        orig = page.text[page.offsets[i]]
        assert normal_char(orig) == c, (i, c, orig)
        if not c.isspace():
            assert orig == c


# ------------------------------------------------------------------ encodings
@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("gbk"), "gb18030"),
])
def test_each_encoding_reads_the_same_page(tmp_path, data, encoding):
    f = tmp_path / "page.txt"
    f.write_bytes(data)
    page = read_page(f)
    assert page.encoding == encoding
    assert page.text == TEXT                     # the BOM is not part of the text
    assert page.doc == "page.txt"
    assert page.clean.startswith("湘乡“订单岗位”稳就业\n\n湘潭日报讯")
    assert_offsets(page)


def test_binary_file_is_refused_by_name(tmp_path):
    f = tmp_path / "photo.jpg"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError) as e:
        read_page(f)
    assert e.value.path == str(f) and "binary" in e.value.reason


def test_control_characters_without_nul_are_refused():
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(1, 32)) * 20, "x.bin")


def test_undecodable_bytes_are_refused():
    with pytest.raises(InputError, match="decodes as neither"):
        decode(b"abc\x80\xff", "x.txt")


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        read_page(tmp_path / "nope.txt")


def test_empty_and_whitespace_only_files_give_empty_pages(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(" \r\n\u3000\u3000\r\n\t\n".encode("utf-8"))
    for name in ("empty.txt", "blank.txt"):
        page = read_page(tmp_path / name)
        assert page.clean == "" and page.offsets == ()


# ------------------------------------------------------------------ whitespace
def test_crlf_lines_map_to_the_newline():
    text = "标题一行\r\n\r\n记者 张三\r\n通讯员 李四\r\n"
    page = clean(text)
    assert page.clean == "标题一行\n\n记者 张三\n通讯员 李四"      # a byline block keeps its lines
    assert "\r" not in page.clean
    assert_offsets(page)
    nl = page.clean.index("\n")
    assert page.text[page.offsets[nl]] == "\n"


@pytest.mark.parametrize("text, expected", [
    ("标题一行\r\r正文一句。\r", "标题一行\n\n正文一句。"),                      # old Mac line ends
    ("\u3000\u3000冬修水利\u3000惠民生\u3000\n\n\u3000\u3000正文  第一句。",
     "冬修水利 惠民生\n\n正文 第一句。"),                                         # full-width spaces
    ("经镇政府协调,种植方与种苗供应商、蔬\n\n菜销售方分别签订协议。\n",
     "经镇政府协调,种植方与种苗供应商、蔬菜销售方分别签订协议。"),                  # a word cut in two
    ("近年来,该区在全区140个村全面推行“不漏一人、不漏一户”的工作要求,推动\n\n"
     "8个镇的镇干部包联140个村,收集民情民意。\n",
     "近年来,该区在全区140个村全面推行“不漏一人、不漏一户”的工作要求,推动"
     "8个镇的镇干部包联140个村,收集民情民意。"),                                   # a sentence cut
])
def test_normalised_and_rejoined(text, expected):
    page = clean(text)
    assert page.clean == expected
    assert_offsets(page)


def test_full_width_space_maps_to_itself():
    page = clean("\u3000冬修水利\u3000惠民生")
    assert page.clean == "冬修水利 惠民生"
    assert page.text[page.offsets[4]] == "\u3000"


def test_break_after_a_comma_and_inside_a_quote_is_rejoined():
    assert clean("经费虽然紧巴巴,但相比过去,\n\n小区着实打了一场翻身仗。").clean \
        == "经费虽然紧巴巴,但相比过去,小区着实打了一场翻身仗。"
    assert clean("“从普通住户到担当业委会主\n\n任,他积极向党组织靠拢。”").clean \
        == "“从普通住户到担当业委会主任,他积极向党组织靠拢。”"


def test_headlines_are_not_glued_to_what_follows():
    text = ("今年,望城要实现城乡生活垃圾分类全覆盖\n\n包括所有安置小区和商业住宅小区\n\n"
            "长沙晚报讯(记者/李四 通讯员/王五) 4月7日,活动启动。\n\n"
            "部门协同作战, “人防、物防”到位\n\n思想重视是做好防汛工作的第一道“堤坝”。\n\n"
            "温暖送到家,服务送上门\n\n“好作孽哟!”今年3月,一位母亲说。")
    paras = clean(text).clean.split("\n\n")
    assert paras[:3] == ["今年,望城要实现城乡生活垃圾分类全覆盖", "包括所有安置小区和商业住宅小区",
                         "长沙晚报讯(记者/李四 通讯员/王五) 4月7日,活动启动。"]
    assert "部门协同作战, “人防、物防”到位" in paras
    assert "温暖送到家,服务送上门" in paras


def test_photo_caption_in_a_broken_sentence_moves_after_it():
    text = ("会上,每个人都收到了一份礼物。“作为一名有着近40年党龄的党员,我要坚守初心。”读着志愿书,桂\n\n\n\n"
            "老党员在承诺书上写下自己的承诺。柯岚摄\n\n"
            "香花园小区党支部组织委员戴萌十分激动。\n")
    page = clean(text)
    assert page.clean.split("\n\n") == [
        "会上,每个人都收到了一份礼物。“作为一名有着近40年党龄的党员,我要坚守初心。”读着志愿书,"
        "桂香花园小区党支部组织委员戴萌十分激动。",
        "老党员在承诺书上写下自己的承诺。柯岚摄"]
    assert_offsets(page)


# ------------------------------------------------------------------ debris
def test_page_furniture_is_removed():
    text = ("加快项目建设,确保按期投产。▶▶下转08版\n\n"
            "应急管理\n\n2823906 责任编辑:王某 美术编辑:李某 校对:张某\n\n"
            "▲上接第1版\n\n"
            "乙\n\n"
            "12\n\n"
            "同城·新媒\n\n\n\n责任编辑:赵某\n\n"
            "正文继续,群众很满意。\n")
    page = clean(text)
    assert page.clean == "加快项目建设,确保按期投产。\n\n正文继续,群众很满意。"
    assert_offsets(page)


def test_a_short_line_far_from_the_editor_line_is_kept():
    page = clean("应急管理\n\n湘潭日报讯(记者/张三) 日前,演练举行。")
    assert page.clean.startswith("应急管理\n\n")


# ------------------------------------------------------------------ offsets on a messy page
def test_offset_map_on_a_messy_page():
    text = ("\ufeff\r\n\u3000标题\u3000一\r\n\r\n湘潭日报全媒体记者/张三\r\n通讯员/李四 王五\r\n\r\n"
            "正文开头,该区全面推行走访工作要求,推动\r\n\r\n8个镇的干部走访。▶▶下转08版\r\n\r\n责任编辑:某某\r\n")
    page = clean(text)
    assert page.clean == ("标题 一\n\n湘潭日报全媒体记者/张三\n通讯员/李四 王五\n\n"
                          "正文开头,该区全面推行走访工作要求,推动8个镇的干部走访。")
    assert_offsets(page)
    start = page.clean.index("8个镇")
    a, b = page.original(start, start + 3)
    assert page.text[a:b] == "8个镇"


# ------------------------------------------------------------------ furniture parsers
def test_parse_byline_shapes():
    b = parse_byline("湘潭日报全媒体记者/贺子谦")
    assert (b.source, b.reporters, b.correspondents) == ("湘潭日报", ("贺子谦",), ())
    b = parse_byline("通讯员/黎书恒 符家宁")
    assert b.correspondents == ("黎书恒", "符家宁")
    b = parse_byline("湘潭日报·掌上湘潭记者 韦思远 通讯员/卢笛、伍思琪")
    assert (b.source, b.reporters, b.correspondents) == ("湘潭日报·掌上湘潭", ("韦思远",), ("卢笛", "伍思琪"))
    assert parse_byline("记者从市农业农村局获悉,两村入选。") is None
    assert parse_byline("通讯员") is None
    assert parse_byline("记者:请问您的家乡在哪里") is None
    assert parse_byline("记者/阿依古丽·买买提").reporters == ("阿依古丽·买买提",)


def test_parse_dateline():
    by, n = parse_dateline("湘潭日报讯(全媒体记者/钟立平 通讯员/阙显文) 1月4日,会议召开。")
    assert (by.source, by.reporters, by.correspondents) == ("湘潭日报讯", ("钟立平",), ("阙显文",))
    assert "湘潭日报讯(全媒体记者/钟立平 通讯员/阙显文) 1月4日"[n:] == "1月4日"
    by, _ = parse_dateline("湘潭日报·掌上湘潭讯(记者 韦思远 通讯员/聂文博)灾害信息员是…")
    assert by.reporters == ("韦思远",) and by.correspondents == ("聂文博",)
    by, _ = parse_dateline("湖南日报·新湖南客户端1月5日讯(记者 张三 李四 通讯员 王五)近日,会议召开。")
    assert (by.source, by.reporters, by.correspondents) == ("湖南日报·新湖南客户端1月5日讯", ("张三", "李四"), ("王五",))
    by, _ = parse_dateline("新华社长沙1月5日电(记者/赵六)近日,会议召开。")
    assert (by.source, by.reporters) == ("新华社长沙1月5日电", ("赵六",))
    assert parse_dateline("通讯员/黎书恒") is None
    assert parse_dateline("资讯丰富,市民满意。") is None


def test_parse_credit():
    cut, who = parse_credit("市民在景观前拍照留念,记者/欧阳明 摄")
    assert who.reporters == ("欧阳明",) and "市民在景观前拍照留念,记者/欧阳明 摄"[:cut] == "市民在景观前拍照留念,"
    assert parse_credit("老党员写下承诺。柯岚摄") == (len("老党员写下承诺。"), "柯岚")
    assert parse_credit("培训班现场。通讯员 供图")[1] == ""
    assert parse_credit("湘潭日报通讯员/司马青 周一凡 供图")[0] == 0
    assert parse_credit("他从小就十分喜欢去野外摄影") is None
    assert parse_credit("摄") is None


def test_plain_characters_are_never_bad():
    """_bad_chars skips what _PLAIN matches without looking: none of it may be bad."""
    from govkg.extractors.decoding import _PLAIN, _bad_chars, _is_bad
    plain = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and _PLAIN.fullmatch(chr(c))]
    assert len(plain) > 20000
    assert not [c for c in plain if _is_bad(c)]
    assert _bad_chars("正文\x01\ue000\x7f") == 3


# ------------------------------------------------------------------ one paragraph a line
WEB = ("甲州柳溪镇推行“院落议事” 邻里纠纷就地化解\n"
       "本报讯(记者 萧望舒 通讯员 柏青禾)“以前有事要跑镇里，现在院坝里就能说清楚。”村民说。\n"
       "今年以来，柳溪镇在12个村推行“院落议事”机制，每月召开一次议事会，\n"
       "村里的大事小情都拿到院坝里商量。\n"
       "杏林村党支部书记宁远山介绍，村里已调解纠纷36起，群众满意率达到98%。\n")


def test_one_paragraph_a_line_is_recognised_by_content():
    page = clean(WEB.replace("\n", "\r\n"))
    paras = page.clean.split("\n\n")
    assert paras[0] == "甲州柳溪镇推行“院落议事” 邻里纠纷就地化解"
    assert paras[1].startswith("本报讯(记者 萧望舒 通讯员 柏青禾)")
    # a line ending in a comma is a paragraph all the same: such lines are never rejoined
    assert paras[2].endswith("每月召开一次议事会，") and paras[3] == "村里的大事小情都拿到院坝里商量。"
    assert len(paras) == 5
    assert_offsets(page)


@pytest.mark.parametrize("text", [
    "奋斗百年路 启航新征程\n学党史 悟思想 办实事 开新局",                 # a headline in two lines
    "甲州日报全媒体记者/萧望舒\n通讯员/柏青禾 卜知秋",                      # a byline block
    # one paragraph wrapped at a column's width: its lines stop mid-sentence
    "近年来，柳溪镇在全镇12个村全面推行“院落议事”\n机制，每月召开一次议事会。村里的大事小情\n"
    "都拿到院坝里商量，群众满意率达到98%。",
])
def test_blocks_that_are_not_one_paragraph_a_line_keep_their_lines(text):
    assert clean(text).clean == text


def test_a_title_above_one_long_paragraph_is_its_own_paragraph():
    text = "柳溪镇的院落议事\n今年以来，柳溪镇在12个村推行“院落议事”机制，每月召开一次议事会，村里的大事小情都拿到院坝里商量。"
    assert clean(text).clean == text.replace("\n", "\n\n")


# ------------------------------------------------------------------ page header date, footers
def test_the_page_header_gives_the_page_date():
    page = clean("综合新闻\n\n2023年6月12日 星期一 责任编辑：温如玉 美术编辑：闻一苇\n\n柳溪镇的院落议事\n\n正文一句。\n")
    assert page.date == "2023-06-12"
    assert page.clean == "柳溪镇的院落议事\n\n正文一句。"         # header and column name are furniture
    assert clean("柳溪镇的院落议事\n\n6月12日，正文一句。\n").date == ""   # no year: no date


def test_editor_footers_and_credits_are_dropped():
    page = clean(WEB + "编辑：温如玉 审核：闻一苇\n（完）\n")
    assert page.clean.endswith("群众满意率达到98%。")
    page = clean(WEB.rstrip("\n") + "（责任编辑：温如玉）\n")
    assert page.clean.endswith("群众满意率达到98%。")
    assert_offsets(page)


# ------------------------------------------------------------------ the furniture parsers, more forms
@pytest.mark.parametrize("line, source, reporters, correspondents, rest", [
    ("本报讯 记者 萧望舒 报道 “进山不带火！”", "本报讯", ("萧望舒",), (), "“进山不带火！”"),
    ("本报讯 记者 萧望舒 通讯员 柏青禾 近日，会议召开。", "本报讯", ("萧望舒",), ("柏青禾",), "近日，会议召开。"),
    ("乙江新闻网讯 6月3日，记者从市城管局获悉。", "乙江新闻网讯", (), (), "6月3日，记者从市城管局获悉。"),
    ("【甲州报讯】记者 萧望舒 上海报道：会议召开。", "甲州报讯", ("萧望舒",), (), "会议召开。"),
    ("甲州日报讯（记者 萧望舒 特约记者 申屠远 通讯员 柏青禾）会议召开。", "甲州日报讯", ("萧望舒", "申屠远"),
     ("柏青禾",), "会议召开。"),
    ("新华社甲州6月8日电 会议召开。", "新华社甲州6月8日电", (), (), "会议召开。"),
    ("乙江网消息（记者 萧望舒）会议召开。", "乙江网消息", ("萧望舒",), (), "会议召开。"),
])
def test_parse_dateline_forms(line, source, reporters, correspondents, rest):
    by, n = parse_dateline(line)
    assert (by.source, by.reporters, by.correspondents, line[n:]) == (source, reporters, correspondents, rest)


@pytest.mark.parametrize("line", [
    "移动通讯公司在柳溪镇新建了基站。", "村民听到消息后赶到现场。", "今年6月，供电所在村里检修。",
    "本报讯",
])
def test_body_text_is_no_dateline(line):
    assert parse_dateline(line) is None


def test_parse_byline_and_credit_more_forms():
    assert parse_byline("本报记者 萧望舒 文/图").reporters == ("萧望舒",)
    assert parse_byline("■甲州日报记者 萧望舒 通讯员 柏青禾 报道").correspondents == ("柏青禾",)
    assert parse_byline("（本报记者 萧望舒）").reporters == ("萧望舒",)
    assert parse_byline("记者 帕提古丽·艾合买提江").reporters == ("帕提古丽·艾合买提江",)
    assert parse_byline("记者 申屠远、欧阳晴川").reporters == ("申屠远", "欧阳晴川")
    cut, by = parse_credit("▲柳溪镇村民在收割稻谷。(甲州日报记者 司徒明月 摄)")
    assert (by.source, by.reporters) == ("甲州日报", ("司徒明月",))
    assert "▲柳溪镇村民在收割稻谷。(甲州日报记者 司徒明月 摄)"[:cut] == "▲柳溪镇村民在收割稻谷。"
    assert parse_credit("图为村民在议事。记者 萧望舒 摄")[1].reporters == ("萧望舒",)
    assert parse_credit("村民在议事（资料图）") is not None
    assert parse_credit("他说（这是实话）") is None


@pytest.mark.parametrize("line, source, date, reporters, footer", [
    ("来源：丙山融媒体中心  2023-07-19 16:05", "丙山融媒体中心", "2023-07-19", (), False),
    ("2023-05-12 09:31 来源：丁县人民政府网", "丁县人民政府网", "2023-05-12", (), False),
    ("发布时间：2023年5月12日 10:00 | 来源：丁县人民政府网 | 作者：萧望舒", "丁县人民政府网", "2023-05-12",
     ("萧望舒",), False),
    ("作者：萧望舒", "", "", ("萧望舒",), False),
    ("文/图 萧望舒", "", "", ("萧望舒",), False),
    ("文/萧望舒 图/司徒明月", "", "", ("萧望舒", "司徒明月"), False),
    ("2023-11-02 14:20 记者 萧望舒／桂林报道", "", "2023-11-02", ("萧望舒",), False),
    ("编辑：温如玉 审核：闻一苇", "", "", (), True),
    ("发布单位:柳溪镇 发布时间: 2025-11-14 15:32 浏览次数: 字体: [ ]", "柳溪镇", "2025-11-14", (), False),
    ("发布时间:2019-06-02 18:07来源: 丁县人民政府网", "丁县人民政府网", "2019-06-02", (), False),
    (" 2020/06/28/ 00:24 来源:丁县融媒体中心", "丁县融媒体中心", "2020-06-28", (), False),
])
def test_parse_meta(line, source, date, reporters, footer):
    m = parse_meta(line)
    assert (m.source, m.date, m.byline.reporters, m.footer) == (source, date, reporters, footer)


@pytest.mark.parametrize("line", [
    "图：村民在院坝里议事。", "时间：上午九点，地点：村委会。", "来源于群众的意见，我们都认真听。", "2023年，柳溪镇建成议事厅。",
])
def test_sentences_are_no_meta_lines(line):
    assert parse_meta(line) is None


def test_a_page_header_without_editors():
    page = clean("甲州日报\n\n甲州日报 2023-08-03 周四 第3版\n\n柳溪镇的院落议事\n\n正文一句。\n")
    assert (page.clean, page.date) == ("柳溪镇的院落议事\n\n正文一句。", "2023-08-03")


# ------------------------------------------------------------------ pinyin glosses
def test_pinyin_glosses_are_dropped_and_offsets_still_point_at_the_original():
    text = "浏阳市沙市镇严格落实河长(zhǎng)制，开展“净三河(hé)”和“护河(hù hé)”行动。\n"
    page = clean(text)
    assert page.clean == "浏阳市沙市镇严格落实河长制，开展“净三河”和“护河”行动。"
    assert_offsets(page)
    k = page.clean.index("河长制")
    assert page.text[page.offsets[k]:page.offsets[k + 2] + 1] == "河长(zhǎng)制"


@pytest.mark.parametrize("text", [
    "甲村建成A(A)级景区。", "推行PPP(ppp)模式。", "二期(de)工程。", "沙市镇(Shashi Town)介绍。",
])
def test_brackets_of_latin_without_tone_marks_are_text(text):
    assert clean(text).clean == text


# ------------------------------------------------------------------ site furniture
@pytest.mark.parametrize("line", [
    "您所在的位置: 甲州新闻网 >> 聚焦甲州 >> 正文", "您当前的位置 : 甲州网  >  柳溪  >  丁县", "首页 >> 乡村振兴",
    "甲州都市报 > 扶贫 >", "首页 > 新闻中心 > 政务要闻 |", "首页 要闻 柳溪镇推进河长制", "甲州社丁县分社正文",
    "政府信息公开", "甲州日报 数字报纸", "00019版:专刊", "互联网新闻信息许可证:12345678901", "广告位",
])
def test_site_furniture_lines_are_debris(line):
    assert clean(line + "\n\n柳溪镇推进河长制\n\n近日，柳溪镇全面推进河长制。\n").clean == \
        "柳溪镇推进河长制\n\n近日，柳溪镇全面推进河长制。"


@pytest.mark.parametrize("line", [
    "柳溪镇推进河长制", "首页设计大赛在柳溪镇举行", "丁县:“三举措”推动河长制落地", "柳溪镇信息公开工作获好评",
    "甲州日报推出数字报", "位置:柳溪镇村委会东侧",
])
def test_headlines_are_no_site_furniture(line):
    assert clean(line + "\n\n近日，柳溪镇全面推进河长制。\n").clean.startswith(line)
