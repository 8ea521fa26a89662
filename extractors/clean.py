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

Rejoining needs the patterns of page furniture (``bylines``: a title is never glued onto
the dateline below it); they are re-exported here for the callers that know them by this module.

Not every text is a newspaper page. A web article, a feed record or an HTML body writes one
paragraph per line with no blank line between (title, dateline, paragraphs): ``clean`` tells
that layout by content (lines that end their sentences, a meta line or byline among other
lines) and makes each such line a paragraph of its own, never rejoined. The page header's
date (``2023年6月12日 星期一 责任编辑:…``) becomes ``Page.date``; editor footers (``编辑:X
审核:Y``) and an editor credited after the last sentence (``…。(责任编辑:X)``) are debris.
"""
from __future__ import annotations

import logging
import operator
import re
from dataclasses import dataclass
from pathlib import Path

from .bylines import (CLOSE, COLON, COMMA, EXCL_Q, OPEN, SEMI, Byline, parse_byline,
                      parse_credit, parse_dateline, parse_meta)
from .dates import find_date
from .decoding import decode, read_file
from .furniture import is_furniture
from .primitives import HAN, HAN_CHAR
from .records import Page

__all__ = [
    "decode", "clean", "read_page", "normal_char", "drop_glosses",
    "Byline", "parse_byline", "parse_dateline", "parse_credit", "parse_meta", "is_headline",
]

log = logging.getLogger(__name__)

# ------------------------------------------------------------------ reading
def read_page(path: str | Path) -> Page:
    """Read one file into a Page; raises InputError for what is not text."""
    p = Path(path)
    text, enc = read_file(p)
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


# ------------------------------------------------------------------ pinyin glosses
# Pages run through a converter for learners carry the reading of some characters after them:
# ``區(qū)``, ``河长(zhǎng)制``, ``淨三河(hé)``. A gloss is a bracket right after a Han character
# holding one to four Latin syllables, at least one with a tone mark (so ``(A)``, ``(PPP)`` or
# ``(Ⅰ)`` are never taken); it is not text, and left in it cuts every name it sits in.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = f"[a-zü{_TONED}]{{1,6}}"
# (The bracket comes first in the pattern, the Han character before it in a look-behind: a
# search can then skip to the brackets, six times faster over a page than trying every character.)
_GLOSS = re.compile(rf"[{OPEN}](?<=[{HAN}][{OPEN}])(?=[^{CLOSE}]{{0,30}}[{_TONED}])"
                    rf"{_SYLLABLE}(?: ?{_SYLLABLE}){{0,3}}[{CLOSE}]")


def drop_glosses(text: str) -> str:
    """``text`` without its pinyin glosses.

    >>> drop_glosses("落实河长(zhǎng)制,开展“淨三河(hé)”行动(A)")
    '落实河长制,开展“淨三河”行动(A)'
    """
    return _GLOSS.sub("", text)


def _without_glosses(text: str) -> tuple[str, list[int] | None]:
    """(``text`` without glosses, the original index of each of its characters and of its end);
    (``text``, None) when it has none."""
    cuts = [(m.start(), m.end()) for m in _GLOSS.finditer(text)]
    if not cuts:
        return text, None
    back: list[int] = []
    pos = 0
    for a, b in cuts + [(len(text), len(text))]:
        back.extend(range(pos, a))
        pos = b
    back.append(len(text))
    return _GLOSS.sub("", text), back


# ------------------------------------------------------------------ headlines
_HEAD_SPACE = re.compile(rf"[{HAN}”」》{EXCL_Q}{COMMA}]\s+[{HAN}“「《]")
_CONTINUERS = COMMA + "、" + OPEN + "“‘《"           # a paragraph ending in one goes on
_OPENERS = _CONTINUERS + SEMI                           # a headline never ends in one
_MARKS = COMMA + "。、" + SEMI + COLON + EXCL_Q + OPEN + CLOSE + "“”"


_HEAD_STOP = re.compile(f"[。{SEMI}]")        # what no headline holds


def is_headline(s: str) -> bool:
    """A short line with no sentence end inside: a title, kicker or subhead, not body text."""
    s = s.strip()
    if not s or len(s) > 50 or s[-1] in _OPENERS or _HEAD_STOP.search(s):
        return False
    return HAN_CHAR.search(s) is not None and parse_credit(s) is None


# ------------------------------------------------------------------ debris
_EDITOR = re.compile(rf"(?:责任编辑|美术编辑|图片编辑|值班编辑|版式设计|版式|校对|组版|审读)\s*[{COLON}]")
_CONT = r"(?:下转|上接|紧接|转至|接上|续)\s*(?:第\s*)?[A-Za-z]?[0-9一二三四五六七八九十〇零]{1,3}\s*版"
_CONT_LINE = re.compile(rf"^[▲△▼◀◆■●★▶►▷▸→>》〉{OPEN}【\[\s]*{_CONT}[{CLOSE}】\]\s]*$")
_CLOSERS = CLOSE + "】]"                 # _CONT_TAIL's closing marks after 版
_CONT_TAIL = re.compile(rf"\s*[▲△▼◀◆■●★▶►▷▸→>》〉{OPEN}【\[]+\s*{_CONT}[{CLOSE}】\]]*\s*$")
# An editor credited at the end of a web article's last paragraph: ``…。(责任编辑:X)``.
_EDITOR_TAIL = re.compile(
    rf"\s*[{OPEN}【\[]\s*(?:责任编辑|编辑|责编)\s*[{COLON}][^{OPEN}{CLOSE}【】\[\]]{{1,20}}[{CLOSE}】\]]\s*$")
# The page header's date line, with the paper's name before it or the page after it:
# ``2023年6月12日 星期一``, ``甲州日报 2023-06-12 周一 第3版``.
_HEADER_DATE = re.compile(
    rf"^[{HAN}·]{{0,12}}\s*\d{{4}}\s*[年./-]\s*\d{{1,2}}\s*[月./-]\s*\d{{1,2}}\s*日?\s*"
    r"(?:星期|周)[一二三四五六日天].{0,30}$")
_FURNITURE_LINE = re.compile(
    r"^(?:\d+|[A-Za-z]?\d{1,3}\s*版|第\s*[0-9一二三四五六七八九十]{1,3}\s*版|(?:公益)?广告"
    rf"|[{OPEN}【\[]\s*完\s*[{CLOSE}】\]]"
    r"|[A-Z][A-Z0-9&'.,-]*(?:\s+[A-Z0-9&'.,-]+){2,})$")
_PUNCT_ONLY = re.compile(r"^[\W_]$")


def _is_section_name(s: str) -> bool:
    """A column or page name beside the page header (``应急管理``, ``同城·新媒``)."""
    return 2 <= len(s) <= 8 and not any(c in _MARKS for c in s)


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


def _mark_debris(text: str, lines: list[_Line]) -> str:
    """Mark page furniture lines (the page header, continuation markers, editor footers);
    trim continuation markers and editor credits from line ends. Returns the date the
    page header prints (ISO), "" when none."""
    date = ""
    for ln in lines:
        if ln.kind != "text":
            continue
        s = text[ln.start:ln.end]
        m = _EDITOR_TAIL.search(s) if s[-1] in _CLOSERS else None
        if m and m.start() > 0:                # text, then (责任编辑:X): keep the text
            ln.end = ln.start + m.start()
            s = s[:m.start()]
        if _is_header(s) or _CONT_LINE.match(s) or _FURNITURE_LINE.match(s) or is_furniture(s) \
                or (len(s) == 1 and not _PUNCT_ONLY.match(s)) or _is_footer(s):
            ln.kind = "debris"
            if not date and not s.isdigit():
                date = find_date(s)
            continue
        m = _CONT_TAIL.search(s) if s.rstrip().rstrip(_CLOSERS).endswith("版") else None
        if m:
            ln.end = ln.start + m.start()
    # the column or paper name printed just before the header line (what follows it is a headline);
    # the loop only turns lines before ``i`` into debris, so the last text line stays where it is
    last_text = max((k for k, x in enumerate(lines) if x.kind == "text"), default=-1)
    for i, ln in enumerate(lines):
        if ln.kind == "debris" and i < last_text and _is_header(text[ln.start:ln.end]):
            j = i - 1
            while j >= 0 and lines[j].kind == "blank":
                j -= 1
            if j >= 0 and lines[j].kind == "text" and _is_section_name(text[lines[j].start:lines[j].end]):
                lines[j].kind = "debris"
    return date


def _is_header(s: str) -> bool:
    """The page header: its editors (``责任编辑:X 美术编辑:Y``) or its date (``2023年6月12日 星期一``)."""
    return len(s) <= 80 and (_EDITOR.search(s) is not None or _HEADER_DATE.match(s) is not None)


def _is_footer(s: str) -> bool:
    """A line that credits only editors and reviewers (``编辑:X 审核:Y``)."""
    if len(s) > 80:
        return False
    meta = parse_meta(s)
    return meta is not None and meta.footer


# ------------------------------------------------------------------ paragraphs and rejoining
@dataclass(slots=True)
class _Para:
    lines: list[_Line]
    whole: bool = False     # a line of a one-paragraph-a-line block: never rejoined

    def text(self, text: str) -> str:
        return "\n".join(text[ln.start:ln.end] for ln in self.lines)


def _paragraphs(text: str, lines: list[_Line]) -> list[_Para]:
    """Blocks of consecutive text lines; a block written one paragraph a line becomes one
    paragraph per line."""
    paras: list[_Para] = []
    cur: list[_Line] = []
    for ln in lines + [_Line(0, 0, 0, "blank")]:
        if ln.kind == "text":
            cur.append(ln)
            continue
        if cur and _one_per_line([text[x.start:x.end] for x in cur]):
            paras.extend(_Para([x], whole=True) for x in cur)
        elif cur:
            paras.append(_Para(cur))
        cur = []
    return paras


_PARA_END = "。…" + EXCL_Q + COLON
_TRAILERS = "”’」』" + CLOSE + "】"


def _ends_paragraph(s: str) -> bool:
    """Does a line end its last sentence (``…。``, ``…!”``, ``…如下:``)?"""
    t = s.rstrip(_TRAILERS)
    return bool(t) and t[-1] in _PARA_END


def _is_label(s: str) -> bool:
    """A byline, meta line or bare dateline: a line of its own, neither a paragraph nor part of one."""
    dl = parse_dateline(s)
    return (dl is not None and dl[1] >= len(s)) or parse_byline(s) is not None or parse_meta(s) is not None


def _one_per_line(lines: list[str]) -> bool:
    """Is a block of consecutive lines written one paragraph a line (a web article, a feed
    record, an HTML body), rather than a paragraph wrapped into lines, a headline in two
    lines or a byline block?

    A label (byline, meta line) among other lines stands on a line of its own, so the block is
    lines; labels alone (a two-line byline) stay one block. Otherwise some line must end a
    sentence, and none may look wrapped: filled to the column's width yet stopping mid-sentence
    (a title or subhead that ends no sentence is much shorter than the paragraphs around it).
    Photo credits tell nothing: a caption may be wrapped like any paragraph.
    """
    if len(lines) < 2:
        return False
    rest = [s for s in lines if not _is_label(s)]
    if rest and len(rest) < len(lines):
        return True
    rest = [s for s in rest if parse_credit(s) is None]
    ends = [_ends_paragraph(s) for s in rest]
    if not any(ends):
        return False
    longest = max(len(s) for s in rest)
    opened = [s for s, e in zip(rest[:-1], ends) if not e]
    filled = [s for s in opened if len(s) >= 0.8 * longest]
    return not filled or sum(ends[:-1]) >= len(opened)


def _is_byline_or_credit(s: str) -> bool:
    """A paragraph that is only bylines, or ends in a photo credit: never continued."""
    return all(parse_byline(x) is not None for x in s.split("\n")) or parse_credit(s) is not None


def _is_anchor(s: str) -> bool:
    """A dateline, byline, credit or meta line: the start or end of an article, never glued onto."""
    first = s.split("\n", 1)[0]
    return parse_dateline(first) is not None or _is_byline_or_credit(s) or parse_meta(first) is not None


_INNER_MARK = re.compile(f"[{COMMA}。、{SEMI}{EXCL_Q}]")     # a sentence's marks, so no title


def _unfinished(s: str) -> bool:
    """Does paragraph ``s`` stop in the middle of a sentence (so a page break cut it)?"""
    last = s[-1]
    if last in _PARA_END + "”’」』" or "\n" in s or _is_byline_or_credit(s):
        return False
    if last in _OPENERS or s.count("“") > s.count("”"):
        return True
    if s.endswith("—"):
        return "。" in s                        # a kicker ends in ——, body rarely does
    inner = _INNER_MARK.search(s) is not None
    return inner and (len(s) >= 40 or (len(s) >= 15 and not _HEAD_SPACE.search(s)))


def _heads_to_anchor(texts: list[str], i: int) -> bool:
    """Is paragraph ``i`` the start of a stack of headline lines ending at a dateline/byline?"""
    for j in range(i, min(i + 4, len(texts))):
        if _is_anchor(texts[j]) and parse_credit(texts[j]) is None:
            return True
        if not is_headline(texts[j]):
            return False
    return False


def _continues(texts: list[str], i: int, j: int) -> bool:
    """Is paragraph ``j`` the continuation of paragraph ``i``, which is ``_unfinished``?"""
    a, b = texts[i], texts[j]
    if _is_anchor(b) or _heads_to_anchor(texts, j):
        return False
    return b[0] not in "“‘「《" + OPEN or a[-1] in _CONTINUERS or a.count("“") > a.count("”")


def _order(text: str, paras: list[_Para]) -> list[list[_Para]]:
    """Paragraphs grouped into output paragraphs: cut sentences rejoined, a photo caption
    standing in the cut moved after the rejoined paragraph."""
    texts = [p.text(text) for p in paras]
    cut = [_unfinished(s) for s in texts]     # asked of most paragraphs twice below

    def joins(i: int, j: int) -> bool:
        return cut[i] and not (paras[i].whole or paras[j].whole) and _continues(texts, i, j)

    groups: list[list[_Para]] = []
    pending: list[_Para] = []                 # captions to emit after the current group
    i = 0
    while i < len(paras):
        group = [paras[i]]
        last = i
        while True:
            nxt = last + 1
            if nxt < len(paras) and joins(last, nxt):
                group.append(paras[nxt])
                last = nxt
                continue
            if nxt + 1 < len(paras) and cut[last] and parse_credit(texts[nxt]) \
                    and joins(last, nxt + 1):
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
    original = text
    text, back = _without_glosses(text)      # clean reads the text without glosses; offsets
    lines = _lines(text)                      # are mapped back to the original at the end
    date = _mark_debris(text, lines)
    paras = _paragraphs(text, lines)
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
    mapped = tuple(offs) if back is None or not offs else \
        tuple(operator.itemgetter(*offs)(back)) if len(offs) > 1 else (back[offs[0]],)
    return Page(doc=doc, text=original, clean="".join(parts), offsets=mapped, encoding=encoding, date=date)


def _break_offsets(text: str, before: _Line, after: _Line) -> tuple[int, int]:
    """Original indices for the two newlines of a paragraph break between two lines:
    the line end after ``before`` and the last line end before ``after`` (when a caption
    was moved, ``after`` may come first in the file; both are newlines all the same)."""
    k = after.start - 1
    while k >= 0 and text[k] not in "\r\n":
        k -= 1
    first = before.eol if before.eol < len(text) else k
    return first, (k if k >= 0 else first)
