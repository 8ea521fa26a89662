"""Organisations: suffix rules; a bare level word (市/区/镇…) resolved against the article's places."""
from __future__ import annotations

from .lexicon import Lexicon
from .records import Article, Mention, Relation

__all__ = ["find", "relate"]


def find(article: Article, places: list[Mention], lex: Lexicon) -> list[Mention]:
    """Organisation mentions of one article, in text order."""
    return []


def relate(article: Article, mentions: list[Mention], lex: Lexicon) -> list[Relation]:
    """locatedIn links: organisation → the place it belongs to or serves."""
    return []
