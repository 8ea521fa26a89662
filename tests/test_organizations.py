"""organizations.find/relate on small sentences, with hand-built place mentions."""
from govkg.extractors import org_tokens, organizations, primitives
from govkg.extractors.lexicon import load
from govkg.extractors.records import Article, Mention


def art(text: str) -> Article:
    return Article(doc="t", index=0, title="", body=text, offsets=tuple(range(len(text))),
                   start=0, end=len(text))


def place(text: str, surface: str, name: str, level: str, parent: str = "", nth: int = 0) -> Mention:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(surface, pos + 1)
    return Mention(type="Place", name=name, surface=surface, article=0, start=pos,
                   end=pos + len(surface), level=level, code="4301" + "0" * 8, parent=parent, pos=pos)


def names(text: str, places: list[Mention]) -> dict[str, tuple[str, str]]:
    return {m.name: (m.kind, m.parent) for m in organizations.find(art(text), places, load())}


def test_place_prefixed_names_and_kinds():
    text = "日前,岳麓区妇联邀请律师,长沙市城乡建设投资控股集团有限公司对管道进行更换。"
    pl = [place(text, "岳麓区", "岳麓区", "county", "长沙市"), place(text, "长沙市", "长沙市", "city")]
    got = names(text, pl)
    assert got["岳麓区妇联"] == ("association", "岳麓区")
    assert got["长沙市城乡建设投资控股集团有限公司"] == ("enterprise", "长沙市")


def test_bare_level_word_resolved_to_the_articles_place():
    text = "长沙市岳麓区召开会议。会后,区残联和市科技局走访群众。"
    pl = [place(text, "长沙市", "长沙市", "city"), place(text, "岳麓区", "岳麓区", "county", "长沙市")]
    got = names(text, pl)
    assert got["岳麓区残联"] == ("association", "岳麓区")
    assert got["长沙市科技局"] == ("government", "长沙市")


def test_bare_level_word_left_alone_when_the_text_does_not_settle_it():
    text = "会后,镇党委集中研判民情。"
    assert names(text, []) == {}


def test_chain_of_places_names_the_lowest_and_keeps_the_chain_as_surface():
    text = "近日,望城区乔口镇柳林江村党委组成服务队。"
    pl = [place(text, "望城区", "望城区", "county"), place(text, "乔口镇", "乔口镇", "township", "望城区"),
          place(text, "柳林江村", "柳林江村", "village", "乔口镇")]
    [m] = organizations.find(art(text), pl, load())
    assert (m.name, m.surface, m.kind, m.parent) == ("柳林江村党委", "望城区乔口镇柳林江村党委", "party", "柳林江村")


def test_party_organ_words_after_a_committee():
    text = "长沙市委组织部、住建局、民政局等部门联合发文。"
    pl = [place(text, "长沙市", "长沙市", "city")]
    got = names(text, pl)
    assert got["长沙市委组织部"] == ("party", "长沙市")
    assert got["长沙市住建局"] == ("government", "长沙市")
    assert got["长沙市民政局"] == ("government", "长沙市")


def test_village_party_branch_before_a_post_is_a_title_not_an_organisation():
    text = "柳林江村党支部书记钟立平说。"
    pl = [place(text, "柳林江村", "柳林江村", "village")]
    assert names(text, pl) == {}


def test_ordinary_words_with_suffix_characters_are_not_organisations():
    text = "村干部和党员干部走访群众,形成新格局,我该怎么办?"
    assert names(text, []) == {}


def test_short_form_in_parentheses_is_an_alias():
    text = "长沙市近日,市减灾委办公室(市普查办)举办培训。"
    pl = [place(text, "长沙市", "长沙市", "city")]
    ms = organizations.find(art(text), pl, load())
    assert {m.name for m in ms} == {"长沙市减灾委办公室"}
    assert {m.surface for m in ms} == {"市减灾委办公室", "市普查办"}


def test_relate_gives_located_in_with_evidence():
    text = "日前,岳麓区妇联邀请律师。"
    pl = [place(text, "岳麓区", "岳麓区", "county")]
    a = art(text)
    orgs = organizations.find(a, pl, load())
    [r] = organizations.relate(a, pl + orgs, load())
    assert (r.s, r.p, r.o) == ("岳麓区妇联", "locatedIn", "岳麓区")
    assert r.evidence[0].start == text.index("岳麓区妇联")


