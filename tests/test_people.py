"""people.find/relate on small sentences, with hand-built place and organisation mentions."""
from dataclasses import replace

from govkg.extractors import organizations, people
from govkg.extractors.lexicon import load
from govkg.extractors.records import Article, Mention


def art(text: str, **kw) -> Article:
    return Article(doc="t", index=0, title="", body=text, offsets=tuple(range(len(text))),
                   start=0, end=len(text), **kw)


def place(text: str, surface: str, level: str) -> Mention:
    pos = text.index(surface)
    return Mention(type="Place", name=surface, surface=surface, article=0, start=pos,
                   end=pos + len(surface), level=level, code="430100000000", pos=pos)


def every(text: str, surface: str, level: str) -> list[Mention]:
    """A place mention at each occurrence of ``surface``, as the place finder gives them."""
    first = place(text, surface, level)
    out, pos = [], text.find(surface)
    while pos >= 0:
        out.append(Mention(type="Place", name=surface, surface=surface, article=0, start=pos,
                           end=pos + len(surface), level=level, code=first.code, pos=pos))
        pos = text.find(surface, pos + 1)
    return out


def run(text: str, places: list[Mention], **kw):
    a = art(text, **kw)
    lex = load()
    orgs = organizations.find(a, places, lex)
    ppl = people.find(a, orgs, places, lex)
    return ppl, people.relate(a, places + orgs + ppl, lex)


def test_village_post_goes_to_the_village_with_the_title_as_written():
    text = "“预计下月完工。”柳林江村党支部书记钟立平说。"
    ppl, rels = run(text, [place(text, "柳林江村", "village")])
    assert [p.name for p in ppl] == ["钟立平"]
    assert [(r.s, r.o, r.title) for r in rels] == [("钟立平", "柳林江村", "党支部书记")]


def test_level_titles_name_their_own_organ_or_place():
    text = "长沙市召开会议。市委书记龚晓岚出席,副市长、市河长办主任聂远介绍。"
    ppl, rels = run(text, [place(text, "长沙市", "city")])
    got = {(r.s, r.o, r.title) for r in rels}
    assert ("龚晓岚", "长沙市委", "市委书记") in got
    assert ("聂远", "长沙市", "副市长") in got
    assert ("聂远", "长沙市河长办", "主任") in got


def test_organisation_then_post():
    text = "雨花区召开会。雨花区发改局局长伍靖说。"
    ppl, rels = run(text, [place(text, "雨花区", "county")])
    assert [(r.s, r.o, r.title) for r in rels] == [("伍靖", "雨花区发改局", "局长")]


def test_anonymous_and_hidden_names_are_not_people():
    text = "居民李女士说,居民小鱼(化名)家里困难,居民王大爷表示满意。"
    ppl, _ = run(text, [])
    assert ppl == []


def test_bylines_are_people_without_posts():
    text = "日前,岳麓区开展活动。"
    ppl, rels = run(text, [place(text, "岳麓区", "county")], reporters=("贺子谦",), correspondents=("黎书恒",))
    assert [p.name for p in ppl] == ["贺子谦", "黎书恒"]
    assert rels == []


def test_ordinary_words_after_a_role_are_not_names():
    text = "组织党员干部宣讲政策,志愿者来到社区。"
    ppl, _ = run(text, [])
    assert ppl == []


def org(text: str, surface: str, kind: str = "party", name: str = "") -> Mention:
    pos = text.index(surface)
    return Mention(type="Organization", name=name or surface, surface=surface, article=0, start=pos,
                   end=pos + len(surface), kind=kind, pos=pos)


def posts_of(rels) -> set[tuple[str, str, str]]:
    return {(r.s, r.o, r.title) for r in rels}


def test_town_and_subdistrict_party_secretaries_go_to_the_place():
    text = "白沙镇召开会议。白沙镇党委书记邹明德说，镇里将推进。望城街道党工委书记谭晓芸介绍，街道已完成。"
    ppl, rels = run(text, every(text, "白沙镇", "township") + every(text, "望城街道", "township"))
    assert [p.name for p in ppl] == ["邹明德", "谭晓芸"]
    assert posts_of(rels) == {("邹明德", "白沙镇", "党委书记"), ("谭晓芸", "望城街道", "党工委书记")}


