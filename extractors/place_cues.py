"""Where the sentence itself says a short name is a place.

Many cities' short forms are ordinary words too (青岛, 海口, 西安 are words of jieba's
dictionary), so ``places`` reads them as cities only when the article is about that city.
A visitor "from" a city or goods sent "to" it are still places, and so is every name of a
list that one of them opens or that closes with 等地:

- right after a verb of coming from or going to: 来自西安的游客, 驶向济南, 销往广州;
- right before 等地 / 等城市 / 一带: 青岛等地;
- a list of such names joined by 、 shares the cue of any of its items: 来自海口、三亚的客人;
- a province or city whose short form opens the one word of an institution named after it
  (浙江大学, 青海大学): the place is named inside the name.
"""
from __future__ import annotations

from .place_context import Cand

__all__ = ["cued", "opens_institution"]

_BEFORE = ("来自", "前往", "赴", "驶向", "驶往", "发往", "销往", "远销", "运往", "飞往", "开往", "到达", "抵达",
           "辐射", "覆盖", "落户", "出发")
_AFTER = ("等地", "等城市", "等市", "等省", "一带", "两地", "三地")


def cued(body: str, cands: list[Cand]) -> set[int]:
    """Starts of the candidates (in text order) the text marks as places."""
    marked = {c.start for c in cands if body.endswith(_BEFORE, 0, c.start) or body.startswith(_AFTER, c.end)}
    if not marked:
        return marked
    for order in (cands, cands[::-1]):          # a list shares its items' cues, both ways
        for a, b in zip(order, order[1:]):
            first, second = (a, b) if a.start < b.start else (b, a)
            if second.start - first.end == 1 and body[first.end] == "、" and a.start in marked:
                marked.add(b.start)
    return marked


_INSTITUTIONS = ("大学", "学院", "医院")


def opens_institution(word: str) -> bool:
    """``word`` (one token of jieba's cut) is the name of a university, college or hospital."""
    return len(word) > 3 and word.endswith(_INSTITUTIONS)
