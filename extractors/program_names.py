"""Programme names in an article body: the candidates, before names are grouped.

A programme is a named initiative that someone runs or awards. Chinese local news marks
most of them in one of five ways, each read by its own small rule:

1. **Quoted** (``“书香驿站”``): the quote is a name when a cue verb stands right before it
   (开展/推行/实施/建设 …, ``program_cues``, honour verbs too, a count between: 召开一次“…”),
   a head word right after it or after the run of quotes it opens (工作/活动/改革/品牌 …,
   ``program_heads``; a short modifier and a naming head: “…”协作机制; 以“甲”“乙”为抓手),
   a place right before it (甲县“…”), a plus inside it (“楼长+网格员”), or its own ending is
   a programme form (…长制, …工程, …小屋). Speech (ending in 。！？, or holding ：；), long
   sentences, single characters and figures of speech (``program_stopwords``: 连心桥,
   组合拳) are never names. A core of four characters or fewer keeps a naming head
   (``“院落三美”改革``, ``“清洁渔港”建设示范镇``) unless it is a national name; a leading
   ``第N批``/``首批`` is dropped.
2. **Forms** after a cue verb: ``建立联席调度制度``, ``纳入…救助项目``, ``实行督办制、约谈制``
   (``program_forms``); the noun phrase is cut at the last 的 and its leading amounts; a
   phrase that joins two things (…与…制度) is none. Items listed before a counted head
   (``甲治理、乙整治等9个项目``). Chief systems (路长制) and numbered campaigns
   (百日攻坚行动) need no cue.
3. **X+Y models** written without quotes (``建立楼长+网格员、楼长+调解员等机制``).
4. **Honours** after an award verb (``入选2022年度省级…示范村``, ``创建国家级高新区``,
   ``是甲省首批…示范村``: 是 only before a batch; ``program_honour_cues``,
   ``program_honour_forms``).
5. **National programmes** named anywhere (``national_programs``: 河长制, 12345热线 …).

Everything is a few regular-expression passes over the body: linear in its length.
"""
from __future__ import annotations

import re
from typing import Iterator

from .lexicon import Lexicon
from .primitives import HAN
from .records import record
from .scan import automaton, by_identity, finditer_at

__all__ = ["Cand", "candidates", "tables", "trim", "BATCH"]

_SPEECH_PUNCT = "。！？!?：:；;…"
_SPEECH_MARK = re.compile("[%s]" % re.escape(_SPEECH_PUNCT))
_CLAUSE_STOP = "，,。！？!?；;：:\n“”‘’「」《》()（）…—"
_QUOTES = re.compile(r"[“「‘]([^“”「」‘’\n]{1,40})[”」’]")
_NUM = "0-9０-９一二三四五六七八九十百千万两"
_LEAD_AMOUNT = re.compile(
    rf"(?:(?:了|成了|成|出|起)"
    rf"|(?:[{_NUM}]+(?:年度|年|亩|个|项|批|家|座|期|轮|次|名|届|户|条|处|所|大))"
    rf"|第[{_NUM}]+(?:批|届|期|轮)|一批|一系列|首期|首届|首个|首批|新一轮|本次|此次|该|各类|各项"
    rf"|多项|免费|全市|全区|全县|全镇|全乡|全面|深入|持续|定期|积极|率先|大力|扎实|累计|成功)+")
_BATCH = re.compile(rf"^(?:第[{_NUM}]+(?:批|届|期)|首批|首个)")
_ORG_TAILS = ("所", "站", "中心")
_JOIN_HEADS = re.compile(rf"^([{HAN}]{{0,8}}(?:改革|机制|制度|表彰|创新模式)"
                         r"|(?:建设|创建)?示范(?:村|镇|县|市|区|点|户|单位)|议事厅|议事会|支部)")
