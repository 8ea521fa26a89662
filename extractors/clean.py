"""bytes → Page: decode, drop page debris, rejoin broken sentences, keep an offset map.

A newspaper page dumped to text carries the layout with it: blank lines where a column or
a photo ended, continuation markers (``▶▶下转08版``), the page header (``责任编辑:…``
and the column name beside it), stray one-character lines, and sentences cut in two by
a column break (``推动\\n\\n8个镇``). ``clean`` removes the debris, rejoins the cut
sentences and records, for every character it keeps, its index in the original text.

The offset contract: ``page.text[page.offsets[i]] == page.clean[i]`` for every ``i``,
except whitespace, which is normalised — a run of spaces inside a line (U+3000 and
NBSP included) becomes one ``" "`` and a line end (``\\r\\n``, ``\\r``) becomes ``"\\n"``;
the original character at that offset is then whitespace too. Paragraphs are separated
by ``"\\n\\n"`` in the clean text, lines of one block (a two-line byline) by ``"\\n"``.

The patterns of page furniture (bylines, datelines, photo credits) live here as well,
because rejoining needs them (a title is never glued onto the dateline below it);
``articles`` reuses them to cut the page into articles.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .decoding import decode
from .errors import InputError
from .records import Page

__all__ = [
    "decode", "clean", "read_page", "normal_char",
    "Byline", "parse_byline", "parse_dateline", "parse_credit", "is_headline",
]

log = logging.getLogger(__name__)

# ------------------------------------------------------------------ reading
def read_page(path: str | Path) -> Page:
    """Read one file into a Page; raises InputError for what is not text."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(str(p), e.strerror or str(e)) from None
    text, enc = decode(data, str(p))
    if not text.strip():
        log.info("%s: empty (no text)", p)
    return clean(text, doc=p.name, encoding=enc)


_ZERO_WIDTH = "\ufeff\u200b\u200c\u200d\u2060"     # a stray BOM or zero-width space counts as space


def _is_space(c: str) -> bool:
    return c.isspace() or c in _ZERO_WIDTH


def normal_char(c: str) -> str:
    """The clean-text form of an original character: whitespace is ``" "``/``"\\n"``."""
    if c in "\n\r":
        return "\n"
    return " " if _is_space(c) else c


# ------------------------------------------------------------------ page furniture patterns
_HAN = r"\u3400-\u9fff\uf900-\ufaff"
_NAME = re.compile(rf"[{_HAN}]{{2,4}}|[{_HAN}]{{1,6}}[·•][{_HAN}·•]{{1,10}}")  # 2-4 Han, or with ·
_ROLE = re.compile(r"(?:全媒体|融媒体|首席|特约|见习|实习|摄影|本报)?记者|(?:特约)?通讯员|实习生")
_NAME_SEP = re.compile(r"[\s、,,;;]+")
_SOURCE = re.compile(rf"[{_HAN}·A-Za-z]{{0,14}}")       # 湘潭日报, 湘潭日报·掌上湘潭, 人民日报
_CREDIT_KIND = re.compile(r"\s*(?:摄影?|供图|资料图片?|制图)\s*$")
_CREDIT_ENDS = ("摄", "摄影", "供图", "资料图", "资料图片", "制图")   # what _CREDIT_KIND can end with
_ROLE_ENDS = ("记者", "通讯员", "实习生")                         # what every _ROLE match ends with
_SENT_END = "。!?!?;;"


@dataclass(frozen=True, slots=True)
class Byline:
    """Who wrote or photographed an item: the paper it names and the people by role."""

    source: str = ""
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()


def _names(s: str) -> tuple[str, ...] | None:
    """Person names separated by spaces, 、 or commas; None if any piece is not a name."""
    parts = [p for p in _NAME_SEP.split(s.strip(" //::")) if p]
    if not parts or not all(_NAME.fullmatch(p) and not _ROLE.search(p) for p in parts):
        return None
    return tuple(parts)


def parse_byline(s: str) -> Byline | None:
    """``湘潭日报全媒体记者/贺子谦 通讯员/黎书恒 符家宁`` → Byline; None if ``s`` is not one.

    The text is cut at role words (记者, 全媒体记者, 通讯员, …); what precedes the first
    role is the paper, what follows each role is a list of names.
    """
    s = s.strip()
    first = _ROLE.search(s) if any(w in s for w in _ROLE_ENDS) else None
    if first is None or not _SOURCE.fullmatch(s[:first.start()].strip(" ·")):
        return None
    pieces = _ROLE.split(s)
    roles = _ROLE.findall(s)
    rep: list[str] = []
    cor: list[str] = []
    for role, names_text in zip(roles, pieces[1:]):
        names = _names(names_text)
        if names is None:
            return None
        (cor if "通讯员" in role else rep).extend(names)
    return Byline(pieces[0].strip(" ·"), tuple(rep), tuple(cor))