def test_bare_city_word_falls_back_to_the_papers_city():
    text = "市科技局紧扣学史增信开展活动。"
    a = Article(doc="t", index=0, title="", body=text, offsets=tuple(range(len(text))),
                start=0, end=len(text), source="长沙晚报讯")
    [m] = organizations.find(a, [], load())
    assert (m.name, m.parent) == ("长沙市科技局", "长沙市")


def test_clause_tokens_are_the_clause_cut_alone():
    """Slicing the body's one cut gives each clause's own cut, also next to 3.5 or A-B."""
    lex = load()
    body = "投入资金3.5万元，县农业农村局和A-B合作社共同建设，产业示范园建成。"
    words, starts = org_tokens.tokens(lex, body)
    for clause in organizations._CLAUSE.finditer(body):
        own = [(w, clause.start() + s, clause.start() + e) for w, s, e in lex.tokenize(clause.group(), hmm=True)]
        assert org_tokens.clause_tokens(lex, body, clause.span(), words, starts) == own


def test_clauses_with_suffix_are_the_clauses_holding_a_suffix():
    """Each clause (a run of word characters) that holds a suffix, found around the hits."""
    lex = load()
    table, _ = organizations._suffixes(lex.words("org_suffixes"))
    body = "县农业农村局和A-B合作社共同建设，大家说好。3.5万元用于文化站，局"
    got, ends = organizations._clauses_with_suffix(body, table)
    want = [m.span() for m in organizations._CLAUSE.finditer(body)
            if any(body[m.start():m.end()].find(k) >= 0 for k in table)]
    assert got == want and len(got) >= 3
    assert ends[body.index("农村局") + 3][0] >= 1


def test_title_automaton_finds_what_the_title_pattern_finds():
    from pathlib import Path
    from govkg.extractors import articles, clean
    lex = load()
    posts = lex.words("titles")
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    bodies = [a.body for p in sorted(seeds.glob("*.txt")) for a in articles.split(clean.read_page(p))]
    bodies.append("常务副书记、执行副主任和副局长局长书记")
    ac, rx = organizations._title_automaton(posts), organizations._title_re(posts)
    got = [[(s, e) for _, s, e in ac.find_matches_as_indexes(b)] for b in bodies]
    assert got == [[m.span() for m in rx.finditer(b)] for b in bodies]
    assert sum(map(len, got)) >= 20


def _resolve_by_walking(word: str, pos: int, body: str, places: list[Mention]) -> str:
    """What resolve answers (without a lexicon), worked out by walking every place."""
    level = primitives.LEVEL_WORDS[word]
    if level in ("province", "city", "county"):
        levels = {level} | ({"zone"} if word == "区" else set())
        named = {p.name: p.level for p in places}
        counts: dict[str, int] = {}
        for p in places:
            for lv, n in ((p.level, p.name), (named.get(p.parent), p.parent)):
                if lv in levels and n:
                    counts[n] = counts.get(n, 0) + 1
        best = sorted(counts.items(), key=lambda t: -t[1])
        if len(best) > 1 and best[0][1] == best[1][1]:
            before = [p.name for p in places if p.level == level and p.name in dict(best[:2]) and p.pos < pos]
            return before[-1] if before else best[0][0]
        return best[0][0] if best else ""
    floor = body.rfind("\n", 0, pos)
    before = [p.name for p in places if p.level == level and floor < p.pos < pos]
    only = {p.name for p in places if p.level == level}
    return before[-1] if before else (only.pop() if len(only) == 1 else "")


