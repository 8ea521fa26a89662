"""Programmes: quotes with a cue or head are names, speech and slogans are not (links: test_program_links)."""
import pytest

from govkg.extractors import program_names, programs
from govkg.extractors.lexicon import load
from govkg.extractors.records import Article, Mention


def art(body: str, shift: int = 0) -> Article:
    return Article(doc="t", index=0, title="", body=body,
                   offsets=tuple(range(shift, shift + len(body))), end=shift + len(body))


def names(body: str) -> list[str]:
    return list(dict.fromkeys(m.name for m in programs.find(art(body), [], [], load())))


@pytest.mark.parametrize("body, expected", [
    ("甲县全面推行“小院议事日”工作,效果明显。", ["小院议事日"]),          # cue and head
    ("村里建起了“书香驿站”项目。", ["书香驿站"]),                          # head only
    ("乙镇结合“一对二”“五长制”工作推进治理。", ["一对二", "五长制"]),      # a listed pair
    ("该区建立联席调度制度,每周会商。", ["联席调度制度"]),                 # unquoted form after a cue
    ("该村入选2023年度省级生态文化示范村名单。", ["省级生态文化示范村"]),  # honour, amount stripped
    ("丁村是首批传统村落。这里是传统村落。", ["传统村落"]),          # 是 before a batch only
    ("戊县争创省级园林城市。", ["省级园林城市"]),
    ("己县在全县建成就业车间46个。", ["就业车间"]),
    ("去年,丙村被列入“第七批中国历史文化名村”名录。", ["中国历史文化名村"]),   # 第N批 dropped
])
def test_names_found(body, expected):
    assert names(body) == expected


@pytest.mark.parametrize("body", [
    "他说:“今年的收成真好,大家都很满意。”",            # quoted speech
    "按照“不落一人、不落一户”的要求走访。",              # slogan before 的
    "社区搭建党群干群“连心桥”。",                        # figure of speech (stop list)
    "有“模”有样。",                                      # a lone character
    "开展宣传活动,发放资料200份。",                     # a generic event, not a named one
    "以“欢度新年”等为主题布置花卉。",                   # no cue, no head
])
def test_not_programmes(body):
    assert names(body) == []


def test_quoted_core_with_naming_head_is_one_programme_with_aliases():
    body = "该市持续推进“减证便民”改革。减证便民改革让群众少跑腿。"
    ms = programs.find(art(body, shift=100), [], [], load())
    assert {m.name for m in ms} == {"减证便民改革"}
    assert "“减证便民”改革" in {m.surface for m in ms}
    first = ms[0]
    assert (first.start, first.end) == (100 + body.index("“"), 100 + body.index("。"))
    assert first.pos == body.index("“")


def test_generic_endings_merge_to_the_core_name():
    body = "该区上线“就业通”平台,群众可在‘就业通’App上登记。"
    ms = programs.find(art(body), [], [], load())
    assert {m.name for m in ms} == {"就业通"}
    assert {m.kind for m in ms} == {"platform"}


def test_national_programme_with_alias_and_recurrence():
    body = "甲区推行河长制。河长制实施以来,甲区开展“我为群众办实事”实践活动,为群众办实事120件。"
    ms = programs.find(art(body), [], [], load())
    by_name = {}
    for m in ms:
        by_name.setdefault(m.name, []).append(m.surface)
    assert by_name["河长制"] == ["河长制", "河长制"]
    assert set(by_name["我为群众办实事"]) == {"我为群众办实事", "为群众办实事"}


def test_empty_article():
    a = art("")
    assert programs.find(a, [], [], load()) == []
    assert programs.relate(a, [], load()) == []


def test_listed_items_before_a_counted_head_are_projects():
    body = "截断了污染源,甲河治理、乙港环境整治等9个项目陆续完工。"
    assert names(body) == ["甲河治理", "乙港环境整治"]
    assert names("村里开设采茶体验、扎染体验等项目。") == []        # no count: activities


def test_later_list_items_must_end_in_their_head():
    body = "专家对风险普查组织实施、风险普查系统操作进行讲解。"
    assert names(body) == []
    assert names("该局实行督办制、约谈制、问责制管理。") == ["督办制", "约谈制", "问责制"]


def test_headline_cut_short_merges_into_the_full_name():
    body = "我市2村入选省级文明示范\n\n本市入选省级文明示范村的村有两个。"
    ms = programs.find(art(body), [], [], load())
    assert {m.name for m in ms} == {"省级文明示范村"}
    assert "省级文明示范" in {m.surface for m in ms}


def test_tail_first_searches_find_what_the_plain_patterns_find():
    """_listed and _x_zhi start from a pattern's tail; they must give finditer's matches."""
    from pathlib import Path
    from govkg.extractors import articles, clean
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    bodies = [a.body for p in sorted(seeds.glob("*.txt")) for a in articles.split(clean.read_page(p))]
    bodies += ["甲乙、丙丁等项目，实行河长制、林长制和田长制管理。推行网格制和巷长制。",
               "推行巷长制，" + "某" * 100 + "等3个重点项目，" + "等项目" * 3 + "，和林长制管理",
               "甲乙丙丁等" + "等" * 80 + "项目"]
    t = program_names.tables(load())
    for fast, rx in ((program_names._listed, t["listed"]), (program_names._x_zhi, t["x_zhi"])):
        found = [[m.span() + m.groups() for m in fast(b, t)] for b in bodies]
        assert found == [[m.span() + m.groups() for m in rx.finditer(b)] for b in bodies]
        assert sum(map(len, found)) >= 3


