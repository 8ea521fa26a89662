"""implements and partners: only actors the sentence names or a reference makes certain."""
from govkg.extractors import program_links, programs
from govkg.extractors.lexicon import load
from govkg.extractors.records import Article, Mention


def art(body: str) -> Article:
    return Article(doc="t", index=0, title="", body=body, offsets=tuple(range(len(body))), end=len(body))


def actor(body: str, surface: str, type_: str = "Place", level: str = "county", nth: int = 0) -> Mention:
    pos = -1
    for _ in range(nth + 1):
        pos = body.index(surface, pos + 1)
    return Mention(type=type_, name=surface, surface=surface, article=0, start=pos,
                   end=pos + len(surface), level=level if type_ == "Place" else "",
                   kind="government" if type_ == "Organization" else "", pos=pos)


def implements(body: str, actors: list[Mention]) -> set[tuple[str, str]]:
    a = art(body)
    progs = programs.find(a, [m for m in actors if m.type == "Place"],
                          [m for m in actors if m.type == "Organization"], load())
    return {(r.s, r.o) for r in programs.relate(a, actors + progs, load()) if r.p == "implements"}


def test_subject_is_the_last_of_a_chain_and_no_actor_is_guessed_across_sentences():
    body = ("甲区召开会议。甲区乙镇丙社区开展“邻里守望”活动。近日,“邻里守望”活动走进小区。"
            "“邻里守望”活动深受欢迎。")
    places = [actor(body, "甲区"), actor(body, "甲区", nth=1),
              actor(body, "乙镇", level="township"), actor(body, "丙社区", level="village")]
    a = art(body)
    rels = programs.relate(a, places + programs.find(a, places, [], load()), load())
    [r] = [r for r in rels if r.p == "implements"]
    assert (r.s, r.o) == ("丙社区", "邻里守望")
    assert [e.sentence[:2] for e in r.evidence] == ["甲区"]


def test_prefers_subject_over_locative_and_resolves_by():
    body = "丁区市场监管局在某广场开展“安全骑行”宣传活动。该活动由戊市总工会主办。"
    orgs = [actor(body, "丁区市场监管局", "Organization"), actor(body, "某广场", "Organization"),
            actor(body, "戊市总工会", "Organization")]
    assert implements(body, orgs) == {("丁区市场监管局", "安全骑行")}


def test_reference_resolves_to_the_nearest_place_of_its_level_not_to_a_chain():
    body = "己县位于湘东。己县庚镇风景优美。该县实施“清水工程”。"
    places = [actor(body, "己县"), actor(body, "己县", nth=1), actor(body, "庚镇", level="township")]
    assert implements(body, places) == {("己县", "清水工程")}


def test_speaker_and_source_clauses_are_not_the_subject():
    body = ("辛县农业局局长王某说,县里推行“田间课堂”。"
            "记者从壬市水务局获悉,癸镇全面推行“一塘一档”。")
    ms = [actor(body, "辛县", nth=0), actor(body, "辛县农业局", "Organization"),
          actor(body, "壬市水务局", "Organization"), actor(body, "癸镇", level="township")]
    assert implements(body, ms) == {("辛县", "田间课堂"), ("癸镇", "一塘一档")}


def test_speech_with_no_actor_gives_no_link():
    body = "子县农业局局长王某说,下一步将推行“田间课堂”。"
    assert implements(body, [actor(body, "子县农业局", "Organization")]) == set()


def test_a_later_clause_subject_after_a_leading_programme():
    body = "作为“议事长廊”工作的发源地,近年来,丑镇在各村推广这一做法。"
    assert implements(body, [actor(body, "丑镇", level="township")]) == {("丑镇", "议事长廊")}


def test_listed_subjects_roll_out_places_and_the_conferring_body_each_get_a_link():
    body = ("寅县将在卯镇、辰镇等地推广“积分银行”模式。"
            "巳村、午村等3个村入选省级生态示范村。"
            "未村被申市文明办命名为“星级文明村”。")
    ms = [actor(body, "寅县"), actor(body, "卯镇", level="township"),
          actor(body, "辰镇", level="township"), actor(body, "巳村", level="village"),
          actor(body, "午村", level="village"), actor(body, "未村", level="village"),
          actor(body, "申市文明办", "Organization")]
    assert implements(body, ms) == {
        ("寅县", "积分银行"), ("卯镇", "积分银行"), ("辰镇", "积分银行"),
        ("巳村", "省级生态示范村"), ("午村", "省级生态示范村"),
        ("未村", "星级文明村"), ("申市文明办", "星级文明村")}