def test_a_bare_town_post_is_the_town_of_the_paragraph():
    text = "在白沙镇，镇党委书记邹明德带领班子成员走访农户。"
    _, rels = run(text, [place(text, "白沙镇", "township")])
    assert posts_of(rels) == {("邹明德", "白沙镇", "党委书记")}


def test_several_titles_before_one_name_join_into_one_title():
    text = "在白沙镇，副镇长、镇级河长黎书恒说，河道已清理。青山村党总支书记、村级河长贺子谦介绍，村里设了公示牌。"
    _, rels = run(text, [place(text, "白沙镇", "township"), place(text, "青山村", "village")])
    assert posts_of(rels) == {("黎书恒", "白沙镇", "副镇长、镇级河长"),
                              ("贺子谦", "青山村", "党总支书记、村级河长")}


def test_first_secretary_sent_to_a_village_and_a_compound_surname():
    text = "省农业农村厅派驻青山村的第一书记欧阳晓峰到任后，带着村两委班子跑市场。"
    ppl, rels = run(text, [place(text, "青山村", "village")])
    assert [p.name for p in ppl] == ["欧阳晓峰"]
    assert posts_of(rels) == {("欧阳晓峰", "青山村", "第一书记")}


def test_grassroots_posts_without_a_body_go_to_the_village_or_community():
    text = "青山村划了8个网格。网格员龙翠屏每天走村入户。枫林社区也有网格。社区干部彭丽君每周走访。"
    _, rels = run(text, [place(text, "青山村", "village"), place(text, "枫林社区", "village")])
    assert posts_of(rels) == {("龙翠屏", "青山村", "网格员"), ("彭丽君", "枫林社区", "社区干部")}


def test_post_in_brackets_after_the_name():
    text = "岳麓区开展检查。“防火没有旁观者。”黎书恒(岳麓区应急管理局局长)说。援藏干部贺子谦（岳麓区副区长）表示，将继续推进。"
    pl = every(text, "岳麓区", "county")
    a = art(text)
    lex = load()
    orgs = [org(text, "岳麓区应急管理局", "government")]
    ppl = people.find(a, orgs, pl, lex)
    assert [p.name for p in ppl] == ["黎书恒", "贺子谦"]
    assert posts_of(people.relate(a, pl + orgs + ppl, lex)) == {
        ("黎书恒", "岳麓区应急管理局", "局长"), ("贺子谦", "岳麓区", "副区长")}


def test_a_list_of_officials_each_with_a_post():
    text = "衡阳市召开会议。衡阳市委书记邹明德、市长谭国庆等陪同。"
    pl = [place(text, "衡阳市", "city")]
    a, lex = art(text), load()
    orgs = [org(text, "衡阳市委")]
    ppl = people.find(a, orgs, pl, lex)
    assert [p.name for p in ppl] == ["邹明德", "谭国庆"]
    assert posts_of(people.relate(a, pl + orgs + ppl, lex)) == {
        ("邹明德", "衡阳市委", "市委书记"), ("谭国庆", "衡阳市", "市长")}


def test_a_department_after_a_committee_post_belongs_to_the_committee():
    text = "浏阳市召开会议。浏阳市委常委、宣传部部长司徒静怡介绍，全市已建成。"
    pl = [place(text, "浏阳市", "county")]
    a, lex = art(text), load()
    orgs = [org(text, "浏阳市委"), Mention(type="Organization", name="浏阳市委宣传部", surface="宣传部",
                                          article=0, start=0, end=0, kind="party", pos=-1)]
    ppl = people.find(a, orgs, pl, lex)
    assert [p.name for p in ppl] == ["司徒静怡"]
    assert posts_of(people.relate(a, pl + orgs + ppl, lex)) == {
        ("司徒静怡", "浏阳市委", "市委常委"), ("司徒静怡", "浏阳市委宣传部", "部长")}


def test_names_of_minority_nationalities_after_a_post():
    text = ("青山村党支部书记古丽米拉·艾买提说，村里种了薰衣草。白沙镇党委书记沙马拉铁介绍，镇里修了路。"
            "枫林村党支部书记扎西平措说，村里办了合作社。")
    pl = [place(text, "青山村", "village"), place(text, "白沙镇", "township"), place(text, "枫林村", "village")]
    ppl, rels = run(text, pl)
    assert [p.name for p in ppl] == ["古丽米拉·艾买提", "沙马拉铁", "扎西平措"]
    assert posts_of(rels) == {("古丽米拉·艾买提", "青山村", "党支部书记"), ("沙马拉铁", "白沙镇", "党委书记"),
                              ("扎西平措", "枫林村", "党支部书记")}


