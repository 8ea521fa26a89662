"""Page furniture that names people and media: datelines, bylines, photo credits, meta lines.

Chinese local media say who wrote an item in a few shapes, whatever the province:

- a dateline opening the first paragraph: ``本报讯(记者 X 通讯员 Y Z)``, ``X日报讯(全媒体记者/X
  通讯员/Y)``, ``本报讯 记者 X 报道``, ``XX网讯 6月3日…``, ``6月8日讯``, ``新华社X地6月8日电(记者 X
  Y)``, ``【X报讯】记者 X 上海报道:``;
- a byline on its own line: ``X日报记者 X``, ``通讯员 Y Z``, ``本报记者 X 文/图``, ``文/图 X``,
  ``文/X 图/Y``;
- a photo credit closing a caption: ``图为…。记者 X 摄``, ``(X日报记者 X 摄)``, ``X摄``, ``供图``;
- bare names, with no role word: in a dateline's brackets (``中新网12月7日电(甲 乙)``), in brackets
  closing an article after the writer's medium or place (``…。(X日报 甲)``, ``(X镇 甲)``), or
  on a line under the headline (``甲 乙``); each must begin with a surname;
- meta lines of web pages: ``作者:X``, ``来源:XX融媒体中心 2023-07-19 16:05``, ``2023-05-12 09:31
  来源:XX网``, and the footer ``编辑:X 审核:Y``.

``clean`` needs them to keep a title from being glued onto the dateline under it and to drop
editor footers; ``articles`` uses them to cut a page into articles, credit people and keep the
media they name out of the body (a medium read as text would become a place: 河北新闻网 → 河北省).

Real text writes full-width punctuation (,:()), test pages and some dumps ASCII; every class
here takes both. The full-width forms are written as escapes so that no normalising editor can
fold them into their ASCII twins (this module's predecessor lost them that way).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .dates import find_date
from .lexicon import read_list
from .primitives import HAN, HAN_RUN, level_words
from .records import record

__all__ = [
    "Byline", "Meta", "names", "bare_names", "parse_byline", "parse_dateline", "parse_credit", "parse_meta",
    "parse_end_credit", "glued_meta",
    "COLON", "COMMA", "SEMI", "OPEN", "CLOSE", "EXCL_Q", "SLASH",
]

# Each paragraph is read by these parsers twice: once when the page is cleaned (is it a
# byline, a credit, a meta line?) and once when it is split into articles. Results are
# kept for the last few hundred strings, enough for one document's paragraphs.
_PARSED = 128

# ------------------------------------------------------------------ characters
COLON = ":\uff1a"
COMMA = ",\uff0c"
SEMI = ";\uff1b"
OPEN = "(\uff08"
CLOSE = ")\uff09"
EXCL_Q = "!?\uff01\uff1f"
SLASH = "/\uff0f"
_DOTS = "\u00b7\u2022\u2027\u30fb\uff0e"          # the dot inside transcribed names (古丽·阿不都)

_NAME = rf"[{HAN}]{{2,4}}|[{HAN}]{{1,8}}[{_DOTS}][{HAN}{_DOTS}]{{1,12}}"   # 2-4 Han, or with a dot
_NAME_RE = re.compile(_NAME)
ROLE = re.compile(r"(?:全媒体|融媒体|首席|特约|特派|驻站|见习|实习|摄影|本报|本台)?记者|(?:特约)?通讯员|实习生")
_NAME_SEP = re.compile(rf"[\s、{COMMA}{SEMI}]+")
_SOURCE = re.compile(rf"[{HAN}{_DOTS}A-Za-z]{{0,14}}")     # 湘潭日报, 湘潭日报·掌上湘潭, 人民日报
_ROLE_ENDS = ("记者", "通讯员", "实习生")                    # what every ROLE match ends with
_ROLE_END = re.compile("|".join(_ROLE_ENDS))      # (ROLE's optional prefixes make it try every character)
_MARKERS = "■□●○◆◇▲△▼★☆"                                   # a byline's or caption's bullet
# What may close a byline line: its item was written and photographed (文/图), or "reported".
_BYLINE_TAIL = re.compile(rf"\s*(?:文\s*[{SLASH}、]\s*图|图\s*[{SLASH}、]\s*文|摄影?报道|摄|报道)\s*$")
_CREDIT_KIND = re.compile(r"\s*(?:摄影?(?:报道)?|供图|资料图片?|制图)\s*$")
_CREDIT_ENDS = ("摄", "摄影", "报道", "供图", "资料图", "资料图片", "制图")   # what _CREDIT_KIND can end with
_SENT_END = "。" + EXCL_Q + SEMI


@record
class Byline:
    """Who wrote or photographed an item: the paper it names and the people by role."""

    source: str = ""
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()


# A medium's short name (大河网, 甲州报) fills the 作者 field of some sites: it is no person.
_MEDIUM_END = ("网", "报")


def names(s: str) -> tuple[str, ...] | None:
    """Person names separated by spaces, 、 or commas; None if any piece is not a name."""
    parts = [p for p in _NAME_SEP.split(s.strip(" " + SLASH + COLON)) if p]
    if not parts or not all(_NAME_RE.fullmatch(p) and not ROLE.search(p)
                            and not (len(p) >= 3 and p.endswith(_MEDIUM_END)) for p in parts):
        return None
    return tuple(parts)


@functools.cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(one-character surnames, two-character ones)."""
    got = read_list("surnames")
    return frozenset(x for x in got if len(x) == 1), frozenset(x for x in got if len(x) == 2)