def test_a_body_named_after_a_programme_runs_it():
    body = "酉区河长制办公室负责人介绍了情况。"
    assert implements(body, [actor(body, "酉区河长制办公室", "Organization")]) == {("酉区河长制办公室", "河长制")}


def test_partners_by_joint_verbs_and_pairs():
    body = "辛社区联合壬公司更换管道。癸局与子局签订合作协议。甲县和乙县各有一村上榜。"
    a = art(body)
    ms = [actor(body, "辛社区", level="village"), actor(body, "壬公司", "Organization"),
          actor(body, "癸局", "Organization"), actor(body, "子局", "Organization"),
          actor(body, "甲县"), actor(body, "乙县")]
    rels = program_links.relate(a, ms, load())
    pairs = {(r.s, r.o) for r in rels if r.p == "partners"}
    assert pairs == {("辛社区", "壬公司"), ("癸局", "子局")}     # two places listed: no link
    ev = next(r.evidence[0] for r in rels if r.s == "癸局")
    assert ev.sentence == "癸局与子局签订合作协议。"


def test_partners_co_subject_bodies_support_and_bare_level_word():
    body = ("近日,甲局(甲办)、乙局、丙局等部门联合发文。"
            "丁村、戊村在己局的资金支持下种粮。"
            "庚社区疏通下水道。去年,社区联合辛公司更换管道。")
    a = art(body)
    ms = [actor(body, "甲局", "Organization"), actor(body, "乙局", "Organization"),
          actor(body, "丙局", "Organization"), actor(body, "丁村", level="village"),
          actor(body, "戊村", level="village"), actor(body, "己局", "Organization"),
          actor(body, "庚社区", level="village"), actor(body, "辛公司", "Organization")]
    pairs = {(r.s, r.o) for r in program_links.relate(a, ms, load()) if r.p == "partners"}
    assert pairs == {("甲局", "乙局"), ("甲局", "丙局"), ("丁村", "己局"), ("戊村", "己局"),
                     ("庚社区", "辛公司")}


def test_partners_after_an_adverb_a_reference_or_a_clause_and_each_of_a_list():
    body = ("甲镇召开会议。镇里还与乙公司签订共建协议。"
            "丙县同时与丁学院、戊大学等高校合作培训人才。"
            "己市全面落实河长制，并与庚支队、辛局建立联防机制。"
            "壬村与癸村的差距在缩小。子县还与丑县的干部座谈。")
    a = art(body)
    ms = [actor(body, "甲镇", level="township"), actor(body, "乙公司", "Organization"),
          actor(body, "丙县"), actor(body, "丁学院", "Organization"), actor(body, "戊大学", "Organization"),
          actor(body, "己市", level="city"), actor(body, "庚支队", "Organization"),
          actor(body, "辛局", "Organization"), actor(body, "壬村", level="village"),
          actor(body, "癸村", level="village"), actor(body, "子县"), actor(body, "丑县")]
    pairs = {(r.s, r.o) for r in program_links.relate(a, ms, load()) if r.p == "partners"}
    assert pairs == {("甲镇", "乙公司"), ("丙县", "丁学院"), ("丙县", "戊大学"),
                     ("己市", "庚支队"), ("己市", "辛局")}     # no pair verb: no partners


def test_empty_article():
    assert program_links.relate(art(""), [], load()) == []


def test_the_programme_clause_subject_outranks_the_sentence_subject():
    body = "甲镇的做法已在全市推广,下一步乙市将在丙镇试点“一码通办”。"
    ms = [actor(body, "甲镇", level="township"), actor(body, "乙市", level="city"),
          actor(body, "丙镇", level="township")]
    assert implements(body, ms) == {("乙市", "一码通办"), ("丙镇", "一码通办")}


