"""scan: finditer_at gives finditer's matches, trying the pattern only where one can start;
occurrences and disjoint give what find loops and finditer give over words; mask answers overlap."""
import random
import re
from pathlib import Path

from govkg.extractors import articles, clean, places
from govkg.extractors import scan
from govkg.extractors.scan import disjoint, finditer_at, mask, occurrences


def spans(ms):
    return [(m.span(), m.groups()) for m in ms]


def test_same_matches_as_finditer_on_random_text():
    rnd = random.Random(7)
    rx = re.compile(r"([甲乙丙]{2,4}、)+[甲乙丙]{2,3}?(村|镇)")
    mark = re.compile("、")
    for _ in range(300):
        text = "".join(rnd.choice("甲乙丙、村镇，") for _ in range(rnd.randint(0, 40)))
        starts = (m.start() - k for m in mark.finditer(text) for k in (4, 3, 2))
        assert spans(finditer_at(rx, text, starts)) == spans(rx.finditer(text))


def test_missing_starts_mean_missing_matches():
    rx = re.compile("甲乙")
    assert spans(finditer_at(rx, "甲乙甲乙", [2])) == [((2, 4), ())]
    assert list(finditer_at(rx, "甲乙", [])) == []


def test_enumerations_scan_finds_what_the_plain_pattern_finds():
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    bodies = [a.body for p in sorted(seeds.glob("*.txt")) for a in articles.split(clean.read_page(p))]
    bodies.append("深入苍坊、雅山、江河等村和甲、乙乙、丙丙丙丙、丁丁等3个镇走访")
    found = [spans(places._enum_matches(b)) for b in bodies]
    assert found == [spans(places._ENUM_RE.finditer(b)) for b in bodies]
    assert sum(map(len, found)) >= 2


def test_occurrences_and_disjoint_agree_with_find_and_finditer():
    rnd = random.Random(11)
    for _ in range(300):
        text = "".join(rnd.choice("甲乙丙村") for _ in range(rnd.randint(0, 30)))
        words = ["".join(rnd.choice("甲乙村") for _ in range(rnd.randint(1, 3))) for _ in range(rnd.randint(0, 4))]
        found = occurrences(words, text)
        assert list(found) == list(dict.fromkeys(words))
        for w in words:
            assert found[w] == [i for i in range(len(text)) if text.startswith(w, i)]
            assert list(disjoint(found[w], len(w))) == [m.start() for m in re.finditer(w, text)]


def test_occurrences_of_many_words_agree_with_find():
    rnd = random.Random(12)                      # past scan._FIND_MAX words: the automaton path
    text = "".join(rnd.choice("甲乙丙丁村镇") for _ in range(400))
    words = ["".join(rnd.choice("甲乙丙丁村镇") for _ in range(rnd.randint(2, 4))) for _ in range(300)]
    found = occurrences(words, text)
    assert len(found) > scan._FIND_MAX
    for w in found:
        assert found[w] == [i for i in range(len(text)) if text.startswith(w, i)]


def test_mask_marks_the_spans_so_that_overlap_is_a_slice():
    m = mask(8, [(1, 3), (5, 6)])
    assert m == bytearray(b"\x00\x01\x01\x00\x00\x01\x00\x00")
    assert any(m[2:4]) and not any(m[3:5])


def test_by_identity_caches_by_argument_object():
    """scan.by_identity: one call per argument object, the oldest entry dropped past maxsize."""
    calls = []

    @scan.by_identity(maxsize=2)
    def f(words):
        calls.append(words)
        return len(words)
    a, b, c = ("x",), ("x", "y"), ("x", "y", "z")
    assert [f(a), f(a), f(b), f(a)] == [1, 1, 2, 1] and calls == [a, b]
    f(c)                                        # a is dropped
    assert f(a) == 1 and calls == [a, b, c, a]
