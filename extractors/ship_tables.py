"""Write the tables the package ships ready-made (``tablecache.SHIPPED``) anew from its data
and code: run ``python -m govkg.extractors.ship_tables`` after changing a division file,
``divisions.py`` or ``jieba_dictionary.py`` (a test says when a shipped table is stale).
"""
from __future__ import annotations

import sys

from . import divisions, jieba_dictionary, tablecache


def main() -> int:
    """Build each shipped table (registering its inputs), write it, and print its path."""
    divisions.gazetteer()
    jieba_dictionary.dictionary()
    for name in tablecache.SHIPPED:
        print(tablecache.ship(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