@pytest.mark.parametrize("body, expected", [
    ("乡里推行“警长+调解员”联动机制。", ["警长+调解员"]),             # an X+Y model
    ("社区每月召开一次“邻里夜谈”,收集诉求。", ["邻里夜谈"]),          # cue, then a count
    ("今年全乡打响“山乡红薯”区域公用品牌。", ["山乡红薯"]),          # modifier before the head
    ("该镇被评为全省“清洁渔港”建设示范镇。", ["清洁渔港建设示范镇"]),  # a short core joins its honour
    ("社区还开设了“同心圆”议事厅。", ["同心圆议事厅"]),
    ("甲区深化“一网统管”改革。", ["一网统管"]),                       # a national name stays bare
    ("爱心人士代表获得“荣誉证书”。", []),                             # a certificate is no programme
    ("以「洁净乡村」「和美乡村」为抓手,开展整治。", ["洁净乡村", "和美乡村"]),  # a run's head
    ("推进“农文旅”融合发展。", ["农文旅"]),
    ("引入企业建设“乡村百工坊”。", ["乡村百工坊"]),                  # 建设 cues a quote
    ("一期建设100兆瓦光伏组件项目。", []),                            # but not a form
])
def test_quoted_names_by_model_count_modifier_and_join(body, expected):
    assert names(body) == expected


def test_a_quote_right_after_a_place_is_a_name():
    body = "丙村先后获评省级文明村和丁市“和睦村”。戊县：“最美小院”评出新风尚。"
    places = [Mention(type="Place", name=n, surface=n, article=0, start=body.index(n),
                      end=body.index(n) + len(n), level=lv, pos=body.index(n))
              for n, lv in (("丙村", "village"), ("丁市", "city"), ("戊县", "county"))]
    found = {m.name for m in programs.find(art(body), places, [], load())}
    assert {"和睦村", "最美小院"} <= found
    places.append(place(body, "和睦村", "village"))             # read as a place too: still a name
    assert "和睦村" in {m.name for m in programs.find(art(body), places, [], load())}


def place(body: str, name: str, level: str, code: str = "") -> Mention:
    i = body.index(name)
    return Mention(type="Place", name=name, surface=name, article=0, start=i, end=i + len(name),
                   level=level, code=code, pos=i)


def test_unquoted_plus_models_lose_their_verb_and_tail():
    assert names("乡里建立护林员+巡防员、楼长+村医等协作机制。") == ["护林员+巡防员", "楼长+村医"]


def test_a_leading_place_with_a_batch_or_verb_is_not_part_of_the_name():
    body = "今年,甲市入选乙省首批森林康养示范基地。丙县将推动丁镇创建国家生态旅游示范区。"
    places = [place(body, "甲市", "city", "1"), place(body, "乙省", "province", "2"),
              place(body, "丙县", "county", "3"), place(body, "丁镇", "township", "4")]
    found = {m.name for m in programs.find(art(body), places, [], load())}
    assert found == {"森林康养示范基地", "国家生态旅游示范区"}


def test_a_short_place_form_stays_in_the_name_and_names_inside_places_go():
    body = "戊区开发戊城志愿者联盟APP。庚山打造“庚山红”品牌,庚山红村游客多。"
    places = [place(body, "戊区", "county", "5"), place(body, "戊城", "county"),
              place(body, "庚山红村", "village", "6")]
    found = [(m.name, m.pos) for m in programs.find(art(body), places, [], load())]
    assert found == [("戊城志愿者联盟APP", 4), ("庚山红", body.index("“") + 1)]


def test_a_form_joining_two_things_is_not_one_name():
    assert names("县里推行林长制与生态护林员制度,效果明显。") == ["林长制"]


@pytest.mark.parametrize("body, expected", [
    ("甲县的路长制成效明显。", ["路长制"]),                 # a chief system without a cue
    ("乙村的家长制作风要改。", []),                         # a word that only ends like one
    ("县长制定了方案。", []),
    ("丙镇全面开展百日攻坚行动。", ["百日攻坚行动"]),        # a numbered campaign without quotes
    ("大家一起行动,完成一个工程。", []),
])
def test_unquoted_chief_systems_and_numbered_campaigns(body, expected):
    assert names(body) == expected


def test_a_quoted_name_listed_before_a_national_programme_is_one():
    assert "寇家会" in names("村里把“寇家会”和网格化管理结合起来。")
    assert "寇家会" not in names("村里把“寇家会”的说法记了下来。")


def test_quoted_names_counted_before_their_shared_head():
    body = "甲县打造享誉全省的“田园党建”“甜蜜党建”“金凤党建”等3个“党建+合作社”品牌。"
    assert {"田园党建", "甜蜜党建", "金凤党建"} <= set(names(body))
    assert "好看" not in names("甲县的风景“好看”“好玩”等3个“特点”让人难忘。")
    assert not [n for n in names("检查组来到甲县农村改革试点实验项目建设现场。") if n.endswith("实验项目")]
