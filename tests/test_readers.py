"""Reading real corpora: feeds, traditional script, encodings, recognised by content (invented text)."""
from __future__ import annotations

import json

import pytest

from govkg.extractors import InputError, extract_file
from govkg.extractors.readers import is_traditional, parse_fields, read, read_text, to_simplified
from govkg.extractors.serialize import to_dict

BODY = ("本报讯(记者 甄大明 通讯员 贾小红)近日，长沙市岳麓区望月湖街道全面推行“院落三美”工作。\n"
        "望月湖街道党工委书记柯文远说，街道将继续推进。")


def _entity(x, type_, name):
    return next((e for e in x.entities if e.type == type_ and e.name == name), None)


def test_jsonl_feed_gives_one_article_per_record_with_metadata(tmp_path):
    recs = [{"title": "望月湖街道推行“院落三美”", "content": BODY, "publish_time": "2023-05-12 09:31",
             "url": "https://news.example.cn/a/1.html", "source": "某某新闻网"},
            {"标题": "第二篇", "正文": "岳麓区开展“院落三美”评比。", "发布时间": "2023年6月1日"}]
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    x = extract_file(f)
    assert [a.title for a in x.articles] == ["望月湖街道推行“院落三美”", "第二篇"]
    assert [a.record for a in x.articles] == [0, 1]
    assert x.articles[0].url == "https://news.example.cn/a/1.html"
    assert x.articles[0].reporters == ("甄大明",) and x.articles[0].correspondents == ("贾小红",)
    # spans point into the record's decoded body field, and the evidence names the record
    d = to_dict(x)
    prog = next(e for e in d["entities"] if e["name"] == "院落三美")
    texts = [BODY, recs[1]["正文"]]
    for ev in prog["evidence"]:
        assert texts[ev["record"]][ev["start"]:ev["end"]].strip("“”") == "院落三美"
    assert {ev["record"] for ev in prog["evidence"]} == {0, 1}


def test_feed_dates_are_iso_and_stay_empty_without_a_year(tmp_path):
    f = tmp_path / "feed.jsonl"
    recs = ({"title": "甲", "content": "正文一。", "date": "2023/6/9 10:00"},
            {"title": "乙", "content": "正文二。", "date": "6月9日"},
            {"title": "丙", "content": "正文三。"})
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    d = read(f)
    assert [p.date for p in d.pages] == ["2023-06-09", "", ""]