# X+Y models (楼长+网格员, 合作联社+农户): each part a short noun; a bare 楼长+ too.
_PLUS = "+＋"
_PLUS_RUN = re.compile(rf"(?<![“「‘])[{HAN}]{{1,10}}(?:[{_PLUS}][{HAN}]{{1,12}})+")
_PLUS_TAIL = re.compile(r"等|的|和|与|模式|机制|联动|协作|工作|项目|试点|发展|融合|管护|为|[是有在将]")
_PLUS_MARK = re.compile(rf"[{_PLUS}]")        # a run's first plus: one to ten characters after its start
_JOINED = re.compile(r"[等与和及]")
_PLUS_MODEL = re.compile(rf"^[{HAN}]{{1,8}}(?:[{_PLUS}][{HAN}]{{1,8}})*[{_PLUS}]?$")
_SEP = re.compile(r"[、,，·\s]")
# Verbs that cue a quoted name but are too common before plain noun phrases to cue a form
# (建设“乡村工坊” yes; 一期建设100兆瓦…项目 is an investment, not a programme).
_QUOTE_CUES = ["建设"]
_COUNT = re.compile(rf"[{_NUM}]")
_QUOTE_RUN = re.compile(r"(?:[、和及]?[“「‘][^“”「」‘’\n]{1,40}[”」’])*")
# What may stand between a run of quoted names and the head they share: a count (等5个) and a
# quoted kind (“党建+合作社”品牌).
_COUNTED_RUN_END = re.compile(r"等[0-9一二三四五六七八九十]*[个项类批种]?(?:“[^“”\n]{1,12}”)?")
_PAREN = re.compile(r"[（(][^（）()]{0,20}[）)]")
# Endings too common in ordinary nouns to make a quoted phrase a name on their own.
_WEAK_ENDINGS = frozenset({"年", "节", "会", "教育", "管理", "先进", "城市", "岗位", "治理",
                           "模式", "称号", "整治", "改造"})
# "A、B等N个<head>": the head says what each listed item is.
_LIST_HEADS = {"项目": "project", "工程": "project", "先进典型": "honour", "典型": "honour", "荣誉称号": "honour", "称号": "honour"}
# Form heads that need a core of three characters (治水机制, 园区改革 are not names).
_LONG_CORE_HEADS = frozenset({"机制", "制度", "改革", "体系", "活动", "行动", "计划"})


@record
class Cand:
    """A programme candidate in body coordinates before names are grouped."""

    start: int          # body span of the surface
    end: int
    name: str
    surface: str
    kind: str


# --------------------------------------------------------------------------- lexicon views

_LISTS = ("program_cues", "program_heads", "program_forms", "program_honour_cues",
          "program_honour_forms", "program_kind_endings", "national_programs",
          "program_stopwords", "program_generic_cores")