def test_name_length_settled_by_what_follows():
    text = "长沙市副市长韦明和出席仪式。社区网格员谢雨萱负责的网格有两个小区。"
    ppl, _ = run(text, [place(text, "长沙市", "city")])
    assert [p.name for p in ppl] == ["韦明和", "谢雨萱"]


def test_post_words_in_other_phrases_are_no_anchors():
    text = ("全面推行田长制专家讲座。村级河长巡河和护林员包一片山，村民黄伯说好，"
            "河长干什么、如何干，专家教授讲党课等形式。网格员上门服务，护林员巡山护林，局长现场办公。")
    ppl, _ = run(text, [])
    assert ppl == []


def test_a_level_word_after_a_verb_is_the_place_of_the_paragraph():
    text = "枫林社区有两户人家闹矛盾，邻居找来社区网格员龙翠屏调解。"
    _, rels = run(text, [place(text, "枫林社区", "village")])
    assert posts_of(rels) == {("龙翠屏", "枫林社区", "网格员")}


def test_a_generic_head_is_the_body_named_before_it():
    text = "青山村成立了青山村茶叶专业合作社。合作社理事长龙翠屏介绍，社员有80多人。"
    pl = every(text, "青山村", "village")
    a, lex = art(text), load()
    orgs = [org(text, "青山村茶叶专业合作社", "enterprise")]
    ppl = people.find(a, orgs, pl, lex)
    assert posts_of(people.relate(a, pl + orgs + ppl, lex)) == {("龙翠屏", "青山村茶叶专业合作社", "理事长")}


def test_a_resident_first_secretary_goes_to_the_village():
    text = "青山村来了新书记。驻村第一书记黎书恒带领村民修路。"
    _, rels = run(text, [place(text, "青山村", "village")])
    assert posts_of(rels) == {("黎书恒", "青山村", "驻村第一书记")}


def test_two_posts_of_one_place_join_into_one_title():
    text = "白沙镇召开会议。白沙镇党委副书记、镇长谭国庆主持会议。"
    _, rels = run(text, every(text, "白沙镇", "township"))
    assert posts_of(rels) == {("谭国庆", "白沙镇", "党委副书记、镇长")}


def test_a_name_marked_as_changed_is_no_person():
    text = "村民李建华（化名）说，家里困难。"
    ppl, _ = run(text, [])
    assert ppl == []


def test_village_officers_and_a_second_name_in_one_phrase():
    text = "东冲村开了会。东冲村村支书龙翠屏说，村主任彭丽君和村会计李红梅一起算账。"
    _, rels = run(text, every(text, "东冲村", "village"))
    assert posts_of(rels) == {("龙翠屏", "东冲村", "村支书"), ("彭丽君", "东冲村", "主任"),
                              ("李红梅", "东冲村", "会计")}


def test_no_name_starts_inside_a_longer_post_word_or_after_a_conjunction():
    text = "社区党总支书记杨明说，会计和出纳都要公示。"
    ppl, _ = run(text, [])
    assert [p.name for p in ppl] == ["杨明"]


def test_posts_joined_by_jian_part_time_posts_and_this_village():
    text = ("东冲村开了会。东冲村党支部书记兼村委会主任龙翠屏说，兼职网格员彭丽君每天巡查。"
            "该村党支部副书记李红梅介绍，村里修了路。")
    _, rels = run(text, every(text, "东冲村", "village"))
    assert posts_of(rels) == {("龙翠屏", "东冲村", "党支部书记兼村委会主任"), ("彭丽君", "东冲村", "兼职网格员"),
                              ("李红梅", "东冲村", "党支部副书记")}


