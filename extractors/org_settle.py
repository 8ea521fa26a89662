"""Organisation candidates settled into names, after the clause reader has read them.

- overlaps: longest first, then earliest (``primitives.select_longest``, in ``organizations``);
- a body inside a body that the suffix reader cut in two, joined again (``join``): the
  reader ends a name at the first suffix it can close, so a school or institute of a
  university (某某大学 + 园林学院; the part after it may hold 与: 林学与园林学院) and a branch of
  a bank or company (某某银行 + 某市分行) come out as two names. The whole is one
  organisation, located where the branch is (its own place) or else where the parent is;
- coordinated bare names sharing the first one's place (``inherit_coordinated``);
- short forms and bracketed forms as aliases of the long name (``aliases``).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .primitives import HAN
from .records import Mention, evolve

__all__ = ["Cand", "join", "league", "inherit_coordinated", "aliases"]



class Cand(NamedTuple):
    """An organisation candidate of the clause reader (a tuple, so that equal candidates
    found twice are one in a set, and a list of them sorts into text order)."""

    start: int          # body span of the whole candidate
    end: int
    name_start: int     # where the name proper starts (after a place written before it)
    name: str           # the resolved name (a bare level word replaced by its place)
    kind: str
    parent: str         # the place the name was resolved with, if any

# kinds of bodies every place has, so that 、住建局 after 长沙市委组织部 is 长沙市's
_OF_A_PLACE = ("government", "party", "committee", "association")
_BRANCH_OF = ("银行", "集团", "公司")
_BRANCH = ("分行", "支行", "公司")           # 某某投资公司 + 中南公司: a subsidiary written right after
# after a university: its school or institute, up to ten Han characters (与 may join two fields)
_SCHOOL = re.compile(f"(?![与和及])(?:(?![的在和及是为对从])[{HAN}]){{1,10}}?(?:学院|研究院|研究所|研究中心|实验室)")


def join(body: str, chosen: list[Cand]) -> list[Cand]:
    """``chosen`` (non-overlapping, in text order) with a university and the school written
    right after it, and a bank or company and the branch right after it, made one name."""
    out: list[Cand] = []
    reach = -1                                  # the end of the last school read from the text
    last: Cand | None = None                    # the university that school was joined to
    for c in chosen:
        if c.end <= reach:
            continue                            # swallowed by the school before it
        if c.start < reach and last is not None:
            out[-1] = last                      # a name across the school's end: no school
        prev = out[-1] if out else None
        if prev and prev.name.endswith(_BRANCH_OF) and c.name.endswith(_BRANCH) and prev.end == c.start:
            out[-1] = prev._replace(end=c.end, name=prev.name + body[c.start:c.end], parent=c.parent or prev.parent)
            continue
        out.append(c)
        m = _SCHOOL.match(body, c.end) if c.name.endswith("大学") else None
        if m:
            last, reach = c, m.end()
            out[-1] = c._replace(end=m.end(), name=c.name + m.group())
    return out


_LEAGUE = "共青团"
_COMPANY_FORM = re.compile(r"(股份有限公司|有限责任公司|有限公司)$")


def league(body: str, chosen: list[Cand]) -> list[Cand]:
    """共青团宁波市委: the Youth League's committee of a place, not the place's party committee
    (宁波市委); the name takes the league in."""
    return [c._replace(start=c.start - len(_LEAGUE), name_start=c.start - len(_LEAGUE), name=_LEAGUE + c.name)
            if c.name.endswith("委") and body.startswith(_LEAGUE, c.start - len(_LEAGUE)) and c.start >= len(_LEAGUE)
            else c for c in chosen]


def inherit_coordinated(body: str, chosen: list[Cand]) -> list[Cand]:
    """In 长沙市委组织部、住建局、民政局 the bare ones share the first one's place."""
    out = []
    prev = None
    for c in chosen:
        if (not c.parent and prev is not None and prev.parent and body[prev.end:c.start] == "、"
                and c.kind in _OF_A_PLACE and not c.name.startswith(prev.parent)):
            c = c._replace(name=prev.parent + c.name, parent=prev.parent)
        out.append(c)
        prev = c
    return out


def aliases(body: str, orgs: list[Mention]) -> list[Mention]:
    """A short form the text also writes for a long name becomes that name's mention.

    ``X(Y)`` right after an organisation makes Y an alias of X; a name equal to a long
    name with its place and company form stripped (松柏集团 for 湖南省松柏集团有限公司) too.
    """
    cores: dict[str, str] = {}
    for o in orgs:
        if o.parent and o.name.startswith(o.parent):
            core = _COMPANY_FORM.sub("", o.name[len(o.parent):])
            if len(core) >= 3 and core != o.name:
                cores.setdefault(core, o.name)
    out: list[Mention] = []
    for k, o in enumerate(orgs):
        if o.name in cores and not o.parent:
            o = evolve(o, name=cores[o.name])
        if k > 0:
            prev = out[-1]
            gap = body[prev.pos + len(prev.surface):o.pos]
            if gap in ("(", "（") and body[o.pos + len(o.surface):o.pos + len(o.surface) + 1] in (")", "）"):
                o = evolve(o, name=prev.name, parent=prev.parent, kind=prev.kind)
        out.append(o)
    return out
