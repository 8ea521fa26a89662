"""People: names with title words, bylines; anonymous forms (李女士, 张大爷, 化名) dropped."""
from __future__ import annotations

from .lexicon import Lexicon
from .records import Article, Mention, Relation

__all__ = ["find", "relate"]


def find(article: Article, organizations: list[Mention], places: list[Mention], lex: Lexicon) -> list[Mention]:
    """Person mentions of one article, in text order."""
    return []


def relate(article: Article, mentions: list[Mention], lex: Lexicon) -> list[Relation]:
    """holdsPost links: person → organisation or place, with the title as written."""
    return []
