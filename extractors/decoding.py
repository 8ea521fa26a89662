"""bytes → str: which encoding a Chinese text file is in, and whether it is text at all.

What local corpora hold: UTF-8 (with or without a BOM), GB18030/GBK from older Windows tools,
UTF-16 with a BOM (Excel and Notepad "Unicode" exports), and Big5 for traditional script from
Hong Kong and Taiwan sources. GB18030 decodes nearly any byte string, Big5 text included, so
when both legacy codecs accept the bytes the one whose characters are common in its own script
wins (Big5 read as GB18030 is a jumble of rare characters and symbols).
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .errors import InputError

__all__ = ["decode", "read_file"]

_BAD_SHARE = 0.01       # more than 1% control / private-use / unassigned characters: not text

# Characters that are never bad, taken out by one regex before the character-by-character test.
_PLAIN = re.compile("[\n\t -~\u4e00-\u9fa5\u3001-\u3011\uff01-\uff5e“”‘’—…·]+")

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _is_bad(c: str) -> bool:
    """A character that does not occur in real text: C0/C1 control, private use, unassigned."""
    return (c < " " and c not in "\t\n\r\f\v") \
        or unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs") and not c.isspace() or c == "\ufffd"


def _bad_chars(text: str) -> int:
    """How many characters of ``text`` are bad (``_is_bad``)."""
    return sum(1 for c in _PLAIN.sub("", text) if _is_bad(c))


def _common(c: str) -> bool:
    """A character of everyday Chinese: level 1 of GB2312 (3,755 simplified) or of Big5
    (5,401 traditional), or plain punctuation and ASCII."""
    if c.isascii() or c in "，。、；：？！“”‘’（）《》…—·「」『』【】":
        return True
    for codec, lo, hi in (("gb2312", 0xB0A1, 0xD7FE), ("big5", 0xA440, 0xC67E)):
        try:
            b = c.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(b) == 2 and lo <= int.from_bytes(b, "big") <= hi:
            return True
    return False


def _legacy(data: bytes) -> tuple[str, str] | None:
    """(text, codec) for bytes that are not UTF-8: GB18030 or Big5, whichever reads as the
    more ordinary text (a sample of the first 4,000 characters decides)."""
    found: list[tuple[float, str, str]] = []
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = [c for c in text[:4000] if not c.isspace()]
        share = sum(map(_common, sample)) / len(sample) if sample else 1.0
        found.append((share, codec, text))
    if not found:
        return None
    share, codec, text = max(found, key=lambda f: f[0])        # ties: GB18030 (listed first)
    return text, codec


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding name): by BOM (UTF-8, UTF-16), else UTF-8, else GB18030 or Big5.

    Raises InputError for binary data (NUL bytes outside UTF-16, or control characters where
    text would be) and for bytes that decode as none of these.

    >>> decode("河長制推行".encode("big5"))
    ('河長制推行', 'big5')
    >>> decode("河長制".encode("utf-16"))
    ('河長制', 'utf-16')
    """
    bom = next((codec for mark, codec in _BOMS if data.startswith(mark)), None)
    if bom is None and b"\x00" in data:
        raise InputError(path, "binary file (NUL bytes)")
    if bom is not None:
        try:
            found: tuple[str, str] | None = (data.decode(bom), bom)
        except UnicodeDecodeError:
            found = None
    else:
        try:
            found = (data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            found = _legacy(data)
    if found is None:
        raise InputError(path, "not text: decodes as neither UTF-8, UTF-16, GB18030 nor Big5")
    text, name = found
    text = text.lstrip("\ufeff")
    if text and _bad_chars(text) > max(2, _BAD_SHARE * len(text)):
        raise InputError(path, f"binary file (control characters, read as {name})")
    return text, name


def read_file(path: str | Path) -> tuple[str, str]:
    """(text, encoding) of the file at ``path``; InputError when it is missing, unreadable or
    not text."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(str(path), e.strerror or str(e)) from None
    return decode(data, str(path))
