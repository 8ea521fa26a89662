"""Places: gazetteer names and name patterns → Place mentions; partOf links."""
from __future__ import annotations

from .lexicon import Lexicon
from .records import Article, Mention, Relation

__all__ = ["find", "relate"]


def find(article: Article, lex: Lexicon) -> list[Mention]:
    """Place mentions of one article, in text order."""
    return []


def relate(article: Article, mentions: list[Mention], lex: Lexicon) -> list[Relation]:
    """partOf links among the article's places (chains in the text, then the gazetteer)."""
    return []
