"""sentences: the sentence around a span, found by bisection over a body's stops."""
from govkg.extractors.sentences import sentence_at, sentence_span

BODY = "第一句在这里。第二句有甲局！第三句？没有句号的最后一句"


def test_span_runs_from_after_the_last_stop_to_the_next_stop_included():
    i = BODY.index("甲局")
    s, e = sentence_span(BODY, i, i + 2)
    assert BODY[s:e] == "第二句有甲局！"
    assert sentence_at(BODY, i, i + 2) == "第二句有甲局！"


def test_first_and_last_sentences_reach_the_ends_of_the_body():
    assert sentence_at(BODY, 0, 1) == "第一句在这里。"
    assert sentence_at(BODY, len(BODY) - 2, len(BODY)) == "没有句号的最后一句"


def test_line_breaks_and_ascii_marks_end_sentences_and_bodies_are_not_mixed_up():
    other = "标题\n正文说了什么?后面"
    assert sentence_at(other, other.index("正文"), other.index("正文") + 2) == "正文说了什么?"
    assert sentence_at(BODY, 0, 1) == "第一句在这里。"      # a new body, not the cached one


def test_clause_start_is_after_the_last_clause_mark_before_pos():
    from govkg.extractors.sentences import clause_start
    body = "甲镇开会，乙村说：好；丙村也说,好。"
    for lo in range(len(body)):
        for pos in range(lo, len(body) + 1):
            want = max([lo] + [body.rfind(c, lo, pos) + 1 for c in "，,；;：:"])
            assert clause_start(body, lo, pos) == want, (lo, pos)


def test_sentence_near_is_sentence_at_of_the_window():
    from govkg.extractors.sentences import sentence_at, sentence_near
    text = "标题\n甲镇开会。乙村说好！丙村也说好\n丁组？"
    for w in (0, 1, 3, 50):
        for a in range(len(text)):
            for b in range(a, len(text) + 1):
                w0 = max(a - w, 0)
                assert sentence_near(text, a, b, w) == sentence_at(text[w0:b + w], a - w0, b - w0), (a, b, w)


def test_clause_end_is_the_first_clause_mark_from_pos():
    from govkg.extractors.sentences import clause_end
    body = "甲镇开会，乙村说：好；丙村也说,好。"
    for pos in range(len(body) + 1):
        for hi in range(pos, len(body) + 1):
            want = next((j for j in range(pos, hi) if body[j] in "，,；;：:"), hi)
            assert clause_end(body, pos, hi) == want, (pos, hi)
