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
  var ART = DATA.articles || [];
  var adj = N.map(function () { return []; });
  E.forEach(function (e, j) { adj[e.from].push(j); if (e.to !== e.from) adj[e.to].push(j); });
  // Importance is degree, then mentions: it sizes nodes and labels, and picks the labelled few.
  var rank = N.map(function (n, i) { return i; }).sort(function (a, b) {
    return N[b].degree - N[a].degree || N[b].mentions - N[a].mentions || a - b;
  });
  var maxDeg = N.reduce(function (m, n) { return Math.max(m, n.degree); }, 1);
  var baseSize = N.map(function (n) { return 12 + 14 * Math.sqrt(n.degree / maxDeg); });
  var fontSize = baseSize.slice(), vshift = N.map(function () { return 0; });
  var loose = N.map(function (n) { return n.degree === 0; });
  var near = null;                       // the highlighted neighbourhood, or null

  function visNode(i) {
    var n = N[i], s = styleOf(n.type), dim = near !== null && !near[i];
    return {
      id: i, label: n.label, shape: s.shape, value: Math.max(1, n.degree + n.mentions),
      color: dim ? { background: GREY, border: GREY } : { background: s.color, border: s.border,
        highlight: { background: s.color, border: "#111" } },
      // dimmed labels all but vanish, so a neighbourhood reads against a crowded centre
      font: { size: fontSize[i], vadjust: vshift[i], color: dim ? "rgba(80,80,80,0.12)" : "#1f2328",
              strokeWidth: dim ? 0 : fontSize[i] / 5, strokeColor: "rgba(255,255,255,0.85)" }
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
    return Object.assign(visNode(i), { x: n.x, y: n.y });
  }));
  var edges = new vis.DataSet(E.map(function (e, j) { return visEdge(e, j, false); }));

  // ------------------------------------------------------------ filters
  var typeOn = {};
  Object.keys(TYPES).forEach(function (t) { typeOn[t] = true; });
  var districtSel = document.getElementById("district");
  var looseBox = document.getElementById("loose");
  var dateFrom = document.getElementById("date-from"), dateTo = document.getElementById("date-to");
  var undatedBox = document.getElementById("undated");
  var allDates = ART.map(function (a) { return a.date; }).filter(Boolean).sort();
  [dateFrom, dateTo].forEach(function (box) {
    box.min = allDates[0] || ""; box.max = allDates[allDates.length - 1] || "";
  });
  document.getElementById("date-span").textContent = allDates.length ? dateFrom.min + " … " + dateFrom.max : "";
  // a focus page on an unlinked entity draws it: it is what the page is about
  if (DATA.focus !== null && loose[DATA.focus]) looseBox.checked = true;
  var visible = N.map(function () { return true; });
  var edgeOn = E.map(function () { return true; });
  function inRange(d) {
    if (!d) return undatedBox.checked;
    return (!dateFrom.value || d >= dateFrom.value) && (!dateTo.value || d <= dateTo.value);
  }
  function datesActive() { return !!(dateFrom.value || dateTo.value) || !undatedBox.checked; }
  // Nodes dated by their articles, edges by their evidence. A node with no article of its own
  // (a county or township only the gazetteer adds) is in range when a node in range reaches it
  // through such nodes, so a date range keeps the hierarchy above what it shows.
  function dateOk() {
    var ok = N.map(function (n) { return n.articles.some(function (j) { return inRange(ART[j].date); }); });
    E.forEach(function (e, j) { edgeOn[j] = !e.dates.length || e.dates.some(inRange); });
    var queue = [];
    ok.forEach(function (v, i) { if (v) queue.push(i); });
    while (queue.length) {
      var i = queue.pop();
      adj[i].forEach(function (j) {
        var m = E[j].from === i ? E[j].to : E[j].from;
        if (edgeOn[j] && !ok[m] && !N[m].articles.length) { ok[m] = true; queue.push(m); }
      });
    }
    return ok;
  }
  function shown(n, i, ok) {
    var t = n.type in typeOn ? typeOn[n.type] : true;
    var d = districtSel.value;
    return t && ok[i] && (looseBox.checked || !loose[i]) &&
      (d === "" || n.districts.indexOf(Number(d)) >= 0);
  }
  var nodeView = new vis.DataView(nodes, { filter: function (v) { return visible[v.id]; } });
  var edgeView = new vis.DataView(edges, { filter: function (v) {
    return edgeOn[v.id] && visible[v.from] && visible[v.to];
  } });
  var counts = { nodes: 0, edges: 0, types: {}, preds: {} };
  function applyFilters(refit) {
    var ok = datesActive() ? dateOk() : N.map(function () { return true; });
    if (!datesActive()) edgeOn = E.map(function () { return true; });
    counts = { nodes: 0, edges: 0, types: {}, preds: {} };
    N.forEach(function (n, i) {
      visible[i] = shown(n, i, ok);
      if (visible[i]) { counts.nodes++; counts.types[n.type] = (counts.types[n.type] || 0) + 1; }
    });
    E.forEach(function (e, j) {
      if (edgeOn[j] && visible[e.from] && visible[e.to]) {
        counts.edges++; counts.preds[e.predicate] = (counts.preds[e.predicate] || 0) + 1;
      }
    });
    nodeView.refresh(); edgeView.refresh();
    showCounts();
    if (refit && api.network) { network.fit(); relabel(); }
  }
  function showCounts() {
    var hidden = N.filter(function (n, i) { return loose[i]; }).length;
    document.getElementById("stats").textContent =
      counts.nodes + " / " + N.length + " 个实体 entities · " + counts.edges + " / " + E.length +
      " 条关系 relations" + (ART.length ? " · " + ART.length + " 篇文章 articles" : "");
    document.getElementById("loose-count").textContent = hidden;
    document.getElementById("undated-count").textContent =
      ART.filter(function (a) { return !a.date; }).length;
    legendTypes.querySelectorAll("[data-count-type]").forEach(function (c) {
      c.textContent = (counts.types[c.dataset.countType] || 0) + " / " + (typeCounts[c.dataset.countType] || 0);
    });
    legendPreds.querySelectorAll("[data-count-pred]").forEach(function (c) {
      c.textContent = counts.preds[c.dataset.countPred] || 0;
    });
  }

  // ------------------------------------------------------------ labels
  // Labels under the draw threshold (options) are not drawn; the best connected visible nodes
  // get a font that stays 12.5-18 px on screen whatever the zoom, biggest for the most important.
  var labelled = [];
  function relabel() {
    var scale = network.getScale(), top = [], changed = {};
    for (var r = 0; r < rank.length && top.length < DATA.labels; r++) if (visible[rank[r]]) top.push(rank[r]);
    labelled.forEach(function (i) { fontSize[i] = baseSize[i]; vshift[i] = 0; changed[i] = true; });
    top.forEach(function (i, r) {
      var px = 12.5 + 5.5 * (1 - r / Math.max(1, top.length - 1));
      fontSize[i] = Math.max(baseSize[i], px / scale); changed[i] = true;
    });
    labelled = top;
    unclash(top, scale);
    nodes.update(Object.keys(changed).map(function (i) { return visNode(Number(i)); }));
  }
  // The labelled few, most important first, each take the first spot where their label box
  // (on screen) meets no box placed before: below the node, above it, or a line further out.
  function unclash(top, scale) {
    var pos = network.getPositions(top), boxes = [];
    top.forEach(function (i) {
      var p = network.canvasToDOM(pos[i]), body = network.body.nodes[i];
      var r = ((body && body.options.size) || 10) * scale, px = fontSize[i] * scale, h = 1.25 * px;
      var w = px * N[i].label.length, best = 0;
      var tries = [0, -(2 * r + h + 4), h, -(2 * r + 2 * h + 4), 2 * h];
      for (var t = 0; t < tries.length; t++) {
        var y = p.y + r + tries[t], box = [p.x - w / 2, p.x + w / 2, y, y + h];
        if (!boxes.some(function (b) { return b[0] < box[1] && box[0] < b[1] && b[2] < box[3] && box[2] < b[3]; })) {
          best = tries[t]; boxes.push(box); break;
        }
      }
      if (t === tries.length) boxes.push([p.x - w / 2, p.x + w / 2, p.y + r, p.y + r + h]);
      vshift[i] = best / scale;
    });
  }
  var relabelPending = false;
  function relabelSoon() {
    if (relabelPending) return;
    relabelPending = true;
    requestAnimationFrame(function () { relabelPending = false; relabel(); });
  }
  // Unlinked entities, when shown, sit in rows under the drawing instead of inside it.
  function placeLoose() {
    var pos = network.getPositions(), ys = [], xs = [];
    Object.keys(pos).forEach(function (k) { xs.push(pos[k].x); ys.push(pos[k].y); });
    var left = xs.length ? Math.min.apply(null, xs) : 0, right = xs.length ? Math.max.apply(null, xs) : 0;
    var top = (ys.length ? Math.max.apply(null, ys) : 0) + 120, step = 90;
    var cols = Math.max(8, Math.floor((right - left) / step));
    var k = 0;
    nodes.update(N.map(function (n, i) { return i; }).filter(function (i) { return loose[i]; }).map(function (i) {
      var at = k++;
      return { id: i, x: left + (at % cols) * step, y: top + Math.floor(at / cols) * step };
    }));
  }

  // ------------------------------------------------------------ legend
  var typeCounts = {};
  N.forEach(function (n) { typeCounts[n.type] = (typeCounts[n.type] || 0) + 1; });
  var legendTypes = document.getElementById("legend-types");
  Object.keys(TYPES).forEach(function (t) {
    var s = TYPES[t], row = el("label", null, "legend-row"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.type = t;
    box.addEventListener("change", function () { typeOn[t] = box.checked; applyFilters(true); });
    var sw = el("span", null, "swatch " + s.shape);
    sw.style.background = s.color; sw.style.setProperty("--c", s.color);
    var c = el("span", typeCounts[t] || 0, "count"); c.dataset.countType = t;
    row.append(box, sw, el("span", s.name), c);
    legendTypes.appendChild(row);
  });
  var legendPreds = document.getElementById("legend-preds");
  Object.keys(PREDS).forEach(function (p) {
    var row = el("div", null, "legend-row"), sw = el("span", null, "swatch line");
    sw.style.background = PREDS[p].color;
    var c = el("span", "", "count"); c.dataset.countPred = p;
    row.append(sw, el("span", PREDS[p].name), c);
    legendPreds.appendChild(row);
  });
  DATA.districts.forEach(function (d, k) {
    var o = el("option", d.label); o.value = String(k); districtSel.appendChild(o);
  });
  [districtSel, dateFrom, dateTo, undatedBox].forEach(function (box) {
    box.addEventListener("change", function () { applyFilters(true); });
  });
  looseBox.addEventListener("change", function () {
    if (looseBox.checked) placeLoose();
    applyFilters(true);
  });

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
    network.fit();
    relabel();
    network.on("zoom", relabelSoon);
    network.on("animationFinished", relabel);
    api.settled = performance.now();
    document.body.dataset.settled = "1";
    if (DATA.focus !== null) select(DATA.focus, true);
  });

  // ------------------------------------------------------------ highlight
  function highlight(i) {
    near = {}; near[i] = true;
    var onPath = {};
    adj[i].forEach(function (j) { near[E[j].from] = true; near[E[j].to] = true; onPath[j] = true; });
    nodes.update(N.map(function (n, k) { return visNode(k); }));
    edges.update(E.map(function (e, j) { return visEdge(e, j, !onPath[j]); }));
  }
  function unhighlight() {
    if (near === null) return;
    near = null;
    nodes.update(N.map(function (n, k) { return visNode(k); }));
    edges.update(E.map(function (e, j) { return visEdge(e, j, false); }));
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
  // An article as the panel lists it: date, title (a link when its URL is http(s)), source and
  // file, and the unlinked entities (reporters, mostly) it names besides the one shown.
  function articleItem(a, self) {
    var li = el("li"), title = "《" + (a.title || "?") + "》";
    li.appendChild(el("span", a.date || "无日期 undated", "date"));
    if (/^https?:\/\//i.test(a.url || "")) {
      var link = el("a", title);
      link.href = a.url; link.target = "_blank"; link.rel = "noopener noreferrer";
      li.appendChild(link);
    } else li.appendChild(el("span", title));
    li.appendChild(el("span", (a.source ? a.source + " · " : "") + a.doc, "src"));
    var others = a.loose.filter(function (k) { return k !== self; });
    if (others.length) li.appendChild(el("span", "同文无关系 also named: " +
      others.map(function (k) { return N[k].label; }).join("、"), "loose"));
    return li;
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
    var ul = el("ul", null, "arts");
    n.articles.forEach(function (j) { ul.appendChild(articleItem(ART[j], i)); });
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
    if (!visible[i] && loose[i] && !looseBox.checked) {   // unlinked: the panel only
      network.unselectAll(); unhighlight(); showPanel(i);
      return;
    }
    if (!visible[i]) resetFilters();
    network.selectNodes([i]);
    highlight(i);
    showPanel(i);
    // the whole neighbourhood in view, no closer than the old fixed focus zoom
    if (move) network.fit({ nodes: Object.keys(near).map(Number).filter(function (k) { return visible[k]; }),
                            maxZoomLevel: 1.3, animation: { duration: 300 } });
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
    districtSel.value = ""; dateFrom.value = ""; dateTo.value = ""; undatedBox.checked = true;
    applyFilters(true);
  }
  document.getElementById("reset").addEventListener("click", function () {
    resetFilters(); hidePanel(); network.unselectAll(); unhighlight();
  });

  Object.assign(api, { nodes: nodes, edges: edges, network: network, search: search, select: select,
                       relabel: relabel, labelled: function () { return labelled.slice(); },
                       counts: function () { return counts; },
                       visibleCount: function () { return nodeView.length; } });
  applyFilters();
  if (!N.length) {
    status.textContent = "空图 empty graph";
    api.settled = performance.now();
    document.body.dataset.settled = "1";
  }
})();
