"""govkg.extractors: text in, facts out.

>>> from govkg.extractors import extract
>>> x = extract("")
>>> x.entities
()
"""
from __future__ import annotations

from .errors import InputError
from .pipeline import extract_file, extract_page
from .pipeline import extract_text as extract
from .records import Article, Caption, Entity, Evidence, Extraction, Mention, Page, Relation

__all__ = [
    "extract", "extract_file", "extract_page", "InputError",
    "Article", "Caption", "Entity", "Evidence", "Extraction", "Mention", "Page", "Relation",
]
