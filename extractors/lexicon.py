"""Lexicons: plain-text word lists under ``data/`` and the division gazetteer, loaded once.

Lexicons hold general domain knowledge only (title words, organisation suffixes, programme
cue words, surnames, national programmes, the official division list). Format: UTF-8, one
entry per line, ``#`` starts a comment; a BOM or a CR is an error naming ``file:line``
(jieba drops such entries silently, so we refuse them loudly instead).

What a finder can ask the ``Lexicon`` (everything is built lazily, on first use, once):

- ``lex.words(name)``: the entries of ``data/<name>.txt``.
- ``lex.cut(text)``, ``lex.tokens(text)``, ``lex.tokenize(text)``: jieba's cut (words; words and
  their starts; ``(word, start, end)``), run by jieba-rs (``rjieba``) in a PRIVATE segmenter
  (never jieba's global one) whose user words are every gazetteer name (canonical and short
  forms) and every word list of ``data/``.
- ``lex.flag(word)``: the part-of-speech flag jieba.posseg gives that token (place names ``ns``).
- ``dictionary()``: jieba's main dictionary, word → (tag, frequency).
- ``lex.division(code)``: the ``Division`` with that 12-digit code, or ``None``.
- ``lex.divisions_named(name)``: all divisions whose canonical or official name is ``name``
  (``"清江村"`` → every 清江村 of Hunan); ``short=True`` adds short forms (``"常德"`` → 常德市).
- ``lex.parent(div)``, ``lex.ancestors(div)``: the chain upwards (placeholder nodes such as
  ``市辖区`` skipped); ``lex.children(code)``.
- ``lex.place_names_in(text)``: ``(start, end, key)`` of every name and short form in the text
  (look a key up with ``divisions_named(key, short=True)``).
- ``lex.is_common(word)``: the word is an ordinary word of jieba's main dictionary (so a
  gazetteer name equal to it, e.g. a village called 新农村, needs context to count).

Division data: NBS 统计用区划代码 2023 (``data/divisions.tsv.gz``, see ``data/divisions.md``)
plus ``data/divisions_extra.tsv``; the villages of the other provinces are looked up only
(``lex.villages_named(name)``, ``villages.py``), never segmenter words.

Load time (issue 13: under 1.5 s for everything built before the first page, see
``bench/load_time.py``): the gazetteer with its indexes and jieba's dictionary are kept in a
cache on disk, keyed on their files and code (``tablecache.py``; read from the copies the
package ships, or built again, silently, when it cannot be used), and built with the garbage
collector paused (``divisions.bulk``).
"""
from __future__ import annotations

import functools
import itertools
import logging
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from .divisions import Division, Index, bulk, gazetteer, gazetteer_inputs, read_lines, short_forms, village, village_name
from .jieba_dictionary import dictionary, dictionary_inputs
from .tablecache import cached

__all__ = ["Lexicon", "Division", "load", "read_list", "dictionary", "LEVELS", "short_forms", "village_name"]

log = logging.getLogger(__name__)

LEVELS = ("province", "city", "county", "zone", "township", "village", "group", "compound", "street")

_USER_FREQ = 2000      # jieba frequency of a place name: enough to keep it one token
_RECALL = 256          # cuts and place look-ups kept for texts not given to ``prepare``


def read_list(name: str) -> tuple[str, ...]:
    """Entries of ``data/<name>.txt`` in file order, comments and blank lines dropped."""
    return tuple(entry for _, entry in read_lines(f"{name}.txt"))