_PLACE_ENDS = level_words()   # 柳溪镇 in (柳溪镇 李四) is where the writer works, not a name
_MAX_BARE = 4           # names a bare credit lists (``(甲 乙)``); more is a list of something else


def bare_names(s: str) -> tuple[str, ...] | None:
    """Names with no role word before them (``欧阳漆 杨玲``), as datelines and end-of-article
    credits write them: each must begin with a surname, so that ``(待续)`` or ``(图文)`` is none."""
    got = names(s)
    if got is None or len(got) > _MAX_BARE:
        return None
    one, two = _surnames()                  # (a name with a middle dot is transcribed: no surname)
    ok = all((n[0] in one or n[:2] in two or not HAN_RUN.fullmatch(n)) and not n.endswith(_PLACE_ENDS)
             for n in got)
    return got if ok else None


@functools.lru_cache(maxsize=_PARSED)
def parse_byline(s: str) -> Byline | None:
    """``湘潭日报全媒体记者/贺子谦 通讯员/黎书恒 符家宁`` → Byline; None if ``s`` is not one.

    The text is cut at role words (记者, 全媒体记者, 通讯员, …); what precedes the first
    role is the paper, what follows each role is a list of names. A closing ``文/图``,
    ``摄`` or ``报道`` says what the reporter did and is not a name.
    """
    s = s.strip().lstrip(_MARKERS).strip()
    if s[:1] and s[0] in OPEN and s[-1] in CLOSE:
        s = s[1:-1].strip()                   # a byline line in brackets: (本报记者 X)
    first = ROLE.search(s) if _ROLE_END.search(s) else None
    if first is None or not _SOURCE.fullmatch(s[:first.start()].strip(" " + _DOTS)):
        return None
    s = s[:first.start()] + _BYLINE_TAIL.sub("", s[first.start():])
    pieces = ROLE.split(s)
    roles = ROLE.findall(s)
    rep: list[str] = []
    cor: list[str] = []
    for role, names_text in zip(roles, pieces[1:]):
        got = names(names_text)
        if got is None:
            return None
        (cor if "通讯员" in role else rep).extend(got)
    return Byline(pieces[0].strip(" " + _DOTS), tuple(rep), tuple(cor))


# ------------------------------------------------------------------ datelines
_SRC = rf"[{HAN}{_DOTS}\d]{{2,24}}?"
_BY = rf"[{OPEN}](?P<by>[^{OPEN}{CLOSE}\n]{{0,80}})[{CLOSE}]"
_DATELINE = re.compile(
    rf"^[【\[]?(?:(?P<src>{_SRC}讯(?!员)|{_SRC}(?:网|台|社|端|报)消息)|(?P<wire>{_SRC}电))[】\]]?\s*(?:{_BY})?")
