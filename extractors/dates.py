"""Publication dates as written by Chinese media and scrapers → ISO 8601 (``YYYY-MM-DD``).

Feeds write ``2023-10-18 08:47``, ``2023/6/12``, ``20230612``, ``2023年6月12日`` or a Unix
time; pages print ``2023年6月12日 星期一``. A date is only ever what the text states: a month
and day without a year stays without one (``month_day``), and the caller decides where the
year comes from; nothing here falls back to today or a file's mtime.
"""
from __future__ import annotations

import datetime as _dt
import re

__all__ = ["iso_date", "find_date", "month_day", "with_year"]

_YMD = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*(?:[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"|(?P<m2>[01]\d)(?P<d2>[0-3]\d))(?!\d)")
_MD = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_EPOCH = re.compile(r"\d{9,13}(?:\.\d+)?")


def _valid(y: int, m: int, d: int) -> str:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return ""


def find_date(text: str) -> str:
    """The first full date (year, month, day) written in ``text``, as ISO; "" when none.

    >>> find_date("2023-05-12 09:31 来源：某市人民政府网")
    '2023-05-12'
    >>> find_date("2023年6月12日 星期一")
    '2023-06-12'
    >>> find_date("6月8日电")
    ''
    """
    for m in _YMD.finditer(text):
        if m["m"]:
            iso = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
        else:
            iso = _valid(int(m["y"]), int(m["m2"]), int(m["d2"]))
        if iso:
            return iso
    return ""


def iso_date(value: object) -> str:
    """A feed or metadata field's date as ISO; a Unix time (seconds or milliseconds) is read as
    UTC+8, the zone Chinese media publish in; "" for anything that states no full date.

    >>> iso_date("2023/6/9"), iso_date("20230612"), iso_date(1686528000), iso_date("昨天")
    ('2023-06-09', '2023-06-12', '2023-06-12', '')
    """
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)) or (isinstance(value, str) and _EPOCH.fullmatch(value.strip())):
        t = float(value)
        if t > 1e11:                    # milliseconds
            t /= 1000
        try:
            when = _dt.datetime.fromtimestamp(t, _dt.timezone(_dt.timedelta(hours=8)))
        except (OverflowError, OSError, ValueError):
            return ""
        return when.date().isoformat() if 1990 <= when.year <= 2100 else ""
    return find_date(str(value))


def month_day(text: str) -> tuple[int, int] | None:
    """The first ``X月X日`` in ``text`` as (month, day), or None.

    >>> month_day("新华社西昌6月8日电")
    (6, 8)
    """
    m = _MD.search(text)
    return (int(m["m"]), int(m["d"])) if m else None


def with_year(md: tuple[int, int] | None, year_from: str) -> str:
    """ISO date of a month and day in the year of the ISO date ``year_from``; "" if either is
    missing or the day does not exist that year.

    >>> with_year((6, 8), "2023-06-12"), with_year((6, 8), "")
    ('2023-06-08', '')
    """
    if md is None or not year_from[:4].isdigit():
        return ""
    return _valid(int(year_from[:4]), *md)
