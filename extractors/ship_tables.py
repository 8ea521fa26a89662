"""Write the tables the package ships ready-made (``tablecache.SHIPPED``) anew from its data
and code: run ``python -m govkg.extractors.ship_tables`` after changing a division file,
``divisions.py`` or ``jieba_dictionary.py`` (a test says when a shipped table is stale).
"""
from __future__ import annotations

import sys

from . import divisions, jieba_dictionary, tablecache


def register() -> None:
    """Ask for each shipped table once, so that ``tablecache`` knows its inputs and builder."""
    divisions.gazetteer()
    jieba_dictionary.dictionary()


def main() -> int:
    """Write each shipped table anew and print its path."""
    register()
    for name in tablecache.SHIPPED:
        print(tablecache.ship(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
