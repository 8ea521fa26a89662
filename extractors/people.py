"""People: names with title words, bylines; anonymous forms (李女士, 张大爷, 化名) dropped.

A body name is taken only where context anchors it: a post or role word right before
(党支部书记钟立平, 居民戴萌), a post in brackets right after (董某(县应急管理局局长)) or a
speech verb right after (钟立平说). Most names are a surname (``data/surnames.txt``) and one
or two given characters; the given name's length is settled by what follows it
(punctuation, a verb) or, failing that, by one jieba cut of a few characters; right after a
post a name is expected, so two given characters are the default there. Names of other forms
are read too, because officials across China bear them: four characters of one surname and
three given ones before a speech verb (Yi names), names with a middle dot (Uyghur names), and,
right after a post, names with no Han surname (Tibetan, Mongolian) that end at a verb or a
stop, are spelt in transliteration characters and hold no ordinary dictionary word.

Surname characters are also verbs and nouns, so a reading is refused where grammar says
otherwise: a given name holding a county word or a level word + 级 (任镇级河长), the object of
a pivot verb (引导牧民储草: the herders are told to store hay), a speech verb that is the end
of a longer verb (都在诉说), and a name after a post written after another name (李四董事长谈
项目: 董事长 is 李四's). A three-character name the cut splits (周立/宝用) is kept whole when
a verb follows its third character; one that opens with a word (王国 + 栋) when the
dictionary knows it as a name; one holding a short place form (何 + 海东) after a post.
The posts themselves are read by ``posts.relate``.
"""
from __future__ import annotations

import re
from typing import Any

from .lexicon import Lexicon, dictionary
from .posts import STOPS, closing_bracket, relate, relate_all, title_endings, title_pattern
from .primitives import HAN, HAN_CHAR, HAN_RUN, LEVEL_WORDS
from .records import Article, Mention
from .scan import automaton, by_identity, mask

__all__ = ["find", "relate", "relate_all"]

# words that may follow a name: speech verbs first (the first twelve anchor a name by
# themselves), then other verbs, adverbs and function words
_AFTER = ("说", "介绍", "表示", "告诉", "坦言", "感叹", "指出", "强调", "认为", "回忆", "笑着", "一行", "等",
          "参加", "出席", "当选", "见证", "看到", "领着", "带领", "来到", "主持", "讲话", "发言", "调研",
          "陪同", "率队", "同志", "家中", "家", "的", "对", "与", "和", "在", "是", "也", "还", "又", "就",
          "都", "正", "便", "已", "最", "十分", "发出", "积极", "摄", "供图", "作", "先后", "一直", "当时",
          "带头", "带队", "负责", "到任", "一边", "每天", "每周", "正在", "将", "把", "从", "向", "到")
_PUNCT = STOPS
_AFTER_LONGEST = max(map(len, _AFTER))
_AFTER_WORDS = tuple(w for w in _AFTER if len(w) > 1)   # those of two characters or more
_NAME_END = re.compile("[%s]|%s" % ("".join(map(re.escape, sorted(_PUNCT))), "|".join(map(re.escape, _AFTER))))
_KIN = set("伯叔婶姨嫂爷奶婆哥姐")   # 黄伯, 陈姨: a surname and a kin word is no name
_HIDDEN = re.compile(r"[（(]化名[）)]")    # used with .match(body, pos): anchored there
_OPEN = re.compile(r"[(（]")
_DOTTED = re.compile(rf"[{HAN}]{{2,6}}·[{HAN}]{{2,8}}")
_NOT_NAME_START = set("vpdcrmu")   # jieba tags: verb, preposition, adverb, conjunction, pronoun…
# characters of grammar, never in a transliterated name; stops that never close one
_FUNCTION = frozenset("不没么这那了着过们很把被")
_NOT_AFTER_FOREIGN = set("“”\"'《》—…")
_NOT_AFTER_FOREIGN_WORDS = ("和", "与", "的", "对", "是")   # 巡河和…: a verb phrase goes on
_NUMERALS = set("一二三四五六七八九十百千万两几片个")
# characters that spell Tibetan, Mongolian, Uyghur, Kazakh and Yi names in Han script; a
# surname-less name holds at most one other (巡山护林 and 上门服务 are verb phrases)
_TRANSLITERATION = frozenset(
    "丹丽乌买云亚仁伊伍佳依俄保克兰其冷则力加努勒包卓南古合吉吐吾周呷呼和哈嘎图坚坦培塔增夏多央如姆娅娘娜"
    "孜孟宗宝尔尕尼巴布希帕干平庆库强德必惹才扎托拉拜拥措提敦斯日旦旺明普曲更朗朝木本林查根格桑森楞次比毕"
    "毛汗江沙泽洛洪浩海满热特玉玛珠琴琼瓦甫白秀米素索约罗群者胡色艾芝花苏英草莫萨西让贡贺赞边达迪那都金铁"
    "门阿音顿额马鲁麦")