_DATELINE = re.compile(
    rf"^(?P<src>[{_HAN}·\d]{{2,24}}?讯)(?!员)\s*(?:[((](?P<by>[^()()\n]{{0,80}})[))])?"
    rf"|^(?P<wire>[{_HAN}·\d]{{2,24}}?电)\s*[((](?P<wby>[^()()\n]{{0,80}})[))]")


def parse_dateline(s: str) -> tuple[Byline, int] | None:
    """``湘潭日报讯(全媒体记者/钟立平 通讯员/阙显文) 1月4日…`` → (Byline, length of the dateline).

    The length covers the source, the bracketed byline and the space after it, so the
    article text starts there. A bare ``…讯`` without brackets is a dateline too.
    """
    m = _DATELINE.match(s)
    if not m:
        return None
    src, by = (m["src"], m["by"]) if m["src"] else (m["wire"], m["wby"])
    inner = parse_byline(by) if by else Byline()
    if by is not None and inner is None:
        if m["wire"]:
            return None
        inner = Byline()                       # 讯(…) with something else in the brackets
    end = m.end()
    while end < len(s) and s[end].isspace():
        end += 1
    if end >= len(s) and by is None:
        return None                            # a line that is just "…讯" is not a dateline
    return Byline(src, inner.reporters, inner.correspondents), end


def parse_credit(s: str) -> tuple[int, Byline | str] | None:
    """A photo credit at the end of ``s`` (``记者/欧阳明 摄``, ``柯岚摄``, ``企业供图``, ``资料图``).

    Returns (where the credit starts in ``s``, the credit as a Byline when it names people
    by role, else the bare credit text, possibly empty); None when ``s`` does not end in one.
    A bare credit is at most a name's length (``柯岚``, ``企业``, ``通讯员``) and must follow a
    sentence end or stand alone, so body text ending in 摄 or 供图 is not taken for one.
    """
    if not s.rstrip().endswith(_CREDIT_ENDS):
        return None                             # (the search below scans the whole line)
    m = _CREDIT_KIND.search(s)
    if not m:
        return None
    head = s[:m.start()]
    cut = max(head.rfind(c) for c in _SENT_END + ",,") + 1
    who = head[cut:].strip()
    by = parse_byline(who)
    if by is not None:
        return cut, by
    if not who:
        return (cut, "") if cut > 0 or m.group().strip().startswith("资料") else None
    if len(who) <= 5 and re.fullmatch(f"[{_HAN}·]+", who):
        return cut, "" if _ROLE.fullmatch(who) else who      # "通讯员 供图" names nobody
    return None


_HEAD_SPACE = re.compile(rf"[{_HAN}”」》!?!?,]\s+[{_HAN}“「《]")


def is_headline(s: str) -> bool:
    """A short line with no sentence end inside: a title, kicker or subhead, not body text."""
    s = s.strip()
    if not s or len(s) > 50 or any(c in s for c in "。;;") or s[-1] in ",,、;;(“‘《":
        return False
    return bool(re.search(f"[{_HAN}]", s)) and parse_credit(s) is None


# ------------------------------------------------------------------ debris
_EDITOR = re.compile(r"(?:责任编辑|美术编辑|图片编辑|值班编辑|版式设计|版式|校对|组版|审读)\s*[::]")
_CONT = r"(?:下转|上接|紧接|转至|接上|续)\s*(?:第\s*)?[A-Za-z]?[0-9一二三四五六七八九十〇零]{1,3}\s*版"
_CONT_LINE = re.compile(rf"^[▲△▼◀◆■●★▶►▷▸→>》〉((【\[\s]*{_CONT}[))】\]\s]*$")
_CLOSERS = ")）】]"                      # _CONT_TAIL's closing marks after 版
_CONT_TAIL = re.compile(rf"\s*[▲△▼◀◆■●★▶►▷▸→>》〉((【\[]+\s*{_CONT}[))】\]]*\s*$")
_FURNITURE_LINE = re.compile(
    r"^(?:\d+|[A-Za-z]?\d{1,3}\s*版|第\s*[0-9一二三四五六七八九十]{1,3}\s*版|(?:公益)?广告"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*星期[一二三四五六日天].{0,20}"
    r"|[A-Z][A-Z0-9&'.,-]*(?:\s+[A-Z0-9&'.,-]+){2,})$")
