"""Site furniture: the lines of a saved web page that belong to the site, not to the article.

A page saved as plain text keeps what its HTML had around the article, and the same lines
come out of an HTML page's text: the breadcrumb (``您所在的位置: X新闻网 >> 聚焦X >> 正文``,
``首页 > 栏目 >``), the site's or e-paper's banner (``X日报 数字报纸``, ``00019版:专刊``), a
section name standing alone (``政府信息公开``), the licence and copyright lines of the footer
(``互联网新闻信息许可证:…``, ``版权所有``, ``ICP备``), previous/next links and the print and
close buttons. None of them is a headline or names anything of the story; read as one, the
breadcrumb becomes the article's title and its site a place or a body.

One rule serves both readers: ``webpage`` drops these lines from an HTML page's text, and
``clean`` marks them as debris in a plain-text page. A line is furniture as a whole: the test
is for short lines only, and a breadcrumb's segments must be short and hold no sentence.
"""
from __future__ import annotations

import re

__all__ = ["is_furniture"]

_MAX = 160      # a longer line is text, whatever it holds

# Two regexes, each tried once a line: what furniture writes at the start of a line, matched
# there, and its words anywhere, searched for (and a third, for what ends a line). (One alternation of both, searched, tried every
# alternative at every character: it was the reading stage's largest cost.)
# Labels that open a line: 您所在的位置:, 主办单位:, 【打印】.
_OPENING = (r"\W{0,3}(?:(?:您|你)(?:当前|现在|所在)?|当前|现在|所在)的?位置\s*[:：]|主办(?:单位)?\s*[:：]|承办(?:单位)?\s*[:：]|"
            r"【?\s*(?:打印|关闭|收藏|返回顶部)")
# A breadcrumb: short segments joined by arrows (``首页 > 新闻中心 > 政务要闻 |``), or the home
# link and section names in a row (``首页 四川要闻 …``), or a trail glued onto 正文 ("the text").
_ARROWS = ">»›＞→"
_ARROW_CHAR = re.compile(f"[{_ARROWS}]")    # (one search: a test per arrow cost more than the rest of a line)
_ARROW = r"\s*(?:>>?|»|›|＞|→|>)\s*"
_SEGMENT = r"[^>»›＞→>，。；！？,;!?]{0,24}"
_TRAIL = re.compile(rf"^{_SEGMENT}(?:{_ARROW}{_SEGMENT})+[|｜]?$")
_HOME = r"(?:网站)?首页(?:\s|$)"
_TEXT_END = r"[^\s，。；！？,;!?]{2,20}\s*正文$"
# The e-paper's banner and page label (``X日报 数字报纸``, ``00019版:专刊``, ``第03版：要闻``).
_PAPER = r"\S{2,12}\s+(?:数字报纸?|电子报|电子版|数字版)$|\S{2,12}数字报纸$"
_PAGE_LABEL = r"(?:第\s*)?[A-Za-z]?[0-9一二三四五六七八九十]{1,5}\s*版\s*[:：].{0,30}$"
# A menu entry or section name standing alone on its line.
_MENU = (r"(?:网站首页|首页|搜索|登录|注册|广告位|网站地图|无障碍浏览|繁体|简体|English|"
         r"(?:政府|政务)?信息公开(?:目录|专栏|指南)?|新闻中心|政务公开|互动交流|办事服务)$")
_AT_START = re.compile("|".join(f"(?:{p})" for p in (_OPENING, _HOME, _PAGE_LABEL, _MENU)))
# A trail glued onto 正文 and the paper's banner, tried only on a line that ends as they do:
# at the start of every line, their runs of up to 12 or 20 characters cost more than the rest.
_BANNER_ENDS = ("正文", "数字报", "数字报纸", "电子报", "电子版", "数字版")
_BANNER = re.compile(f"(?:{_TEXT_END})|(?:{_PAPER})")
# Words and footer fields only furniture writes, anywhere in the line: literal alternatives
# only (a case-insensitive one makes the search try them all at every character), and the
# Latin ones looked for in lower case where a line holds their first letter.
_ANYWHERE = re.compile(r"当前位置|您的位置|您现在的位置|所在位置|上一篇|下一篇|上一条|下一条|版权所有|"
                       r"公网安备|网站标识码|许可证(?:编?号)?\s*[:：]|技术支持\s*[:：]")
_LATIN_FIRST = re.compile(r"[CcIi]")
_LATIN = re.compile(r"copyright|icp备")


def is_furniture(line: str) -> bool:
    """Is ``line`` (stripped) a line of the site rather than of the article?

    >>> [is_furniture(s) for s in ("您所在的位置: 甲新闻网 >> 聚焦 >> 正文", "甲都市报 > 扶贫 >",
    ...     "政府信息公开", "甲日报 数字报纸", "大瑶镇推进河长制", "甲乙村:推进“三治”融合")]
    [True, True, True, True, False, False]
    """
    s = line.strip()
    if not s or len(s) > _MAX:
        return False
    return bool(_AT_START.match(s) or s.endswith(_BANNER_ENDS) and _BANNER.match(s) or _ANYWHERE.search(s)
                or _LATIN_FIRST.search(s) and _LATIN.search(s.lower())
                or (len(s) <= 100 and _ARROW_CHAR.search(s) and _TRAIL.match(s)))

