/* govkg page: search, filters, evidence panel and neighbourhood highlight over vis-network.
 * Every string from the data is put into the page with textContent or as a canvas label,
 * never as HTML, so article text cannot run as code. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("govkg-data").textContent);
  var N = DATA.nodes, E = DATA.edges, TYPES = DATA.types, PREDS = DATA.predicates;
  var GREY = "rgba(200,200,200,0.35)";
  var api = window.govkg = { data: DATA, settled: null };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function styleOf(type) { return TYPES[type] || DATA.other; }

  // ------------------------------------------------------------ data sets
  var adj = N.map(function () { return []; });
  E.forEach(function (e, j) { adj[e.from].push(j); if (e.to !== e.from) adj[e.to].push(j); });

  function visNode(n, i, dim) {
    var s = styleOf(n.type);
    return {
      id: i, label: n.label, shape: s.shape, value: Math.max(1, n.mentions || 0),
      color: dim ? { background: GREY, border: GREY } : { background: s.color, border: s.border,
        highlight: { background: s.color, border: "#111" } },
      font: { color: dim ? "rgba(80,80,80,0.35)" : "#1f2328" }
    };
  }
  function visEdge(e, j, dim) {
    var p = PREDS[e.predicate] || DATA.other;
    var c = dim ? GREY : p.color;
    return { id: j, from: e.from, to: e.to, width: dim ? 1 : 2,
             color: { color: c, highlight: c, inherit: false, opacity: dim ? 0.4 : 0.9 } };
  }
  // Start positions come from Python (neighbours near each other); later updates only restyle.
  var nodes = new vis.DataSet(N.map(function (n, i) {
    return Object.assign(visNode(n, i, false), { x: n.x, y: n.y });
  }));
  var edges = new vis.DataSet(E.map(function (e, j) { return visEdge(e, j, false); }));

  // ------------------------------------------------------------ filters
  var typeOn = {};
  Object.keys(TYPES).forEach(function (t) { typeOn[t] = true; });
  var districtSel = document.getElementById("district");
  var visible = N.map(function () { return true; });
  function shown(n) {
    var t = n.type in typeOn ? typeOn[n.type] : true;
    var d = districtSel.value;
    return t && (d === "" || n.districts.indexOf(Number(d)) >= 0);
  }
  var nodeView = new vis.DataView(nodes, { filter: function (v) { return visible[v.id]; } });
  var edgeView = new vis.DataView(edges, { filter: function (v) { return visible[v.from] && visible[v.to]; } });
  function applyFilters() {
    var count = 0;
    for (var i = 0; i < N.length; i++) { visible[i] = shown(N[i]); if (visible[i]) count++; }
    nodeView.refresh(); edgeView.refresh();
    document.getElementById("stats").textContent =
      count + " / " + N.length + " 个实体 entities · " + E.length + " 条关系 relations";
  }

  // ------------------------------------------------------------ legend
  var typeCounts = {};
  N.forEach(function (n) { typeCounts[n.type] = (typeCounts[n.type] || 0) + 1; });
  var legendTypes = document.getElementById("legend-types");
  Object.keys(TYPES).forEach(function (t) {
    var s = TYPES[t], row = el("label", null, "legend-row"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.type = t;
    box.addEventListener("change", function () { typeOn[t] = box.checked; applyFilters(); });
    var sw = el("span", null, "swatch " + s.shape);
    sw.style.background = s.color; sw.style.setProperty("--c", s.color);
    row.append(box, sw, el("span", s.name), el("span", typeCounts[t] || 0, "count"));
    legendTypes.appendChild(row);
  });
  var legendPreds = document.getElementById("legend-preds");
  Object.keys(PREDS).forEach(function (p) {
    var row = el("div", null, "legend-row"), sw = el("span", null, "swatch line");
    sw.style.background = PREDS[p].color;
    row.append(sw, el("span", PREDS[p].name));
    legendPreds.appendChild(row);
  });
  DATA.districts.forEach(function (d, k) {
    var o = el("option", d.label); o.value = String(k); districtSel.appendChild(o);
  });
  districtSel.addEventListener("change", applyFilters);

  // ------------------------------------------------------------ network
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, DATA.options);
  var status = document.getElementById("layout-status");
  network.on("stabilizationProgress", function (p) {
    status.textContent = "布局中 laying out " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    status.textContent = "布局完成 layout settled";
    api.settled = performance.now();
    document.body.dataset.settled = "1";
    if (DATA.focus !== null) select(DATA.focus, true);
  });

  // ------------------------------------------------------------ highlight
  var dimmed = false;
  function highlight(i) {
    var near = {}; near[i] = true;
    var onPath = {};
    adj[i].forEach(function (j) { near[E[j].from] = true; near[E[j].to] = true; onPath[j] = true; });
    nodes.update(N.map(function (n, k) { return visNode(n, k, !near[k]); }));
    edges.update(E.map(function (e, j) { return visEdge(e, j, !onPath[j]); }));
    dimmed = true;
  }
  function unhighlight() {
    if (!dimmed) return;
    nodes.update(N.map(function (n, k) { return visNode(n, k, false); }));
    edges.update(E.map(function (e, j) { return visEdge(e, j, false); }));
    dimmed = false;
  }

  // ------------------------------------------------------------ panel
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  function evidenceList(list, into) {
    list.forEach(function (ev) {
      var q = el("blockquote", ev.sentence, "ev");
      q.appendChild(el("span", "—《" + (ev.title || "?") + "》 " + (ev.date ? ev.date + " " : "") + (ev.doc || ""), "src"));
      into.appendChild(q);
    });
  }
  function showPanel(i) {
    var n = N[i];
    document.getElementById("panel-title").textContent = n.label;
    panelBody.replaceChildren();
    var dl = el("dl");
    function row(k, v) { if (v === "" || v === null || v === undefined) return; dl.append(el("dt", k), el("dd", v)); }
    row("类型 Type", styleOf(n.type).name);
    row(n.type === "Place" ? "级别 Level" : "类别 Kind", n.level || n.kind || "");
    row("区划代码 Code", n.code);
    row("别名 Aliases", n.aliases.join("、"));
    row("提及 Mentions", n.mentions);
    row("区县 District", n.districts.map(function (k) { return DATA.districts[k].label; }).join("、"));
    row("标识 Key", n.key);
    panelBody.appendChild(dl);

    panelBody.appendChild(el("h3", "关系 Relations (" + adj[i].length + ")"));
    if (!adj[i].length) panelBody.appendChild(el("p", "无 none", "none"));
    adj[i].forEach(function (j) {
      var e = E[j], out = e.from === i, other = out ? e.to : e.from;
      var box = el("div", null, "rel"), head = el("div", null, "rel-head");
      var pred = (PREDS[e.predicate] || DATA.other).name + (e.title ? "（" + e.title + "）" : "");
      head.append(el("span", out ? "→ " + pred + " " : "← " + pred + " ", "pred"));
      var link = el("button", N[other].label, "linklike");
      link.type = "button";
      link.addEventListener("click", function () { select(other, true); });
      head.appendChild(link);
      box.appendChild(head);
      if (e.evidence.length) evidenceList(e.evidence, box);
      else box.appendChild(el("div", "无证据句 no evidence sentence", "ev none"));
      if (e.more) box.appendChild(el("div", "… +" + e.more, "ev none"));
      panelBody.appendChild(box);
    });
    panelBody.appendChild(el("h3", "出处 Articles (" + n.articles.length + ")"));
    var ul = el("ul");
    n.articles.forEach(function (a) { ul.appendChild(el("li", "《" + (a.title || "?") + "》 " + a.doc)); });
    panelBody.appendChild(ul);
    if (n.evidence.length) {
      panelBody.appendChild(el("h3", "提及 Mentions in text"));
      evidenceList(n.evidence, panelBody);
    }
    panel.hidden = false;
  }
  function hidePanel() { panel.hidden = true; }
  document.getElementById("panel-close").addEventListener("click", function () {
    hidePanel(); network.unselectAll(); unhighlight();
  });

  function select(i, move) {
    if (!visible[i]) resetFilters();
    network.selectNodes([i]);
    highlight(i);
    showPanel(i);
    if (move) network.focus(i, { scale: 1.3, animation: { duration: 300 } });
  }
  network.on("click", function (p) {
    if (p.nodes.length) select(p.nodes[0], false);
    else { hidePanel(); unhighlight(); }
  });

  // ------------------------------------------------------------ search
  var byName = {};
  var names = document.getElementById("names");
  N.forEach(function (n, i) {
    [n.label].concat(n.aliases).forEach(function (s) {
      if (!(s in byName) || N[byName[s]].mentions < n.mentions) byName[s] = i;
    });
  });
  Object.keys(byName).sort().forEach(function (s) { var o = el("option"); o.value = s; names.appendChild(o); });
  function find(q) {
    q = q.trim();
    if (!q) return -1;
    if (Object.prototype.hasOwnProperty.call(byName, q)) return byName[q];
    var best = -1;
    N.forEach(function (n, i) {
      var hit = n.label.indexOf(q) >= 0 || n.aliases.some(function (a) { return a.indexOf(q) >= 0; });
      if (hit && (best < 0 || n.mentions > N[best].mentions)) best = i;
    });
    return best;
  }
  var searchStatus = document.getElementById("search-status");
  function search(q) {
    var i = find(q);
    searchStatus.textContent = i < 0 ? "未找到 not found: " + q : "";
    if (i >= 0) select(i, true);
    return i;
  }
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault(); search(document.getElementById("search").value);
  });

  function resetFilters() {
    Object.keys(typeOn).forEach(function (t) { typeOn[t] = true; });
    legendTypes.querySelectorAll("input").forEach(function (b) { b.checked = true; });
    districtSel.value = "";
    applyFilters();
  }
  document.getElementById("reset").addEventListener("click", function () {
    resetFilters(); hidePanel(); network.unselectAll(); unhighlight(); network.fit();
  });

  Object.assign(api, { nodes: nodes, edges: edges, network: network, search: search, select: select,
                       visibleCount: function () { return nodeView.length; } });
  applyFilters();
  if (!N.length) {
    status.textContent = "空图 empty graph";
    api.settled = performance.now();
    document.body.dataset.settled = "1";
  }
})();
