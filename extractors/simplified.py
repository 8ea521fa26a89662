"""Is a text surely left as it is by OpenCC's t2s conversion? A cheap test before the conversion.

``readers.is_traditional`` converted the first 20,000 characters of every document to see
whether anything changes: 1.4% of extraction CPU, for text that is nearly always simplified
already. t2s changes a text only where a character changes alone (``區`` → ``区``) or where
one of its phrases matches and changes (``沈默`` → ``沉默``, though ``沈`` alone stays). So a
text is left as it is when

* each of its characters outside GB2312 (the simplified charset: a rare name character,
  ``▶``) is left alone by t2s: asked of OpenCC once a character, from a GB2312 encoding's
  error handler, the only Python code that runs a character;
* it holds none of the 16 GB2312 characters t2s changes alone (``乾``, ``後``, ``於`` …);
* it holds none of the t2s phrases that change although none of their characters changes
  alone (``_PHRASES``: from OpenCC 1.4's TSPhrases, which only its binary dictionary lists;
  tests/test_simplified.py checks both lists against the installed OpenCC).

The encoding and the searches cost half the conversion they spare (a third in extraction,
where the conversion's dictionaries are out of the cache); the answer is the conversion's,
never a guess.
"""
from __future__ import annotations

import codecs
import functools
from typing import Any

__all__ = ["unchanged", "converter"]

# GB2312 characters that t2s changes alone.
_ALONE = "乾吒夥後徵拚捱摺於榘菸薹袷醣麴麽"
# t2s phrases that change though none of their characters does alone.
_PHRASES = (
    "一坏 一目瞭然 不瞭解 以免藉口 凌藉 函覆 反反覆覆 反覆 反覆思量 反覆性 回覆 土坏 坏土 坏子 坏布 墨沈沈 "
    "意志消沈 打坏 批覆 找藉口 折戟沈沙 折戟沈河 拉坏 拜覆 捏坏 明瞭 明覆 昏沈 暗沈沈 毛坏 沈下 沈冤 沈厚 沈吟 "
    "沈寂 沈思 沈思往事 沈浮 沈浸 沈湎 沈湎酒色 沈溺 沈甸甸 沈痛 沈痼 沈睡 沈睡不醒 沈砂池 沈筒 沈船 沈落 沈迷 "
    "沈迷不醒 沈醉 沈重 沈降 沈陷 沈香 沈默 沈默寡言 浮沈 海哩 深沈 深沈不露 滑藉 狐藉虎威 甦生 甦醒 申覆 瞭如 "
    "瞭如指掌 瞭然 瞭若指掌 瞭解 瞭解到 破釜沈舟 示覆 答覆 素藉 耳沈 英哩 茵藉 藉代 藉以 藉助 藉卉 藉口 藉喻 "
    "藉寇兵 藉手 藉故 藉方 藉槁 藉此 藉甚 藉由 藉着 藉端 藉端生事 衹得 覆信 覆呈 覆命 覆墓 覆按 覆文 覆校 重覆 "
    "陶坏 黑沈沈").split()
_HANDLER = "govkg-t2s"
_CHANGES: dict[str, bool] = {}          # characters outside GB2312: does t2s change it alone?


class _Changed(Exception):
    """A character outside GB2312 that t2s changes: stops the encoding."""


@functools.cache
def converter() -> Any:
    """OpenCC's t2s converter (loaded once)."""
    import opencc
    return opencc.OpenCC("t2s")


@functools.cache
def _phrases_at() -> dict[str, list[tuple[int, str]]]:
    """``_PHRASES`` by the first character t2s changes in them (``覆`` of ``反覆`` → ``反复``), with
    its index in the phrase; registers the encoding error handler (once)."""
    codecs.register_error(_HANDLER, _outside_gb2312)
    out: dict[str, list[tuple[int, str]]] = {}
    for ph, conv in zip(_PHRASES, converter().convert("\n".join(_PHRASES)).split("\n")):
        k = next(k for k, (a, b) in enumerate(zip(ph, conv)) if a != b)
        out.setdefault(ph[k], []).append((k, ph))
    return out


def _outside_gb2312(err: UnicodeError) -> tuple[str, int]:
    """Encoding error handler: skip a run of characters GB2312 lacks unless t2s changes one
    alone (each asked of OpenCC once, a line each so no phrase spans two)."""
    assert isinstance(err, UnicodeEncodeError)
    run = err.object[err.start:err.end]
    new = list({c for c in run if c not in _CHANGES})
    if new:
        try:
            out = converter().convert("\n".join(new)).split("\n")
        except Exception:                                   # (a lone surrogate): let it convert
            raise _Changed from None
        same = len(out) == len(new)
        _CHANGES.update((c, not same or s != c) for c, s in zip(new, out))
    if any(_CHANGES[c] for c in run):
        raise _Changed
    return "", err.end


def unchanged(text: str) -> bool:
    """Would t2s give ``text`` back as it is? (False: it may change it; convert to see.)

    >>> unchanged("长沙岳麓区推行“院落三美”"), unchanged("長沙嶽麓區"), unchanged("他沈默了")
    (True, False, False)
    """
    at = _phrases_at()
    if any(c in text for c in _ALONE):
        return False
    try:
        text.encode("gb2312", _HANDLER)
    except _Changed:
        return False
    return not any(_has_phrase(text, c, phrases) for c, phrases in at.items())


def _has_phrase(text: str, c: str, phrases: list[tuple[int, str]]) -> bool:
    """Does ``text`` hold one of ``phrases`` (each with the index of ``c`` in it)? A look at
    each ``c`` of the text: 10x faster than a regex or Aho-Corasick search for the phrases."""
    i = text.find(c)
    while i >= 0:
        if any(i >= k and text.startswith(ph, i - k) for k, ph in phrases):
            return True
        i = text.find(c, i + 1)
    return False