def test_the_place_helped_to_an_honour_runs_it_and_a_ranking_is_no_roll_out():
    body = "丁县将推动戊镇创建国家级生态示范镇。己区在庚省率先推行“河湖管家”模式。"
    ms = [actor(body, "丁县"), actor(body, "戊镇", level="township"),
          actor(body, "己区"), actor(body, "庚省", level="province")]
    assert implements(body, ms) == {("戊镇", "国家级生态示范镇"), ("己区", "河湖管家")}


def test_semicolon_part_first_then_the_whole_sentence_and_joint_partners():
    body = ("辛村与壬大学签订协议;村里还打造了“山泉米”品牌。"
            "癸区已解决问题15个;围绕推进“容缺受理”改革,解决问题36个。"
            "合作社还与子学院共同开发“稻田课堂”项目。")
    ms = [actor(body, "辛村", level="village"), actor(body, "壬大学", "Organization"),
          actor(body, "癸区"), actor(body, "子学院", "Organization")]
    assert implements(body, ms) == {("辛村", "山泉米"), ("癸区", "容缺受理改革"),
                                    ("子学院", "稻田课堂")}


def test_by_x_belongs_to_the_programme_its_colon_explains():
    body = "丑市把“清河行动”纳入考核,并推广寅县“检察+河长”机制:由卯院与辰办联合开展巡查。"
    ms = [actor(body, "丑市", level="city"), actor(body, "寅县"),
          actor(body, "卯院", "Organization"), actor(body, "辰办", "Organization")]
    assert implements(body, ms) == {("丑市", "清河行动"), ("丑市", "检察+河长"),
                                    ("卯院", "检察+河长"), ("寅县", "检察+河长")}


def test_a_partner_who_works_with_the_subject_takes_part():
    body = ("巳镇还与午银行签订共建协议,在各社区设立“惠民服务站”。"
            "未村与申大学农学院的专家座谈,打造“山泉米”品牌。")
    ms = [actor(body, "巳镇", level="township"), actor(body, "午银行", "Organization"),
          actor(body, "未村", level="village"), actor(body, "申大学", "Organization")]
    assert implements(body, ms) == {("巳镇", "惠民服务站"), ("午银行", "惠民服务站"),
                                    ("未村", "山泉米")}


def test_the_model_a_roll_out_follows_and_the_place_before_an_honour():
    body = ("酉市将以戌村为示范,在亥镇推广“合作社+农户”模式。"
            "子县将以丑村为样板,推广茶叶产业,打造“丑山茶”品牌。"
            "今年,寅市入选卯省首批森林康养示范基地。")
    ms = [actor(body, "酉市", level="city"), actor(body, "戌村", level="village"),
          actor(body, "亥镇", level="township"), actor(body, "子县"),
          actor(body, "丑村", level="village"), actor(body, "寅市", level="city"),
          actor(body, "卯省", level="province")]
    assert implements(body, ms) == {
        ("酉市", "合作社+农户"), ("戌村", "合作社+农户"), ("亥镇", "合作社+农户"),
        ("子县", "丑山茶"), ("寅市", "森林康养示范基地"), ("卯省", "森林康养示范基地")}


def test_places_inside_a_name_run_nothing_but_a_division_opening_it_owns_it():
    body = "辰市发布甲乡村示范村名单。辰城开发辰城志愿者联盟APP。除了巳市,午市推行“邻里帮”活动。"
    ms = [actor(body, "辰市", level="city"), actor(body, "甲乡村", level="village"),
          actor(body, "辰城", level="city"),
          Mention(type="Place", name="辰市", surface="辰城", article=0, start=body.index("辰城志"),
                  end=body.index("辰城志") + 2, level="city", code="1", pos=body.index("辰城志")),
          actor(body, "巳市", level="city"), actor(body, "午市", level="city")]
    a = art(body)
    progs = [Mention(type="Program", name="甲乡村示范村", surface="甲乡村示范村", article=0,
                     start=body.index("甲乡村"), end=body.index("甲乡村") + 6, kind="honour",
                     pos=body.index("甲乡村"))] + programs.find(a, ms, [], load())
    got = {(r.s, r.o) for r in programs.relate(a, ms + progs, load()) if r.p == "implements"}
    assert ("甲乡村", "甲乡村示范村") not in got
    assert ("辰市", "辰城志愿者联盟APP") in got
    assert ("午市", "邻里帮") in got and ("巳市", "邻里帮") not in got


