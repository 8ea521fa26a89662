"""Lexicons: plain-text word lists under ``data/`` and the division gazetteer, loaded once.

Lexicons hold general domain knowledge only (title words, organisation suffixes, programme
cue words, surnames, national programmes). Format: UTF-8, one entry per line, ``#`` starts a
comment; a BOM, a CR or a tab-less junk line is an error naming ``file:line`` (jieba drops
such entries silently, so we refuse them loudly instead).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

__all__ = ["Lexicon", "load", "read_list"]


def read_list(name: str) -> tuple[str, ...]:
    """Entries of ``data/<name>.txt`` in file order, comments and blank lines dropped."""
    fname = f"{name}.txt"
    raw = resources.files(__package__).joinpath("data", fname).read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ValueError(f"data/{fname}:1: byte-order mark; save the file as UTF-8 without BOM")
    out: list[str] = []
    for no, line in enumerate(raw.decode("utf-8").split("\n"), 1):
        if "\r" in line:
            raise ValueError(f"data/{fname}:{no}: CR line ending; use LF only")
        entry = line.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(out)


@dataclass(frozen=True)
class Lexicon:
    """Everything the finders look words up in. Build it with ``load()``; it is read-only."""

    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def words(self, name: str) -> tuple[str, ...]:
        """A word list by name (``titles``, ``org_suffixes``, …), loaded on first use."""
        if name not in self.lists:
            self.lists[name] = read_list(name)
        return self.lists[name]


@functools.lru_cache(maxsize=1)
def load() -> Lexicon:
    """The process-wide lexicon, built on first call (never at import time)."""
    return Lexicon()