def test_a_second_body_of_the_same_place_after_a_committee_post():
    text = "雨花经开区召开会议。雨花经开区党工委委员、管委会副主任黎书恒介绍，园区新办企业300家。"
    pl = every(text, "雨花经开区", "zone")
    a, lex = art(text), load()
    orgs = [org(text, "雨花经开区党工委"), Mention(type="Organization", name="雨花经开区管委会", surface="管委会",
                                              article=0, start=0, end=0, kind="government", pos=-1)]
    ppl = people.find(a, orgs, pl, lex)
    assert posts_of(people.relate(a, pl + orgs + ppl, lex)) == {
        ("黎书恒", "雨花经开区党工委", "委员"), ("黎书恒", "雨花经开区管委会", "副主任")}


def test_banner_and_league_posts_of_inner_mongolia():
    text = "锡林郭勒盟阿巴嘎旗召开会议。旗委书记包明远、旗长宝音图说，要保护草原。盟委副书记乌云其木格出席。"
    pl = [place(text, "锡林郭勒盟", "city"), place(text, "阿巴嘎旗", "county")]
    ppl, rels = run(text, pl)
    assert [p.name for p in ppl] == ["包明远", "宝音图", "乌云其木格"]
    # 旗委 and 盟委 are the banner's and league's party committees, as 市委 is the city's
    assert posts_of(rels) == {("包明远", "阿巴嘎旗委", "旗委书记"), ("宝音图", "阿巴嘎旗", "旗长"),
                              ("乌云其木格", "锡林郭勒盟委", "盟委副书记")}


def test_two_officials_joined_by_he():
    text = "衡阳市召开会议。衡阳市委书记邹明德和市长谭国庆出席。"
    pl = every(text, "衡阳市", "city")
    a, lex = art(text), load()
    orgs = [org(text, "衡阳市委")]
    ppl = people.find(a, orgs, pl, lex)
    assert posts_of(people.relate(a, pl + orgs + ppl, lex)) == {
        ("邹明德", "衡阳市委", "市委书记"), ("谭国庆", "衡阳市", "市长")}


def test_this_company_is_the_company_named_before():
    text = "湖南青山茶业有限公司落户白沙镇。该公司负责人龙翠屏介绍，茶园有三千亩。"
    a, lex = art(text), load()
    orgs = [org(text, "湖南青山茶业有限公司", "enterprise")]
    ppl = people.find(a, orgs, [], lex)
    assert posts_of(people.relate(a, orgs + ppl, lex)) == {("龙翠屏", "湖南青山茶业有限公司", "负责人")}


def test_titles_with_no_body_join_the_first_body_after_them():
    text = "在白沙镇，党委委员、副镇长谭国庆说，道路已修通。"
    _, rels = run(text, [place(text, "白沙镇", "township")])
    assert posts_of(rels) == {("谭国庆", "白沙镇", "党委委员、副镇长")}


def test_a_surname_and_a_post_is_a_form_of_address():
    text = "专家组组长李教授说，水质达标。"
    ppl, _ = run(text, [])
    assert ppl == []


def test_the_party_organisation_the_article_names_takes_the_post():
    text = "麓山社区党委组织居民议事。麓山社区党总支书记杨明远说，议事会每月一次。"
    pl = every(text, "麓山社区", "village")
    a, lex = art(text), load()
    orgs = [org(text, "麓山社区党委")]
    ppl = people.find(a, orgs, pl, lex)
    assert posts_of(people.relate(a, pl + orgs + ppl, lex)) == {("杨明远", "麓山社区党委", "党总支书记")}


def test_a_given_name_jieba_keeps_whole_after_a_single_surname():
    text = "在三封寺镇，镇党委书记徐向阳汇报了全镇工作。村民刘海燕带着孩子来到现场。"
    ppl, rels = run(text, [place(text, "三封寺镇", "township")])
    assert [p.name for p in ppl] == ["徐向阳", "刘海燕"]
    assert posts_of(rels) == {("徐向阳", "三封寺镇", "党委书记")}


def test_transliterated_names_after_role_words():
    text = "牧民巴特尔家的草场实行轮牧。村民达瓦说，今年收入好。工人师傅说，车间很忙。村民拉家常。"
    ppl, _ = run(text, [])
    assert [p.name for p in ppl] == ["巴特尔", "达瓦"]


