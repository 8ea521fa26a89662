"""The official division list (NBS 统计用区划代码 2023): its rows as ``Division`` records, the
form news text writes for each name (committee suffixes stripped, short forms), and the
reading of the package's data files. ``lexicon`` indexes them and makes the rows of the
national village table (``villages``) the same records (``village``).
"""
from __future__ import annotations

import contextlib
import gc
import gzip
import re
from importlib import resources
from typing import Any, Iterable, Iterator, NamedTuple

from .tablecache import cached

__all__ = ["Division", "village_name", "short_forms", "read_divisions", "read_lines", "village", "bulk", "SHORTENED",
           "gazetteer", "index"]

# NBS grouping nodes at city level: not real places; their children hang on the grandparent.
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Committee suffixes of village rows → the short form news text writes (data/divisions.md).
_VILLAGE_SUFFIXES = (("村村民委员会", "村"), ("村民委员会", "村"), ("村村委会", "村"), ("村委会", "村"),
                     ("社区居民委员会", "社区"), ("社区居委会", "社区"), ("居民委员会", "社区"),
                     ("居委会", "社区"))
_ZONE_WORDS = re.compile(r"(开发区|园区|工业园|示范区|新区|高新区|经开区|试验区|合作区|管理区|新城)$")
# Official zone names → the abbreviations the press writes.
_ZONE_ABBREV = (("高新技术产业开发区", "高新区"), ("高新技术产业园区", "高新区"), ("经济技术开发区", "经开区"),
                ("经济开发区", "经开区"))
# The levels whose divisions may have short forms or press names (``short_forms``,
# ``press_names``); the 70,000 townships and villages have neither, and are not asked.
SHORTENED = frozenset({"province", "city", "county", "zone"})
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_ZONE_BODY = re.compile(r"(?<=区)(?:管委会|管理委员会)$")    # 乌拉盖管理区管委会: the zone, not its body
_ETHNIC = re.compile(r"(土家族|苗族|侗族|瑶族|壮族|回族|藏族|彝族|蒙古族|蒙古|维吾尔|哈萨克|柯尔克孜|朝鲜族|傣族|白族|"
                     r"景颇族|傈僳族|哈尼族|布依族|羌族|黎族|畲族|水族|仡佬族|仫佬族|毛南族|纳西族|普米族|怒族|"
                     r"独龙族|拉祜族|佤族|布朗族|阿昌族|德昂族|基诺族|达斡尔族|鄂温克族|鄂伦春族|锡伯族|撒拉族|"
                     r"东乡族|保安族|土族|裕固族|塔吉克族|各族|族)")


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large table is built.

    Why: every few hundred new containers (tuples, records, dicts) trigger a collection, and
    the older generations are scanned again and again as the table grows: a fifth of the
    time of building the gazetteer and the dictionary. The tables hold no cycles, so the
    collector has nothing to find there."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_lines(fname: str) -> Iterable[tuple[int, str]]:
    """(line number, entry) of a data file; BOM and CR are errors naming file:line.

    The checks are made once over the whole text, and a comment is looked for only on the
    lines holding ``#``: the gazetteer has 74,000 lines and two comments."""
    raw = resources.files(__package__).joinpath("data", fname).read_bytes()
    if fname.endswith(".gz"):
        raw = gzip.decompress(raw)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ValueError(f"data/{fname}:1: byte-order mark; save the file as UTF-8 without BOM")
    text = raw.decode("utf-8")
    if "\r" in text:
        no = text.count("\n", 0, text.index("\r")) + 1
        raise ValueError(f"data/{fname}:{no}: CR line ending; use LF only")
    for no, line in enumerate(text.split("\n"), 1):
        entry = (line.split("#", 1)[0] if "#" in line else line).strip(" ")
        if entry.strip():
            yield no, entry


class Division(NamedTuple):
    """One official division. ``name`` is the form news text writes (committee suffix and
    bracketed notes stripped); ``official`` is the list's own spelling.

    A named tuple, not a frozen dataclass: as read-only, with the same fields, equality,
    hash and repr, and built three times as fast (74,000 of them at every load; a frozen
    dataclass sets each field through ``object.__setattr__``)."""

    code: str           # 12 digits
    name: str
    level: str          # province, city, county, zone, township, village
    parent: str         # code of the next real level up ('' for provinces)
    official: str


def village(code: str, name: str, official: str) -> Division:
    """A row of the national village table (``villages.py``) as a ``Division``."""
    return Division(code, name, "village", code[:9] + "000", official)


def village_name(official: str) -> str:
    """The short form of a village/community row: 许兴村委会 → 许兴村, X社区居委会 → X社区."""
    name = official
    while name.endswith("会会"):
        name = name[:-1]
    for suffix, short in _VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + short
    return name


def short_forms(div: Division) -> tuple[str, ...]:
    """Forms the press writes for a division beside its name: 长沙市 → 长沙, 湖南省 → 湖南,
    岳麓区 → 岳麓, 湘西土家族苗族自治州 → 湘西, 湖南湘潭高新技术产业园区 → 湘潭高新区.

    >>> short_forms(Division("622926000000", "东乡族自治县", "county", "622900000000", "东乡族自治县"))
    ('东乡',)
    """
    n, out = div.name, []
    if div.level == "province":
        m = re.match(r"(.+?)(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", n)
        if m:
            out.append(m.group(1))
    elif div.level in ("city", "county"):
        m = re.match(r"(.+?)(自治州|自治县|自治旗)$", n)
        if m:
            out.append(_autonomous_stem(m.group(1)))
        elif len(n) > 2 and n[-1] in "市区县旗盟":
            out.append(n[:-1])
        elif n.endswith("地区"):
            out.append(n[:-2])
    elif div.level == "zone":
        for long, abbr in _ZONE_ABBREV:
            if n.endswith(long):
                out.append(n[: -len(long)] + abbr)
        for form in list(out) + [n]:
            if form.startswith(("湖南", "河北", "湖北", "河南", "山东", "山西", "广东", "广西", "江苏", "江西",
                                "浙江", "安徽", "福建", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
                                "辽宁", "吉林", "海南", "宁夏", "新疆", "西藏", "内蒙古", "黑龙江")):
                out.append(re.sub(r"^(内蒙古|黑龙江|..)", "", form))
        out += [re.sub(r"^(..)市", r"\1", f) for f in out + [n]]
    return tuple(f for f in dict.fromkeys(out) if len(f) >= 2 and f != n)


