"""graph/html.py in a real headless Chromium with the network cut off.

Skips when Debian's chromium or playwright is missing, so a machine with only Python passes.
Screenshots go to test-artifacts/ (gitignored) for a person to look at.
"""
from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Iterator

import pytest

from govkg.graph import html as page

from conftest import HOSTILE_LABEL, HOSTILE_SENTENCE, make_graph

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def _require_browser() -> None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@contextlib.contextmanager
def offline_page(path: Path, timeout_ms: float = 60_000, size=(1400, 900)) -> Iterator[tuple]:
    """Open ``path`` in headless Chromium with every non-file request aborted.

    Yields ``(page, log)``: ``log`` has lists ``requests`` (aborted URLs), ``errors`` (console
    errors and page errors) and ``dialogs`` (alert/confirm/prompt texts, dismissed). Waits until
    the page reports that its layout has settled.
    """
    from playwright.sync_api import sync_playwright

    log: dict[str, list[str]] = {"requests": [], "errors": [], "dialogs": []}

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            log["requests"].append(r.request.url)
            r.abort()

    def dialog(d):
        log["dialogs"].append(d.message)
        d.dismiss()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists()
                                    else shutil.which("chromium"), args=["--no-sandbox"])
        try:
            ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
            ctx.route("**/*", route)
            pg = ctx.new_page()
            pg.on("console", lambda m: m.type == "error" and log["errors"].append(m.text))
            pg.on("pageerror", lambda e: log["errors"].append(str(e)))
            pg.on("dialog", dialog)
            pg.goto(path.resolve().as_uri())
            # a selector, not wait_for_function: the page's CSP forbids the eval that polling uses
            pg.wait_for_selector("body[data-settled='1']", state="attached", timeout=timeout_ms)
            yield pg, log
        finally:
            browser.close()


def click_node(pg, label: str) -> None:
    """Click, with the mouse, the canvas point where the node labelled ``label`` is drawn."""
    xy = pg.evaluate("""(label) => {
        const g = window.govkg, i = g.data.nodes.findIndex(n => n.label === label);
        const pos = g.network.canvasToDOM(g.network.getPositions([i])[i]);
        const box = document.querySelector('#graph canvas').getBoundingClientRect();
        return [box.left + pos.x, box.top + pos.y];
    }""", label)
    pg.mouse.click(*xy)


def test_small_graph_in_chromium(tmp_path):
    _require_browser()
    G = make_graph()
    out = page.write_html(G, tmp_path / "g.html")
    ARTIFACTS.mkdir(exist_ok=True)
    with offline_page(out) as (pg, log):
        assert pg.evaluate("govkg.data.nodes.length") == G.number_of_nodes()
        assert pg.evaluate("govkg.nodes.length") == G.number_of_nodes()
        assert pg.evaluate("govkg.edges.length") == G.number_of_edges()
        assert pg.evaluate("document.fonts.check('14px \"Noto Sans CJK SC\"', '芦淞区')")

        positions = pg.evaluate("JSON.stringify(govkg.network.getPositions())")
        pg.fill("#search", "芦淞区")
        pg.press("#search", "Enter")
        assert pg.inner_text("#panel-title") == "芦淞区"
        assert pg.inner_text("#search-status") == ""
        assert pg.evaluate("govkg.network.getSelectedNodes()") == [
            pg.evaluate("govkg.data.nodes.findIndex(n => n.label === '芦淞区')")]
        pg.click("#panel-close")
        assert pg.is_hidden("#panel")
        pg.wait_for_timeout(400)                   # the focus animation
        click_node(pg, "芦淞区")                     # a real click on the canvas
        assert pg.is_visible("#panel") and pg.inner_text("#panel-title") == "芦淞区"
        panel = pg.inner_text("#panel")
        assert "430203000000" in panel and "芦淞" in panel and "county" in panel
        assert "芦淞区是株洲市的一个区。" in panel and "《双福村的新变化》" in panel
        assert "区残联为芦淞区残疾人服务。" in panel
        pg.screenshot(path=str(ARTIFACTS / "html_small.png"))
        # highlighting restyles nodes; physics is off, so nothing moves
        assert pg.evaluate("JSON.stringify(govkg.network.getPositions())") == positions
        assert pg.evaluate("govkg.network.physics.options.enabled") is False

        # an alias finds its entity; an unknown name says so
        pg.fill("#search", "区残联")
        pg.press("#search", "Enter")
        assert pg.inner_text("#panel-title") == "芦淞区残联"
        pg.fill("#search", "火星")
        pg.press("#search", "Enter")
        assert "未找到" in pg.inner_text("#search-status")

        # filters: a district keeps what lies or acts in it; a type box hides a type
        pg.select_option("#district", label="天元区")
        assert pg.evaluate("govkg.visibleCount()") == 2            # 天元区, 门前三小
        pg.select_option("#district", label="全部 all")
        pg.uncheck("#legend-types input[data-type=Person]")
        assert pg.evaluate("govkg.visibleCount()") == G.number_of_nodes() - 1
        assert log == {"requests": [], "errors": [], "dialogs": []}


def test_hostile_text_runs_nothing_in_chromium(tmp_path):
    _require_browser()
    out = page.write_html(make_graph(hostile=True), tmp_path / "h.html")
    with offline_page(out) as (pg, log):
        pg.fill("#search", "别名")                # finds the node through its hostile alias
        pg.press("#search", "Enter")
        assert pg.inner_text("#panel-title") == HOSTILE_LABEL
        panel = pg.inner_text("#panel")
        assert HOSTILE_SENTENCE in panel and "<b>别名</b>" in panel
        assert pg.evaluate("document.querySelectorAll('#panel img, #panel b, #panel script').length") == 0
        assert pg.evaluate("document.querySelectorAll('img').length") == 0
        pg.screenshot(path=str(ARTIFACTS.joinpath("html_hostile.png")))
        assert log == {"requests": [], "errors": [], "dialogs": []}


def test_seed_graph_in_chromium(tmp_path):
    """The page of the seed graph, when govkg.graph.merge is on this checkout."""
    _require_browser()
    try:
        from govkg.graph.merge import extract_all, merge
    except ImportError:
        pytest.skip("govkg.graph.merge is not available yet")
    files = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    G = merge([x for _, x, _ in extract_all(files) if x is not None])
    # the most mentioned place that has a relation with evidence: found by its name, not named here
    target = max((n for n, a in G.nodes(data=True) if a.get("type") == "Place"
                  and any(d.get("evidence") for *_, d in G.edges(n, data=True))),
                 key=lambda n: (G.nodes[n].get("mentions") or 0, n))
    label = G.nodes[target]["label"]
    out = page.write_html(G, tmp_path / "seeds.html")
    with offline_page(out) as (pg, log):
        assert pg.evaluate("govkg.data.nodes.length") == G.number_of_nodes()
        pg.fill("#search", label)
        pg.press("#search", "Enter")
        assert pg.inner_text("#panel-title") == label
        assert pg.locator("#panel .rel .ev:not(.none)").count() > 0
        pg.screenshot(path=str(ARTIFACTS / "html_seeds.png"))
        assert log == {"requests": [], "errors": [], "dialogs": []}
