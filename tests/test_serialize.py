"""serialize.dumps: the JSON of to_dict, one record a line."""
import json

from govkg.extractors.pipeline import extract_text
from govkg.extractors.serialize import dumps, from_dict, to_dict


def test_dumps_is_to_dict_as_json_with_one_record_a_line():
    x = extract_text("长沙市岳麓区望月湖街道荣龙社区推行“院落三美”工作。\n", doc="t.txt")
    text = dumps(x)
    assert json.loads(text) == to_dict(x)
    assert len(x.entities) >= 4
    lines = text.splitlines()
    for e in to_dict(x)["entities"]:
        assert sum(1 for ln in lines if f'"name": {json.dumps(e["name"], ensure_ascii=False)}, "type"' in ln) == 1
    assert from_dict(json.loads(text)).entities == x.entities


def test_dumps_of_an_empty_extraction():
    x = extract_text("", doc="empty.txt")
    assert json.loads(dumps(x)) == to_dict(x)