def test_resolve_agrees_with_walking_every_place_on_random_articles():
    """resolve indexes the article's places once; its answers are those of the plain walk."""
    import random
    rnd = random.Random(5)
    kinds = [("甲市", "city", ""), ("乙市", "city", ""), ("丙区", "county", "甲市"), ("丁区", "zone", "乙市"),
             ("戊县", "county", "乙市"), ("己镇", "township", "丙区"), ("庚镇", "township", "戊县"),
             ("辛村", "village", "己镇"), ("壬村", "village", "庚镇")]
    for _ in range(300):
        chunks = [rnd.choice([k[0] for k in kinds] + ["，", "。\n", "走访"]) for _ in range(rnd.randint(0, 25))]
        body = "".join(chunks)
        places, at = [], 0
        for c in chunks:
            kind = next((k for k in kinds if k[0] == c), None)
            if kind:
                places.append(Mention(type="Place", name=c, surface=c, article=0, start=at, end=at + len(c),
                                      level=kind[1], parent=kind[2], pos=at))
            at += len(c)
        for _ in range(5):
            word, pos = rnd.choice(["市", "区", "县", "镇", "村", "社区"]), rnd.randint(0, len(body))
            assert primitives.resolve(word, pos, art(body), places) == _resolve_by_walking(word, pos, body, places)


def test_department_named_through_a_committee_members_posts():
    text = "望城区召开会议。区委常委、组织部部长张三说，要抓好落实。岳麓区委常委、政法委书记李四参加。"
    pl = [place(text, "望城区", "望城区", "county", "长沙市"), place(text, "岳麓区", "岳麓区", "county", "长沙市")]
    got = names(text, pl)
    assert got["望城区委组织部"] == ("party", "望城区")
    assert got["岳麓区委政法委"] == ("party", "岳麓区")
    assert "常委" not in "".join(got)


def test_committee_member_without_a_department_names_none():
    text = "望城区召开会议。区委常委、副区长张三说，要抓好落实。"
    got = names(text, [place(text, "望城区", "望城区", "county", "长沙市")])
    assert not [n for n in got if n.endswith(("部", "委")) and n != "望城区委"]


def test_a_level_character_starting_a_department_name_is_bare():
    # 县|市场监督管理局: the department's name is one token, so 县 stands bare and 市 does not
    text = "望城区召开会议，区市场监督管理局和区林业和草原局参加，镇综合行政执法队巡查。"
    got = names(text, [place(text, "望城区", "望城区", "county", "长沙市")])
    assert got["望城区市场监督管理局"] == ("government", "望城区")
    assert got["望城区林业和草原局"] == ("government", "望城区")


def test_a_university_and_its_school_are_one_name():
    text = "湖南农业大学园艺与风景园林学院的教授和湖南大学的学生来到乔口镇。"
    got = names(text, [place(text, "湖南", "湖南省", "province")])
    assert got["湖南农业大学园艺与风景园林学院"] == ("institution", "湖南省")
    assert not [n for n in got if n.endswith("园林学院") and not n.startswith("湖南农业大学")]


def test_a_bank_and_its_branch_are_one_name_located_at_the_branch():
    text = "中国农业银行长沙市分行与望城区签约。"
    got = names(text, [place(text, "长沙市", "长沙市", "city"), place(text, "望城区", "望城区", "county", "长沙市")])
    assert got["中国农业银行长沙市分行"] == ("enterprise", "长沙市")


def test_a_linking_verb_ends_a_name():
    text = "望城区依托湖南农业大学建设基地。"
    got = names(text, [place(text, "望城区", "望城区", "county", "长沙市")])
    assert "湖南农业大学" in got and not [n for n in got if "依托" in n]


def test_a_kind_of_unit_without_a_place_is_no_name():
    text = "村里建了新时代文明实践站，乔口镇新时代文明实践所也开放了。"
    got = names(text, [place(text, "乔口镇", "乔口镇", "township", "望城区")])
    assert "乔口镇新时代文明实践所" in got
    assert not [n for n in got if n.endswith("实践站")]


def test_a_cooperative_is_located_at_the_village_its_name_holds():
    text = "望城区柳林江甜瓜专业合作社的社员都住在柳林江村，乔口镇文明村也来学习，望城区文明家庭服务中心参加。"
    pl = [place(text, "望城区", "望城区", "county", "长沙市"), place(text, "柳林江村", "柳林江村", "village", "乔口镇"),
          place(text, "乔口镇", "乔口镇", "township", "望城区"), place(text, "文明村", "文明村", "village", "乔口镇")]
    got = names(text, pl)
    assert got["望城区柳林江甜瓜专业合作社"] == ("enterprise", "柳林江村")
    # 文明 is an ordinary word: no 文明村 inside the name of a body
    assert all(parent != "文明村" for _, parent in got.values())


