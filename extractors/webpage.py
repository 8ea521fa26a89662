"""HTML → one article: the headline, the article text and what the page says about it.

A saved page of a Chinese local news or government site is mostly furniture: menus, a
breadcrumb, a meta line (``发布时间：… 来源：… 作者：… 浏览次数 字号 打印 关闭``), a related-news
list, a footer with 版权所有/ICP备, scripts. Only the article may reach the extractors, because
every name in the body becomes a mention; the meta line is not thrown away but read for the
date, the source and the reporters.

Each field comes from what measured best at it, on six pages (four invented in common CMS
shapes — TRS table layout, og: tags, headline only in ``<title>`` with ``<br>`` paragraphs, a
daily with the meta line inside the text block — and the two dev pages):

- title: gne's title finder, 6/6 (trafilatura 5/6: it kept ``_栏目_站名`` on the TRS page),
  widened to the whole heading gne's match came from.
- body: trafilatura, 26/26 paragraphs' text (gne 22/26: nothing of the ``<br>`` page). Raw,
  only 2/6 of its pages were free of furniture and 22/26 paragraphs stood on their own line
  (a layout table's cell came out as one line); after this module strips furniture, unwraps
  layout tables and filters meta/footer lines: 26/26 and 6/6.
- date: the meta line, 6/6; then meta tags, JSON-LD or ``<time>`` (2/6 pages have them).
  htmldate and trafilatura 4/6 each (a related-news date; the copyright year as 2021-01-01).
- source, authors: the meta line, by pattern (gne's author is the 责任编辑 when there is one).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from lxml import etree, html as lxml_html

from .dates import find_date
from .furniture import is_furniture
from .primitives import HAN

__all__ = ["WebArticle", "read_html"]


@dataclass(frozen=True, slots=True)
class WebArticle:
    """One article read from a web page; ``body`` is ``""`` when the page holds none."""

    title: str            # the headline as written, without the site suffix of <title>
    body: str             # article text, one paragraph per line, no furniture, no meta line
    date: str = ""        # ISO 8601 (YYYY-MM-DD) the page states; "" when it states none
    url: str = ""         # canonical URL (link rel=canonical, og:url)
    site: str = ""        # site name (og:site_name, SiteName, the <title> suffix)
    source: str = ""      # 来源 of the meta line, else the site
    authors: tuple[str, ...] = ()   # reporters of the meta line (作者, 记者, 文/图), no editors


# ------------------------------------------------------------------ is it HTML?
# ------------------------------------------------------------------ the page tree
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# Elements that never hold article text.
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
              "canvas", "select", "button", "input", "textarea")
# Elements that are furniture unless they wrap the page (an ASP.NET page is one <form>).
_NOISE_TAGS = frozenset(("nav", "footer", "aside", "form", "menu"))
# Inline tags trafilatura drops (time, label) or turns into a line of their own (q): their
# text is part of the sentence, so the tag goes and the text stays.
_INLINE_TAGS = ("q", "time", "label", "abbr", "bdi", "bdo", "cite", "dfn", "mark", "ins", "small",
                "big", "font", "strike", "s", "u", "tt", "kbd", "samp", "var", "data", "sup", "sub")
# class/id words of page furniture (compared word by word, so "content" never matches "cont").
_NOISE_WORDS = frozenset("""
    nav navbar navi menu menus mainmenu submenu topbar toolbar footer foot bottom copyright
    breadcrumb breadcrumbs crumb crumbs position location where dqwz weizhi
    share sharing bshare fenxiang related relate xgxx xgwz xgxw xgyd recommend tuijian
    sidebar side aside hot hots rank ranking paihang ad ads advert guanggao comment comments
    pinglun print dayin tools tool pager pagination prev next prevnext sxp login search
    qrcode ewm erweima sitemap links friendlink yqlj meta