def test_a_village_committee_post_written_with_the_villages_own_cun():
    # 寇子村委会主任 is 寇子村 + 村委会主任, as 寇子村村委会主任 is written in full
    text = "勐仑镇寇子村委会主任韩明远说，村里种了橡胶。"
    pl = [place(text, "勐仑镇", "township"), place(text, "寇子村", "village")]
    ppl, rels = run(text, pl)
    assert posts_of(rels) == {("韩明远", "寇子村", "村委会主任")}


def test_a_county_or_higher_party_committee_is_a_body_a_towns_is_the_towns_post():
    text = "阿巴嘎旗党委书记包明远说，白沙镇党委书记邹德明也来了。"
    pl = [place(text, "阿巴嘎旗", "county"), place(text, "白沙镇", "township")]
    assert posts_of(run(text, pl)[1]) == {("包明远", "阿巴嘎旗党委", "党委书记"), ("邹德明", "白沙镇", "党委书记")}


def test_a_surname_like_verb_before_a_level_word_or_an_object_is_no_name():
    # 任 + 镇级河长: to serve as; 储 + 草 after a pivot verb's object; 都在诉说: one verb
    text = ("分管副镇长任镇级河长，各村党支部书记任村级河长。合理引导牧民储草，做好防灾。"
            "青瓦土墙都在诉说着村落的历史。建立处级领导包联县(市、区)制度。")
    ppl, _ = run(text, [])
    assert ppl == []
    ppl, _ = run("帮助村民张三解决困难。", [])     # a name after the object, before its verb
    assert [p.name for p in ppl] == ["张三"]


def test_a_post_written_after_a_name_anchors_no_second_name():
    # 董事长 follows 赵六 (and a name of a surname the list lacks): 谈 + 项目 is the verb phrase after it
    text = "名誉村主任赵六董事长谈项目投资事宜。名誉村主任乜伟董事长谈合作事宜。"
    ppl, _ = run(text, [])
    assert [p.name for p in ppl] == ["赵六"]


def test_a_three_character_name_whose_third_character_the_cut_glues_to_a_verb():
    text = "村党支部书记周立宝用大喇叭喊着。某面馆创始人孙有德怀著热忱回到村里。"
    ppl, _ = run(text, [])
    assert [p.name for p in ppl] == ["周立宝", "孙有德"]


def test_a_short_place_form_inside_a_name_after_a_post():
    # 海东 (海东市) is the given name here: 党组书记 + 何 + 海东
    text = "浏阳市统计局党组书记何海东带领相关人员调研。"
    pl = [place(text, "浏阳市", "county"),
          Mention(type="Place", name="海东市", surface="海东", article=0, start=text.index("海东"),
                  end=text.index("海东") + 2, level="city", code="630200000000", pos=text.index("海东"))]
    ppl, _ = run(text, pl)
    assert [p.name for p in ppl] == ["何海东"]


def test_a_second_holder_of_a_bare_title_takes_the_body_of_the_name_before():
    text = "望月湖街道办事处主任王五、副主任赵六参加。望月湖街道办事处主任钱七和副主任孙八参加。"
    pl = every(text, "望月湖街道", "township")
    a, lex = art(text), load()
    second = text.rindex("望月湖街道办事处")
    orgs = [org(text, "望月湖街道办事处", "government"),
            Mention(type="Organization", name="望月湖街道办事处", surface="望月湖街道办事处", article=0,
                    start=second, end=second + 8, kind="government", pos=second)]
    ppl = people.find(a, orgs, pl, lex)
    assert posts_of(people.relate(a, pl + orgs + ppl, lex)) == {
        ("王五", "望月湖街道办事处", "主任"), ("赵六", "望月湖街道办事处", "副主任"),
        ("钱七", "望月湖街道办事处", "主任"), ("孙八", "望月湖街道办事处", "副主任")}


def test_a_post_after_zhengfu_is_of_the_place_or_its_government():
    # 政府镇长: the town of the paragraph; 政府副市长 after a city committee post: the city
    text = "大瑶镇党委书记王五，政府镇长赵六陪同。浏阳市委常委、政府副市长孙八出席。"
    pl = [place(text, "大瑶镇", "township"), place(text, "浏阳市", "county")]
    a, lex = art(text), load()
    orgs = [org(text, "浏阳市委")]
    ppl = people.find(a, orgs, pl, lex)
    assert posts_of(people.relate(a, pl + orgs + ppl, lex)) == {
        ("王五", "大瑶镇", "党委书记"), ("赵六", "大瑶镇", "镇长"),
        ("孙八", "浏阳市委", "市委常委"), ("孙八", "浏阳市", "副市长")}


