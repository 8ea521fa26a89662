"""scan.finditer_at: finditer's matches, trying the pattern only where one can start."""
import random
import re
from pathlib import Path

from govkg.extractors import articles, clean, places
from govkg.extractors.scan import finditer_at


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
