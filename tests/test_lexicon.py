"""The lexicon: division gazetteer look-ups, name normalisation, the private segmenter."""
import jieba
import pytest

from govkg.extractors.lexicon import Division, load, short_forms, village_name



def test_load_is_cached():
    assert load() is load()


def test_division_by_code_and_padding(lex):
    d = lex.division("430112")
    assert d is not None and d.name == "望城区" and d.level == "county"
    assert lex.division("430112107000").name == "乔口镇"
    assert lex.division("999999999999") is None


def test_village_committee_suffix_is_stripped():
    assert village_name("许兴村委会") == "许兴村"
    assert village_name("某某村村民委员会") == "某某村"
    assert village_name("某某社区居委会") == "某某社区"
    assert village_name("某某居委会") == "某某社区"
    assert village_name("某某社区居民委员会会") == "某某社区"


def test_divisions_named_and_short_forms(lex):
    assert [d.code for d in lex.divisions_named("常德", short=True)] == ["430700000000"]
    assert lex.divisions_named("常德") == ()
    assert [d.name for d in lex.divisions_named("湖南", short=True)] == ["湖南省"]
    # a village row is found by its short form, the official spelling is kept
    (v,) = lex.divisions_named("许兴村")
    assert v.official == "许兴村委会" and v.level == "village"


def test_repeated_names_are_all_returned(lex):
    assert len(lex.divisions_named("清江村")) > 1
    assert len(lex.divisions_named("城关镇")) > 50


def test_ancestors_skip_placeholders(lex):
    (d,) = lex.divisions_named("东城区")[:1]
    assert [a.name for a in lex.ancestors(d)] == ["北京市"]
    (xt,) = lex.divisions_named("仙桃市")
    assert lex.parent(xt).name == "湖北省"


def test_functional_zones_have_level_zone(lex):
    assert lex.division("430371").level == "zone"
    assert "湘潭高新区" in short_forms(lex.division("430371"))
    assert lex.division("430111400000").level == "zone"
    assert short_forms(Division("1", "湘西土家族苗族自治州", "city", "", "")) == ("湘西",)


def test_children(lex):
    names = {d.name for d in lex.children("430100000000")}
    assert {"岳麓区", "望城区", "长沙县"} <= names and "望城县" not in names


def test_segmenter_is_private_and_knows_place_names(lex):
    words = lex.cut("他在望城区乔口镇柳林江村工作")
    assert "乔口镇" in words and "柳林江村" in words
    jieba.dt.initialize()                   # jieba's global segmenter, loaded: our names must not be in it
    assert "柳林江村" not in jieba.dt.FREQ


def test_cut_gives_offsets_that_cover_the_text(lex):
    text = "他在望城区乔口镇工作，ABC 3.5万人。"
    toks = lex.tokenize(text)
    assert "".join(w for w, _, _ in toks) == text
    assert all(text[s:e] == w for w, s, e in toks)
    words, starts = lex.tokens(text)
    assert words == lex.cut(text) == [w for w, _, _ in toks]
    assert starts == [s for _, s, _ in toks] + [len(text)]


def test_cut_matches_jiebas_own_cut():
    """jieba-rs with our user words cuts as jieba with the same words would: checked on a
    private jieba.Tokenizer given a few of them, over text with numbers, Latin and quotes."""
    from govkg.extractors.lexicon import Lexicon
    text = "近日，望城区乔口镇柳林江村的3.5万名村民在ABC广场参加“护林轮值制”宣传活动，谭家冲组组长说好。"
    ours = Lexicon()
    tok = jieba.Tokenizer()
    tok.initialize()
    added, places = ours._user()
    for w in sorted(w for w in added if w in text):
        tok.add_word(w, 2000) if w in places else tok.add_word(w)
    ref = [w for w, _, _ in tok.tokenize(text, HMM=False)]
    assert ours.cut(text) == ref
    assert ours.cut(text, hmm=True) == [w for w, _, _ in tok.tokenize(text)]


def test_flags_follow_posseg(lex):
    assert lex.flag("柳林江村") == "ns"            # a place name we added
    assert lex.flag("我们") == "r"                 # jieba's dictionary tag
    assert lex.flag("2023") == "m" and lex.flag("ABC") == "eng" and lex.flag("，") == "x"


def test_hmm_groups_single_characters_and_flags_verb_phrases(lex):
    assert lex.cut("漆家坳组", hmm=False)[:3] == ["漆", "家", "坳"]
    assert lex.cut("漆家坳组", hmm=True)[0] == "漆家坳" and lex.flag("漆家坳") == "x"
    assert lex.flag("领着") == "v" and lex.flag("种到") == "v"


def test_tokens_of_the_same_text_are_given_again(lex):
    text = "他在望城区乔口镇工作。"
    first = lex.tokens(text, hmm=True)
    assert lex.tokens(text, hmm=True)[0] is first[0]
    assert lex.tokens(text, hmm=False)[0] is not first[0]