@dataclass(frozen=True)
class Lexicon:
    """Everything the finders look words up in. Build it with ``load()``; it is read-only."""

    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)
    _memos: dict[str, dict[Any, Any]] = field(default_factory=dict, repr=False)

    def words(self, name: str) -> tuple[str, ...]:
        """A word list by name (``titles``, ``org_suffixes``, …), loaded on first use."""
        got = self.lists.get(name)
        if got is None:
            got = self.lists[name] = read_list(name)
        return got

    def _get(self, key: str, build: Any) -> Any:
        """What ``build`` builds, once; every such build makes a large table (``bulk``)."""
        if key not in self._cache:
            with bulk():
                self._cache[key] = build()
        return self._cache[key]

    def memo(self, name: str) -> dict[Any, Any]:
        """A dict that lives as long as the lexicon, for a finder to keep what it worked out
        from the lexicon alone (never from an article). Asked 50,000 times a million
        characters: one look-up, no key built, no dict made but the first."""
        got = self._memos.get(name)
        if got is None:
            got = self._memos[name] = {}
        return got

    def memos(self) -> dict[str, dict[Any, Any]]:
        """Every memo ``memo`` has handed out, by name: a worker that lives for a whole build
        bounds them between tasks (``graph.tidy``)."""
        return self._memos

    # ---- gazetteer -------------------------------------------------------------------
    @property
    def by_code(self) -> dict[str, Division]:
        """All divisions by 12-digit code."""
        return self._gazetteer()[0]

    def _indexes(self) -> tuple[Index, Index, Index]:
        """Codes by name (canonical, official, press name), by short form, by parent."""
        return self._gazetteer()[1:]

    def _gazetteer(self) -> tuple[dict[str, Division], Index, Index, Index]:
        """``by_code`` and the indexes, built (or read from the table cache) together."""
        return self._get("gazetteer", gazetteer)

    def division(self, code: str) -> Division | None:
        """The division with this code (6-digit GB/T 2260 codes padded), any village included."""
        code = code.ljust(12, "0")
        row = self.villages.by_code(code) if code not in self.by_code and code[9:] != "000" else None
        return self.by_code.get(code) or (village(*row) if row else None)

    @property
    def villages(self) -> Any:
        """The national village table (``villages.VillageIndex``), read on first look-up."""
        got = self._cache.get("villages")
        if got is None:
            from .villages import VillageIndex
            got = self._get("villages", VillageIndex)
        return got

    def villages_named(self, name: str) -> tuple[Division, ...]:
        """Every village of the country written ``name`` (Hunan's in the main gazetteer)."""
        return tuple(d for d in self.divisions_named(name) if d.level == "village") + tuple(
            village(*row) for row in self.villages.named(name))

    def divisions_named(self, name: str, short: bool = False) -> tuple[Division, ...]:
        """Divisions whose name (or official name; with ``short``, also short form) is ``name``."""
        by_code, names, shorts, _ = self._gazetteer()
        codes = names.get(name, ()) + (shorts.get(name, ()) if short else ())
        return tuple(by_code[c] for c in dict.fromkeys(codes)) if codes else ()

    def parent(self, div: Division) -> Division | None:
        """The next level up, or ``None`` for a province."""
        return self.by_code.get(div.parent) if div.parent else None

    def ancestors(self, div: Division) -> tuple[Division, ...]:
        """Parent, grandparent, … up to the province (worked out once per division)."""
        memo = self.memo("ancestors")
        got = memo.get(div.code)
        if got is None:
            out = []
            p = self.parent(div)
            while p is not None:
                out.append(p)
                p = self.parent(p)
            got = memo[div.code] = tuple(out)
        return got

    def children(self, code: str) -> tuple[Division, ...]:
        """Divisions whose parent is ``code``."""
        by_code, _, _, kids = self._gazetteer()
        return tuple(by_code[c] for c in kids.get(code, ()))

    def place_names_in(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, key)`` of every name, official name or short form in ``text``,
        overlapping ones included, by end (the longest first at one end); look a key up with
        ``divisions_named(key, short=True)``.

        An Aho-Corasick automaton (``ahocorasick_rs``, Rust) over all keys: about 25 M
        characters a second, ten times pyahocorasick's rate over these keys.
        """
        return self._recall("places", text, None, self._place_names_in)

    def _place_names_in(self, text: str, _: Any) -> list[tuple[int, int, str]]:
        keys, ac = self._get("place_automaton", self._build_place_automaton)
        hits = [(s, e, keys[i]) for i, s, e in ac.find_matches_as_indexes(text, overlapping=True)]
        hits.sort(key=lambda h: (h[1], h[0]))
        return hits

    def _build_place_automaton(self) -> tuple[list[str], Any]:
        import ahocorasick_rs
        names, shorts, _ = self._indexes()
        keys = sorted(set(names).union(shorts))     # sorted, the automaton builds in 0.20 s, not 0.24
        return keys, ahocorasick_rs.AhoCorasick(keys)

    # ---- segmentation ----------------------------------------------------------------
    @property
    def segmenter(self) -> Any:
        """A private ``rjieba.Jieba`` (jieba-rs) with place names and all ``data/*.txt`` lists
        as user words. Prefer ``cut``; use this for other jieba-rs calls."""
        return self._get("segmenter", self._build_segmenter)

    def cut(self, text: str, hmm: bool = False) -> list[str]:
        """The words of jieba's cut of ``text``: by the dictionary alone, or with ``hmm`` with
        the HMM grouping the characters the dictionary leaves single.

        jieba-rs runs jieba's algorithm on jieba's dictionary in Rust, about 20× faster than
        jieba's own Python, and cuts the same way given the same user words: over ten times
        the seed corpus the one difference is that it counts CJK Extension A characters
        (㮾) as Chinese, where jieba splits them off.
        """
        return self.segmenter.cut(text, hmm)

    def tokens(self, text: str, hmm: bool = False) -> tuple[list[str], list[int]]:
        """``cut``'s words and where each starts; ``starts`` has one more entry, ``len(text)``,
        so word ``i`` is ``text[starts[i]:starts[i + 1]]``. (Half the cost of ``tokenize``.)
        Results for the texts given to ``prepare`` (and the last few others) are kept and
        given again for the same ``text`` object: treat them as read-only."""
        return self._recall("tokens", text, hmm, self._tokens)

    def _tokens(self, text: str, hmm: bool) -> tuple[list[str], list[int]]:
        words = self.segmenter.cut(text, hmm)
        return words, list(itertools.accumulate(map(len, words), initial=0))

    def prepare(self, texts: list[str]) -> None:
        """Cut ``texts`` (with the HMM) and find their place names now, back to back, and keep
        the results for ``tokens`` and ``place_names_in`` to give again.

        Why: both are Rust look-ups in tables of tens of megabytes. Run one text at a time
        between other work, they find the tables gone from the CPU cache and take about
        twice as long; a page's article bodies, run together, share a warm cache. All of them
        are kept until the next page (a page of more than a hundred articles would otherwise
        push its first ones out and cut them twice)."""
        self._cache["recall"] = {}
        self._cache["recall_size"] = _RECALL + 2 * len(texts)
        for t in texts:
            self.tokens(t, True)
        for t in texts:
            self.place_names_in(t)

    def _recall(self, what: str, text: str, arg: Any, compute: Any) -> Any:
        memo = self._cache.setdefault("recall", {})
        key = (what, id(text), arg)
        hit = memo.get(key)
        if hit is not None and hit[0] is text:
            return hit[1]
        out = compute(text, arg)
        if len(memo) >= self._cache.get("recall_size", _RECALL):
            del memo[next(iter(memo))]
        memo[key] = (text, out)
        return out

    def tokenize(self, text: str, hmm: bool = False) -> list[tuple[str, int, int]]:
        """``(word, start, end)`` of ``cut``'s words."""
        return self.segmenter.tokenize(text, "default", hmm)

    def flag(self, word: str) -> str:
        """The part-of-speech flag of a token of ``cut``, as jieba.posseg would mostly give it:
        our place names ``ns``, dictionary words their dictionary tag, numbers ``m``, Latin
        words ``eng``, anything else ``x``, except that a word the HMM grouped (in no
        dictionary) that ends in an aspect particle or a resultative complement is ``v``
        (领着, 种到: a verb phrase, not a name). posseg's own HMM guesses flags too, but
        costs about 0.3 ms a character."""
        memo = self.memo("flags")
        flag = memo.get(word)
        if flag is None:
            flag = memo[word] = self._flag(word)
        return flag

    def _flag(self, word: str) -> str:
        tag = self._user()[1].get(word) or _dict_entry(word)[0]
        if tag:
            return tag
        if word.isascii() and word.isalnum():
            return "m" if word.isdigit() else "eng"
        if len(word) > 1 and word not in self._user()[0]:
            last = _dict_entry(word[-1])[0]
            if last.startswith("u") or word[-1] == "到":
                return "v"
        return "x"

    def is_word(self, word: str) -> bool:
        """``word`` is in the segmenter's dictionary (jieba's main one or a user word)."""
        return word in self._user()[0] or _dict_entry(word)[1] > 0

    def is_common(self, word: str) -> bool:
        """``word`` is an ordinary word of jieba's main dictionary (frequency ≥ 20), not one we added.
        Kept by word (``memo``): the finders ask about the same few thousand words article after
        article, and a look-up in the 349,000-word dictionary mostly misses the CPU's cache (it
        was 5% of the places stage)."""
        memo = self.memo("is_common")
        got = memo.get(word)
        if got is None:
            got = memo[word] = word not in self._user()[0] and _dict_entry(word)[1] >= 20
        return got

    def _user(self) -> tuple[frozenset[str], dict[str, str]]:
        """The words we added to the segmenter, and the tags we gave them (built with it)."""
        got = self._cache.get("user")
        if got is None:
            self.segmenter                                # noqa: B018 (building it fills _cache["user"])
            got = self._cache["user"]
        return got

    def _build_segmenter(self) -> Any:
        """jieba-rs with our user words (``_user_words``), added as ``jieba.Tokenizer.add_word``
        would add them: a place name at a fixed frequency tagged ``ns``, a list entry at the
        frequency jieba suggests (``None``) given those added before it."""
        places, listed = cached("segmenter", _segmenter_inputs(), self._user_words)
        seg = _jieba_rs()()
        names = places.split("\n") if places else []
        for w in names:
            seg.add_word(w, _USER_FREQ, "ns")
        for w, tag in listed:
            seg.add_word(w, None, tag)
        self._cache["user"] = (frozenset(itertools.chain(names, (w for w, _ in listed))), dict.fromkeys(names, "ns"))
        return seg

    def _user_words(self) -> tuple[str, list[tuple[str, str]]]:
        """The words the segmenter adds to jieba's: place names (one string, a name a line)
        and ``data/*.txt`` entries with their tags, in the order they are added; those the
        main dictionary already knows well (frequency ≥ 20) are left out.

        Kept in the table cache (``tablecache``): choosing them looks 75,000 names up in the
        main dictionary, 0.05 s of every process's load."""
        main = dictionary()
        names, shorts, _ = self._indexes()
        absent = ("", 0)
        places = [w for w in dict.fromkeys(itertools.chain(names, shorts))
                  if len(w) >= 2 and main.get(w, absent)[1] < 20]
        added = set(places)
        listed = []
        for res in _list_files():
            for entry in self.words(res.name[:-4]):
                w = entry.split()[0]
                if w not in added and main.get(w, absent)[1] < 20:
                    listed.append((w, main.get(w, ("x", 0))[0]))
                    added.add(w)
        return "\n".join(places), listed


def _list_files() -> list[Any]:
    """The word lists ``data/*.txt``, by name."""
    return sorted((p for p in resources.files(__package__).joinpath("data").iterdir() if p.name.endswith(".txt")),
                  key=lambda p: p.name)


def _segmenter_inputs() -> list[Any]:
    """The files the segmenter's user words are chosen from, this module included."""
    return [*gazetteer_inputs(), *dictionary_inputs(), *_list_files(), __file__]


def _dict_entry(word: str) -> tuple[str, int]:
    """(tag, frequency) of ``word`` in jieba's main dictionary, ``("", 0)`` if absent."""
    return dictionary().get(word, ("", 0))


def _jieba_rs() -> Any:
    """jieba-rs's ``Jieba`` class, from rjieba's extension module alone.

    Why not ``import rjieba``: the package's ``__init__`` builds a default segmenter (for
    ``rjieba.cut`` and the like) that we never use, a tenth of a second in every process.
    The extension module ``rjieba.rjieba`` is found in the package's folder and loaded as the
    import system would load it, and registered under its name, so that a later
    ``import rjieba`` takes it as it is (one class, one initialisation). Should the package
    be laid out otherwise, or rjieba already be imported, the plain import is used.
    """
    import importlib.machinery
    import importlib.util
    import sys
    mod = sys.modules.get("rjieba.rjieba")
    if mod is None and "rjieba" not in sys.modules:
        pkg = importlib.util.find_spec("rjieba")
        spec = importlib.machinery.PathFinder.find_spec("rjieba.rjieba", pkg.submodule_search_locations) \
            if pkg and pkg.submodule_search_locations else None
        if spec is not None and isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
            mod = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = mod
            try:
                spec.loader.exec_module(mod)
            except BaseException:
                del sys.modules[spec.name]
                raise
    if mod is None:
        import rjieba
        return rjieba.Jieba
    return mod.Jieba


def import_jieba() -> Any:
    """Import jieba without the noise of its import.

    jieba's ``_compat`` imports ``pkg_resources``, which warns about our ``govkg`` namespace
    package on every run; the warning says nothing a user can act on.
    """
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return jieba


@functools.lru_cache(maxsize=1)
def load() -> Lexicon:
    """The process-wide lexicon, built on first call (never at import time)."""
    return Lexicon()