_NOT_A_HOLDER = ("制", "办")
# a given name holds no county-or-higher level word, and no level word + 级 (任镇级河长 is the
# verb 任 + 镇级: to serve as the town-level chief; 包联县(市、区) is the verb 包联 + 县)
_NOT_GIVEN = re.compile(r"[省市县区]|[省市区县州旗盟镇乡村组]级")
# pivot verbs: the role word after one is the verb's object and the subject of what follows
# (引导牧民储草，: herders store hay), not a label before a name when two characters close
# the clause (帮助村民张三解决 keeps its name)
_PIVOT = ("引导", "鼓励", "动员", "帮助", "指导", "发动", "号召", "带动", "劝导", "教育", "支持", "吸引",
          "让", "使", "帮")
_POST_PREFIXES = ("副", "常务", "执行", "代理", "名誉")   # written before a post word: 副主任, 名誉村主任
_VERB_TAGS = ("v", "p", "d", "c", "u")   # jieba tags of a word that opens a predicate
_COMMON = 100           # a dictionary word this frequent is no transliterated name
_COMMON_AFTER_POST = 1000   # right after a post, a name may open with a rarer word (包金 + 某)


@by_identity()
def _speech_re(surnames: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A speech verb (说, 介绍, 表示…), and a name right before one: surname, one or two
    characters, the verb. The verbs are found first: trying the name at every character
    of the body costs thirty times more. No verb starts inside another, so the plain
    alternation finds where each one starts (a look-ahead, four times slower, is not needed)."""
    verbs = "|".join(_AFTER[:12])
    alt = "|".join(sorted(map(re.escape, surnames), key=len, reverse=True))
    return re.compile(verbs), re.compile(rf"(?:%s)[{HAN}]{{1,2}}(?:%s)" % (alt, verbs))


@by_identity()
def _surname_index(surnames: tuple[str, ...]) -> tuple[tuple[int, ...], frozenset[str], frozenset[str]]:
    """Surname lengths, longest first (欧阳明 is 欧阳 + 明, not 欧 + 阳明), the surnames, and
    their first characters: most positions asked about (where a post ends) open no
    surname, and one look-up of the character answers that for every length."""
    lengths = tuple(sorted({len(x) for x in surnames}, reverse=True))
    return lengths, frozenset(surnames), frozenset(x[:1] for x in surnames)


@by_identity()
def _posts(titles: tuple[str, ...], roles: tuple[str, ...]) -> frozenset[str]:
    """Every post and role word, as one set (built once, not per article)."""
    return frozenset(titles) | frozenset(roles)


@by_identity()
def _post_automaton(titles: tuple[str, ...], roles: tuple[str, ...]) -> tuple[Any, int]:
    """An automaton of every post and role word (where a post ends, a name may start), and
    how many of its word indexes are posts (duplicates dropped): worked out once, not per
    article (the lists' tuple joined and hashed anew each time)."""
    return automaton(titles + roles), len(dict.fromkeys(titles))


def _surnames(lex: Lexicon) -> tuple[str, ...]:
    return lex.words("surnames")


def _surname_at(body: str, k: int, lex: Lexicon) -> str:
    """The longest surname starting at ``body[k]``, or ''."""
    lengths, known, firsts = _surname_index(_surnames(lex))
    if body[k:k + 1] not in firsts:
        return ""
    for n in lengths:
        if body[k:k + n] in known:
            return body[k:k + n]
    return ""


def _name_opens(body: str, k: int, index: tuple[tuple[int, ...], frozenset[str], frozenset[str]]) -> bool:
    """A surname and a Han character start at ``body[k]``: a look-up per surname length,
    where a pattern of the surnames would try them one by one. ``index``: ``_surname_index``'s,
    fetched once by the caller (it asks at every post's end)."""
    lengths, known, firsts = index
    if body[k:k + 1] not in firsts:
        return False
    for n in lengths:
        if body[k:k + n] in known and HAN_CHAR.match(body, k + n):
            return True
    return False


def _person(article: Article, name: str, pos: int, surface: str = "") -> Mention:
    surface = surface or name
    if pos >= 0:
        s, e = article.span(pos, pos + len(surface))
    else:
        s, e = article.name_span(surface) or (article.start, article.start)
    return Mention(type="Person", name=name, surface=surface, article=article.index, start=s, end=e, pos=pos)


def find(article: Article, organizations: list[Mention], places: list[Mention], lex: Lexicon) -> list[Mention]:
    """Person mentions of one article, in text order: bylines, photo credits, then the body."""
    body = article.body
    out: list[Mention] = []
    for name in dict.fromkeys(article.reporters + article.correspondents):
        out.append(_person(article, name, body.find(name)))
    for cap in article.captions:
        for name in cap.credit:
            out.append(_person(article, name, -1))
    names = _body_names(article, lex)
    if not names:
        return out                             # (most articles: the masks below are not built)
    taken = mask(len(body), ((m.pos, m.pos + len(m.surface)) for m in organizations + places if m.pos >= 0))
    # a place written short (海东 for 海东市) may be the given name after a surname: 书记何海东
    firm = mask(len(body), ((m.pos, m.pos + len(m.surface)) for m in organizations + places
                            if m.pos >= 0 and (m.type != "Place" or m.surface == m.name)))
    anon = tuple(lex.words("anonymous"))
    posts = _posts(lex.words("titles"), lex.words("roles"))
    for pos, (name, strong) in names:
        if any((firm if strong and not taken[pos] else taken)[pos:pos + len(name)]) \
                or (_is_word(name, lex, strong) and not _whole_name(body, pos, name, lex, strong)):
            continue
        if name[1:].startswith(anon) or name[2:].startswith(anon) or _HIDDEN.match(body, pos + len(name)) \
                or (len(name) == 2 and name[1] in _KIN) or name[1:] in posts or name in anon:
            continue                           # 李女士, 黄伯, 李教授, 师傅: a form of address
        out.append(_person(article, name, pos))
    return out


def _whole_name(body: str, pos: int, name: str, lex: Lexicon, strong: bool) -> bool:
    """A three-character name after a post that opens with a word (王国 + 生) but that the
    dictionary knows as a name, or the cut keeps whole and knows as no word (省委书记王国栋主持;
    not 高度/重视, not the place 杭州市)."""
    if not strong or len(name) != 3 or _NOT_GIVEN.search(name, 1):
        return False
    return lex.flag(name).startswith("nr") or (not lex.is_word(name) and lex.cut(body[pos:pos + 6], hmm=True)[0] == name)


def _is_word(name: str, lex: Lexicon, strong: bool) -> bool:
    """``_reads_as_word``, kept on the lexicon: asked twice for most names (when read and when
    kept), and names recur across articles."""
    memo = lex.memo("people._is_word")
    got = memo.get((name, strong))
    if got is None:
        got = memo[name, strong] = _reads_as_word(name, lex, strong)
    return got


def _reads_as_word(name: str, lex: Lexicon, strong: bool) -> bool:
    """The name is or opens with an ordinary dictionary word (宣讲, 干部, 干什么), not a name. A
    compound surname is a word too (欧阳, 司徒): no sign against the name."""
    if "·" in name:
        return False
    sur = _surname_at(name, 0, lex)
    if _NOT_GIVEN.search(name, len(sur)):
        return True
    if len(sur) > 1:
        return False
    if name[0] in _AFTER and _common(name[1:], 20):
        return True                            # 和出纳: a conjunction and a word, not the surname 和
    return _common(name[:2], _COMMON_AFTER_POST if strong else 50) or (
        _common(name, 50) and not (strong and _placelike(name)))   # 乌云其木格 is a place to jieba


def _body_names(article: Article, lex: Lexicon) -> list[tuple[int, tuple[str, bool]]]:
    """(position, (name, anchored by a post)) of anchored names in the body."""
    body = article.body
    posts, n_titles = _post_automaton(lex.words("titles"), lex.words("roles"))
    surnames = _surname_index(_surnames(lex))
    ends: dict[int, bool] = {}
    begins: dict[int, int] = {}               # where the longest post ending at each end starts
    inside: set[int] = set()                  # 支书 ends inside 支书记: no name starts there
    for i, s, e in posts.find_matches_as_indexes(body, overlapping=True):
        ends[e] = ends.get(e, False) or i < n_titles
        begins[e] = min(begins.get(e, s), s)
        inside.update(range(s + 1, e))
    found: dict[int, tuple[str, bool]] = {}
    name_ends: set[int] = set()
    post_ends = {e for e in ends if ends[e]}
    for k in sorted(ends):
        strong = ends[k]
        if k in inside:
            continue
        if body.startswith(_NOT_A_HOLDER, k):
            continue                           # 田长制, 湖长办: a system or an office, not a person
        name = _dotted(body, k) or (_name_opens(body, k, surnames) and _settle(body, k, lex, strong)) or ""
        if not (name and _ends_name(body, k + len(name))):
            # 乌云其木格出席: a longer name that ends at a verb; after a role word (牧民), only
            # one spelt in transliteration characters alone
            longer = _foreign(body, k, lex, 1 if strong else 0)
            name = longer if len(longer) > len(name) else name
        if not name or (not strong and len(name) == 2 and body.endswith(_PIVOT, 0, begins[k])
                        and body[k + 2:k + 3] in _PUNCT):
            continue                           # 引导牧民储草，: a verb and its object close the clause
        if _postposed(body, begins[k], (name_ends, post_ends), lex):
            continue                           # 李四董事长谈项目: a post written after its name (asked once a name is read)
        found[k] = (name, strong)
        if not _is_word(name, lex, strong):
            name_ends.add(k + len(name))
        # a list of names after one post: 领导伍靖、韦思远
        j = k + len(name)
        while body.startswith("、", j) and _name_opens(body, j + 1, surnames):
            nxt = _settle(body, j + 1, lex, False)
            if not nxt:
                break
            found[j + 1] = (nxt, strong)
            j += 1 + len(nxt)
    for k, name in _bracketed_names(body, lex, set(ends)):
        found.setdefault(k, (name, True))
    said, speaker = _speech_re(_surnames(lex))
    for k in sorted({k for m in said.finditer(body) for k in range(max(0, m.start() - 4), m.start() - 1)}):
        if k in found or (k > 0 and (HAN_CHAR.match(body[k - 1]) or body[k - 1] == "·")) \
                or not speaker.match(body, k):
            continue
        name = _settle(body, k, lex, False)
        if name and not (lex.is_common(body[k + len(name) - 1:k + len(name) + 1])
                         and any(map(_grammar_char, name[1:-1]))):
            found[k] = (name, False)           # not 都在诉说: 都 + 在 + 诉说, a verb, not 诉 + 说
    return sorted(found.items())


def _postposed(body: str, start: int, before: tuple[set[int], set[int]], lex: Lexicon) -> bool:
    """The post starting at ``start`` is written after a name (李四董事长, 名誉村主任某伟董事长):
    a name was read right before it, or two or three characters that are no word stand
    between it and a post before (a name of a surname the list lacks)."""
    names, posts = before
    if start in names:
        return True
    for n in (2, 3):
        if start - n not in names and start - n not in posts:
            continue
        gap = body[start - n:start]
        if HAN_RUN.fullmatch(gap) and not lex.is_word(gap) \
                and not gap.endswith(_POST_PREFIXES) and not gap.endswith(tuple(LEVEL_WORDS)) \
                and not any(map(_grammar_char, gap)) and gap not in lex.words("title_units"):
            return True                        # not 常委会副主任 (会副), 村主任甲和村会计乙 (和村)
    return False


def _ends_name(body: str, end: int) -> bool:
    """``body[end]`` can follow a name: a stop, a verb or a function word, or the end."""
    return end >= len(body) or body[end] in _PUNCT or body.startswith(_AFTER, end)


def _name_end(body: str, lo: int, hi: int) -> int:
    """The first ``j`` in [lo, hi] where ``_ends_name`` holds, else -1: one search of the
    stops and the words that may follow a name, not a test at each ``j``."""
    m = _NAME_END.search(body, lo, hi + _AFTER_LONGEST)
    if m is not None and m.start() <= hi:
        return m.start()
    return len(body) if lo <= len(body) <= hi else -1


def _settle(body: str, k: int, lex: Lexicon, strong: bool) -> str:
    """The name starting at body[k]: surname + one to three characters, by what follows.
    ``strong``: a post stands right before, so a name is expected here."""
    sur = _surname_at(body, k, lex)
    if not sur:
        return ""
    g = k + len(sur)
    run = HAN_RUN.match(body, g)
    run_len = run.end() - g if run else 0
    for n in (2, 1):
        end = g + n
        if run_len < n:
            continue
        if n == 2 and body.startswith(_AFTER, end - 1) and not (
                end < len(body) and body.startswith(_AFTER_WORDS, end)):
            continue                           # 伍靖说: the last character starts the verb (not 韦某和出席)
        if _ends_name(body, end):
            return body[k:end]
    if len(sur) == 1 and run_len >= 3 and not any(body.startswith(_AFTER, j) for j in range(g, g + 3)) \
            and body.startswith(_AFTER[:12], g + 3) and _outside_transliteration(body[g:g + 3]) <= 1:
        return body[k:g + 3]                   # 马海某呷介绍: a Yi name of four characters
    if hasattr(lex, "cut"):
        words = lex.cut(body[k:k + 6], hmm=True)
        if len(words) > 1 and words[0] == sur and len(words[1]) == 2 and body.startswith(words[1], g) \
                and dictionary().get(words[1], ("", 0))[0].startswith("n" if strong else "nr"):
            return body[k:g + 2]               # 徐/向阳/汇报: the cut keeps the given name whole
        if words and len(sur) < len(words[0]) <= 3 and words[0].startswith(sur):
            if len(words[0]) == len(sur) + 1 and len(words) > 2 and len(words[1]) == 1 \
                    and words[1] in body[g + 1:g + 2] and not body.startswith(_AFTER, g + 1):
                return body[k:g + 2]           # 覃子/墨/带队: the cut left the last character alone
            if len(words[0]) == len(sur) + 1 and _opens_predicate(body, g + 2, words, lex):
                return body[k:g + 2]           # 周立/宝用/大喇叭: 宝用 is no word, 用 opens the verb phrase
            return words[0]
    if (strong or len(sur) > 1) and run_len >= 2 and not any(body.startswith(_AFTER, j) for j in (k, g, g + 1)) \
            and not _common(body[k:g + 2], 50) and not any(c in _NUMERALS for c in body[g:g + 2]):
        return body[k:g + 2]                   # after a post, or a compound surname: two given characters
    return ""


def _opens_predicate(body: str, j: int, words: list[str], lex: Lexicon) -> bool:
    """The cut of a name read two characters long glued its third character to what follows
    into no word (周立/宝用: the name is 周立宝), and a verb, preposition or adverb starts
    right after that third character (用大喇叭, 怀着)."""
    if len(words) < 2 or len(words[1]) < 2 or lex.is_word(words[1]) or not HAN_CHAR.match(body[j - 1]) \
            or body[j - 1] in _FUNCTION or body.startswith(_AFTER, j - 1):
        return False
    nxt = lex.cut(body[j:j + 4])
    return bool(nxt) and lex.flag(nxt[0]).startswith(_VERB_TAGS)


def _grammar_char(c: str) -> bool:
    """``c`` is a preposition, conjunction or particle, or one of the most frequent adverbs
    (在, 和, 等, 都, 就): a word of grammar, not a given name (正, a rarer adverb, is one)."""
    tag, n = dictionary().get(c, ("", 0))
    return tag[:1] in ("p", "c", "u") or (tag[:1] == "d" and n >= 100000)


def _common(word: str, freq: int) -> bool:
    """``word`` is in the dictionary as something other than a name, at least ``freq`` times."""
    tag, n = dictionary().get(word, ("", 0))
    return bool(tag) and not tag.startswith("nr") and n >= freq


def _dotted(body: str, k: int) -> str:
    """A name with a middle dot at ``body[k]`` (阿某古丽·托某提), up to where the name ends."""
    m = _DOTTED.match(body, k) if body.find("·", k + 2, k + 7) >= 0 else None    # (mostly none: no pattern tried)
    if not m:
        return ""
    dot = body.index("·", k)
    for end in range(dot + 3, m.end() + 1):
        if _ends_name(body, end):
            return body[k:end]
    return ""


def _foreign(body: str, k: int, lex: Lexicon, others: int = 1) -> str:
    """A name with no Han surname right after a post (Tibetan, Mongolian: 2–7 characters),
    ending where a verb or a stop starts, with at most ``others`` characters outside the
    transliteration set; none of its words an ordinary dictionary word."""
    if _outside_transliteration(body[k:k + 2]) > others:
        return ""                              # (most positions: the name's first two characters fail already)
    if not HAN_RUN.match(body, k) or _ends_name(body, k):
        return ""
    end = _name_end(body, k + 1, k + 8)
    if end < k + 2 or not hasattr(lex, "cut") or not _FUNCTION.isdisjoint(body[k:end]) \
            or _outside_transliteration(body[k:end]) > others:
        return ""
    if body[end:end + 1] in _NOT_AFTER_FOREIGN or body.startswith(_NOT_AFTER_FOREIGN_WORDS, end):
        return ""
    name = body[k:end]
    words = lex.cut(name, hmm=False)
    if any(len(w) > 1 and _common(w, _COMMON) and not _placelike(w) for w in words):
        return ""
    if dictionary().get(words[0], ("", 0))[0][:1] in _NOT_NAME_START and (
            len(words[0]) > 1 or any(len(w) > 1 and _common(w, 1) and not _placelike(w) for w in words)):
        return ""                              # 讲党课, 一行: a verb or a number and a word; not 扎/西平/措
    return name


def _outside_transliteration(text: str) -> int:
    """How many characters of ``text`` are outside the transliteration set (counted in C,
    not by a generator: asked at most positions where a post ends)."""
    return len(text) - sum(map(_TRANSLITERATION.__contains__, text))


def _placelike(word: str) -> bool:
    """jieba tags the word as a place name: transliterated names often hold one (扎西, 西平)."""
    return dictionary().get(word, ("", 0))[0].startswith("ns")


def _bracketed_names(body: str, lex: Lexicon, post_ends: set[int]) -> list[tuple[int, str]]:
    """Names right before a bracketed post: 董某(县应急管理局局长), 陈某（巴宜区副区长）."""
    titles = title_pattern(lex.words("titles"), lex.words("title_units"))
    endings = title_endings(lex.words("titles"))
    out = []
    for b in (m.start() for m in _OPEN.finditer(body)):
        close = closing_bracket(body, b)
        inner = body[b + 1:close] if close > 0 else ""
        if not inner.endswith(endings) or not any(titles.fullmatch(inner, i) for i in range(len(inner))):
            continue
        valid = [n for n in (4, 3, 2) if _bracket_name(body, b - n, b, lex)]
        bounded = [n for n in valid if n == b or not HAN_CHAR.match(body[b - n - 1]) or b - n in post_ends]
        # no stop or post before: 干部陈某 (陈某, 部 is no surname), 干部贺某某 (子某 is no name)
        n = bounded[0] if bounded else (2 if 2 in valid else valid[0] if valid else 0)
        if n:
            out.append((b - n, body[b - n:b]))
    return out


def _bracket_name(body: str, s: int, b: int, lex: Lexicon) -> bool:
    """``body[s:b]`` can be a name: a surname and one or two Han characters."""
    sur = _surname_at(body, s, lex) if s >= 0 else ""
    return bool(sur) and HAN_RUN.fullmatch(body, s, b) is not None and b - s - len(sur) in (1, 2)
