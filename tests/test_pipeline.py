"""End to end on a page written here: every fact cites a span of the original file that reads as it."""
from govkg.extractors import extract

PAGE = (
    "岳麓区推行“网格化管理”\r\n\r\n"
    "长沙晚报全媒体记者/欧阳明 通讯员/司马青 周一凡\r\n\r\n"
    "近日,岳麓区望月湖街道全面推行“网格化管理”,区民政局局长赵立新介绍,"
    "街道与湖南某某科技有限公司签订共建协议。\r\n\r\n"
    "居民在服务站办事。钱多多 摄\r\n"
)


def _reads_as(text: str, start: int, end: int, names: set[str]) -> bool:
    span = "".join(text[start:end].split())
    return bool(span) and any(n in span or span in n for n in names)


def test_every_mention_and_relation_cites_its_span():
    x = extract(PAGE, doc="page.txt")
    assert x.entities, "the page names places, people and a programme"
    for e in x.entities:
        assert e.mentions, e.name
        for ev in e.mentions:
            assert _reads_as(PAGE, ev.start, ev.end, {e.name, *e.aliases}), (e.name, ev)
    for r in x.relations:
        assert r.evidence and all(ev.end > ev.start for ev in r.evidence), r


def test_byline_people_are_entities_with_spans_and_no_posts():
    x = extract(PAGE, doc="page.txt")
    people = {e.name: e for e in x.entities if e.type == "Person"}
    for name in ("欧阳明", "司马青", "周一凡"):
        assert name in people
        ev = people[name].mentions[0]
        assert PAGE[ev.start:ev.end] == name
    posts = {r.s for r in x.relations if r.p == "holdsPost"}
    assert not posts & {"欧阳明", "司马青", "周一凡"}


def test_no_place_is_read_inside_a_persons_name_wherever_it_is_written():
    from govkg.extractors.pipeline import extract_text
    x = extract_text("调研\n\n统计局党组书记张海东带领人员调研。张海东一行来到大瑶镇。\n", doc="t.txt")
    names = {e.name for e in x.entities}
    assert "张海东" in names and "大瑶镇" in names and "海东市" not in names


def test_the_cyclic_collector_is_paused_while_a_document_is_extracted_and_as_it_was_after(monkeypatch):
    import gc

    from govkg.extractors import pipeline, places
    seen = []
    find = places.find
    monkeypatch.setattr(places, "find", lambda *a: seen.append(gc.isenabled()) or find(*a))
    assert gc.isenabled()
    pipeline.extract_text("甲县乙镇推行河长制。\n")
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        pipeline.extract_text("甲县乙镇推行河长制。\n")
        assert not gc.isenabled()                  # a caller's own pause is left alone
    finally:
        gc.enable()