# A bare 讯 is a dateline when a medium's word is before it or a space, bracket or date after it
# (移动通讯公司 is not one).
_MEDIA_XUN = re.compile(r"(?:报|社|网|台|端|刊|日|号|媒)讯$|消息$")
_AFTER_BARE = re.compile(rf"[\s【\[{COLON}\d“]")
_WIRE_DATE = re.compile(r"\d{1,2}月\d{1,2}日电$")
# An unbracketed byline after the dateline: roles and names, each name followed by a space
# (so that the text after it is not read as a name), up to an optional "<place>报道".
_PLAIN_NAME = rf"(?![{HAN}]{{0,6}}报道)(?:{_NAME})(?=[\s{SLASH}]|报道|$)"
_LEAD = re.compile(
    rf"(?P<by>(?:(?:{ROLE.pattern})[\s{SLASH}{COLON}]*{_PLAIN_NAME}(?:[\s、]+{_PLAIN_NAME})*\s*)+)"
    rf"(?:[{SLASH}]?\s*[{HAN}]{{0,6}}报道)?[{COLON}{COMMA}]?\s*")


@functools.lru_cache(maxsize=_PARSED)
def parse_dateline(s: str) -> tuple[Byline, int] | None:
    """``湘潭日报讯(全媒体记者/钟立平 通讯员/阙显文) 1月4日…`` → (Byline, length of the dateline).

    The length covers the source, the byline and the space after it, so the article text
    starts there. The byline may be bracketed, or follow without brackets up to ``报道``
    (``本报讯 记者 X 报道``, ``【X报讯】记者 X 上海报道:``). A bare ``…讯`` is a dateline too,
    a bare ``…电`` only with its date (``新华社北京6月8日电``).
    """
    m = _DATELINE.match(s)
    if not m:
        return None
    src = m["src"] or m["wire"]
    by, end = m["by"], m.end()
    parsed = parse_byline(by) if by else Byline()
    if parsed is None:                         # 电(甲 乙), 讯(通讯员:甲 摄影:乙): bare names, fields
        parsed = _bracket_people(by)
    if parsed is None:                         # 讯(…) with something else in the brackets
        if m["wire"]:
            return None
        parsed = Byline()
    inner = parsed
    if by is None:
        bare_ok = _WIRE_DATE.search(src) if m["wire"] else \
            (_MEDIA_XUN.search(src) or _AFTER_BARE.match(s, m.end("src")))
        if not bare_ok:
            return None
        lead = _LEAD.match(s, end)
        if lead:
            inner = parse_byline(lead["by"]) or Byline()
            end = lead.end()
    while end < len(s) and s[end].isspace():
        end += 1
    if end >= len(s) and by is None and not (inner.reporters or inner.correspondents):
        return None                            # a line that is just "…讯" is not a dateline
    return Byline(src, inner.reporters, inner.correspondents), end


def _bracket_people(by: str) -> Byline | None:
    """The people of a dateline's bracket that names them without role words (``欧阳漆 杨玲``)
    or as meta fields (``通讯员:甲 摄影:乙``); None when it names nobody."""
    bare = bare_names(by)
    if bare is not None:
        return Byline(reporters=bare)
    meta = parse_meta(by)
    if meta is not None and (meta.byline.reporters or meta.byline.correspondents):
        return meta.byline
    return None


# ------------------------------------------------------------------ end-of-article credits
# An article closed by who wrote it, in brackets after its last sentence, the writer's medium or
# place before the names: ``…开展巡河。(甲州日报 张三)``, ``(柳溪镇 李四)``, ``(张三 李四)``.
_END_CREDIT = re.compile(
    rf"(?:^|(?<=[。{EXCL_Q}”…]))\s*[{OPEN}](?P<inner>[^{OPEN}{CLOSE}\n]{{2,40}})[{CLOSE}]\s*$")
_WRITER_AT = re.compile(rf"[{HAN}]{{2,16}}")