def test_a_bad_feed_line_is_reported_with_its_number_and_the_rest_kept(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text('{"title": "甲", "content": "正文一。"}\n{"title": "乙", "content": \n'
                 '{"title": "丙", "content": "正文三。"}\n', encoding="utf-8")
    x = extract_file(f)
    assert [a.title for a in x.articles] == ["甲", "丙"]
    assert len(x.skipped) == 1 and x.skipped[0].startswith("feed.jsonl:2: not JSON")
    assert to_dict(x)["skipped"] == list(x.skipped)


def test_a_record_without_known_fields_names_the_fields_it_has(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text('{"headline_x": "甲", "article_text": "正文。"}\n', encoding="utf-8")
    d = read(f)
    assert not d.pages and "article_text" in d.skipped[0] and "--fields" in d.skipped[0]
    d = read(f, parse_fields("title=headline_x,body=article_text"))
    assert [(p.title, p.text) for p in d.pages] == [("甲", "正文。")]


def test_fields_spec_is_checked():
    assert parse_fields("title=headline, body=正文") == {"title": "headline", "body": "正文"}
    with pytest.raises(ValueError, match="PART=NAME"):
        parse_fields("heading=x")
    with pytest.raises(ValueError):
        parse_fields("title")


def test_csv_feed_and_json_array_feed(tmp_path):
    c = tmp_path / "export.csv"
    c.write_text("标题,正文,发布时间,链接\n甲,\"岳麓区推行“院落三美”，成效明显。\",2023-03-08,http://x.example/1\n"
                 "乙,第二条正文。,,\n", encoding="utf-8-sig")
    d = read(c)
    assert d.layout == "feed"
    assert [(p.title, p.date, p.url, p.record) for p in d.pages] == [
        ("甲", "2023-03-08", "http://x.example/1", 0), ("乙", "", "", 1)]
    j = tmp_path / "dump.json"
    j.write_text(json.dumps([{"title": "甲", "text": "正文一。"}, {"title": "乙", "text": "正文二。"}],
                            ensure_ascii=False), encoding="utf-8")
    assert [p.title for p in read(j).pages] == ["甲", "乙"]


def test_feed_is_recognised_by_content_not_extension(tmp_path):
    f = tmp_path / "noext"
    f.write_text('{"title": "甲", "content": "正文一。"}\n', encoding="utf-8")
    assert read(f).layout == "feed"
    t = tmp_path / "page.jsonl"                 # an extension that lies: plain text
    t.write_text("望月湖街道推行新办法\n本报讯 近日，街道推行新办法。\n", encoding="utf-8")
    assert read(t).layout == "text"


TRAD = ("長沙嶽麓區：「院落三美」讓社區煥新\n"
        "本報訊(記者 甄大明)近日，長沙市嶽麓區望月湖街道全面推行「院落三美」工作。\n"
        "望月湖街道黨工委書記柯文遠說，街道將繼續推進。\n")


def test_traditional_script_is_read_in_simplified_with_spans_and_titles_as_written(tmp_path):
    f = tmp_path / "trad.txt"
    f.write_text(TRAD, encoding="utf-8")
    x = extract_file(f)
    assert x.articles[0].title == "長沙嶽麓區：「院落三美」讓社區煥新"
    place = _entity(x, "Place", "岳麓区")
    assert place is not None and "嶽麓區" in place.aliases
    for ev in place.mentions:                   # spans point into the text as written
        assert TRAD[ev.start:ev.end] in ("嶽麓區", "長沙市嶽麓區")
    assert _entity(x, "Person", "柯文远") is not None


def test_traditional_detection_and_same_length_conversion():
    assert is_traditional(TRAD) and not is_traditional(to_simplified(TRAD))
    assert not is_traditional("株洲市芦淞区白关镇推行河长制，乾坤湾村著力发展。")
    assert len(to_simplified(TRAD)) == len(TRAD)


@pytest.mark.parametrize("encoding", ["utf-16", "big5", "gb18030", "utf-8-sig"])
def test_encodings(tmp_path, encoding):
    f = tmp_path / "x.txt"
    text = TRAD if encoding == "big5" else TRAD.replace("嶽麓區", "岳麓区")
    f.write_bytes(text.encode(encoding))
    d = read(f)
    assert d.pages[0].encoding.startswith(encoding.split("-sig")[0][:5])
    assert "望月湖街道" in to_simplified(d.pages[0].text)


def test_binary_and_missing_files_are_input_errors(tmp_path):
    b = tmp_path / "photo.jpg"
    b.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        read(b)
    with pytest.raises(InputError):
        read(tmp_path / "nope.txt")


def test_plain_text_stays_one_page():
    d = read_text("第一段。\n\n第二段。\n", "x.txt")
    assert d.layout == "text" and len(d.pages) == 1 and d.pages[0].written == ""


def test_extract_writes_one_file_per_input_and_eval_scores_it_like_the_inputs(tmp_path, capsys):
    from govkg.graph.cli import main
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "feed.jsonl").write_text(
        json.dumps({"title": "甲", "content": BODY}, ensure_ascii=False) + "\n{broken\n", encoding="utf-8")
    (texts / "trad.txt").write_text(TRAD, encoding="utf-8")
    out = texts / "out"                           # inside the input folder: never read back
    assert main(["extract", str(texts), "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "SKIP feed.jsonl:2: not JSON" in err
    assert sorted(p.name for p in out.iterdir()) == ["feed.json", "trad.json"]
    feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    assert [a["title"] for a in feed["articles"]] == ["甲"] and feed["skipped"]
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "feed.json").write_text(json.dumps({
        "doc": "feed.jsonl", "articles": [{"title": "甲", "reporters": ["甄大明"], "correspondents": ["贾小红"]}],
        "entities": [{"name": "岳麓区", "type": "Place"}, {"name": "院落三美", "type": "Program"}],
        "relations": []}, ensure_ascii=False), encoding="utf-8")
    scores = []
    for where in (texts, out):
        assert main(["eval", str(gold), str(where), "--json"]) == 0
        scores.append(json.loads(capsys.readouterr().out))
    assert scores[0] == scores[1]
    assert scores[0]["all"]["articles"]["f1"] == 1.0 and scores[0]["all"]["bylines"]["f1"] == 1.0
    # a second run over the same folder does not take its own output for feeds
    main(["extract", str(texts), "-o", str(out), "--jobs", "1"])
    assert sorted(p.name for p in out.iterdir()) == ["feed.json", "trad.json"]


PAGE = """<!DOCTYPE html><html><head><title>望月湖街道推行“院落三美” - 某某新闻网</title>
<link rel="canonical" href="https://news.example.cn/2023/0512/7.html"></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zw">政务公开</a> 岳麓区人民政府</div>
<h1>望月湖街道推行“院落三美”</h1>
<div class="info">发布时间：2023-05-12 09:31 来源：某某新闻网 作者：甄大明</div>
<div class="article-content"><p>近日，长沙市岳麓区望月湖街道全面推行“院落三美”工作。</p>
<p>望月湖街道党工委书记柯文远说，街道将继续推进。</p></div>
<div class="footer">版权所有 某某新闻网 湘ICP备00000000号</div></body></html>"""


def test_html_page_is_one_article_with_its_metadata_and_no_furniture(tmp_path):
    f = tmp_path / "saved.txt"                  # recognised by content, whatever the extension
    f.write_text(PAGE, encoding="utf-8")
    d = read(f)
    assert d.layout == "html" and len(d.pages) == 1
    x = extract_file(f)
    (a,) = x.articles
    assert (a.title, a.date, a.url, a.reporters) == (
        "望月湖街道推行“院落三美”", "2023-05-12", "https://news.example.cn/2023/0512/7.html", ("甄大明",))
    assert "首页" not in a.body and "ICP" not in a.body and "发布时间" not in a.body
    assert _entity(x, "Program", "院落三美") is not None


def test_pinyin_glosses_of_a_traditional_page_leave_names_whole_and_titles_as_written(tmp_path):
    f = tmp_path / "gloss.txt"
    f.write_text("瀏陽市沙市鎮(zhèn)全面落實河長(zhǎng)制\n\n"
                 "本報訊(記者 甄大明)近日，瀏陽市沙市鎮(zhèn)嚴格落實河長(zhǎng)制，開展“淨三河(hé)”行動。\n",
                 encoding="utf-8")
    x = extract_file(f)
    assert x.articles[0].title == "瀏陽市沙市鎮全面落實河長制"
    for name, written in (("河长制", "河長制"), ("净三河", "淨三河"), ("沙市镇", "沙市鎮")):
        e = _entity(x, "Program" if name != "沙市镇" else "Place", name)
        assert e is not None and e.aliases == (written,)
    assert {(r.s, r.o) for r in x.relations if r.p == "implements"} == {("沙市镇", "河长制"), ("沙市镇", "净三河")}