@by_identity()
def _tables(*lists: tuple[str, ...]) -> dict:
    """Compiled views of the word lists, built once per distinct set of lists."""
    w = dict(zip(_LISTS, lists))
    cues = sorted(w["program_cues"], key=len, reverse=True)
    heads = sorted(w["program_heads"], key=len, reverse=True)
    forms = [(ending, kind) for ending, kind in (x.split("\t") for x in w["program_forms"])]
    forms.sort(key=lambda f: len(f[0]), reverse=True)
    hcues = sorted(w["program_honour_cues"], key=len, reverse=True)
    hforms = w["program_honour_forms"]
    kinds = sorted((tuple(x.split("\t")) for x in w["program_kind_endings"]),
                   key=lambda k: len(k[0]), reverse=True)
    national: dict[str, tuple[str, str]] = {}
    for line in w["national_programs"]:
        names, _, kind = line.partition(";")
        variants = [v.strip() for v in names.split("|") if v.strip()]
        for v in variants:
            national[v] = (variants[0], kind.strip())
    national_words = tuple(sorted(national, key=len, reverse=True))     # longest first
    alt = lambda ws: "|".join(re.escape(w) for w in ws)  # noqa: E731
    return {
        "cue_end": re.compile(rf"(?:{alt(sorted(cues + hcues + _QUOTE_CUES, key=len, reverse=True))})(?:了|成了|好)?"
                              rf"(?:一次|一批|一个|[{_NUM}]+[个次场处家座])?$"),
        # a head right after the quote, or a short modifier and a naming head (“…”协作机制)
        "head_start": re.compile(rf"^(?:{alt(heads)})|^[{HAN}]{{1,4}}?(?:机制|模式|品牌|工程|项目|平台)"),
        "form": re.compile(rf"(?:{alt(cues)})([^{_CLAUSE_STOP}]{{2,80}})"),
        "listed": re.compile(rf"([^{_CLAUSE_STOP}]{{4,80}}?)等[{_NUM}]*[个项批类]?(?:重点)?"
                             rf"({alt(sorted(_LIST_HEADS, key=len, reverse=True))})"),
        "form_heads": automaton(tuple(f[0] for f in forms), leftmost_longest=True),
        "form_kind": dict(forms),
        "listed_tail": re.compile(rf"等[{_NUM}]*[个项批类]?(?:重点)?"
                                  rf"({alt(sorted(_LIST_HEADS, key=len, reverse=True))})"),
        "zhi_tail": re.compile(r"制(?=[、和及，,。；;\s]|管理)"),
        "x_zhi": re.compile(r"(?:(?<=[、和及])|(?<=实行)|(?<=推行)|(?<=落实)|(?<=建立))"
                            rf"([{HAN}]{{2,3}}制)(?=[、和及，,。；;\s]|管理)"),
        # 路长制, 街长制, 巷长制: a chief system, one character before 长制 (not 家长制 or a
        # post's 院长/县长), written anywhere
        "zhang_zhi": re.compile(rf"((?:[{_NUM}]|(?![家校院厂局处科部省市县区镇乡村组队班])[{HAN}])长制)"),
        # 百日攻坚行动, 千村示范工程: a numbered core and a campaign head, written anywhere
        "numbered": re.compile(rf"((?<![{_NUM}{HAN}])[一二三四五六七八九十百千万双](?![个项年大批次条种名起同道系般些])"
                               rf"[{HAN}]{{1,5}}?(?:行动|工程|计划))"),
        "honour": re.compile(       # 是 only before a batch: 甲村是乙省首批…示范村
            rf"(?:{alt(hcues)}|是(?=[^{_CLAUSE_STOP}]{{0,8}}?(?:首批|第[{_NUM}]+批)))(?:了)?([^{_CLAUSE_STOP}、]{{2,30}})"),
        "honour_open": tuple(h[1:] for h in hforms if h.startswith("^")),
        "honour_end": tuple(sorted((h for h in hforms if not h.startswith("^")),
                                   key=len, reverse=True)),
        "national": re.compile(alt(national_words)) if national else None,
        "national_names": national,
        # the same matches as ``national``'s finditer (leftmost, longest), in one Rust pass
        "national_words": national_words,
        "national_ac": automaton(national_words, leftmost_longest=True),
        "kinds": _by_ending(kinds),
        "strong_endings": tuple(k[0] for k in kinds if k[0] not in _WEAK_ENDINGS),
        "cue_words": tuple(cues + hcues),
        "cue_at": re.compile(alt(cues + hcues)),      # the first of them written at a position, in list order
        "stop": frozenset(w["program_stopwords"]),
        "generic": tuple(w["program_generic_cores"]),
    }


def _t(lex: Lexicon) -> dict:
    return _tables(*map(lex.words, _LISTS))


def _by_ending(kinds: list[tuple[str, ...]]) -> tuple[tuple[int, ...], dict[str, str]]:
    """The endings' lengths, longest first, and ending → kind (the first listed wins): a
    name's kind is then a look-up per length, not a test per ending."""
    table: dict[str, str] = {}
    for ending, kind in kinds:
        table.setdefault(ending, kind)
    return tuple(sorted({len(e) for e in table}, reverse=True)), table


def _kind(name: str, t: dict, default: str = "campaign") -> str:
    """The kind a name's ending suggests (…制 → mechanism, …App → platform)."""
    if "·" in name:
        return "brand"
    lengths, table = t["kinds"]
    for n in lengths:
        kind = table.get(name[-n:])
        if kind is not None:
            return kind
    return default


# --------------------------------------------------------------------------- candidates

_ZHANG_ZHI = re.compile("长制")
_CAMPAIGN_HEAD = re.compile("行动|工程|计划")         # the heads of ``numbered``
_SPEECH_OR_DASH = re.compile("%s|——" % _SPEECH_MARK.pattern)
# a figure, or a count (“十六字”方针)
_FIGURE_OR_COUNT = re.compile(rf"[{_NUM}.%％]+|[{_NUM}]+[字个条项点]")