@functools.lru_cache(maxsize=_PARSED)
def parse_end_credit(s: str) -> tuple[int, Byline] | None:
    """A bracketed credit closing ``s`` → (where it starts in ``s``, Byline); None if it does not
    end in one. The bracket holds one to four names, each beginning with a surname, optionally
    after one word that names where they work (``甲州日报``, ``柳溪镇``) and no role word;
    bylines with role words (``(记者 X)``) are ``parse_byline``'s."""
    m = _END_CREDIT.search(s)
    if m is None:
        return None
    inner = m["inner"].strip()
    by = parse_byline(inner)
    if by is not None:
        return m.start(), by
    parts = inner.split(None, 1)
    got = bare_names(inner)
    if got is None and len(parts) == 2 and _WRITER_AT.fullmatch(parts[0]):
        got = bare_names(parts[1])
        return (m.start(), Byline(parts[0], got)) if got is not None else None
    return (m.start(), Byline(reporters=got)) if got is not None else None


# ------------------------------------------------------------------ photo credits
@functools.lru_cache(maxsize=_PARSED)
def parse_credit(s: str) -> tuple[int, Byline | str] | None:
    """A photo credit at the end of ``s`` (``记者/欧阳明 摄``, ``柯岚摄``, ``企业供图``, ``资料图``),
    bare or in brackets (``…小院。(X日报记者 X 摄)``).

    Returns (where the credit starts in ``s``, the credit as a Byline when it names people
    by role, else the bare credit text, possibly empty); None when ``s`` does not end in one.
    A bare credit is at most a name's length (``柯岚``, ``企业``, ``通讯员``) and must follow a
    sentence end or stand alone, so body text ending in 摄 or 供图 is not taken for one.
    """
    t = s.rstrip()
    if t and t[-1] in CLOSE:
        k = max(t.rfind(c) for c in OPEN)
        inner = _credit(t[k + 1:-1]) if k >= 0 else None
        return (k, inner[1]) if inner is not None and inner[0] == 0 else None
    return _credit(s)


def _credit(s: str) -> tuple[int, Byline | str] | None:
    if not s.rstrip().endswith(_CREDIT_ENDS):
        return None                             # (the search below scans the whole line)
    m = _CREDIT_KIND.search(s)
    if not m:
        return None
    head = s[:m.start()]
    cut = max(head.rfind(c) for c in _SENT_END + COMMA) + 1
    who = head[cut:].strip().rstrip(SLASH).strip()
    by = parse_byline(who)
    if by is not None:
        return cut, by
    if not who:
        return (cut, "") if cut > 0 or m.group().strip().startswith("资料") else None
    if len(who) <= 5 and re.fullmatch(f"[{HAN}{_DOTS}]+", who):
        return cut, "" if ROLE.fullmatch(who) else who      # "通讯员 供图" names nobody
    return None


# ------------------------------------------------------------------ meta lines
_KEYS = {
    "source": "来源 信息来源 稿件来源 文章来源 本文来源 稿源 出处 供稿 转自 发布单位 发布机构 发文单位",
    "reporter": "作者 撰文 撰稿 文字 图片 摄影 摄像 视频 记者 文 图",
    "correspondent": "通讯员",
    "date": "发布时间 发布日期 发表时间 更新时间 时间 日期",
    "editor": "责任编辑 值班编辑 编辑 责编 美编 编审 审核 初审 复审 终审 一审 二审 三审 审签 签发 校对 校审 监制 主编 "
              "统筹 策划",
    "other": "浏览次数 阅读次数 点击数 点击量 阅读量 阅读 浏览 字号 字体",
}
_KIND = {w: kind for kind, ws in _KEYS.items() for w in ws.split()}
# A key starts a token: after a space, | or 【, or right after the time a date field ends with
# (``发布时间:2019-06-02 18:07来源:X``).
_BOUNDARY = r"(?<![^\s|\u4e28\uff5c【\[\d])"
_KEY = re.compile(
    rf"{_BOUNDARY}(?:(?P<credit>文\s*[{SLASH}、]\s*图|图\s*[{SLASH}、]\s*文)\s*[{COLON}{SLASH}]?"
    rf"|(?P<key>{'|'.join(sorted(_KIND, key=len, reverse=True))})\s*[{COLON}{SLASH}])\s*")
