"""The stage order of extraction, as one readable function body.

file → Document (readers: text, feed records or a web page) → [Page] → [Article] → per
article: places → organizations → people → programs (each stage takes what it needs from
the earlier ones) → entities (grouped per document) → relations (merged) → Extraction.
"""
from __future__ import annotations

import bisect
import functools
import gc
import itertools
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence, TypeVar, cast

from . import articles as _articles
from . import entities, organizations, people, places, programs, readers, relations
from .clean import drop_glosses
from .divisions import bulk
from .lexicon import Lexicon, load
from .records import Article, Extraction, Mention, Page, Relation, evolve
from .scan import occurrences

__all__ = ["split_document", "extract_page", "extract_pages", "extract_text", "extract_file", "warm"]


def split_document(pages: Sequence[Page]) -> list[Article]:
    """The articles of all pages, numbered through the document; a traditional-script page's
    titles as written (the extractors read its simplified form, of the same length)."""
    arts: list[Article] = []
    for page in pages:
        for art in _articles.split(page):
            arts.append(evolve(art, index=len(arts), title=_as_written(page, art)))
    return arts


def _as_written(page: Page, art: Article) -> str:
    """``art.title`` in the page's own script: the same span of ``page.written``."""
    if not page.written or not art.title or art.title == page.title:
        return art.title
    k = page.text.find(art.title, art.start, art.end)
    if k >= 0:
        return page.written[k:k + len(art.title)]
    text = drop_glosses(page.text[art.start:art.end])   # a title that held pinyin glosses
    k = text.find(art.title)                            # (the written text holds them at
    written = drop_glosses(page.written[art.start:art.end])   # the same places)
    return written[k:k + len(art.title)] if k >= 0 and len(written) == len(text) else art.title


def _written_surfaces(mentions: list[Mention], arts: Sequence[Article], pages: Sequence[Page]) -> list[Mention]:
    """Mentions of traditional-script pages with their surface as written (``浦東新區``), so
    that the traditional form becomes an alias of the simplified name (less the pinyin glosses
    a span may hold: 河長(zhǎng)制 is written 河長制)."""
    written = {p.record: p.written for p in pages if p.written}
    if not written:
        return mentions
    out = []
    for m in mentions:
        text = written.get(arts[m.article].record, "")
        surface = drop_glosses(text[m.start:m.end]) if text else ""
        out.append(evolve(m, surface=surface) if surface and surface != m.surface else m)
    return out


_F = TypeVar("_F", bound=Callable[..., Any])


def _collector_paused(f: _F) -> _F:
    """``f`` with the cyclic garbage collector paused while it runs, as it was after.

    Why: extracting a document makes some hundred thousand short-lived records, tuples and
    lists a million characters, each counted towards the collector's next young collection;
    they hold no cycles (reference counting frees them), so those collections find nothing,
    yet cost 2% of extraction. A document's cyclic garbage, if any, is collected after it."""
    @functools.wraps(f)
    def paused(*args: Any, **kwargs: Any) -> Any:
        with bulk():
            return f(*args, **kwargs)
    return cast(_F, paused)


@_collector_paused
def extract_pages(pages: Sequence[Page], doc: str = "", lex: Lexicon | None = None,
                  skipped: Sequence[str] = ()) -> Extraction:
    """Everything govkg reads from the pages of one document (a feed's records are its pages)."""
    lex = lex or load()
    arts = split_document(pages)
    lex.prepare([art.body for art in arts])
    mentions: list[Mention] = []
    links: list[Relation] = []
    fallbacks: list[Relation] = []
    for art in arts:
        pl = places.find(art, lex)
        orgs = organizations.find(art, pl, lex)
        ppl = people.find(art, orgs, pl, lex)
        pl = _outside_names(art.body, pl, ppl)
        progs = programs.find(art, pl, orgs, lex)
        links += places.relate(art, pl, lex)
        fallbacks += places.stated_parents(art, pl, lex)
        held, bodies = people.relate_all(art, pl + orgs + ppl, lex)   # bodies: 旗委 only a post names
        links += organizations.relate(art, pl + orgs + bodies, lex)
        links += held
        links += programs.relate(art, pl + orgs + progs, lex)
        mentions += pl + orgs + bodies + ppl + progs
    ents = entities.group(_written_surfaces(mentions, arts, pages), arts, pages)
    return Extraction(doc=doc or (pages[0].doc if pages else ""), articles=tuple(arts),
                      entities=tuple(ents), relations=tuple(relations.merge(links, ents, fallbacks)),
                      skipped=tuple(skipped))


def _outside_names(body: str, places: list[Mention], people: list[Mention]) -> list[Mention]:
    """The places not read inside a person's name, wherever the body writes it: a short place
    form is often a given name (党组书记甲海东…甲海东一行: no 海东市 there)."""
    names = {p.surface for p in people if p.pos >= 0 and len(p.surface) >= 2}
    spans = sorted((s, s + len(n)) for n, starts in occurrences(names, body).items() for s in starts)
    if not spans:
        return places
    # A place is inside a name when the names starting at or before it reach its end: one
    # bisection and the running furthest end, not a test of every name for every place.
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))
    out = []
    for m in places:
        k = bisect.bisect_right(starts, m.pos) - 1
        if k < 0 or reach[k] < m.pos + len(m.surface):
            out.append(m)
    return out


def extract_page(page: Page, lex: Lexicon | None = None) -> Extraction:
    """Everything govkg reads from one page."""
    return extract_pages([page], page.doc, lex)


@_collector_paused
def extract_text(text: str, doc: str = "<text>", lex: Lexicon | None = None) -> Extraction:
    """Extraction of one text given as a string, read as a file with that content would be
    (a page, a web article, traditional script, a feed or HTML): for trying a rule in a notebook."""
    d = readers.read_text(text, doc, suffix=Path(doc).suffix)
    return extract_pages(d.pages, doc, lex, d.skipped)


@_collector_paused
def extract_file(path: str | Path, lex: Lexicon | None = None,
                 fields: Mapping[str, str] | None = None) -> Extraction:
    """Extraction of one file (``fields``: feed field names, see ``readers.FIELDS``); raises
    InputError when it is missing or not text. A feed's unreadable records are listed in
    ``Extraction.skipped``."""
    d = readers.read(path, fields)
    return extract_pages(d.pages, d.doc, lex, d.skipped)


# Invented, but it walks every finder's rules once: a dateline and byline, a place chain,
# organisations with and without a place, a post and a name, quoted and unquoted programmes.
_WARM_TEXT = ("甲乙日报讯(全媒体记者/张三 通讯员/李四) 近日,长沙市岳麓区望月湖街道荣龙社区党委书记王五说,"
              "该社区全面推行“院落三美”工作,实行河长制、巷长制,与区民政局、市科技局共建甲乙、丙丁等3个项目。"
              "在苍坊、雅山等村,漆家坳组村民说好。\n")


def warm(lex: Lexicon | None = None) -> None:
    """Build what extraction needs that no text changes (the lexicon's tables, compiled
    patterns, automata) by reading a short invented page: done once per process, so the
    first real page is not charged for it.

    Then all that is built is set aside from the cyclic collector (``gc.freeze``): it lives
    as long as the process and holds no cycles, yet every full collection walked it again
    (188,000 objects; 0.061 s → 0.012 s of collections over a million characters), as the
    workers a build forks are spared already (``graph.heap.frozen``). It freezes whatever
    else is alive at that moment too: call this in a process whose job is extraction (a
    worker, the command line, a benchmark), not in the middle of a notebook's session."""
    extract_text(_WARM_TEXT, doc="<warm>", lex=lex or load())
    gc.freeze()