def test_is_common_excludes_added_words(lex):
    assert lex.is_common("村民")
    assert not lex.is_common("柳林江村")


def test_villages_of_the_whole_country_are_looked_up_by_name_and_code(lex):
    # 北极村 of 漠河市北极镇 (Heilongjiang): outside the main gazetteer, found by look-up only
    rows = {d.code: d for d in lex.villages_named("北极村")}
    assert "232701104200" in rows and len(rows) > 1
    d = rows["232701104200"]
    assert d.level == "village" and lex.parent(d).name == "北极镇"
    assert lex.division("232701104200") == d
    assert lex.villages.named("不存在的村") == ()
    # Hunan's villages come from the main gazetteer, with the others of the same name
    assert {"430181122225", "430181102245"} <= {d.code for d in lex.villages_named("清江村")}
    # never a segmenter word: looking villages up changes no cut
    assert "北极村" not in lex._user()[0]


def test_village_rows_keep_their_official_spelling(lex):
    (d,) = [d for d in lex.villages_named("北极村") if d.code == "441702105205"]
    assert d.official == "北极村委会"


def test_the_village_table_search_finds_the_first_and_last_names_and_misses_cleanly():
    from govkg.extractors.villages import VillageIndex
    v = VillageIndex()
    text = v._text().decode("utf-8")
    first, last = text[:text.index("\t")], text[text.rindex("\n", 0, len(text) - 1) + 1:].split("\t")[0]
    assert v.named(first) and v.named(last)
    assert v.named("") == () and v.named("\uffff") == () and v.named("\udc80") == ()
    assert v.by_code("441702105205") == ("441702105205", "北极村", "北极村委会") and v.by_code("北极") is None


def test_data_file_errors_name_the_line_and_comments_are_dropped(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from govkg.extractors import divisions
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(divisions, "resources", SimpleNamespace(files=lambda _: tmp_path))
    (tmp_path / "data" / "ok.txt").write_bytes("# head\n甲 # note\n\n  乙\t丙 \n#\n".encode())
    assert list(divisions.read_lines("ok.txt")) == [(2, "甲"), (4, "乙\t丙")]
    (tmp_path / "data" / "cr.txt").write_bytes("甲\n乙\r\n丙\n".encode())
    with pytest.raises(ValueError, match=r"data/cr.txt:2: CR"):
        list(divisions.read_lines("cr.txt"))
    (tmp_path / "data" / "bom.txt").write_bytes("\ufeff甲\n".encode())
    with pytest.raises(ValueError, match=r"data/bom.txt:1: byte-order"):
        list(divisions.read_lines("bom.txt"))


def test_dictionary_gives_each_words_tag_and_frequency():
    import os

    from govkg.extractors.jieba_dictionary import _parse_dictionary, dictionary
    main = dictionary()
    assert main["北京"] == ("ns", 34488) and main["我们"] == ("r", 98740) and main["村民"] == ("n", 1213)
    assert main["AT&T"] == ("nz", 3) and "柳林江村" not in main
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        lines = [line.split() for line in f]
    assert len(main) == len({w for w, _, _ in lines})
    assert all(main[w] == (t, int(n)) for w, n, t in lines[::997])
    # read in threes, or line by line when a line does not have three fields
    assert _parse_dictionary("甲 3 n\n乙 5 v") == {"甲": ("n", 3), "乙": ("v", 5)}
    assert _parse_dictionary("甲 3 n\n\n乙 5 v\n丙 7\n") == {"甲": ("n", 3), "乙": ("v", 5)}


def test_jieba_rs_is_loaded_without_rjiebas_default_segmenter():
    import subprocess
    import sys
    code = ("import sys\nfrom govkg.extractors.lexicon import _jieba_rs\nJ = _jieba_rs()\n"
            "assert 'rjieba' not in sys.modules and J().cut('长沙市') == ['长沙市']\n"
            "import rjieba\nassert rjieba.Jieba is J and rjieba.cut('长沙市') == ['长沙市']\nprint('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "ok"


def test_only_the_shortened_levels_have_short_forms_or_press_names(lex):
    from govkg.extractors.divisions import SHORTENED, press_names
    assert all(not short_forms(d) and not press_names(d) for d in lex.by_code.values() if d.level not in SHORTENED)
    assert {d.level for d in lex.by_code.values() if short_forms(d) or press_names(d)} == SHORTENED
    names, shorts, kids = lex._indexes()
    assert names["许兴村委会"] == names["许兴村"] and "临夏州" in names and shorts["常德"] == ("430700000000",)
    assert all(isinstance(v, tuple) for m in (names, shorts, kids) for v in m.values())


def test_a_division_is_a_read_only_record_equal_by_its_fields(lex):
    d = lex.division("430112")
    assert d == lex.division("430112000000") and hash(d) == hash(lex.division("430112000000"))
    assert repr(d) == ("Division(code='430112000000', name='望城区', level='county', parent='430100000000', "
                       "official='望城区')")
    with pytest.raises(AttributeError):
        d.name = "望城县"