def test_a_body_of_a_zone_written_without_its_city_keeps_its_written_name():
    text = "青岛西海岸新区召开会议，西海岸新区港航服务局参加。"
    zone = Mention(type="Place", name="青岛西海岸新区", surface="西海岸新区", article=0, start=12, end=17,
                   level="zone", code="", parent="青岛市", pos=12)
    got = names(text, [zone])
    assert got["西海岸新区港航服务局"] == ("government", "青岛西海岸新区")


def test_two_level_words_in_one_word_are_no_bare_level_word():
    # 乡村振兴…: 乡 is no township here, the name runs from the province's short form
    text = "乔口镇柳林江村成立了湖南柳林江乡村振兴培训学院。"
    pl = [place(text, "乔口镇", "乔口镇", "township", "望城区"), place(text, "柳林江村", "柳林江村", "village", "乔口镇"),
          place(text, "湖南", "湖南省", "province")]
    got = names(text, pl)
    assert not [n for n in got if n.startswith("乔口镇村")]
    assert "湖南柳林江乡村振兴培训学院" in got


def test_short_forms_before_a_name_stay_in_it():
    text = "岳麓区联合湖南长沙干部学院开展培训。"
    pl = [place(text, "岳麓区", "岳麓区", "county", "长沙市"), place(text, "湖南", "湖南省", "province"),
          place(text, "长沙", "长沙市", "city", "湖南省")]
    assert names(text, pl)["湖南长沙干部学院"] == ("institution", "长沙市")


def test_a_listed_university_takes_no_place_from_the_name_before_it():
    text = "与湖南农业大学、中南大学等高校合作。"
    got = names(text, [place(text, "湖南", "湖南省", "province")])
    assert "中南大学" in got and "湖南省中南大学" not in got


def test_an_executive_member_is_a_post_not_a_body():
    text = "乔口镇柳林江村妇联执委说。"
    pl = [place(text, "柳林江村", "柳林江村", "village", "乔口镇")]
    assert not [n for n in names(text, pl) if n.endswith("执委")]


def test_a_grassroots_branch_ends_a_name():
    text = "由村党支部领办合作社，农户入股。柳林江村召开会议。"
    got = names(text, [place(text, "柳林江村", "柳林江村", "village", "乔口镇")])
    assert got.get("柳林江村党支部") == ("party", "柳林江村")
    assert not [n for n in got if n.endswith("合作社")]


def test_a_member_of_a_county_committee_holding_a_town_post_names_no_department():
    text = "望城区委常委、乔口镇党委书记张三说。"
    pl = [place(text, "望城区", "望城区", "county", "长沙市"), place(text, "乔口镇", "乔口镇", "township", "望城区")]
    assert not [n for n in names(text, pl) if n.startswith("望城区委") and n != "望城区委"]


def test_extension_a_characters_stay_inside_body_names():
    from govkg.extractors import places as place_finder
    text = "长沙县㮾梨街道召开会议，“㮾梨邻里顾问团”成立，街道㮾梨社区党委参加。"
    pl = place_finder.find(art(text), load())
    got = names(text, pl)
    assert "㮾梨邻里顾问团" in got
    assert got["㮾梨社区党委"][1] == "㮾梨社区"


def test_a_quantifier_or_former_ends_a_name():
    text = "望城区各村便民服务中心和乔口镇原砖瓦厂都在改造。"
    pl = [place(text, "望城区", "望城区", "county", "长沙市"), place(text, "乔口镇", "乔口镇", "township", "望城区")]
    got = names(text, pl)
    assert not [n for n in got if "各村" in n or "原砖" in n]


def test_a_subsidiary_written_right_after_its_company_is_one_name():
    text = "湘江建设投资公司长沙公司承建了这条路。"
    got = names(text, [])
    assert "湘江建设投资公司长沙公司" in got and "长沙公司" not in got


def test_media_named_in_the_text_are_bodies():
    text = "株洲电视台记者来到村里采访，《光明日报》也作了报道。"
    got = names(text, [place(text, "株洲", "株洲市", "city")])
    assert got["株洲电视台"] == ("media", "株洲市")
    assert got["光明日报"] == ("media", "")          # 光明 is no short form of 光明区 here