_PUNCT_ONLY = re.compile(r"^[\W_]$")


def _is_section_name(s: str) -> bool:
    """A column or page name beside the page header (``应急管理``, ``同城·新媒``)."""
    return 2 <= len(s) <= 8 and not re.search(r"[,,。、;;::!?!?“”()()]", s)


@dataclass(slots=True)
class _Line:
    start: int          # stripped content span in the original text
    end: int
    eol: int            # index of the line-end character (len(text) at the end)
    kind: str = "text"  # text | blank | debris


_EOL = re.compile(r"\r\n|\r|\n")


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos, n = 0, len(text)
    while pos <= n:
        m = _EOL.search(text, pos)
        stop = m.start() if m else n
        a, b = pos, stop
        while a < b and _is_space(text[a]):
            a += 1
        while b > a and _is_space(text[b - 1]):
            b -= 1
        out.append(_Line(a, b, m.end() - 1 if m else n, "text" if a < b else "blank"))
        if not m:
            break
        pos = m.end()
    return out


def _mark_debris(text: str, lines: list[_Line]) -> None:
    """Mark page furniture lines; trim continuation markers from line ends."""
    for ln in lines:
        if ln.kind != "text":
            continue
        s = text[ln.start:ln.end]
        if (len(s) <= 80 and _EDITOR.search(s)) or _CONT_LINE.match(s) or _FURNITURE_LINE.match(s) \
                or (len(s) == 1 and not _PUNCT_ONLY.match(s)):
            ln.kind = "debris"
            continue
        m = _CONT_TAIL.search(s) if s.rstrip().rstrip(_CLOSERS).endswith("版") else None
        if m:
            ln.end = ln.start + m.start()
    # the column name printed just before the editor line (what follows it is a headline)
    for i, ln in enumerate(lines):
        if ln.kind == "debris" and _EDITOR.search(text[ln.start:ln.end]):
            j = i - 1
            while j >= 0 and lines[j].kind == "blank":
                j -= 1
            if j >= 0 and lines[j].kind == "text" and _is_section_name(text[lines[j].start:lines[j].end]):
                lines[j].kind = "debris"


# ------------------------------------------------------------------ paragraphs and rejoining
@dataclass(slots=True)
class _Para:
    lines: list[_Line]

    def text(self, text: str) -> str:
        return "\n".join(text[ln.start:ln.end] for ln in self.lines)


def _paragraphs(lines: list[_Line]) -> list[_Para]:
    paras: list[_Para] = []
    cur: list[_Line] = []
    for ln in lines:
        if ln.kind == "text":
            cur.append(ln)
        elif cur:
            paras.append(_Para(cur))
            cur = []
    if cur:
        paras.append(_Para(cur))
    return paras


def _is_byline_or_credit(s: str) -> bool:
    """A paragraph that is only bylines, or ends in a photo credit: never continued."""
    return all(parse_byline(x) is not None for x in s.split("\n")) or parse_credit(s) is not None


def _is_anchor(s: str) -> bool:
    """A dateline, byline or credit: the start or end of an article, never glued onto."""
    return parse_dateline(s.split("\n", 1)[0]) is not None or _is_byline_or_credit(s)


def _unfinished(s: str) -> bool:
    """Does paragraph ``s`` stop in the middle of a sentence (so a page break cut it)?"""
    last = s[-1]
    if last in "。!?!?…”’」』::" or "\n" in s or _is_byline_or_credit(s):
        return False
    if last in ",,、;;(“‘《" or s.count("“") > s.count("”"):
        return True
    if s.endswith("—"):
        return "。" in s                        # a kicker ends in ——, body rarely does
    inner = any(c in s for c in ",,。、;;!?!?")
    return inner and (len(s) >= 40 or (len(s) >= 15 and not _HEAD_SPACE.search(s)))


def _heads_to_anchor(texts: list[str], i: int) -> bool:
    """Is paragraph ``i`` the start of a stack of headline lines ending at a dateline/byline?"""
    for j in range(i, min(i + 4, len(texts))):
        if _is_anchor(texts[j]) and parse_credit(texts[j]) is None:
            return True
        if not is_headline(texts[j]):
            return False
    return False