def _is_speech_or_slogan(q: str, t: dict) -> bool:
    """Speech, long sentences, lone characters and figures of speech are not names. (Most
    quotes hold no separator: they skip the list tests, 10,500 quotes a million characters.)"""
    listed = _SEP.search(q) is not None
    core = _SEP.sub("", q) if listed else q
    if len(core) < 2 or q in t["stop"] or core in t["stop"]:
        return True
    if _SPEECH_OR_DASH.search(q) or _FIGURE_OR_COUNT.fullmatch(core):
        return True
    if not listed:
        return len(core) > 16
    parts = [p for p in _SEP.split(q) if p]
    if len(parts) > 1:          # 听民声、解民忧 yes; a clause list of long phrases no
        return any(len(p) > 8 or len(p) < 2 for p in parts) or len(core) > 20
    return len(core) > 16


def _honour_like(q: str, t: dict) -> bool:
    return q.startswith(t["honour_open"]) and q.endswith(t["honour_end"])


def _quoted(body: str, t: dict, place_ends: frozenset[int] = frozenset()) -> list[Cand]:
    """Quoted names with a cue before, a head after, a place right before (甲县“院落三美”,
    甲县：“巷里花开”…), an X+Y model's plus, or a programme form of their own."""
    out: list[Cand] = []
    prev_ok_end = -1000
    for m in _QUOTES.finditer(body):
        q = m.group(1).strip()
        after = body[m.end():m.end() + 12]
        if len(q) == 1 and after.startswith("字"):          # “工”字系列…品牌
            tail = re.match(rf"^字[{HAN}]{{0,10}}?(品牌|工程|项目|活动)", after)
            if tail:
                name = q + tail.group(0)
                out.append(Cand(m.start(), m.end() + len(tail.group(0)), name,
                                 body[m.start():m.end() + len(tail.group(0))], _kind(name, t, "brand")))
                prev_ok_end = m.end()
            continue
        if _is_speech_or_slogan(q, t) or not (
                _cued(body, m.start(), q, t, place_ends) or _listed_quote(body, m.start(), prev_ok_end, after, t)
                or q.endswith(t["strong_endings"]) or _honour_like(q, t) or _headed(body, m.end(), after, t)):
            continue
        prev_ok_end = m.end()
        name, end = _BATCH.sub("", q), m.end()
        join = _JOIN_HEADS.match(after)
        if join and len(_SEP.sub("", q)) <= 4 and q not in t["national_names"]:
            name, end = name + join.group(1), m.end() + len(join.group(1))
        kind = _kind(name, t, "")
        if _honour_like(name, t) or after.startswith(("称号", "名单", "名录", "评比")):
            kind = "honour"
        elif after.startswith("品牌") or "·" in name:
            kind = "brand"
        elif after.startswith(("App", "APP", "app", "平台")):
            kind = "platform"
        elif not kind:
            kind = "mechanism" if after.startswith(("机制", "制度", "模式")) else "campaign"
        if end == m.end():
            out.append(Cand(m.start() + 1, m.end() - 1, name, q, kind))
        else:
            out.append(Cand(m.start(), end, name, body[m.start():end], kind))
    return out


def _cued(body: str, k: int, q: str, t: dict, place_ends: frozenset[int]) -> bool:
    """The quote ``q`` at ``k`` follows a cue verb, a place (甲县“…”, 甲县：“…”), or is an X+Y model."""
    if k in place_ends or (body[k - 1:k] in "：:" and k - 1 in place_ends):
        return True
    if ("+" in q or "＋" in q) and _PLUS_MODEL.match(q):
        return True
    return t["cue_end"].search(body, max(0, k - 8), k) is not None


def _listed_quote(body: str, k: int, prev_ok_end: int, after: str, t: dict) -> bool:
    """The quote at ``k`` is listed right after an accepted one (“甲”、“乙”), or before a
    programme the country knows (“甲会”和网格化管理)."""
    if 0 <= k - prev_ok_end < 30 and _PAREN.sub("", body[prev_ok_end:k]) in ("", "、", "和", "及", "与", "以及"):
        return True
    return (after[:1] in ("和", "与", "、") and t["national"] is not None
            and t["national"].match(after, 1) is not None)


