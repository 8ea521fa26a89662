"""Entity evidence quotes its sentence, as relation evidence does (issue 16, part 5).

The texts are invented; the names in them are made up for these tests.
"""
from __future__ import annotations

from govkg.extractors.pipeline import extract_text
from govkg.extractors.entities import group, sentences
from govkg.extractors.records import Article, Mention, Page

TEXT = ("甲乙日报讯(记者 柯文雁 通讯员 蒲子衡) 近日,长沙市岳麓区望月湖街道推行“院落议事会”。\n"
        "望月湖街道党工委书记邵明远说,今年将在辖区推广。\n")


def test_every_entity_mention_has_its_sentence() -> None:
    x = extract_text(TEXT, doc="t.txt")
    body = x.articles[0].body
    assert x.entities
    for e in x.entities:
        for ev in e.mentions:
            assert ev.sentence, (e.type, e.name)
            assert ev.sentence in body or ev.sentence in TEXT
            # the sentence is around the span it cites
            assert TEXT[ev.start:ev.end] in ev.sentence, (e.name, ev)


def test_entity_sentence_is_the_relation_sentence_at_the_same_span() -> None:
    """One span, one sentence: graph.ttl keeps a single sentence per quoted span."""
    x = extract_text(TEXT, doc="t.txt")
    by_span = {(ev.article, ev.start, ev.end): ev.sentence for e in x.entities for ev in e.mentions}
    shared = [(ev, by_span[(ev.article, ev.start, ev.end)]) for r in x.relations for ev in r.evidence
              if (ev.article, ev.start, ev.end) in by_span]
    assert shared
    assert all(ev.sentence == s for ev, s in shared)


def test_byline_names_quote_the_dateline() -> None:
    x = extract_text(TEXT, doc="t.txt")
    reporter = next(e for e in x.entities if e.name == "柯文雁")
    assert reporter.mentions[0].sentence.startswith("甲乙日报讯(记者 柯文雁")


def test_group_without_articles_leaves_sentences_empty() -> None:
    m = Mention("Place", "丙丁村", "丙丁村", 0, 0, 3, pos=0)
    assert group([m])[0].mentions[0].sentence == ""


def test_outside_the_body_uses_the_page_text_and_two_mentions_of_one_span_are_one() -> None:
    text = "题目\n文/戊己庚 摄\n丙丁村推行巷长制。"
    body = "丙丁村推行巷长制。"
    start = text.index(body)
    art = Article("d", 0, "题目", body, tuple(range(start, start + len(body))), start=0, end=len(text))
    page = Page("d", text, text, tuple(range(len(text))))
    k = text.index("戊己庚")
    byline = Mention("Person", "戊己庚", "戊己庚", 0, k, k + 3)
    village = Mention("Place", "丙丁村", "丙丁村", 0, start, start + 3, pos=0)
    again = Mention("Place", "丙丁村", "丙丁村", 0, start, start + 3)        # no pos: found by offset
    assert sentences([byline, village, again], [art], [page]) == ["文/戊己庚 摄", body, body]
    ents = group([byline, village, again], [art], [page])
    assert [len(e.mentions) for e in ents] == [1, 1]