def test_a_body_read_from_the_programme_words_is_no_actor_and_set_up_places_roll_out():
    body = "未镇在申村、酉村等村设立“暖心服务站”。"
    ms = [actor(body, "未镇", level="township"), actor(body, "申村", level="village"),
          actor(body, "酉村", level="village"), actor(body, "暖心服务站", "Organization")]
    assert implements(body, ms) == {("未镇", "暖心服务站"), ("申村", "暖心服务站"), ("酉村", "暖心服务站")}


def test_a_clause_initial_cooperative_refers_to_the_one_named_before():
    body = "戌村成立了戌村果蔬专业合作社。合作社还与亥学院共同开发“果园课堂”项目。"
    ms = [actor(body, "戌村", level="village"), actor(body, "戌村果蔬专业合作社", "Organization"),
          actor(body, "亥学院", "Organization")]
    assert implements(body, ms) == {("戌村果蔬专业合作社", "果园课堂"), ("亥学院", "果园课堂")}


def test_a_division_opening_a_quoted_name_does_not_own_it():
    body = "丙县以「整洁庭院」「和美乡村」为抓手。"
    ms = [actor(body, "丙县"),
          Mention(type="Place", name="和美乡", surface="和美乡", article=0, start=body.index("和美乡"),
                  end=body.index("和美乡") + 3, level="township", code="9", pos=body.index("和美乡"))]
    assert implements(body, ms) == {("丙县", "整洁庭院"), ("丙县", "和美乡村")}


def test_a_place_before_a_post_is_no_subject_nor_is_a_later_clause_after_a_person():
    body = ("辰大学教授、全国河长制专家王某来此调研。"
            "巳社区网格员李某发现隐患,她立即通过“一键报”平台上报,午街道执法队到场处置。"
            "“水美乡村”称号公布,未市榜上有名。")
    ms = [actor(body, "辰大学", "Organization"), actor(body, "巳社区", level="village"),
          actor(body, "午街道执法队", "Organization"), actor(body, "未市", level="city")]
    assert implements(body, ms) == {("未市", "水美乡村")}


def test_a_bracketed_short_form_in_a_subject_list_is_not_another_item():
    body = "近日,甲办(乙办)、丙局举办“风险普查”培训班。"
    ms = [actor(body, "甲办", "Organization"), actor(body, "乙办", "Organization"),
          actor(body, "丙局", "Organization")]
    assert implements(body, ms) == {("甲办", "风险普查"), ("丙局", "风险普查")}


def test_a_road_runs_no_programme():
    body = "甲区推行垃圾分类。乙大道沿线推行垃圾分类。"
    ms = [actor(body, "甲区"), actor(body, "乙大道", level="street")]
    assert implements(body, ms) == {("甲区", "生活垃圾分类")}


def test_a_clause_initial_xiaoqu_is_the_compound_the_paragraph_is_about():
    body = "甲花园业委会主任说，小区实行垃圾分类以来，准确率很高。小区门前的乙路旁，新建了垃圾分类亭。"
    ms = [actor(body, "甲花园", level="compound")]
    assert implements(body, ms) == {("甲花园", "生活垃圾分类")}


def test_a_body_brought_in_to_build_a_programme_takes_part_in_it():
    body = "甲村引入乙公司建设“丙坊”，又吸引丁公司来参观“丙坊”。"
    ms = [actor(body, "甲村", level="village"), actor(body, "乙公司", "Organization"),
          actor(body, "丁公司", "Organization")]
    assert implements(body, ms) == {("甲村", "丙坊"), ("乙公司", "丙坊")}     # 丁公司 only visits


def test_who_publishes_a_bulletin_on_a_programme_does_not_run_it():
    body = "甲部编发《河长制工作简报》，对这一做法给予肯定。乙县出台《河长制工作方案》。"
    acts = [actor(body, "甲部", "Organization"), actor(body, "乙县")]
    got = implements(body, acts)
    assert ("甲部", "河长制") not in got and ("乙县", "河长制") in got
