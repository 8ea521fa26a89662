"""The record types that flow through extraction: Page → Article → Mention → Entity/Relation → Extraction.

All records are read-only: every stage returns new values and mutates nothing. Offsets are
character offsets into the *original* decoded file text (``Page.text``), so that any fact
can be cited as the exact span of the file it came from.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar, dataclass_transform

__all__ = [
    "Page", "Caption", "Article", "Mention", "Evidence", "Entity", "Relation", "Extraction",
    "ENTITY_TYPES", "PREDICATES", "record", "evolve",
]

_R = TypeVar("_R")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[_R]) -> type[_R]:
    """A slotted dataclass with the equality, hash and repr of a frozen one, read-only to the
    type checker (mypy reports any assignment to a field) but not at run time: a frozen
    dataclass sets each field through ``object.__setattr__``, three to four times slower than a
    plain one, and extraction builds about 100,000 records a million characters (frozen, 3% of
    its time). For any record type built that often, the finders' candidates too."""
    return dataclass(slots=True, unsafe_hash=True)(cls)


def evolve(rec: _R, **changes: Any) -> _R:
    """``dataclasses.replace(rec, **changes)`` for a record (every field set by ``__init__``),
    in half the time: ``replace`` walks the class's field objects at every call, this reads
    all the fields at once (one ``attrgetter`` per class) and passes them by position."""
    cls = type(rec)
    got = _fields.get(cls)
    if got is None:
        names = cls.__match_args__      # type: ignore[attr-defined]
        got = _fields[cls] = operator.attrgetter(*names), {n: i for i, n in enumerate(names)}
    read, index = got
    args = list(read(rec))
    for name, value in changes.items():
        args[index[name]] = value
    return cls(*args)


_fields: dict[type, tuple[Callable[[Any], tuple[Any, ...]], dict[str, int]]] = {}


ENTITY_TYPES = ("Place", "Organization", "Person", "Program")
PREDICATES = ("partOf", "locatedIn", "holdsPost", "implements", "partners")


@record
class Page:
    """One decoded document.

    ``clean`` is the text with page debris removed and broken sentences rejoined;
    ``offsets[i]`` is the index in ``text`` of ``clean[i]`` (same length as ``clean``).
    """

    doc: str                    # file name, e.g. "000_945091ed2aa30066.txt"
    text: str                   # the original file decoded (a feed: the record's body field;
                                # HTML: the article text extracted from the page; traditional
                                # script: its simplified form, of the same length as ``written``)
    clean: str
    offsets: tuple[int, ...]
    encoding: str = "utf-8"
    # What the reader knows about the text besides the text itself (feed fields, HTML metadata,
    # the page header's date). A page with a ``title`` is one article (a feed record, a web page).
    record: int = 0             # which record of the file this is (feeds); 0 otherwise
    title: str = ""
    date: str = ""              # ISO 8601 (YYYY-MM-DD): feed field, HTML metadata or page header
    url: str = ""
    source: str = ""            # publishing medium or site (来源)
    authors: tuple[str, ...] = ()   # bylines the metadata names (HTML author, feed author)
    written: str = ""           # traditional script: the text as written, when ``text`` is converted

    def original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean-text span [start, end) to the original-text span that covers it."""
        if start >= end:
            o = self.offsets[start] if start < len(self.offsets) else len(self.text)
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1


@record
class Caption:
    """A photo caption with its credit (``… 摄``, ``… 供图``), attached to its article."""

    text: str
    credit: tuple[str, ...] = ()
    start: int = 0              # original-file span
    end: int = 0


@record
class Article:
    """One article of a page.

    ``body`` is clean text; ``offsets[i]`` is the original-file index of ``body[i]``.
    ``title``/``kicker`` are what a reader would call the headline and the lines
    around it (subtitle, 引题).
    """

    doc: str
    index: int
    title: str
    body: str
    offsets: tuple[int, ...]
    kicker: tuple[str, ...] = ()
    source: str = ""            # dateline, e.g. 湘潭日报讯
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    captions: tuple[Caption, ...] = ()
    start: int = 0              # original-file span of the whole article, title included
    end: int = 0
    # (name, start, end): where each byline and photo-credit name stands in the original file,
    # so that the people they name can be cited like any other mention.
    name_spans: tuple[tuple[str, int, int], ...] = ()
    date: str = ""              # ISO 8601 (YYYY-MM-DD); empty when no year is stated anywhere
    url: str = ""
    record: int = 0             # the file's record (feeds) whose text the offsets point into

    def name_span(self, name: str) -> tuple[int, int] | None:
        """Original-file span of a byline or credit name, if the splitter found it."""
        return next(((s, e) for n, s, e in self.name_spans if n == name), None)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original-file span of ``body[start:end]``."""
        if start >= end:
            o = self.offsets[start] if start < len(self.offsets) else self.end
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1


@record
class Evidence:
    """Where a fact was read: article index, original-file span, and the sentence."""

    article: int
    start: int
    end: int
    sentence: str = ""


@record
class Mention:
    """One occurrence of an entity in an article, already normalised.

    ``surface`` is the text as written at ``[start, end)`` of the original file (it may
    differ from ``name`` for short forms, misprints and resolved level words).
    """

    type: str                   # one of ENTITY_TYPES
    name: str                   # canonical name
    surface: str
    article: int
    start: int                  # original-file span
    end: int
    level: str = ""             # Place level
    kind: str = ""              # Organization / Program kind
    code: str = ""              # 12-digit division code, where the gazetteer knows it
    parent: str = ""            # Place: canonical name of the next level up, when known
    pos: int = -1               # position in Article.body (for stages that look around it)


@record
class Entity:
    """One thing named in a document, however often: the mentions grouped by (type, name)."""

    type: str
    name: str
    level: str = ""
    kind: str = ""
    code: str = ""
    parent: str = ""
    aliases: tuple[str, ...] = ()
    mentions: tuple[Evidence, ...] = ()


@record
class Relation:
    """A typed link between two entities of one document, by canonical name."""

    s: str
    p: str                      # one of PREDICATES
    o: str
    title: str = ""             # holdsPost only
    evidence: tuple[Evidence, ...] = ()
    s_type: str = ""
    o_type: str = ""


@record
class Extraction:
    """Everything read from one document, in the gold JSON shape plus evidence."""

    doc: str
    articles: tuple[Article, ...] = ()
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = field(default=())
    skipped: tuple[str, ...] = ()   # records of a feed that could not be read: "file:line: why"