_DATETIME = re.compile(
    r"(?<!\d)(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日/]?(?:\s*\d{1,2}[:时]\d{2}(?::\d{2})?分?)?")
_META_GAP = re.compile(r"[\s|\u4e28\uff5c【】\[\]]*")
_PLAIN_VALUE = re.compile(rf"[^。{EXCL_Q}{SEMI}{COMMA}]{{1,30}}")


@dataclass(frozen=True, slots=True)
class Meta:
    """A meta line: the medium it names, its full date (ISO), the people credited in it.

    ``footer`` is True for a line that names only editors or reviewers (``编辑:X 审核:Y``) or
    counters: page furniture that says nothing about the article.
    """

    source: str = ""
    date: str = ""
    byline: Byline = Byline()
    footer: bool = False


@functools.lru_cache(maxsize=_PARSED)
def parse_meta(s: str) -> Meta | None:
    """``来源:XX融媒体中心 2023-07-19 16:05`` → Meta; None unless the whole line is such fields.

    A line is read as a series of dates and ``key:value`` fields (来源, 作者, 编辑, 审核, 发布时间,
    ``文/图 X`` …); one piece that is neither (a sentence, a caption) makes it no meta line.
    """
    s = s.strip()
    if not s or len(s) > 120:
        return None
    pos, date, source = 0, "", ""
    rep: list[str] = []
    cor: list[str] = []
    kinds: list[str] = []
    while True:
        gap = _META_GAP.match(s, pos)
        pos = gap.end() if gap else pos
        if pos >= len(s):
            break
        d = _DATETIME.match(s, pos)
        if d:
            date, pos = date or find_date(d.group()), d.end()
            kinds.append("date")
            continue
        lead = _LEAD.match(s, pos)           # 记者 X 通讯员 Y, 记者 X/桂林报道
        if lead:
            by = parse_byline(lead["by"]) or Byline()
            rep.extend(by.reporters)
            cor.extend(by.correspondents)
            kinds.append("reporter")
            pos = lead.end()
            continue
        k = _KEY.match(s, pos)
        if not k:
            return None
        kind = "reporter" if k["credit"] else _KIND[k["key"]]
        stops = [m.start() for m in (_KEY.search(s, k.end()), _DATETIME.search(s, k.end())) if m]
        stop = min(stops, default=len(s))
        value = s[k.end():stop].strip(" |\u4e28\uff5c【】[]")
        pos = stop
        if value and not _PLAIN_VALUE.fullmatch(value):
            return None
        kinds.append(kind)
        if kind == "source":
            source = source or value
        elif kind in ("reporter", "correspondent") and value:
            got = names(value)
            if got:
                (cor if kind == "correspondent" else rep).extend(got)
            elif (named := parse_byline(value)) is not None:
                rep.extend(named.reporters)
                cor.extend(named.correspondents)
    if not kinds:
        return None
    footer = all(k in ("editor", "other") for k in kinds)
    return Meta(source, date, Byline("", tuple(dict.fromkeys(rep)), tuple(dict.fromkeys(cor))), footer)


# A page flattened to one line per block may glue the headline, the date field and the text
# together: ``甲镇开展巡河工作发表时间:2023-06-09 15:39 6月8日下午,…``.
_GLUED_META = re.compile(
    rf"(?<=[^\s{COLON}])\s*(?:发表|发布)(?:时间|日期)\s*[{COLON}]\s*{_DATETIME.pattern}\s*")
_GLUED_HEAD = 50        # the longest headline the date field may follow


def glued_meta(s: str) -> tuple[int, int] | None:
    """(start, end) of a date field glued between a headline and the text of ``s``; None if the
    field does not come within a headline's length of the start."""
    end = _GLUED_HEAD + 40
    if s.find("发表", 0, end) < 0 and s.find("发布", 0, end) < 0:
        return None                      # (the search tries every character: 4x slower)
    m = _GLUED_META.search(s, 0, end)
    return (m.start(), m.end()) if m is not None and 4 <= m.start() <= _GLUED_HEAD else None
