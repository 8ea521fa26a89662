"""Page → [Article]: title, kicker, dateline, reporters, captions, body.

(Minimal first version: the whole page is one article.)
"""
from __future__ import annotations

from .records import Article, Page

__all__ = ["split"]


def split(page: Page) -> list[Article]:
    """The articles of a page, in page order."""
    if not page.clean.strip():
        return []
    first = next(line for line in page.clean.splitlines() if line.strip())
    return [Article(doc=page.doc, index=0, title=first.strip(), body=page.clean,
                    offsets=page.offsets, start=0, end=len(page.text))]
