"""A file → the pages it holds, recognised by content (the extension is only a hint).

What analysts have is what a scraper or an archive gives them:

* **plain text**: a newspaper page with several articles, or one web article (title on the
  first line, a paragraph a line): one page, cut into articles by ``articles.split``;
* **feeds**: JSONL (or a JSON array) and CSV/TSV with a record per article, under the field
  names scrapers use (``title``/``标题``, ``content``/``正文``, ``date``/``发布时间`` …, see
  ``FIELDS``), or names given with ``fields``: one page per record, its offsets pointing into
  the decoded body field; a bad record is reported with its line number and the rest kept;
* **HTML**: the article a saved page holds (``webpage.read_html``): its text, title, date,
  canonical URL, site and authors; menus, scripts and footers never reach the extractors;
* **traditional script** in any of these: converted to simplified characters for extraction
  (OpenCC), keeping the length, so every offset points into the text as written too
  (``Page.written``).
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator, Mapping

from . import clean as _clean
from .dates import iso_date
from .decoding import read_file
from .primitives import HAN_RUN
from .records import Page
from .simplified import converter as _t2s
from .simplified import unchanged

__all__ = ["Document", "FIELDS", "read", "read_text", "parse_fields", "to_simplified", "is_traditional", "looks_like_html"]

# Field names scrapers use for each part of a record, tried in this order (case-insensitive).
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "标题", "headline", "题目", "name"),
    "body": ("content", "body", "text", "正文", "内容", "article", "fulltext", "main_text"),
    "date": ("date", "publish_time", "pubdate", "发布时间", "pub_date", "publish_date", "published",
             "published_at", "time", "datetime", "日期", "时间", "pubtime", "created_at"),
    "url": ("url", "link", "href", "网址", "链接", "source_url", "canonical"),
    "source": ("source", "site", "来源", "media", "site_name", "sitename", "publisher", "媒体"),
    "author": ("author", "authors", "作者", "reporter", "记者", "byline"),
}
_FEED_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv", ".tsv"}


@dataclass(frozen=True, slots=True)
class Document:
    """One input file: its pages (one for text and HTML, one per record for feeds), its layout
    (``text``, ``feed`` or ``html``), and the records that could not be read (``file:line: why``)."""

    doc: str
    pages: tuple[Page, ...]
    layout: str = "text"
    skipped: tuple[str, ...] = field(default=())


# ------------------------------------------------------------------ traditional script
def is_traditional(text: str) -> bool:
    """Is ``text`` written in traditional characters? True when conversion to simplified
    changes at least 3% of its Han characters (simplified text changes almost none: a few
    characters such as 乾 or 著 in names; traditional text changes a fifth or more).

    >>> is_traditional("長沙嶽麓區推行「院落三美」"), is_traditional("长沙岳麓区推行“院落三美”")
    (True, False)
    """
    sample = text[:20000]
    if unchanged(sample):                       # most text: no conversion to compare with
        return False
    simplified = _t2s().convert(sample)
    if simplified == sample:                    # most simplified text: nothing to count
        return False
    han = sum(map(len, HAN_RUN.findall(sample)))
    if han < 5:
        return False
    changed = sum(a != b for a, b in zip(sample, simplified))
    return changed >= max(2, 0.03 * han)


def to_simplified(text: str) -> str:
    """``text`` in simplified characters, character for character (same length), so offsets
    into the result are offsets into ``text``. Where OpenCC's phrase conversion changes a
    line's length, that line is converted one character at a time instead.

    >>> to_simplified("嶽麓區「院落三美」")
    '岳麓区「院落三美」'
    """
    conv = _t2s().convert
    out = conv(text)
    if len(out) == len(text):
        return out
    lines = []
    for line in text.splitlines(keepends=True):
        s = conv(line)
        if len(s) != len(line):
            s = "".join(c2 if len(c2 := conv(c)) == 1 else c for c in line)
        lines.append(s)
    return "".join(lines)


def _page(text: str, doc: str, encoding: str, **meta: Any) -> Page:
    """``clean`` of ``text``, converted to simplified script first when it is traditional."""
    written = ""
    if is_traditional(text):
        written, text = text, to_simplified(text)
    page = _clean.clean(text, doc=doc, encoding=encoding)
    meta = {k: v for k, v in meta.items() if v}     # what the reader knows; clean's date otherwise
    return replace(page, written=written, **meta) if meta or written else page


# ------------------------------------------------------------------ feeds
def parse_fields(spec: str | None) -> dict[str, str]:
    """``"title=headline,body=正文"`` → {"title": "headline", "body": "正文"}; raises ValueError
    for a part it does not know."""
    out: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in (spec or "").split(","))):
        key, sep, name = part.partition("=")
        if not sep or key.strip() not in FIELDS or not name.strip():
            raise ValueError(f"--fields: {part!r} is not PART=NAME with PART one of {', '.join(FIELDS)}")
        out[key.strip()] = name.strip()
    return out


def _pick(record: Mapping[str, Any], part: str, given: Mapping[str, str]) -> Any:
    """The value of ``part`` in a record: the field named by the user, else the first of the
    usual names present (keys compared without case or surrounding space)."""
    keys = {str(k).strip().lower(): k for k in record}
    for name in ((given[part],) if part in given else FIELDS[part]):
        k = keys.get(name.lower())
        if k is not None and record[k] not in (None, ""):
            return record[k]
    return None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(map(_as_text, value))
    return str(value).strip() if not isinstance(value, str) else value


def _authors(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(a for v in value for a in _authors(v))
    text = _as_text(value)
    parts = [p.strip() for p in text.replace("、", " ").replace(",", " ").replace("，", " ").split()]
    return tuple(p for p in parts if p)


def _records(text: str, doc: str, layout: str) -> Iterator[tuple[int, Mapping[str, Any] | None, str]]:
    """(line number, record or None, why not) for each record of a JSONL, JSON-array or CSV text."""
    if layout == "csv":
        sample = text[:4096]
        dialect: Any = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
        reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                yield line, None, f"not CSV ({e})"
                continue
            if None in row:
                yield line, None, "more cells than the header has columns"
            else:
                yield line, row, ""
        return
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as e:
            yield e.lineno, None, f"not JSON ({e.msg})"
            return
        for n, item in enumerate(items if isinstance(items, list) else [items], 1):
            yield n, item if isinstance(item, dict) else None, "" if isinstance(item, dict) else "not an object"
        return
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as e:
            yield n, None, f"not JSON ({e.msg} at column {e.colno})"
            continue
        yield n, item if isinstance(item, dict) else None, "" if isinstance(item, dict) else "not a JSON object"


def _feed(text: str, doc: str, encoding: str, layout: str, fields: Mapping[str, str]) -> Document:
    pages: list[Page] = []
    skipped: list[str] = []
    for line, rec, why in _records(text, doc, layout):
        if rec is None:
            skipped.append(f"{doc}:{line}: {why}")
            continue
        body = _as_text(_pick(rec, "body", fields))
        title = _as_text(_pick(rec, "title", fields)).strip()
        if not body.strip() and not title:
            skipped.append(f"{doc}:{line}: no title or body field "
                           f"(has {', '.join(map(str, rec)) or 'no fields'}; see --fields)")
            continue
        pages.append(_page(body, doc, encoding, record=len(pages), title=title,
                           date=iso_date(_pick(rec, "date", fields)),
                           url=_as_text(_pick(rec, "url", fields)).strip(),
                           source=_as_text(_pick(rec, "source", fields)).strip(),
                           authors=_authors(_pick(rec, "author", fields))))
    return Document(doc, tuple(pages), "feed", tuple(skipped))


def _feed_layout(text: str, suffix: str, fields: Mapping[str, str]) -> str | None:
    """``jsonl`` (JSON lines or a JSON array), ``csv``, or None for a text that is no feed."""
    head = text.lstrip()[:1]
    if head in "[{" and head:
        first = text.lstrip().split("\n", 1)[0].strip()
        if head == "[" or (first.startswith("{") and first.endswith("}")) or suffix in _FEED_SUFFIXES:
            return "jsonl"
    if suffix in (".csv", ".tsv"):
        return "csv"
    header = text.split("\n", 1)[0].lower()
    names = {n.lower() for part in ("title", "body") for n in (*FIELDS[part], *fields.values())}
    cells = {c.strip().strip('"').strip() for c in header.replace("\t", ",").split(",")}
    if len(cells) >= 2 and cells & names:
        return "csv"
    return None


_HTML_MARK = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|table|article|section|p)[\s>/]", re.I)


def looks_like_html(text: str) -> bool:
    """True when the first ~2 KB are markup: saved pages often carry .txt or no extension.

    A JSON feed whose body field holds HTML starts with ``{``/``[`` and is not a page.
    """
    head = text[:2048].lstrip("\ufeff \t\r\n")
    if head[:1] in "{[":
        return False
    return _HTML_MARK.search(head) is not None


# ------------------------------------------------------------------ one file
def read_text(text: str, doc: str, encoding: str = "utf-8", suffix: str = "",
              fields: Mapping[str, str] | None = None) -> Document:
    """The Document of an already-decoded file's text (``suffix`` is the file's extension,
    a hint only)."""
    fields = fields or {}
    layout = _feed_layout(text, suffix.lower(), fields)
    if layout is not None:
        return _feed(text, doc, encoding, layout, fields)
    if looks_like_html(text):
        from . import webpage               # lxml and its patterns: 0.04 s of every process's load
        w = webpage.read_html(text)
        page = _page(w.body, doc, encoding, title=w.title, date=w.date, url=w.url,
                     source=w.source or w.site, authors=tuple(w.authors))
        return Document(doc, (page,), "html")
    return Document(doc, (_page(text, doc, encoding),), "text")


def read(path: str | Path, fields: Mapping[str, str] | None = None) -> Document:
    """Read one file; raises InputError when it is missing, unreadable or not text."""
    p = Path(path)
    text, enc = read_file(p)
    return read_text(text, p.name, enc, p.suffix, fields)