def test_a_body_known_by_name_counts_alone_but_not_inside_a_word_or_title():
    text = "该街道被国家林草局命名为示范单位，水利部门来检查，《国家水利部河湖简报》作了推介。"
    got = names(text, [])
    assert "国家林草局" in got and "水利部" not in got


def test_a_village_written_longer_than_a_shared_hunan_row_is_read_from_the_table():
    from govkg.extractors import places as place_finder
    text = "临夏市八坊街道召开会议。大西关社区网格员每天走访。"
    by = {m.name: m for m in place_finder.find(art(text), load())}
    assert "西关社区" not in by and by["大西关社区"].code.startswith("622901")


def test_a_quoted_kind_of_outlet_named_by_an_ordinary_word_is_no_body():
    text = "积分可到村里的“便民超市”兑换，村里还组建了“乡贤参事顾问团”。"
    got = names(text, [])
    assert "便民超市" not in got and "乡贤参事顾问团" in got


def test_bare_level_words_of_inner_mongolia_resolve_like_county_and_city():
    """旗 and 盟 are the county and city levels of Inner Mongolia: 旗残联 is the banner's, as 区残联 is the district's."""
    body = "阿巴嘎旗召开会议。旗残联负责人介绍了情况。"
    places = [place(body, "阿巴嘎旗", "阿巴嘎旗", "county")]
    assert primitives.resolve("旗", body.index("旗残联"), art(body), places) == "阿巴嘎旗"
    assert names(body, places)["阿巴嘎旗残联"][1] == "阿巴嘎旗"


def test_the_youth_leagues_committee_of_a_place_is_not_its_party_committee():
    text = "此次活动由共青团宁波市委主办，宁波市委宣传部指导。"
    got = names(text, [place(text, "宁波市", "宁波市", "city", nth=0)])
    assert "共青团宁波市委" in got and "宁波市委" not in got


def test_how_a_place_works_is_no_part_of_a_name():
    text = "浏阳市大力扶持农民专业合作社发展，浏阳市探索推行党建引领合作社模式，浏阳市坚决贯彻上级党委部署。"
    pl = [place(text, "浏阳市", "浏阳市", "county", "长沙市", k) for k in range(3)]
    got = names(text, pl)
    assert not any(n.startswith("浏阳市") for n in got), got


def test_a_suffix_that_ends_a_post_ends_no_name():
    text = "浏阳市文联专职副主委张三带队调研。"
    pl = [place(text, "浏阳市", "浏阳市", "county", "长沙市")]
    got = names(text, pl)
    assert "浏阳市文联" in got and not any(n.endswith("主委") for n in got), got


def test_gap_tokens_are_the_pieces_of_the_tokens_over_a_stretch():
    body = "甲乙丙丁戊己庚"
    toks = [("甲乙", 0, 2), ("丙丁戊", 2, 5), ("己", 5, 6), ("庚", 6, 7)]
    assert org_tokens.gap_tokens(toks, 1, 6, body) == ["乙", "丙丁戊", "己"]
    assert org_tokens.gap_tokens(toks, 2, 4, body) == ["丙丁"]
    for a in range(8):
        for b in range(a, 8):
            assert org_tokens.gap_tokens(toks, a, b, body) == [body[max(s, a):min(e, b)] for _, s, e in toks
                                                               if s < b and e > a]


def test_a_company_bracketed_group_and_a_forest_farm_are_names():
    text = "湖南甲乙能源(集团)有限责任公司和浏阳市林场到大瑶镇帮扶。"
    pl = [place(text, "湖南", "湖南省", "province"), place(text, "浏阳市", "浏阳市", "county", "长沙市")]
    got = names(text, pl)
    assert got["湖南甲乙能源(集团)有限责任公司"] == ("enterprise", "湖南省")
    assert got["浏阳市林场"] == ("enterprise", "浏阳市")


def test_who_leads_a_visit_is_no_part_of_a_name():
    text = "江北区委会专职副主委张三带队调研部全体人员赴街道调研。"
    pl = [place(text, "江北区", "江北区", "county", "重庆市")]
    assert not any("带队" in n for n in names(text, pl))
