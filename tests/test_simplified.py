"""The pre-test of traditional script: never says "unchanged" where OpenCC's t2s changes the text."""
from __future__ import annotations

import pytest

from govkg.extractors.readers import is_traditional
from govkg.extractors.simplified import _ALONE, _PHRASES, converter, unchanged


def _gb2312() -> list[str]:
    out = []
    for lead in range(0xA1, 0xFF):
        for trail in range(0xA1, 0xFF):
            try:
                out.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def _changed_alone(chars: list[str]) -> set[str]:
    out = converter().convert("\n".join(chars)).split("\n")
    assert len(out) == len(chars)
    return {c for c, s in zip(chars, out) if s != c}


def test_alone_is_what_t2s_changes_in_gb2312():
    assert set(_ALONE) == _changed_alone(_gb2312())


def test_phrases_are_those_of_opencc_that_change_without_a_changing_character():
    marisa_trie = pytest.importorskip("marisa_trie")
    from importlib.resources import files
    every = [chr(c) for c in range(0x80, 0x30000) if not 0xD800 <= c < 0xE000]
    alone = _changed_alone(every)
    trie = marisa_trie.Trie()
    header = b"OPENCC_MARISA_0.2.5"
    data = (files("opencc") / "clib" / "share" / "opencc" / "TSPhrases.ocd2").read_bytes()
    assert data.startswith(header)
    trie.frombytes(data[len(header):])
    conv = converter().convert
    assert sorted(_PHRASES) == sorted(k for k in trie.keys() if not set(k) & alone and conv(k) != k)


@pytest.mark.parametrize("text", [
    "长沙岳麓区推行“院落三美”", "溁湾镇洣水河▶下转2版", "長沙嶽麓區", "他沉默了", "他沈默了很久",
    "意志消沈", "覆盖全区，反覆核查", "坏了", "土坏", "乾坤湾", "后来于是", "後來於是", "\uf900", "abc é",
    "甦醒", "一目瞭然", "株洲市芦淞区白关镇推行河长制，乾坤湾村著力发展。", "",
])
def test_unchanged_agrees_with_the_conversion(text):
    assert not unchanged(text) or converter().convert(text) == text


@pytest.mark.parametrize("text", ["长沙岳麓区推行“院落三美”", "溁湾镇洣水河▶下转2版", "他沉默了", "坏了，覆盖",
                                  "后来于是", "abc é", ""])
def test_simplified_text_is_seen_unchanged(text):
    assert unchanged(text)


def test_every_listed_phrase_and_character_is_seen():
    for s in [*_PHRASES, *_ALONE]:
        assert not unchanged(f"本报讯{s}。"), s
        assert converter().convert(f"本报讯{s}。") != f"本报讯{s}。", s


def test_is_traditional_uses_it():
    assert is_traditional("長沙嶽麓區推行「院落三美」") and not is_traditional("长沙岳麓区推行“院落三美”")
    assert is_traditional("他沈默了很久沈思往事")           # phrases only: 2 of 10 change
