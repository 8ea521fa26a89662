"""Organisation candidates settled into names, after the clause reader has read them.

- overlaps: longest first, then earliest (``longest_first``);
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
from dataclasses import replace

from .bylines import HAN
from .records import Mention

__all__ = ["Cand", "join", "longest_first", "inherit_coordinated", "aliases"]

# An organisation candidate of the clause reader: (start, end, name start, name, kind, parent).
Cand = tuple[int, int, int, str, str, str]

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
        if c[1] <= reach:
            continue                            # swallowed by the school before it
        if c[0] < reach and last is not None:
            out[-1] = last                      # a name across the school's end: no school
        if out and out[-1][3].endswith(_BRANCH_OF) and c[3].endswith(_BRANCH) and out[-1][1] == c[0]:
            s, _, ns, name, kind, parent = out[-1]
            out[-1] = (s, c[1], ns, name + body[c[0]:c[1]], kind, c[5] or parent)
            continue
        out.append(c)
        m = _SCHOOL.match(body, c[1]) if c[3].endswith("大学") else None
        if m:
            last, reach = c, m.end()
            out[-1] = (c[0], m.end(), c[2], c[3] + m.group(), c[4], c[5])
    return out


def longest_first(cands: list[Cand]) -> list[Cand]:
    """spaCy's overlap rule: longest span first, then earliest; overlapping ones dropped."""
    taken = bytearray(max((c[1] for c in cands), default=0))     # 1 where a kept span stands
    keep = []
    for c in sorted(set(cands), key=lambda c: (-(c[1] - c[0]), c[0])):
        if not any(taken[c[0]:c[1]]):
            taken[c[0]:c[1]] = b"\x01" * (c[1] - c[0])
            keep.append(c)
    return sorted(keep)


def inherit_coordinated(body: str, chosen: list[Cand]) -> list[Cand]:
    """In 长沙市委组织部、住建局、民政局 the bare ones share the first one's place."""
    out = []
    prev = None
    for c in chosen:
        s, e, ns, name, kind, parent = c
        if (not parent and prev is not None and prev[5] and body[prev[1]:s] == "、" and kind in _OF_A_PLACE
                and not name.startswith(prev[5])):
            c = (s, e, ns, prev[5] + name, kind, prev[5])
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
            core = re.sub(r"(股份有限公司|有限责任公司|有限公司)$", "", o.name[len(o.parent):])
            if len(core) >= 3 and core != o.name:
                cores.setdefault(core, o.name)
    out: list[Mention] = []
    for k, o in enumerate(orgs):
        if o.name in cores and not o.parent:
            o = replace(o, name=cores[o.name])
        if k > 0:
            prev = out[-1]
            gap = body[prev.pos + len(prev.surface):o.pos]
            if gap in ("(", "（") and body[o.pos + len(o.surface):o.pos + len(o.surface) + 1] in (")", "）"):
                o = replace(o, name=prev.name, parent=prev.parent, kind=prev.kind)
        out.append(o)
    return out