""".split())
_WORD_SPLIT = re.compile(r"[\s\-_]+")
_LAYOUT_CHILD = "p div table ul ol h1 h2 h3 h4 h5 h6".split()


def _parse(html: str) -> lxml_html.HtmlElement | None:
    """The page as an lxml tree, or None when it is empty or not markup at all."""
    text = _XML_DECL.sub("", html, count=1)     # lxml refuses str input with an encoding decl
    if not text.strip():
        return None
    try:
        return lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _is_noise(el: lxml_html.HtmlElement) -> bool:
    words = _WORD_SPLIT.split(f"{el.get('class', '')} {el.get('id', '')}".lower())
    return any(w in _NOISE_WORDS for w in words)


def _strip_furniture(root: lxml_html.HtmlElement) -> None:
    """Remove scripts, menus, footers and related lists; unwrap layout tables (in place).

    A furniture-named element that holds most of the page's text is kept: a site that calls
    its article wrapper ``main-side`` must not lose the article.
    """
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    etree.strip_tags(root, *_INLINE_TAGS)
    top = root.find("body")
    top = root if top is None else top
    total = len(top.text_content()) or 1
    stack = [top]
    while stack:
        for el in list(stack.pop()):
            if not isinstance(el.tag, str):
                continue
            if (el.tag in _NOISE_TAGS or _is_noise(el)) and len(el.text_content()) < total / 2:
                el.drop_tree()
            else:
                stack.append(el)
    # A table whose cells hold paragraphs or blocks is layout: its cells are page regions.
    for table in list(root.iter("table")):
        if table.tag == "table" and any(next(table.iterfind(f".//{t}"), None) is not None
                                        for t in _LAYOUT_CHILD):
            for el in table.iter("table", "tbody", "thead", "tfoot", "tr", "td", "th"):
                el.tag = "div"


# ------------------------------------------------------------------ lines of the page
_BLOCK_TAGS = frozenset("""address article aside blockquote center dd div dl dt figcaption figure
    h1 h2 h3 h4 h5 h6 header hr li main ol p pre section table tbody td tfoot th thead tr ul
    br""".split())
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u3000\u2002\u2003\u200b\ufeff]+")


def _lines(root: lxml_html.HtmlElement) -> list[str]:
    """The visible text of the page, a line per block, spaces collapsed (scripts removed)."""
    parts: list[str] = []

    def walk(el: lxml_html.HtmlElement) -> None:
        block = el.tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(root)
    out = (_SPACE.sub(" ", s).strip() for s in "".join(parts).split("\n"))
    return [s for s in out if s]


def _same(a: str, b: str) -> bool:
    return _SPACE.sub("", a) == _SPACE.sub("", b)


# ------------------------------------------------------------------ the meta line
_META_LABEL = re.compile(
    r"(?:^|[\s【\[（(|丨])(?:(?:信息|文章|稿件|新闻)?来源|作者|发布时间|发布日期|发表时间|更新时间|"
    r"(?:责任|值班)?编辑|责编|审核|审校|校对|浏览(?:次数|量)?|阅读(?:次数|量)|点击(?:数|量)?|"
    r"字号|字体)\s*[:：]"
    r"|打印本页|打印此页|关闭窗口|【\s*打印\s*】|【\s*关闭\s*】|分享到")
# "时间：" and "日期：" also head lines of a notice (时间：5月1日上午9时): they mark a meta line
# only before a full date and time and nothing else. A short line that opens with a full date
# and holds no clause is a meta line too (2023-03-08 10:21 XX县融媒体中心).
_YMD = r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?"
_DATE_LEAD = re.compile(rf"^{_YMD}")
_DATE_ONLY = re.compile(rf"^(?:发布)?(?:时间|日期)\s*[:：]\s*{_YMD}\s*(?:\d{{1,2}}[:：]\d\d(?:[:：]\d\d)?)?"
                        r"\s*(?:星期.|周.)?\s*$")
_CLAUSE = re.compile(r"[，,。；;]")
_SENTENCE_END = re.compile(r"[。！？!?]\s*[”」』）)]?\s*$")


def _is_meta(line: str) -> bool:
    """A meta line (date, 来源, 作者, 编辑, counters, print/close links), never a sentence."""
    if len(line) > 160 or _SENTENCE_END.search(line):
        return False
    if _META_LABEL.search(line):
        return True
    if _DATE_ONLY.match(line):
        return True
    return len(line) <= 60 and _DATE_LEAD.match(line) is not None and not _CLAUSE.search(line)


def _meta_text(lines: list[str], title: str) -> str:
    """The meta line(s) of the article: the first run of meta lines in the ten lines under
    the headline; else the first line anywhere with a label (来源：, 作者：, 发布时间：…).

    Without a label, a date-led line is trusted only under the headline: a top bar's
    ``2024年5月1日 星期三`` is the day the page was saved, not the article's date.
    """
    start = next((i + 1 for i, s in enumerate(lines) if title and _same(s, title)), None)
    near = range(start, min(len(lines), start + 10)) if start is not None else range(0)
    i = next((i for i in near if _is_meta(lines[i])), None)
    if i is None:
        i = next((i for i, s in enumerate(lines) if _is_meta(s) and _META_LABEL.search(s)), None)
    if i is None:
        return ""
    run = [lines[i]]
    for s in lines[i + 1:i + 4]:
        if not _is_meta(s):
            break
        run.append(s)
    return " ".join(run)


# A field value ends at the next label of the meta line.
_NEXT_LABEL = re.compile(
    r"(?:(?:信息|文章|稿件|新闻)?来源|作者|记者|通讯员|(?:责任|值班)?编辑|责编|审核|审校|校对|摄影|"
    r"发布时间|发布日期|发表时间|更新时间|时间|日期|浏览|阅读|点击|字号|字体|打印|关闭|分享|【|\[)")
_SOURCE = re.compile(r"(?:信息|文章|稿件|新闻)?来源\s*[:：]\s*([^\s|丨【\[]+)")
_AUTHOR = re.compile(
    r"(?:作者\s*[:：]|记者\s*[:：]?|(?:文\s*[/／|丨]\s*图|图\s*[/／|丨]\s*文|撰文|撰稿|文字|"
    rf"(?<![{HAN}])文)\s*[:：]?)\s*([^:：|丨【\[]*)")
_NAME = re.compile(rf"^(?:[{HAN}]{{2,5}}|[{HAN}]{{1,8}}·[{HAN}]{{1,8}})$")
_NOT_NAME = frozenset("本报 本台 本网 通讯员 记者 编辑 来源 作者 见习记者 实习生 融媒体".split())
# Government sites put a body in the 作者 field (县委办, 县农业农村局): not a reporter.
_ORG_END = re.compile(r"(?:局|办|中心|委|院|所|站|部|厅|社|台|报|网|处|馆|室|县|市|区|乡|镇|村|街道|公司|集团)$")


def _cut(value: str) -> str:
    m = _NEXT_LABEL.search(value)
    return value[:m.start()] if m else value


def _source(meta: str) -> str:
    m = _SOURCE.search(meta)
    return _cut(m[1]).strip(" ()（）") if m else ""


def _authors(meta: str) -> tuple[str, ...]:
    """Reporters of the meta line: after 作者/记者/文/图; editors and 通讯员 are not authors."""
    names: list[str] = []
    for m in _AUTHOR.finditer(meta):
        for tok in re.split(r"[\s、，,/／;；]+", _cut(m[1])):
            tok = tok.strip("()（）")
            if (_NAME.match(tok) and tok not in _NOT_NAME and tok not in names
                    and not (len(tok) >= 3 and _ORG_END.search(tok))):
                names.append(tok)
    return tuple(names)


# ------------------------------------------------------------------ head metadata
def _meta_content(root: lxml_html.HtmlElement, *keys: str) -> str:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            for v in root.xpath(f'//meta[translate(@{attr},"ABCDEFGHIJKLMNOPQRSTUVWXYZ",'
                                f'"abcdefghijklmnopqrstuvwxyz")="{key}"]/@content'):
                if v.strip():
                    return _SPACE.sub(" ", v).strip()
    return ""


def _url(root: lxml_html.HtmlElement) -> str:
    for v in root.xpath('//link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href'):
        if v.strip():
            return v.strip()
    return _meta_content(root, "og:url")


_TITLE_SEP = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s)\s*")


def _page_title(root: lxml_html.HtmlElement) -> str:
    return _SPACE.sub(" ", " ".join(root.xpath("//title//text()"))).strip()


def _site(root: lxml_html.HtmlElement, headline: str) -> str:
    """og:site_name, a SiteName meta, or the last part of ``<title>`` after the headline."""
    site = _meta_content(root, "og:site_name", "sitename", "site_name", "application-name")
    if site:
        return site
    page_title = _page_title(root)
    if headline and page_title.startswith(headline) and len(page_title) > len(headline):
        parts = [p for p in _TITLE_SEP.split(page_title[len(headline):]) if p.strip()]
        return parts[-1].strip() if parts else ""
    return ""


def _headline(root: lxml_html.HtmlElement) -> str:
    """The headline: gne's title, widened to the whole heading it was found in.

    gne takes the longest run an ``<h1>``…``<h5>`` text shares with ``<title>``; where the two
    differ by a character (a half-width colon, a truncated <title>) that run is a fragment,
    and the heading holds the headline as written.
    """
    from gne.extractor import TitleExtractor

    title = _SPACE.sub(" ", TitleExtractor().extract(root)).strip()
    if not title:
        return ""
    for h in root.iter("h1", "h2", "h3", "h4", "h5"):
        text = _SPACE.sub(" ", h.text_content()).strip()
        if title in text and len(text) <= 100:
            return text
    # gne falls back to the whole <title> when its first part is short; cut the site suffix.
    if title == _page_title(root):
        parts = _TITLE_SEP.split(title)
        if len(parts) > 1 and len(parts[0]) >= 4:
            title = parts[0]
    return title


def _structured_date(root: lxml_html.HtmlElement) -> str:
    """The date in meta tags, JSON-LD or ``<time>`` (gne's lists of where sites put it)."""
    from gne.extractor import TimeExtractor

    t = TimeExtractor()
    for find in (t.extract_from_meta, t.extract_from_json_ld, t.extract_from_time_tag):
        date = find_date(find(root) or "")
        if date:
            return date
    return ""


# ------------------------------------------------------------------ the body
_LIST_HEAD = re.compile(r"^(?:相关(?:新闻|文章|信息|阅读|链接|报道)|热点排行|热门文章|推荐阅读|延伸阅读|"
                        r"图片新闻|猜你喜欢)\s*[:：]?$")


def _trafilatura_text(root: lxml_html.HtmlElement) -> str:
    import trafilatura

    return trafilatura.extract(root, include_comments=False, include_tables=True,
                               include_images=False, include_links=False,
                               deduplicate=False) or ""


def _is_furniture(line: str) -> bool:
    return _is_meta(line) or is_furniture(line)


_PROSE = re.compile(rf"[{HAN}].*[，。！？；：、]")
_DATELINE = re.compile(r"[讯电]\s*[（(][^（()）]{0,40}[）)]")


def _body(text: str, title: str, page: list[str]) -> str:
    """Article lines only: no headline (nor the kicker above it), meta lines or furniture.

    A dateline such as ``XX日报讯（记者 X）`` is article text and stays. ``page`` is the
    page's own lines (furniture removed): a paragraph trafilatura left out right before
    its first line (a lead in a ``<div>`` of its own) or after its last is put back.
    """
    lines = [s.strip("| ").strip() for s in (_SPACE.sub(" ", s).strip() for s in text.split("\n"))]
    lines = [s for s in lines if s]                      # table cells come as "| … |"
    head = next((i for i, s in enumerate(lines[:4]) if title and _same(s, title)), -1)
    out: list[str] = []
    for s in lines[head + 1:]:
        if _LIST_HEAD.match(s):
            break                               # a related-news list ends the article
        if not _is_furniture(s):
            out.append(s)
    return "\n".join(_restore_edges(_in_page_order(out, page), title, page))


def _in_page_order(body: list[str], page: list[str]) -> list[str]:
    """Body lines in the order the page has them (trafilatura appends a paragraph it found
    outside the main block at the end); unchanged when a line is not a line of the page."""
    where: dict[str, list[int]] = {}
    for i, s in enumerate(page):
        where.setdefault(_SPACE.sub("", s), []).append(i)
    order = []
    for s in body:
        places = where.get(_SPACE.sub("", s))
        if not places:
            return body
        order.append(places.pop(0))
    return [s for _, s in sorted(zip(order, body), key=lambda p: p[0])]


def _restore_edges(body: list[str], title: str, page: list[str]) -> list[str]:
    """Put back prose lines of ``page`` just before the first / after the last body line."""
    if not body:
        return body
    keys = [_SPACE.sub("", s) for s in page]
    try:
        first, last = keys.index(_SPACE.sub("", body[0])), keys.index(_SPACE.sub("", body[-1]))
    except ValueError:
        return body
    have = {_SPACE.sub("", s) for s in body}

    def prose(s: str) -> bool:
        return (not _is_furniture(s) and not _LIST_HEAD.match(s) and not _same(s, title)
                and _SPACE.sub("", s) not in have and (bool(_PROSE.search(s)) or bool(_DATELINE.search(s))))

    before: list[str] = []
    for s in reversed(page[max(0, first - 3):first]):
        if not prose(s):
            break
        before.insert(0, s)
    after = []
    for s in page[last + 1:last + 4]:
        if not (prose(s) and _SENTENCE_END.search(s) and len(s) >= 15):
            break
        after.append(s)
    return before + body + after


# ------------------------------------------------------------------ entry point
for _name in ("trafilatura", "htmldate", "courlan", "justext", "gne"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)   # their warnings are not ours to show


def read_html(html: str) -> WebArticle:
    """Read one saved page into a WebArticle; a page without article text has ``body == ""``."""
    root = _parse(html)
    if root is None:
        return WebArticle(title="", body="")
    title = _headline(root)
    url = _url(root)
    site = _site(root, title)
    structured = _structured_date(root)
    etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    meta = _meta_text(_lines(root), title)      # read before the meta line's block is dropped
    _strip_furniture(root)
    page = _lines(root)
    body = _body(_trafilatura_text(root), title, page)
    return WebArticle(
        title=title, body=body, date=find_date(meta) or structured, url=url, site=site,
        source=_source(meta) or site, authors=_authors(meta),
    )

