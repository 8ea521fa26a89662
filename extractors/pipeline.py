"""The stage order of extraction, as one readable function body.

text → Page → [Article] → per article: places → organizations → people → programs
(each stage takes what it needs from the earlier ones) → entities (grouped per document)
→ relations (merged) → Extraction.
"""
from __future__ import annotations

from pathlib import Path

from . import articles as _articles
from . import clean, entities, organizations, people, places, programs, relations
from .lexicon import Lexicon, load
from .records import Extraction, Mention, Page, Relation

__all__ = ["extract_page", "extract_text", "extract_file", "warm"]


def extract_page(page: Page, lex: Lexicon | None = None) -> Extraction:
    """Everything govkg reads from one page."""
    lex = lex or load()
    arts = _articles.split(page)
    lex.prepare([art.body for art in arts])
    mentions: list[Mention] = []
    links: list[Relation] = []
    for art in arts:
        pl = places.find(art, lex)
        orgs = organizations.find(art, pl, lex)
        ppl = people.find(art, orgs, pl, lex)
        progs = programs.find(art, pl, orgs, lex)
        links += places.relate(art, pl, lex)
        links += organizations.relate(art, pl + orgs, lex)
        links += people.relate(art, pl + orgs + ppl, lex)
        links += programs.relate(art, pl + orgs + progs, lex)
        mentions += pl + orgs + ppl + progs
    ents = entities.group(mentions)
    return Extraction(doc=page.doc, articles=tuple(arts), entities=tuple(ents),
                      relations=tuple(relations.merge(links, ents)))


def extract_text(text: str, doc: str = "<text>", lex: Lexicon | None = None) -> Extraction:
    """Extraction of one text given as a string (for trying a rule in a notebook)."""
    return extract_page(clean.clean(text, doc=doc), lex)


def extract_file(path: str | Path, lex: Lexicon | None = None) -> Extraction:
    """Extraction of one file; raises InputError when it is not text."""
    return extract_page(clean.read_page(path), lex)


# Invented, but it walks every finder's rules once: a dateline and byline, a place chain,
# organisations with and without a place, a post and a name, quoted and unquoted programmes.
_WARM_TEXT = ("甲乙日报讯(全媒体记者/张三 通讯员/李四) 近日,长沙市岳麓区望月湖街道荣龙社区党委书记王五说,"
              "该社区全面推行“院落三美”工作,实行河长制、积分制,与区民政局、市科技局共建甲乙、丙丁等3个项目。"
              "在苍坊、雅山等村,漆家坳组村民说好。\n")


def warm(lex: Lexicon | None = None) -> None:
    """Build what extraction needs that no text changes (the lexicon's tables, compiled
    patterns, automata) by reading a short invented page: done once per process, so the
    first real page is not charged for it."""
    extract_text(_WARM_TEXT, doc="<warm>", lex=lex or load())