def _joins(texts: list[str], i: int, j: int) -> bool:
    """Is paragraph ``j`` the continuation of paragraph ``i``?"""
    a, b = texts[i], texts[j]
    if not _unfinished(a) or _is_anchor(b) or _heads_to_anchor(texts, j):
        return False
    return b[0] not in "“‘「《(" or a[-1] in ",,、(“‘《" or a.count("“") > a.count("”")


def _order(text: str, paras: list[_Para]) -> list[list[_Para]]:
    """Paragraphs grouped into output paragraphs: cut sentences rejoined, a photo caption
    standing in the cut moved after the rejoined paragraph."""
    texts = [p.text(text) for p in paras]
    groups: list[list[_Para]] = []
    pending: list[_Para] = []                 # captions to emit after the current group
    i = 0
    while i < len(paras):
        group = [paras[i]]
        last = i
        while True:
            nxt = last + 1
            if nxt < len(paras) and _joins(texts, last, nxt):
                group.append(paras[nxt])
                last = nxt
                continue
            if nxt + 1 < len(paras) and _unfinished(texts[last]) and parse_credit(texts[nxt]) \
                    and _joins(texts, last, nxt + 1):
                pending.append(paras[nxt])
                group.append(paras[nxt + 1])
                last = nxt + 1
                continue
            break
        groups.append(group)
        groups.extend([c] for c in pending)
        pending = []
        i = last + 1
    return groups


# ------------------------------------------------------------------ output
_SPACES = re.compile(rf"[\s{_ZERO_WIDTH}]+")


def _emit_span(text: str, a: int, b: int, parts: list[str], offs: list[int]) -> None:
    """Append text[a:b] with runs of whitespace collapsed to one space."""
    pos = a
    for m in _SPACES.finditer(text, a, b):
        parts.append(text[pos:m.start()])
        offs.extend(range(pos, m.start()))
        parts.append(" ")
        offs.append(m.start())
        pos = m.end()
    parts.append(text[pos:b])
    offs.extend(range(pos, b))


def _glue(text: str, left: int, right: int) -> bool:
    """Put a space between two rejoined pieces? Only between two Latin letters."""
    return text[left - 1].isascii() and text[left - 1].isalpha() and text[right].isascii() \
        and text[right].isalpha()


def clean(text: str, doc: str = "<text>", encoding: str = "utf-8") -> Page:
    """Page for already-decoded text: debris dropped, cut sentences rejoined, offsets kept.

    >>> p = clean("该区全面推行“五访五问”工作要求,推动\\n\\n8个镇的干部走访。\\n\\n▶▶下转08版\\n")
    >>> p.clean
    '该区全面推行“五访五问”工作要求,推动8个镇的干部走访。'
    >>> all(p.text[o] == c for o, c in zip(p.offsets, p.clean))
    True
    """
    lines = _lines(text)
    _mark_debris(text, lines)
    paras = _paragraphs(lines)
    parts: list[str] = []
    offs: list[int] = []
    prev_end: _Line | None = None
    for group in _order(text, paras):
        if prev_end is not None:              # paragraph break: the line end and the next one
            parts.append("\n\n")
            offs.extend(_break_offsets(text, prev_end, group[0].lines[0]))
        for k, para in enumerate(group):
            for m, ln in enumerate(para.lines):
                if m:                          # line break inside a block
                    parts.append("\n")
                    offs.append(para.lines[m - 1].eol)
                elif k:                        # rejoined across a page break
                    before = group[k - 1].lines[-1]
                    if _glue(text, before.end, ln.start):
                        parts.append(" ")
                        offs.append(before.eol)
                _emit_span(text, ln.start, ln.end, parts, offs)
        prev_end = group[-1].lines[-1]
    return Page(doc=doc, text=text, clean="".join(parts), offsets=tuple(offs), encoding=encoding)


def _break_offsets(text: str, before: _Line, after: _Line) -> tuple[int, int]:
    """Original indices for the two newlines of a paragraph break between two lines:
    the line end after ``before`` and the last line end before ``after`` (when a caption
    was moved, ``after`` may come first in the file; both are newlines all the same)."""
    k = after.start - 1
    while k >= 0 and text[k] not in "\r\n":
        k -= 1
    first = before.eol if before.eol < len(text) else k
    return first, (k if k >= 0 else first)
