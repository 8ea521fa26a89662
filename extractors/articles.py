"""Page → [Article]: title, kicker, dateline, reporters, captions, body.

A page holds several articles one after another. What marks the start of one is its
*anchor*: a dateline (``湘潭日报讯(全媒体记者/钟立平 通讯员/阙显文)``), a byline block
(``湘潭日报全媒体记者/贺子谦`` + ``通讯员/黎书恒 符家宁``) or a bare author line under a
commentary's subtitle. The headline lines just above the anchor (walking back over photo
captions, and over an editor's note introduced by ``编者按``) are the article's title and
kicker. A photo item has no dateline: its anchor is the credit line under its text
(``湘潭日报全媒体记者/卢笛 摄``), and its headline sits a few paragraphs above.

Photo captions (text ending in a credit) are kept apart from the body and attached to
the article they stand in. Headlines inside an article are subheads and stay in its body;
headline lines at the end of an article with no text after them (a slogan, an
advertisement) are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import Byline, is_headline, parse_byline, parse_credit, parse_dateline
from .records import Article, Caption, Page

__all__ = ["split"]

# Labels that introduce an editor's note between a headline and the byline.
_NOTE = re.compile(r"^(?:编者按|编者的话|编后语?|导读|核心提示|内容提要)[::]?$")
# A kicker that is only a place or body name (``岳塘区五里堆街道``).
_PLACE_ONLY = re.compile(r"^[\u3400-\u9fff]{2,10}(?:省|市|州|县|区|镇|乡|街道|村|社区)$")
_HAN_NAME = re.compile(r"^[\u3400-\u9fff]{2,4}$")
_MAX_PHOTO_TEXT = 4          # paragraphs of text between a photo item's headline and its credit


@dataclass(slots=True)
class _Para:
    start: int               # span in page.clean
    end: int
    text: str
    kind: str                # head | body | dateline | byline | author | credit | caption | note
    gap: int = 2             # newlines in the original text before it (2 = one blank line)
    byline: Byline | None = None
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
            out.append(_para(page, pos, end, text, out[-1] if out else None))
        pos = end + 2
    _mark_authors(out)
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
    elif all(is_headline(x) for x in lines):
        p.kind = "head"
    return p


def _mark_authors(ps: list[_Para]) -> None:
    """A bare 2-4 character name under a subtitle (``——…评论之一`` / ``韦思远``) is the author."""
    for i in range(1, len(ps) - 1):
        p, prev, nxt = ps[i], ps[i - 1], ps[i + 1]
        if p.kind == "head" and _HAN_NAME.match(p.text) and prev.kind == "head" \
                and nxt.kind == "body" and (prev.text.startswith("—") or prev.gap > 2):
            p.kind = "author"
            p.byline = Byline(reporters=(p.text,))


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


def _starts(ps: list[_Para]) -> list[int]:
    starts: list[int] = []
    floor = -1                               # paragraphs at or above it belong to earlier articles
    for i, p in enumerate(ps):
        first = None
        if p.kind in ("dateline", "byline", "author"):
            first = _head_block(ps, i, floor)
        elif p.kind == "credit":
            first = _photo_block(ps, i, floor)
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


def _article(page: Page, index: int, ps: list[_Para]) -> Article:
    anchor = next((k for k, p in enumerate(ps) if p.kind in ("dateline", "byline", "author")), None)
    heads: list[_Para] = []
    if anchor is not None:
        heads = [p for p in ps[:anchor] if p.kind == "head"]
        rest = [p for p in ps[:anchor] if p.kind != "head"] + ps[anchor:]
    else:                                    # a photo item, or text before the first article
        k = 0
        while k < len(ps) and ps[k].kind == "head":
            k += 1
        heads, rest = ps[:k], ps[k:]
    title, kicker = _title(heads)
    source, reporters, correspondents = "", [], []
    captions: list[Caption] = []
    pieces: list[tuple[int, int]] = []       # clean spans of the body
    photo_by: Byline | None = None
    last_text = max((k for k, p in enumerate(rest) if p.kind in ("body", "dateline", "note")), default=-1)
    for k, p in enumerate(rest):
        if p.kind in ("dateline", "byline", "author") and p.byline is not None:
            source = source or p.byline.source
            reporters += [n for n in p.byline.reporters if n not in reporters]
            correspondents += [n for n in p.byline.correspondents if n not in correspondents]
            if p.kind == "dateline" and p.cut < len(p.text):
                pieces.append((p.start + p.cut, p.end))
        elif p.kind in ("credit", "caption"):
            a, b = page.original(p.start, p.end)
            captions.append(Caption(p.text[:p.cut].strip(), _names(p.credit), a, b))
            if p.kind == "credit" and isinstance(p.credit, Byline) and photo_by is None:
                photo_by = p.credit
        elif p.kind in ("body", "head") and k < last_text or p.kind == "body":
            pieces.append((p.start, p.end))
    if not reporters and not correspondents and photo_by is not None and anchor is None:
        reporters, correspondents = list(photo_by.reporters), list(photo_by.correspondents)
    body, offs = _body(page, pieces)
    spans = [page.original(p.start, p.end) for p in ps]
    start, end = min(a for a, _ in spans), max(b for _, b in spans)
    named = [(n, start, end) for n in reporters + correspondents]
    named += [(n, c.start, c.end) for c in captions for n in c.credit]
    return Article(doc=page.doc, index=index, title=title, body=body, offsets=offs, kicker=kicker,
                   source=source, reporters=tuple(reporters), correspondents=tuple(correspondents),
                   captions=tuple(captions), start=start, end=end,
                   name_spans=_name_spans(page.text, named))


def _name_spans(text: str, named: list[tuple[str, int, int]]) -> tuple[tuple[str, int, int], ...]:
    """(name, start, end) of each byline/credit name: its first occurrence within the given range."""
    out = {}
    for name, a, b in named:
        k = text.find(name, a, b)
        if k >= 0 and name not in out:
            out[name] = (name, k, k + len(name))
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
    if not ps:
        return []
    starts = _starts(ps)
    if not starts or starts[0] > 0:
        starts.insert(0, 0)
    bounds = starts + [len(ps)]
    arts = []
    for a, b in zip(bounds, bounds[1:]):
        art = _article(page, len(arts), ps[a:b])
        if art.title or art.body:
            arts.append(art)
    return arts
