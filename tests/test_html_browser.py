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


#: Wraps the canvas's fillText for one redraw and returns {text: on-screen px} for every text
#: drawn inside the canvas: what a reader sees, measured where vis-network draws it.
LABEL_PX_JS = """() => new Promise(done => {
    const proto = CanvasRenderingContext2D.prototype, orig = proto.fillText, seen = {};
    proto.fillText = function (text, x, y, ...rest) {
        const m = /([\\d.]+)px/.exec(this.font), t = this.getTransform(), r = window.devicePixelRatio || 1;
        const sx = (t.a * x + t.e) / r, sy = (t.d * y + t.f) / r;
        if (m && sx >= 0 && sx <= this.canvas.clientWidth && sy >= 0 && sy <= this.canvas.clientHeight)
            seen[text] = Math.max(seen[text] || 0, Number(m[1]) * t.a / r);
        return orig.call(this, text, x, y, ...rest);
    };
    govkg.network.redraw();
    requestAnimationFrame(() => requestAnimationFrame(() => { proto.fillText = orig; done(seen); }));
})"""


def label_sizes(pg, top: int = 20) -> list[tuple[str, int, float]]:
    """(label, degree, px drawn on screen) of the ``top`` best connected entities on the page
    (degree, then mentions, as the page ranks them); 0 px for a label not drawn."""
    seen = pg.evaluate(LABEL_PX_JS)
    nodes = pg.evaluate("govkg.data.nodes.map(n => [n.label, n.degree, n.mentions])")
    order = sorted(range(len(nodes)), key=lambda i: (-nodes[i][1], -nodes[i][2], i))[:top]
    return [(nodes[i][0], nodes[i][1], round(seen.get(nodes[i][0], 0.0), 1)) for i in order]


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
        assert "区助残协会为芦淞区残疾人服务。" in panel
        pg.screenshot(path=str(ARTIFACTS / "html_small.png"))
        # highlighting restyles nodes; physics is off, so nothing moves
        assert pg.evaluate("JSON.stringify(govkg.network.getPositions())") == positions
        assert pg.evaluate("govkg.network.physics.options.enabled") is False

        # an alias finds its entity; an unknown name says so
        pg.fill("#search", "区助残协会")
        pg.press("#search", "Enter")
        assert pg.inner_text("#panel-title") == "芦淞区助残协会"
        pg.fill("#search", "火星")
        pg.press("#search", "Enter")
        assert "未找到" in pg.inner_text("#search-status")

        # filters: a district keeps what lies or acts in it; a type box hides a type
        pg.select_option("#district", label="天元区")
        assert pg.evaluate("govkg.visibleCount()") == 2            # 天元区, 院落三美
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
        from govkg.graph.extraction import extract_all
        from govkg.graph.merge import merge
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


#: Invented articles: three dated (two in one county), one undated, each with a reporter.
FEED = [
    {"title": "姜畲镇推行邻里议事厅", "date": "2023-03-05", "url": "https://news.example.com/a1",
     "author": "记者 陈晓雨", "content": "湘潭市雨湖区姜畲镇全面推行“邻里议事厅”机制。姜畲镇党委书记王明远介绍，"
     "全镇已建成议事点二十个。雨湖区民政局与姜畲镇合作开展培训。"},
    {"title": "花石镇办起积分小铺", "date": "2023-06-10", "url": "https://news.example.com/a2",
     "author": "记者 林思远", "content": "湘潭县花石镇在各村推广“积分小铺”。花石镇镇长赵子涵说，"
     "村民参与环境整治可以换取积分。湘潭县妇联在花石镇开展“最美家庭”评选。"},
    {"title": "书院路街道试行网格夜巡", "date": "2024-01-20", "author": "记者 何雨桐",
     "content": "湘潭市岳塘区书院路街道试行“网格夜巡”。书院路街道党工委书记刘建国表示，夜巡队每晚巡查辖区。"
     "岳塘区应急管理局指导书院路街道开展演练。"},
    {"title": "易俗河镇开展积分小铺", "author": "记者 宋一鸣",
     "content": "湘潭县易俗河镇推广“积分小铺”。易俗河镇党委副书记周海峰说，积分可兑换日用品。"},
]


def expected_counts(G, lo: str, hi: str, keep_undated: bool, district: str | None) -> tuple[int, int]:
    """(entities, relations) the page should show: the rule the page states, applied to the graph.

    A node is in the date range when one of its articles is (an undated one when undated are
    kept); a node with no article (a gazetteer ancestor) when one in range reaches it; an edge
    when one of its evidence items is, or it has none. Unlinked nodes stay hidden; a district
    keeps the nodes that lie or act in it.
    """
    meta = G.graph.get("articles") or {}

    def ok(d: str) -> bool:
        return keep_undated if not d else lo <= d <= hi

    edge_ok = {(u, v, k): not a.get("evidence") or any(ok(e.get("date") or "") for e in a["evidence"])
               for u, v, k, a in G.edges(keys=True, data=True)}
    in_range = {n for n, a in G.nodes(data=True)
                if any(ok((meta.get((x["doc"], x["article"])) or {}).get("date", "")) for x in a["articles"])}
    todo = list(in_range)
    while todo:
        n = todo.pop()
        for u, v, k in [*G.out_edges(n, keys=True), *G.in_edges(n, keys=True)]:
            m = v if u == n else u
            if edge_ok[(u, v, k)] and m not in in_range and not G.nodes[m]["articles"]:
                in_range.add(m)
                todo.append(m)
    dist = page.districts(G)
    shown = {n for n in in_range if G.degree(n) > 0 and (district is None or district in dist[n])}
    edges = sum(1 for (u, v, k), good in edge_ok.items() if good and u in shown and v in shown)
    return len(shown), edges


