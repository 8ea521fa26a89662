"""Page → [Article]: title, kicker, dateline, reporters, captions, body.

A page holds several articles one after another. What marks the start of one is its
*anchor*: a dateline (``湘潭日报讯(全媒体记者/钟立平 通讯员/阙显文)``), a byline block
(``湘潭日报全媒体记者/贺子谦`` + ``通讯员/黎书恒 符家宁``) or a bare author line under a
commentary's subtitle. The headline lines just above the anchor (walking back over photo
captions, and over an editor's note introduced by ``编者按``) are the article's title and
kicker. A photo item has no dateline: its anchor is the credit line under its text
(``湘潭日报全媒体记者/卢笛 摄``), and its headline sits a few paragraphs above.

A web article's meta lines (``来源:XX融媒体中心 2023-07-19 16:05``, ``作者:X``, ``文/图 X``) under
its title are an anchor too; a photo item may also open with a caption whose credit names a
reporter (``山乡夏茶采摘忙`` / ``▲…茶园里。(X日报记者 X 摄)`` / text). A page the reader gave a
title (a feed record, a web page) is one article whatever it holds.

A bracket of names closing an article's last text (``…开展巡河。(X日报 甲)``) credits its writers;
the medium or place before the names is furniture and leaves the body with them.

Photo captions (text ending in a credit) are kept apart from the body and attached to
the article they stand in. Headlines inside an article are subheads and stay in its body;
headline lines at the end of an article with no text after them (a slogan, an
advertisement) are dropped. Datelines, bylines and meta lines never reach the body: the
media they name are not places of the story.

An article's date is the full date of its own meta line, else its dateline's month and day
in the year of the page's date (``新华社西昌6月8日电``), else the page's date, else none: a
date is what the text or its reader states, never today.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .bylines import (COMMA, Byline, Meta, bare_names, glued_meta, names, parse_byline, parse_credit,
                      parse_dateline, parse_end_credit, parse_meta)
from .clean import is_headline
from .dates import find_date, month_day, with_year
from .primitives import HAN
from .records import Article, Caption, Page

__all__ = ["split"]

# Labels that introduce an editor's note between a headline and the byline.
_NOTE = re.compile(r"^(?:编者按|编者的话|编后语?|导读|核心提示|内容提要)[::]?$")
# A kicker that is only a place or body name (``岳塘区五里堆街道``).
_PLACE_ONLY = re.compile(rf"^[{HAN}]{{2,10}}(?:省|市|州|县|区|镇|乡|街道|村|社区)$")
_HAN_NAME = re.compile(rf"^[{HAN}]{{2,4}}$")
_MAX_PHOTO_TEXT = 4          # paragraphs of text between a photo item's headline and its credit


@dataclass(slots=True)
class _Para:
    start: int               # span in page.clean
    end: int
    text: str
    kind: str                # head | body | dateline | byline | author | meta | credit | caption | note
    gap: int = 2             # newlines in the original text before it (2 = one blank line)
    byline: Byline | None = None
    meta: Meta | None = None
    cut: int = 0             # dateline: where the text starts; caption: where the credit starts
    credit: Byline | str = ""


def _classify(page: Page) -> list[_Para]:
    out: list[_Para] = []
    pos = 0
    clean = page.clean
    while pos < len(clean):
        end = clean.find("\n\n", pos)
        end = len(clean) if end < 0 else end
        text = clean[pos:end]
        if text.strip():
            out.extend(_unglued(page, pos, end, text, out[-1] if out else None))
        pos = end + 2
    _mark_authors(out)
    return out


def _unglued(page: Page, start: int, end: int, text: str, prev: _Para | None) -> list[_Para]:
    """The paragraph at [start, end), or the headline, date field and text a flattened page glued
    into one line (``甲镇开展巡河工作发表时间:2023-06-09 15:39 6月8日…``), each a paragraph: only at
    the top of a page or under furniture, never inside the text."""
    top = prev is None or prev.kind not in ("body", "dateline", "caption", "credit")
    cut = glued_meta(text) if top and "\n" not in text else None
    if cut is None or not is_headline(text[:cut[0]]) or (cut[1] < len(text) and text[cut[1]] in COMMA + "。"):
        return [_para(page, start, end, text, prev)]
    out = [_para(page, start, start + cut[0], text[:cut[0]], prev)]
    meta = parse_meta(text[cut[0]:cut[1]].strip()) or Meta()
    out.append(_Para(start + cut[0], start + cut[1], text[cut[0]:cut[1]], "meta", 1, meta.byline, meta))
    if cut[1] < len(text):
        out.append(_para(page, start + cut[1], end, text[cut[1]:], out[-1]))
    return out


def _para(page: Page, start: int, end: int, text: str, prev: _Para | None) -> _Para:
    gap = 2
    if prev is not None:
        a, b = page.offsets[prev.end - 1] + 1, page.offsets[start]
        gap = page.text.count("\n", a, b) + page.text.count("\r", a, b) - page.text.count("\r\n", a, b) \
            if a < b else 2
    p = _Para(start, end, text, "body", gap)
    lines = text.split("\n")
    dl = parse_dateline(lines[0])
    credit = parse_credit(text)
    if _NOTE.match(text):
        p.kind = "note"
    elif dl is not None:
        p.kind, p.byline, p.cut = "dateline", dl[0], dl[1]
    elif credit is not None:
        p.kind = "credit" if credit[0] == 0 else "caption"
        p.cut, p.credit = credit
    elif all(parse_byline(x) is not None for x in lines):
        p.kind = "byline"
        bys = [parse_byline(x) for x in lines]
        p.byline = Byline(next((b.source for b in bys if b and b.source), ""),
                          tuple(n for b in bys if b for n in b.reporters),
                          tuple(n for b in bys if b for n in b.correspondents))
    elif (meta := parse_meta(text) if "\n" not in text else None) is not None:
        p.kind, p.meta = "meta", meta
        p.byline = meta.byline
    elif all(map(is_headline, lines)):
        p.kind = "head"
    return p


def _mark_authors(ps: list[_Para]) -> None:
    """The authors' line between the headline and the text: a bare 2-4 character name under a
    subtitle (``——…评论之一`` / ``韦思远``), or two to four names, each with a surname
    (``叶甲 李乙``: no headline is a row of names)."""
    for i in range(1, len(ps) - 1):
        p, prev, nxt = ps[i], ps[i - 1], ps[i + 1]
        if p.kind != "head" or prev.kind != "head" or nxt.kind != "body":
            continue
        if _HAN_NAME.match(p.text) and (prev.text.startswith("—") or prev.gap > 2):
            p.kind = "author"
            p.byline = Byline(reporters=(p.text,))
        elif " " in p.text and (got := bare_names(p.text)) is not None and len(got) > 1:
            p.kind = "author"
            p.byline = Byline(reporters=got)


# ------------------------------------------------------------------ where articles start
def _head_block(ps: list[_Para], i: int, floor: int) -> int | None:
    """Index of the first headline paragraph above anchor ``i`` (not above ``floor``)."""
    j, first = i - 1, None
    while j > floor:
        k = ps[j].kind
        if k == "head":
            first = j
        elif k == "caption" and first is None:
            pass
        elif k == "body" and first is None:
            note = next((n for n in range(j, max(floor, j - 4), -1) if ps[n].kind == "note"), None)
            if note is None or any(ps[n].kind != "body" for n in range(note + 1, j + 1)):
                break
            j = note
        else:
            break
        j -= 1
    return first


def _photo_block(ps: list[_Para], i: int, floor: int) -> int | None:
    """For a credit line at ``i``: the headline of the photo item it closes, if any."""
    j, texts = i - 1, 0
    while j > floor and ps[j].kind in ("body", "caption"):
        texts += 1
        j -= 1
    if j <= floor or ps[j].kind != "head" or not 1 <= texts <= _MAX_PHOTO_TEXT:
        return None
    big_gap = ps[j].gap > 2 or ps[j + 1].gap > 2
    if not (big_gap or texts <= 2):
        return None
    while j - 1 > floor and ps[j - 1].kind == "head":
        j -= 1
    return j


def _opens_photo_item(ps: list[_Para], i: int, floor: int) -> bool:
    """Is the caption at ``i`` the opening of a photo item: under a headline, above text, its
    credit naming people by role (``山乡夏茶采摘忙`` / ``▲….(X日报记者 X 摄)`` / text)?"""
    return ps[i].kind == "caption" and isinstance(ps[i].credit, Byline) and i - 1 > floor \
        and ps[i - 1].kind == "head" and i + 1 < len(ps) and ps[i + 1].kind == "body"


def _starts(ps: list[_Para]) -> list[int]:
    starts: list[int] = []
    floor = -1                               # paragraphs at or above it belong to earlier articles
    for i, p in enumerate(ps):
        first = None
        if p.kind in ("dateline", "byline", "author"):
            first = _head_block(ps, i, floor)
        elif p.kind == "meta" and i - 1 > floor and ps[i - 1].kind == "head" \
                and p.meta is not None and not p.meta.footer:
            first = _head_block(ps, i, floor)    # a web article's meta line right under its title
        elif p.kind == "credit":
            first = _photo_block(ps, i, floor)
        elif _opens_photo_item(ps, i, floor):
            first = i - 1
            while first - 1 > floor and ps[first - 1].kind == "head":
                first -= 1
        if first is not None:
            starts.append(first)
            floor = i
    return starts


# ------------------------------------------------------------------ one article
def _title(heads: list[_Para]) -> tuple[str, tuple[str, ...]]:
    """(title, kicker lines) from the headline paragraphs above an article."""
    lines = [h.text for h in heads]
    if not lines:
        return "", ()
    merged: list[str] = []                   # "市科技局:" + "多措并举…" → one title
    for s in lines:
        if merged and merged[-1].endswith((":", ":")) and "\n" not in s:
            merged[-1] += s
        else:
            merged.append(s)

    def aside(k: int) -> bool:
        s = merged[k]
        return ("\n" in s or s.startswith("—") or s.endswith("—")
                or s.startswith(("分别", "包括", "其中")) or bool(_PLACE_ONLY.match(s))
                or (s.startswith("为") and len(merged) > 1))

    title_at = next((k - 1 for k in range(1, len(merged))
                     if merged[k].startswith("—") and not merged[k - 1].endswith("—")), None)
    if title_at is None:
        title_at = next((k for k in range(len(merged)) if not aside(k)), 0)
    kicker = tuple(s for k, s in enumerate(merged) if k != title_at)
    return merged[title_at], kicker


def _names(b: Byline | str) -> tuple[str, ...]:
    if isinstance(b, Byline):
        return b.reporters + b.correspondents
    return (b,) if b else ()


_ANCHORS = ("dateline", "byline", "author", "meta")


def _article(page: Page, index: int, ps: list[_Para], title: str | None = None) -> Article:
    """One article from its paragraphs; ``title`` when the reader gave it (then every
    paragraph but a repeat of the title is the article's)."""
    top = 0                                  # meta lines above the title (date and source first)
    while top < len(ps) and ps[top].kind == "meta":
        top += 1
    anchor = next((k for k in range(top, len(ps)) if ps[k].kind in _ANCHORS), None)
    if title is not None:
        heads: list[_Para] = []
        rest = [p for k, p in enumerate(ps) if not (k == top and p.kind == "head" and _same(p.text, title))]
    else:                                    # the headlines above the anchor and the text
        stop = anchor if anchor is not None else len(ps)
        stop = next((k for k in range(top, stop) if ps[k].kind == "body"), stop)
        if anchor is None:                   # a photo item, or text before the first article
            stop = next((k for k in range(top, stop) if ps[k].kind != "head"), stop)
        heads = [p for p in ps[top:stop] if p.kind == "head"]
        rest = ps[:top] + [p for p in ps[top:stop] if p.kind != "head"] + ps[stop:]
    kicker: tuple[str, ...] = ()
    if title is None:
        title, kicker = _title(heads)
    credits = _Credits()
    captions: list[Caption] = []
    pieces: list[tuple[int, int]] = []       # clean spans of the body
    named: list[tuple[str, int, int]] = []   # caption credits and the clean span they are in
    last_text = max((k for k, p in enumerate(rest) if p.kind in ("body", "dateline", "note")), default=-1)
    closing = _closing_credit(rest)
    for k, p in enumerate(rest):
        if closing is not None and k == closing[0]:
            credits.add_people(closing[2])        # its medium or place is furniture, not text
            if closing[1] > 0:
                pieces.append((p.start, p.start + len(p.text[:closing[1]].rstrip())))
            continue
        if p.kind in _ANCHORS and p.byline is not None:
            credits.add(p)
            if p.kind == "dateline" and p.cut < len(p.text):
                pieces.append((p.start + p.cut, p.end))
        elif p.kind in ("credit", "caption"):
            a, b = page.original(p.start, p.end)
            captions.append(Caption(p.text[:p.cut].strip().lstrip("▲△▼■□●◆★☆").strip(), _names(p.credit), a, b))
            named += [(n, p.start, p.end) for n in _names(p.credit)]
            if isinstance(p.credit, Byline) and credits.photo is None:
                credits.photo = p.credit
        elif p.kind in ("body", "head") and k < last_text or p.kind == "body":
            pieces.append((p.start, p.end))
    if page.title:                           # the reader's page is this one article
        credits.authors(page.authors)
    reporters, correspondents = credits.people()
    body, offs = _body(page, pieces)
    spans = [page.original(p.start, p.end) for p in ps]
    start, end = min((a for a, _ in spans), default=0), max((b for _, b in spans), default=0)
    if ps:
        named = [(n, ps[0].start, ps[-1].end) for n in reporters + correspondents] + named
    return Article(doc=page.doc, index=index, title=title, body=body, offsets=offs, kicker=kicker,
                   source=credits.medium(page.source),
                   reporters=reporters, correspondents=correspondents,
                   captions=tuple(captions), start=start, end=end,
                   name_spans=_name_spans(page, named), date=credits.date(page.date),
                   url=page.url, record=page.record)


def _closing_credit(rest: list[_Para]) -> tuple[int, int, Byline] | None:
    """(index, where the credit starts, Byline) of a credit closing the article: its last text
    paragraph ends in brackets naming the writers (``…开展巡河。(甲州日报 张三)``) or is only that
    bracket. Only the article's last text can hold one: a bracket of names inside is text."""
    k = max((k for k, p in enumerate(rest) if p.kind in ("body", "head")), default=-1)
    if k < 0:
        return None
    got = parse_end_credit(rest[k].text)
    return (k, got[0], got[1]) if got is not None else None


def _same(a: str, b: str) -> bool:
    """Are two titles the same, whitespace aside?"""
    return "".join(a.split()) == "".join(b.split())


class _Credits:
    """What an article's datelines, bylines and meta lines say: people, medium, date."""

    def __init__(self) -> None:
        self.reporters: list[str] = []
        self.correspondents: list[str] = []
        self.source = ""                      # the dateline's or byline's medium
        self.meta_source = ""                 # a meta line's 来源
        self.dateline = ""                    # the dateline's source part (新华社西昌6月8日电)
        self.full_date = ""                   # a full date a meta line writes
        self.photo: Byline | None = None      # the first photo credit naming people by role

    def add_people(self, by: Byline) -> None:
        """Credit the people of ``by`` (not its medium)."""
        self.reporters += [n for n in by.reporters if n not in self.reporters]
        self.correspondents += [n for n in by.correspondents if n not in self.correspondents]

    def add(self, p: _Para) -> None:
        if p.byline is not None:
            self.add_people(p.byline)
        if p.kind == "meta":
            if p.meta is not None:
                self.meta_source = self.meta_source or p.meta.source
                self.full_date = self.full_date or p.meta.date
            return
        if p.byline is None:
            return
        self.source = self.source or p.byline.source
        if p.kind == "dateline" and not self.dateline:
            self.dateline = p.byline.source
            self.full_date = self.full_date or find_date(p.byline.source)

    def authors(self, given: tuple[str, ...]) -> None:
        """Bylines the reader's metadata names (HTML author, feed author); a medium is no person."""
        for a in given:
            got = names(a)
            self.add_people(Byline(reporters=got) if got else parse_byline(a) or Byline())

    def medium(self, page_source: str) -> str:
        """The dateline's or byline's medium, else the 来源 of a meta line, else the photo
        credit's paper (``X日报记者 X 摄``), else what the reader knows. ``本报讯`` ("this
        paper reports") names no medium when the reader knows which paper it is."""
        photo = self.photo.source if self.photo is not None else ""
        if page_source and self.source.startswith("本"):
            return page_source
        return self.source or self.meta_source or photo or page_source

    def people(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(reporters, correspondents); an item no byline names is credited by its photo."""
        if not self.reporters and not self.correspondents and self.photo is not None:
            return self.photo.reporters, self.photo.correspondents
        return tuple(self.reporters), tuple(self.correspondents)

    def date(self, page_date: str) -> str:
        """The meta line's full date, else the dateline's month and day in the page's year
        (the year before when that would put it half a year after the page), else the page's."""
        if self.full_date:
            return self.full_date
        md = month_day(self.dateline) if self.dateline else None
        got = with_year(md, page_date)
        if got and int(got[5:7]) - int(page_date[5:7]) >= 6:
            got = with_year(md, str(int(page_date[:4]) - 1))
        return got or page_date


def _name_spans(page: Page, named: list[tuple[str, int, int]]) -> tuple[tuple[str, int, int], ...]:
    """(name, start, end) of each byline/credit name: the original span of its first occurrence
    within the given clean range (the clean text, where a gloss or a line break inside the name
    in the original is gone)."""
    out = {}
    for name, a, b in named:
        k = page.clean.find(name, a, b)
        if k >= 0 and name not in out:
            out[name] = (name, *page.original(k, k + len(name)))
    return tuple(out.values())


def _body(page: Page, pieces: list[tuple[int, int]]) -> tuple[str, tuple[int, ...]]:
    """Body text and offsets: the pieces joined by the paragraph breaks that follow them."""
    parts: list[str] = []
    offs: list[int] = []
    for n, (a, b) in enumerate(pieces):
        if n:
            prev_end = pieces[n - 1][1]
            parts.append("\n\n")
            offs += page.offsets[prev_end:prev_end + 2]
        parts.append(page.clean[a:b])
        offs += page.offsets[a:b]
    return "".join(parts), tuple(offs)


def split(page: Page) -> list[Article]:
    """The articles of a page, in page order.

    >>> from govkg.extractors.clean import clean
    >>> page = clean("湘乡“订单岗位”稳就业\\n\\n湘潭日报讯(全媒体记者/龚晓岚 通讯员/伍思琪) 近日,村民忙着铺草皮。\\n")
    >>> [(a.title, a.source, a.reporters, a.correspondents, a.body) for a in split(page)]
    [('湘乡“订单岗位”稳就业', '湘潭日报讯', ('龚晓岚',), ('伍思琪',), '近日,村民忙着铺草皮。')]
    """
    ps = _classify(page)
    if page.title:                            # (a record with a title and no text too)
        return [_article(page, 0, ps, title=page.title)]
    if not ps:
        return []
    starts = _starts(ps)
    if not starts or starts[0] > 0:
        starts.insert(0, 0)
    bounds = starts + [len(ps)]
    arts: list[Article] = []
    for a, b in zip(bounds, bounds[1:]):
        art = _article(page, len(arts), ps[a:b])
        if art.title or art.body:
            arts.append(art)
    return arts
