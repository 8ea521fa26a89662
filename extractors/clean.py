"""bytes → Page: decode, drop page debris, rejoin broken sentences, keep an offset map.

(Minimal first version: decoding only; the cleaning rules are still to come.)
"""
from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .records import Page

__all__ = ["decode", "clean", "read_page"]


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding): UTF-8 (with or without BOM), else GB18030; refuse binary."""
    if b"\x00" in data:
        raise InputError(path, "binary file (NUL bytes)")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc), ("utf-8" if enc == "utf-8-sig" else enc)
        except UnicodeDecodeError:
            continue
    raise InputError(path, "not decodable as UTF-8 or GB18030")


def clean(text: str, doc: str = "<text>", encoding: str = "utf-8") -> Page:
    """Page for already-decoded text."""
    return Page(doc=doc, text=text, clean=text, offsets=tuple(range(len(text))), encoding=encoding)


def read_page(path: str | Path) -> Page:
    """Read one file into a Page; raises InputError for what is not text."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(str(p), e.strerror or str(e)) from None
    text, enc = decode(data, str(p))
    return clean(text, doc=p.name, encoding=enc)
