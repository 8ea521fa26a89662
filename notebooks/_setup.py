"""What every analyst notebook does first: find (or build) the graph, and let charts show Chinese.

Kept beside the notebooks so each of them starts with one import instead of the same cell
three times. ``GOVKG_OUT`` names the OUT folder to use (the tests point it at a temporary
folder); otherwise ``out/`` at the top of the repository.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from govkg.graph import KnowledgeGraph, build, load

log = logging.getLogger(__name__)

CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei",
             "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC"]


def repo_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: here) that holds ``seeds/``."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / "seeds").is_dir():
            return d
    return Path(__file__).resolve().parent.parent


def open_graph(out: str | Path | None = None) -> tuple[KnowledgeGraph, Path]:
    """(graph, OUT folder): ``load(OUT)``, building it from ``seeds/`` first when it is missing."""
    root = repo_root()
    folder = Path(out or os.environ.get("GOVKG_OUT") or root / "out")
    if not (folder / "graph.ttl").is_file():
        from govkg.graph.rdf import write_turtle

        log.warning("no graph in %s: building it from %s", folder, root / "seeds")
        folder.mkdir(parents=True, exist_ok=True)
        write_turtle(build([root / "seeds"]).rdf, folder / "graph.ttl")
    return load(folder), folder


def use_cjk_font() -> list[str]:
    """Make matplotlib draw Chinese labels: put the installed CJK families first, with the
    others as fallbacks (matplotlib ≥ 3.6 falls back glyph by glyph). Returns the families
    found; an empty list means none is installed and Chinese shows as boxes, nothing fails."""
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = [f for f in CJK_FONTS if f in installed]
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = found + [f for f in plt.rcParams["font.sans-serif"] if f not in found]
    plt.rcParams["axes.unicode_minus"] = False
    if not found:
        print("No CJK font found: Chinese labels in charts will show as boxes. Install one, e.g. "
              "'apt-get install fonts-noto-cjk' (Debian/Ubuntu) or Noto Sans CJK SC from Google "
              "Fonts, then restart the kernel.")
    return found