def _headed(body: str, e: int, after: str, t: dict) -> bool:
    """A head follows the quote ending at ``e``, or the run of quotes it opens (“甲”“乙”为抓手),
    or that run's count (“甲”“乙”等5个“丙”品牌)."""
    head = t["head_start"].match
    if head(after):
        return True
    run = _QUOTE_RUN.match(body, e)
    run_end = run.end() if run else e
    if head(body[run_end:run_end + 12]):
        return True
    counted = _COUNTED_RUN_END.match(body, run_end)
    return counted is not None and head(body[counted.end():counted.end() + 12]) is not None


def _trim(np: str, t: dict) -> tuple[int, str]:
    """Cut a noun phrase at its last 的, strip leading cue verbs and amounts; (offset, text)."""
    k = np.rfind("的") + 1
    while True:
        lead = _LEAD_AMOUNT.match(np, k)
        if lead and lead.end() > k:
            k = lead.end()
            continue
        cue = t["cue_at"].match(np, k)
        if cue:
            k = cue.end()
            continue
        return k, np[k:]


def _generic(core: str, t: dict) -> bool:
    return not core or core.endswith(t["generic"])


def _forms(body: str, t: dict) -> list[Cand]:
    """Unquoted names after a cue verb that end in a programme form (…制度, …项目)."""
    out: list[Cand] = []
    for m in t["form"].finditer(body):
        out += _form_items(m, t)
    for m in _listed(body, t):                    # 甲治理、乙整治等9个项目
        items = m.group(1).split("、")
        counted = _COUNT.search(body, m.end(1), m.start(2))
        if len(items) < 2 or (_LIST_HEADS[m.group(2)] == "project" and not counted):
            continue                              # 开设甲体验、乙体验等项目: activities, not named projects
        pos = m.start(1)
        for item in items:
            off, name = _trim(item, t)
            if 3 <= len(name) <= 16 and not _generic(name, t) and not _JOINED.search(name):
                s = pos + off
                out.append(Cand(s, s + len(name), name, name, _LIST_HEADS[m.group(2)]))
            pos += len(item) + 1
    for m in list(_x_zhi(body, t)) + list(_zhang_zhi(body, t)):
        out.append(Cand(m.start(1), m.end(1), m.group(1), m.group(1), "mechanism"))
    for m in _numbered(body, t):
        out.append(Cand(m.start(1), m.end(1), m.group(1), m.group(1), _kind(m.group(1), t)))
    return out + _plus_models(body, t)


def _form_items(m: re.Match[str], t: dict) -> list[Cand]:
    """The names of a cue verb's phrase (``m.group(1)``, a 、 list): each item up to the first
    form head in it. The phrase's heads are found in one Aho-Corasick pass, the matches
    ``^(.*?)(heads)`` gives item by item (leftmost, then longest); most phrases hold none
    (5,900 phrases, 1,100 items with a head a million characters), then no item is read."""
    phrase = m.group(1)
    heads = t["form_heads"].find_matches_as_indexes(phrase)
    out: list[Cand] = []
    at = h = 0
    for i, item in enumerate(phrase.split("、") if heads else ()):
        stop = at + len(item)
        while h < len(heads) and heads[h][1] < at:
            h += 1
        if h < len(heads) and heads[h][1] < stop:
            _, hs, he = heads[h]
            lead, head = phrase[at:hs], phrase[hs:he]
            # a later list item must end in its head (…问责制管理)
            if (not i or re.fullmatch(r"(?:管理|等)?", phrase[he:stop])) and not _JOINED.search(lead):
                off, np = _trim(lead, t)
                name = np + head
                short = len(np) < (3 if head in _LONG_CORE_HEADS else 2)
                if 4 <= len(name) <= 24 and not short and not _generic(np, t):
                    s = m.start(1) + at + off
                    out.append(Cand(s, s + len(name), name, name, t["form_kind"].get(head) or _kind(name, t)))
        at = stop + 1
    return out