def _autonomous_stem(prefix: str) -> str:
    """The place in an autonomous division's name, its peoples cut off: 临夏回族 → 临夏; 东乡族
    (a place named for its people) → 东乡."""
    return _ETHNIC.split(prefix)[0] or prefix.removesuffix("族")


def press_names(div: Division) -> tuple[str, ...]:
    """Full names the press writes for an autonomous prefecture, county or banner: its place
    and its level, the peoples left out (临夏回族自治州 → 临夏州, 门源回族自治县 → 门源县,
    鄂伦春自治旗 → 鄂伦春旗). Unlike a short form (临夏), the level makes it a name on its own.

    >>> press_names(Division("622900000000", "临夏回族自治州", "city", "620000000000", "临夏回族自治州"))
    ('临夏州',)
    """
    m = re.match(r"(.+?)自治([州县旗])$", div.name) if div.level in ("city", "county") else None
    stem = _autonomous_stem(m.group(1)) if m else ""
    return (stem + m.group(2),) if m and len(stem) >= 2 else ()


def _level(code: str, level: str, name: str) -> str:
    """Statutory level, with functional zones (county codes x71–x79, 4xx/5xx townships) as zone."""
    if level == "county" and "71" <= code[4:6] <= "79":
        return "zone"
    if level == "township" and "400" <= code[6:9] <= "599" and _ZONE_WORDS.search(name):
        return "zone"
    return level


Index = dict[str, tuple[str, ...]]       # a name (or a code) → codes
_FILES = ("divisions.tsv.gz", "divisions_extra.tsv")


def gazetteer() -> tuple[dict[str, Division], Index, Index, Index]:
    """All divisions by code; the codes by name (canonical, official, press name), by short
    form, and by parent (``index``). Read from the table cache when the data files and this
    module are as they were when it was written (``tablecache``), else built and written."""
    rows, names, shorts, kids = cached("gazetteer", gazetteer_inputs(), _build)
    return {r[0]: d for r, d in zip(rows, map(Division._make, rows))}, names, shorts, kids


def gazetteer_inputs() -> list[Any]:
    """The files the gazetteer is built from, this module included (for ``tablecache``)."""
    data = resources.files(__package__).joinpath("data")
    return [data.joinpath(f) for f in _FILES] + [__file__]


def _build() -> tuple[list[tuple[str, ...]], Index, Index, Index]:
    """The gazetteer as the table cache keeps it: the divisions as plain tuples (they load fastest)."""
    by_code = read_divisions()
    return [tuple(d) for d in by_code.values()], *index(by_code.values())


def index(divisions: Iterable[Division]) -> tuple[Index, Index, Index]:
    """Codes by name (canonical, official, press name), by short form, by parent.

    One pass, each code added to its tuple as it comes (most names have one code; a list for
    each, frozen afterwards, cost twice as much); short forms and press names are looked for
    only at the levels that have them (``SHORTENED``)."""
    names: Index = {}
    shorts: Index = {}
    kids: Index = {}
    for d in divisions:
        code = d.code
        if d.level in SHORTENED:
            for n in dict.fromkeys((d.name, d.official) + press_names(d)):
                names[n] = names.get(n, ()) + (code,)
            for s in short_forms(d):
                shorts[s] = shorts.get(s, ()) + (code,)
        else:
            names[d.name] = names.get(d.name, ()) + (code,)
            if d.official != d.name:
                names[d.official] = names.get(d.official, ()) + (code,)
        kids[d.parent] = kids.get(d.parent, ()) + (code,)
    return names, shorts, kids


def read_divisions() -> dict[str, Division]:
    """The divisions of the data files by code, placeholder nodes (市辖区) left out."""
    rows = [e.split("\t") for f in _FILES for _, e in read_lines(f)]
    placeholders = {r[0]: r[3] for r in rows if r[2] == "city" and r[1] in _PLACEHOLDERS}
    official_of = {r[0]: r[1] for r in rows}
    parent_of = {r[0]: r[3] for r in rows}
    out: dict[str, Division] = {}
    for code, official, level, parent in rows:
        if code in placeholders:
            continue
        parent = placeholders.get(parent, parent)
        if level == "village":
            name = village_name(official)
            for prefix in (official_of.get(parent_of.get(parent, ""), ""), official_of.get(parent, "")):
                if prefix and name.startswith(prefix) and len(name) > len(prefix) + 1:
                    name = name[len(prefix):]        # 韶山市清溪镇火车站社区 → 火车站社区
        else:
            name = _written(official)
            level = _level(code, level, name)
        out[code] = Division(code, name, level, parent, official)
    return out


def _written(official: str) -> str:
    """The name of a row above village level as the press writes it: bracketed notes and a
    zone's body (乌拉盖管理区管委会) cut. Each pattern is tried only on the names that hold its
    characters; most hold neither."""
    if "(" in official or "（" in official:
        official = _BRACKETS.sub("", official)
    return _ZONE_BODY.sub("", official) if official.endswith("会") else official
