"""Scoring follows gold-format.md: aliases resolve, duplicates cost precision, titles by containment."""
from govkg.extractors.evaluate import errors, score_doc

GOLD = {
    "articles": [{"title": "雨湖区建成15个“护苗小屋”", "reporters": ["甲乙"], "correspondents": []}],
    "entities": [
        {"name": "岳麓区", "type": "Place", "level": "county", "aliases": ["岳鹿区"]},
        {"name": "长沙市", "type": "Place", "level": "city"},
        {"name": "王五", "type": "Person"},
        {"name": "某某局", "type": "Organization"},
    ],
    "relations": [
        {"s": "岳麓区", "p": "partOf", "o": "长沙市"},
        {"s": "王五", "p": "holdsPost", "o": "某某局", "title": "局长"},
    ],
}


def test_alias_name_matches_and_resolves_relations():
    pred = {
        "articles": [{"title": "雨湖区 建成15个“护苗小屋”", "reporters": ["甲乙"]}],
        "entities": [{"name": "岳鹿区", "type": "Place"}, {"name": "长沙市", "type": "Place"}],
        "relations": [{"s": "岳鹿区", "p": "partOf", "o": "长沙市"}],
    }
    s = score_doc(pred, GOLD)
    assert (s.rows["Place"].tp, s.rows["Place"].pred, s.rows["Place"].gold) == (2, 2, 2)
    assert s.rows["partOf"].tp == 1
    assert s.rows["articles"].tp == 1
    assert s.rows["bylines"].tp == 1
    assert s.rows["Person"].r == 0.0


def test_duplicate_variant_costs_precision_and_wrong_type_misses():
    pred = {"entities": [{"name": "岳麓区", "type": "Place"}, {"name": "乐麓区", "type": "Place"},
                         {"name": "王五", "type": "Organization"}]}
    s = score_doc(pred, GOLD)
    assert s.rows["Place"].tp == 1 and s.rows["Place"].pred == 2
    assert s.rows["Organization"].tp == 0 and s.rows["Person"].tp == 0


def test_title_containment_needs_four_characters_and_is_one_to_one():
    gold = {"articles": [{"title": "推进两区融合 共谋高质量发展"}, {"title": "两区"}]}
    pred = {"articles": [{"title": "推进两区融合"}, {"title": "推进两区融合"}]}
    s = score_doc(pred, gold)
    assert s.rows["articles"].tp == 1 and s.rows["articles"].pred == 2


def test_holdspost_title_accuracy_and_error_listing():
    pred = {"entities": [], "relations": [{"s": "王五", "p": "holdsPost", "o": "某某局", "title": "副局长"}]}
    s = score_doc(pred, GOLD)
    assert s.rows["holdsPost"].tp == 1
    assert s.rows["holdsPost.title"].tp == 0 and s.rows["holdsPost.title"].gold == 1
    e = errors(pred, GOLD)
    assert e["title_wrong"] == [(("王五", "holdsPost", "某某局"), "副局长", "局长")]
    assert ("Place", "岳麓区") in e["entity_fn"]