def test_date_range_and_district_show_the_graph_counts(tmp_path):
    """On a graph built from invented articles: a date range and a district filter the page, re-zoom
    it and every count the header shows matches the graph; the panel lists dated, linked articles
    and the reporters who stay out of the drawing."""
    _require_browser()
    import json

    from govkg.graph import build

    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "feed.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in FEED), encoding="utf-8")
    G = build([tmp_path / "texts"]).nx
    county = next(n for n, a in G.nodes(data=True) if a.get("label") == "湘潭县")
    loose = sum(1 for n in G if G.degree(n) == 0)
    assert loose >= 4                                   # the reporters at least
    out = page.write_html(G, tmp_path / "p.html")
    with offline_page(out, size=(1600, 1000)) as (pg, log):
        n_all, e_all = expected_counts(G, "", "9999", True, None)
        assert n_all == G.number_of_nodes() - loose and e_all == G.number_of_edges()
        assert pg.evaluate("govkg.visibleCount()") == n_all
        assert pg.inner_text("#stats").startswith(f"{n_all} / {len(G)} 个实体 entities · {e_all} / {e_all}")
        assert all(px >= 12 for _, _, px in label_sizes(pg, 5))
        scale = pg.evaluate("govkg.network.getScale()")
        assert pg.inner_text("#date-span") == "2023-03-05 … 2024-01-20"
        pg.evaluate("s => { govkg.network.moveTo({scale: s / 4}); govkg.relabel(); }", scale)
        assert all(px >= 12 for _, _, px in label_sizes(pg, 5))     # zoomed far out: still read
        pg.click("#reset")

        pg.select_option("#district", label="湘潭县")
        pg.fill("#date-from", "2023-06-01")
        pg.fill("#date-to", "2023-12-31")
        pg.uncheck("#undated")
        n, e = expected_counts(G, "2023-06-01", "2023-12-31", False, county)
        assert 0 < n < n_all and 0 < e < e_all
        assert pg.evaluate("govkg.visibleCount()") == n
        assert pg.evaluate("govkg.network.body.nodeIndices.length") == n
        assert pg.evaluate("govkg.network.body.edgeIndices.length") == e
        assert pg.inner_text("#stats").startswith(f"{n} / {len(G)} 个实体 entities · {e} / {e_all} 条关系")
        types = {t: sum(1 for m in G if G.nodes[m]["type"] == t) for t in page.TYPE_STYLES}
        counts = pg.evaluate("govkg.counts()")
        assert sum(counts["types"].values()) == n and sum(counts["preds"].values()) == e
        for t, total in types.items():
            shown = pg.inner_text(f"#legend-types [data-count-type={t}]")
            assert shown == f"{counts['types'].get(t, 0)} / {total}"
        # re-zoomed: what is left is centred on the canvas, all of it on screen, not smaller
        assert pg.evaluate("govkg.network.getScale()") >= scale
        box = pg.evaluate("""() => { const g = govkg.network, c = document.querySelector('#graph canvas');
            const d = Object.values(g.getPositions()).map(p => g.canvasToDOM(p));
            const xs = d.map(p => p.x), ys = d.map(p => p.y);
            return [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys), c.clientWidth, c.clientHeight]; }""")
        x0, x1, y0, y1, w, h = box
        assert 0 <= x0 and x1 <= w and 0 <= y0 and y1 <= h
        assert abs((x0 + x1) / 2 - w / 2) < 0.05 * w and abs((y0 + y1) / 2 - h / 2) < 0.05 * h
        pg.screenshot(path=str(ARTIFACTS / "html_filtered.png"))

        # the panel: articles with date, title and link; the reporter named under the article
        pg.fill("#search", "花石镇")
        pg.press("#search", "Enter")
        item = pg.locator("#panel ul.arts li").first
        assert "2023-06-10" in item.inner_text() and "《花石镇办起积分小铺》" in item.inner_text()
        assert item.locator("a").get_attribute("href") == "https://news.example.com/a2"
        assert "林思远" in item.inner_text()
        # a reporter is found by search and shown in the panel, not drawn
        pg.fill("#search", "林思远")
        pg.press("#search", "Enter")
        assert pg.inner_text("#panel-title") == "林思远"
        assert pg.evaluate("govkg.network.body.nodeIndices.length") == n
        pg.click("#reset")
        assert pg.evaluate("govkg.visibleCount()") == n_all
        pg.check("#loose")                               # the toggle draws them, under the graph
        assert pg.evaluate("govkg.visibleCount()") == len(G)
        pg.screenshot(path=str(ARTIFACTS / "html_unlinked.png"))
        assert log == {"requests": [], "errors": [], "dialogs": []}
    # a focus page on an unlinked entity draws it and opens its panel
    with offline_page(page.write_html(G, tmp_path / "f.html", focus="林思远")) as (pg, log):
        assert pg.evaluate("govkg.visibleCount()") == 1
        assert pg.inner_text("#panel-title") == "林思远" and "《花石镇办起积分小铺》" in pg.inner_text("#panel")
        assert log == {"requests": [], "errors": [], "dialogs": []}