def _plus_models(body: str, t: dict) -> list[Cand]:
    """Unquoted X+Y models (建立楼长+网格员、楼长+调解员等机制): each part a short noun, the
    first without its cue verb, the last cut before 等/的/机制 …"""
    out: list[Cand] = []
    if "+" not in body and "＋" not in body:
        return out                              # (the run pattern would be tried at every character)
    for m in finditer_at(_PLUS_RUN, body, (p.start() - k for p in _PLUS_MARK.finditer(body) for k in range(1, 11))):
        parts = re.split(rf"[{_PLUS}]", m.group(0))
        cut = max([parts[0].rfind("的") + 1] + [parts[0].rfind(c) + len(c) for c in t["cue_words"] if c in parts[0]])
        off, first = _trim(parts[0][cut:], t)
        off += cut
        last = _PLUS_TAIL.split(parts[-1], 1)[0]
        if len(parts) < 2 or not first or not last or len(first) > 6 or len(last) > 6:
            continue
        name = "+".join([first] + parts[1:-1] + [last])
        s = m.start() + off
        out.append(Cand(s, s + len(name), name, body[s:s + len(name)], "mechanism"))
    return out


def _listed(body: str, t: dict) -> Iterator[re.Match[str]]:
    """``t["listed"].finditer(body)``, tried only where a match can start: 4 to 80
    characters before a tail (等…项目), where the plain pattern would try every character
    with eighty characters of look-ahead."""
    return finditer_at(t["listed"], body, (m.start() - k for m in t["listed_tail"].finditer(body)
                                           for k in range(4, 81)))


def _x_zhi(body: str, t: dict) -> Iterator[re.Match[str]]:
    """``t["x_zhi"].finditer(body)``, tried only where a match can start: two or three
    characters before a 制 that may close one."""
    return finditer_at(t["x_zhi"], body, (z.start() - k for z in t["zhi_tail"].finditer(body) for k in (3, 2)))


def _zhang_zhi(body: str, t: dict) -> Iterator[re.Match[str]]:
    """``t["zhang_zhi"].finditer(body)``, tried only where a match can start: one character
    before a 长制."""
    return finditer_at(t["zhang_zhi"], body, (m.start() - 1 for m in _ZHANG_ZHI.finditer(body)))


def _numbered(body: str, t: dict) -> Iterator[re.Match[str]]:
    """``t["numbered"].finditer(body)``, tried only where a match can start: two to six
    characters before a campaign head (行动, 工程, 计划), where the plain pattern would try
    every character."""
    return finditer_at(t["numbered"], body, (m.start() - k for m in _CAMPAIGN_HEAD.finditer(body)
                                             for k in range(2, 7)))


def _honours(body: str, t: dict) -> list[Cand]:
    """Honour titles after an award verb: 入选…示范村, 创建国家级高新区."""
    out: list[Cand] = []
    for m in t["honour"].finditer(body):
        lead = _LEAD_AMOUNT.match(m.group(1))
        k = lead.end() if lead else 0
        seg = re.split(r"称号|荣誉|名单|名录|的|等|以来|之后|工作|[0-9０-９]{2,}", m.group(1)[k:])[0]
        name = _BATCH.sub("", seg)
        k += len(seg) - len(name)
        ranked = name.startswith(("国家级", "省级")) and len(name) >= 5
        if 4 <= len(name) <= 20 and (ranked or name.endswith(t["honour_end"])):
            s = m.start(1) + k
            out.append(Cand(s, s + len(name), name, name, "honour"))
    return out


def _national(body: str, t: dict) -> list[Cand]:
    """Nationally known programme names, with their canonical form."""
    if t["national"] is None:
        return []
    out = []
    words = t["national_words"]
    for i, s, e in t["national_ac"].find_matches_as_indexes(body):
        if body.startswith(_ORG_TAILS, e):        # 新时代文明实践所 is a body, not a name
            continue
        name, kind = t["national_names"][words[i]]
        out.append(Cand(s, e, name, words[i], kind or _kind(name, t)))
    return out


def candidates(body: str, t: dict, place_ends: frozenset[int] = frozenset()) -> list[Cand]:
    """Every candidate of the five kinds, overlapping ones included (``place_ends``: where
    a place mention ends, for 甲县“…”)."""
    return _quoted(body, t, place_ends) + _forms(body, t) + _honours(body, t) + _national(body, t)


def tables(lex: Lexicon) -> dict:
    """The compiled word lists of ``lex`` (built once per distinct set of lists)."""
    return _t(lex)


trim = _trim
BATCH = _BATCH
