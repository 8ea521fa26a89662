"""people.find/relate on small sentences, with hand-built place and organisation mentions."""
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
