"""Departments of a party committee named through a member's posts.

Chinese officials are introduced as ``<committee>常委、<department><post>`` (县委常委、组织部部长,
区委常委、宣传部部长, 县委常委、政法委书记): the department is the committee's own
(县委组织部), written only by its short name. The committee is the one the text writes
(望城区委) or, for a bare 县委/区委, the county or city the article makes certain
(``primitives.resolve``). The department becomes an organisation of its own, of kind
``party``, in that place.
"""
from __future__ import annotations

import re
from typing import Callable

from .primitives import HAN
from .org_settle import Cand
from .records import Article, Mention

__all__ = ["departments"]

# <level>委常委、<department up to five characters ending 部 or 委><post>
# (no level or party character inside: 县委常委、某镇党委书记 is a post in the town's own committee)
_MEMBER = re.compile(rf"([省市区县州旗盟])委常委[、，,]\s*((?:(?![省市区县州镇乡村街党])[{HAN}]){{1,4}}?[部委])"
                     r"(?=副?(?:部长|书记|主任))")
_LEVEL = {"省": "省", "市": "市", "州": "州", "区": "区", "县": "县", "旗": "县", "盟": "市"}


def departments(article: Article, places: list[Mention],
                resolve: Callable[[str, int, Article, list[Mention]], str]) -> list[Cand]:
    """The departments named by ``X委常委、<department><post>`` in ``article``."""
    body = article.body
    out: list[Cand] = []
    if "委常委" not in body:
        return out
    place_end = {p.pos + len(p.surface): p for p in places if p.pos >= 0}
    for m in _MEMBER.finditer(body):
        level, dept = m.group(1), m.group(2)
        written = place_end.get(m.end(1))            # 望城区委常委: the place ends with the level
        where = written.name if written is not None else resolve(_LEVEL[level], m.start(1), article, places)
        if where:
            out.append(Cand(m.start(2), m.end(2), m.start(2), where + "委" + dept, "party", where))
    return out