def test_a_department_head_written_with_one_bu():
    text = "浏阳市委常委、组织部长司徒静怡出席。"
    pl = [place(text, "浏阳市", "county")]
    a, lex = art(text), load()
    orgs = [org(text, "浏阳市委"), Mention(type="Organization", name="浏阳市委组织部", surface="组织部",
                                          article=0, start=0, end=0, kind="party", pos=-1)]
    ppl = people.find(a, orgs, pl, lex)
    assert posts_of(people.relate(a, pl + orgs + ppl, lex)) == {
        ("司徒静怡", "浏阳市委", "市委常委"), ("司徒静怡", "浏阳市委组织部", "部长")}


def test_a_name_after_a_post_that_opens_with_a_word():
    # 王国 is a word, 王国栋 a name the dictionary knows; 高度重视 stays no name
    text = "甲乙省召开会议。省委书记王国栋主持召开座谈会，各级领导高度重视。"
    ppl, _ = run(text, [])
    assert [p.name for p in ppl] == ["王国栋"]


def test_branch_and_honorary_village_posts_without_a_body_go_to_the_village_talked_about():
    text = "东冲村和西冲村都办了合作社。我还要到西冲村与他们的支部副书记王五和名誉村主任赵六总经理谈项目。"
    ppl, rels = run(text, every(text, "东冲村", "village") + every(text, "西冲村", "village"))
    assert [p.name for p in ppl] == ["王五", "赵六"]
    assert posts_of(rels) == {("王五", "西冲村", "支部副书记"), ("赵六", "西冲村", "名誉村主任")}


def test_a_bare_level_body_no_place_makes_certain_is_kept_as_written():
    # no banner or city is named: the bodies are the ones the text writes
    text = "旗委书记张三深入苏木调研。旗委常委、组织部部长李四参加。市人大常委会副主任王五、市政府秘书长赵六陪同。"
    a, lex = art(text), load()
    ppl = people.find(a, [], [], lex)
    rels, bodies = people.relate_all(a, ppl, lex)
    assert posts_of(rels) == {("张三", "旗委", "旗委书记"), ("李四", "旗委", "旗委常委"), ("李四", "旗委组织部", "部长"),
                              ("王五", "市人大常委会", "副主任"), ("赵六", "市政府", "秘书长")}
    assert {(b.name, b.surface, b.kind) for b in bodies} == {
        ("旗委", "旗委", "party"), ("旗委组织部", "组织部", "party"), ("市人大常委会", "市人大常委会", "committee"),
        ("市政府", "市政府", "government")}
    assert all(text[b.pos:b.pos + len(b.surface)] == b.surface for b in bodies)


def test_a_bare_level_body_the_article_resolves_is_not_kept_as_written():
    text = "阿巴嘎旗召开会议。旗委书记张三深入苏木调研。"
    pl = [place(text, "阿巴嘎旗", "county")]
    a, lex = art(text), load()
    orgs = organizations.find(a, pl, lex)
    ppl = people.find(a, orgs, pl, lex)
    rels, bodies = people.relate_all(a, pl + orgs + ppl, lex)
    assert posts_of(rels) == {("张三", "阿巴嘎旗委", "旗委书记")}
    assert bodies == []


def test_a_department_head_written_with_one_bu_names_the_department_where_its_committee_is():
    # the organisation finder gives 浏阳市委 only: 组织部长 names 浏阳市委组织部, in 浏阳市
    text = "浏阳市召开会议。浏阳市委常委、组织部长司徒静怡出席。"
    pl = every(text, "浏阳市", "county")
    a, lex = art(text), load()
    orgs = [replace(org(text, "浏阳市委"), parent="浏阳市")]
    ppl = people.find(a, orgs, pl, lex)
    rels, bodies = people.relate_all(a, pl + orgs + ppl, lex)
    assert posts_of(rels) == {("司徒静怡", "浏阳市委", "市委常委"), ("司徒静怡", "浏阳市委组织部", "部长")}
    assert [(b.name, b.surface, b.parent) for b in bodies] == [("浏阳市委组织部", "组织部", "浏阳市")]
