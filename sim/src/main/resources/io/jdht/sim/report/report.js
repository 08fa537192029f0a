// Draws the simulator report's charts with uPlot (inlined before this script by HtmlReport).
// The run's JSON, and optionally a second run to compare with, sit in <script type="application/json">
// elements. Every chart that is drawn marks its container (data-drawn, data-colors, data-plot-rect) and
// every error is caught into #report-status, so that a headless browser's --dump-dom tells a test
// what was drawn, where, and in which colours.
(function () {
  "use strict";
  const status = document.getElementById("report-status");
  const errors = [];
  function fail(where, err) {
    errors.push(where + ": " + (err && err.message ? err.message : String(err)));
    status.dataset.state = "error";
    status.dataset.errors = errors.join(" | ");
    status.textContent = "Error while drawing the charts: " + errors.join(" | ");
    status.hidden = false;
  }
  // The page's first script already records errors on <html data-js-error>; this one also shows them.
  window.addEventListener("error", e => fail("window", e.error || e.message));

  function readJson(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  const run = readJson("jdht-run") || {};
  const other = readJson("jdht-compare");

  // One fixed colour per operation, the same in every chart, so a reader can follow an operation.
  const OP_ORDER = ["findPeer", "provide", "findProvs", "put", "get", "query"];
  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                   "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  function opNames(...runs) {
    const names = [];
    for (const r of runs) {
      for (const name of Object.keys((r && r.operations) || {})) {
        if (!names.includes(name)) names.push(name);
      }
    }
    const known = OP_ORDER.filter(n => names.includes(n));
    return known.concat(names.filter(n => !OP_ORDER.includes(n)));
  }
  const ops = opNames(run, other);
  const opColour = name => {
    const i = OP_ORDER.indexOf(name);
    return PALETTE[i >= 0 ? i : (OP_ORDER.length + ops.indexOf(name)) % PALETTE.length];
  };
  const num = v => (typeof v === "number" && isFinite(v) ? v : null);
  const opOf = (r, name) => (r && r.operations && r.operations[name]) || null;

  const CHART_W = 600, CHART_H = 300;
  const drawnCharts = [];

  // Creates the chart in #chart-<id> from build(): {data, opts}, or a string saying why it is left out.
  function chart(id, title, build) {
    const box = document.getElementById("chart-" + id);
    if (!box) return;
    try {
      const spec = build();
      if (typeof spec === "string") {
        box.dataset.omitted = spec;
        box.innerHTML = "";
        const p = document.createElement("p");
        p.className = "omitted";
        p.textContent = title + ": " + spec;
        box.appendChild(p);
        return;
      }
      // A static legend: the tables below hold the exact figures, and it stays compact in a screenshot.
      const opts = Object.assign({ title: title, width: CHART_W, height: CHART_H, legend: { live: false } }, spec.opts);
      opts.hooks = { draw: [u => markDrawn(id, box, u, spec.opts.series)] };
      new uPlot(opts, spec.data, box);
    } catch (err) {
      fail(id, err);
    }
  }
  function markDrawn(id, box, u, series) {
    const r = u.over.getBoundingClientRect();
    box.dataset.drawn = "true";
    box.dataset.colors = series.slice(1).map(s => s.stroke).join(",");
    box.dataset.plotRect = [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]
      .map(Math.round).join(",");
    if (!drawnCharts.includes(id)) drawnCharts.push(id);
    status.dataset.charts = drawnCharts.join(" ");
  }

  // Bars side by side: bar k of n at x occupies [x - 0.4 + k*w, x - 0.4 + (k+1)*w], w = 0.8/n.
  function groupedBars(k, n) {
    const w = 0.8 / n;
    return uPlot.paths.bars({
      disp: {
        x0: { unit: 1, values: u => u.data[0].map(x => x - 0.4 + k * w) },
        size: { unit: 1, values: u => u.data[0].map(() => w) },
      },
    });
  }
  function barSeries(label, colour, k, n) {
    return { label: label, stroke: colour, fill: colour, width: 0, paths: groupedBars(k, n), points: { show: false } };
  }

  // (1) Share of each operation's lookups that needed 1, 2, ... rounds.
  chart("rounds", "Rounds per lookup (share of operations)", () => {
    const withHist = ops.filter(n => {
      const h = opOf(run, n) && opOf(run, n).roundsHistogram;
      return h && Object.keys(h).length > 0;
    });
    if (withHist.length === 0) return "no rounds histogram in this run";
    let maxRound = 0;
    const shares = withHist.map(n => {
      const h = opOf(run, n).roundsHistogram;
      const total = Object.values(h).reduce((a, b) => a + b, 0);
      const byRound = {};
      for (const [r, c] of Object.entries(h)) {
        const round = parseInt(r, 10);
        if (!(round >= 0)) continue;
        maxRound = Math.max(maxRound, round);
        byRound[round] = total > 0 ? c / total : 0;
      }
      return byRound;
    });
    const minRound = Math.min(...shares.flatMap(s => Object.keys(s).map(Number)));
    const xs = [];
    for (let r = minRound; r <= maxRound; r++) xs.push(r);
    const data = [xs].concat(shares.map(s => xs.map(r => (r in s ? s[r] : null))));
    const series = [{ label: "rounds" }].concat(
      withHist.map((n, k) => barSeries(n, opColour(n), k, withHist.length)));
    return {
      data: data,
      opts: {
        series: series,
        scales: { x: { time: false, range: [minRound - 0.5, maxRound + 0.5] }, y: { range: [0, 1] } },
        axes: [{ label: "rounds", splits: () => xs, values: (u, v) => v.map(x => String(x)) },
               { label: "share of operations", values: (u, v) => v.map(x => (100 * x).toFixed(0) + "%") }],
      },
    };
  });

  // The empirical CDF of successful operations' latencies, one distinct x per step.
  function cdfTable(sorted) {
    const xs = [], ys = [];
    const n = sorted.length;
    for (let i = 0; i < n; i++) {
      const v = num(sorted[i]);
      if (v === null) continue;
      if (xs.length > 0 && xs[xs.length - 1] === v) ys[ys.length - 1] = (i + 1) / n;
      else { xs.push(v); ys.push((i + 1) / n); }
    }
    return [xs, ys];
  }

  // (2) Latency CDF per operation; the compared run's CDFs dashed in the same colours.
  chart("cdf", "Latency of successful operations (CDF)", () => {
    const tables = [], series = [{ label: "ms" }];
    const add = (r, which, dash) => {
      for (const n of ops) {
        const sorted = opOf(r, n) && opOf(r, n).latencyMsSorted;
        if (!Array.isArray(sorted) || sorted.length === 0) continue;
        const t = cdfTable(sorted);
        if (t[0].length === 0) continue;
        tables.push(t);
        series.push({ label: n + which, stroke: opColour(n), width: 2, dash: dash, spanGaps: true,
                      points: { show: false }, paths: uPlot.paths.stepped({ align: 1 }) });
      }
    };
    add(run, other ? " (this run)" : "", undefined);
    if (other) add(other, " (other run)", [6, 4]);
    if (tables.length === 0) return "no successful operation, so no latency to show";
    const data = uPlot.join(tables);
    const positive = data[0].every(x => x > 0);
    return {
      data: data,
      opts: {
        series: series,
        scales: { x: positive ? { time: false, distr: 3, log: 10 } : { time: false }, y: { range: [0, 1] } },
        axes: [{ label: "latency (ms" + (positive ? ", log scale)" : ")") },
               { label: "fraction of successful operations" }],
      },
    };
  });

  // (3) Success rate and nodes online over simulated hours, on two y axes.
  chart("timeline", "Success rate and nodes online over simulated time", () => {
    const points = r => (Array.isArray(r && r.timeline) ? r.timeline.filter(p => num(p.hour) !== null) : []);
    const mine = points(run), theirs = points(other);
    if (mine.length === 0 && theirs.length === 0) return "no timeline in this run (it has one only with churn)";
    const tables = [], series = [{ label: "hour" }];
    const add = (pts, which, dash, rateColour, onlineColour) => {
      if (pts.length === 0) return;
      tables.push([pts.map(p => p.hour), pts.map(p => num(p.successRate)), pts.map(p => num(p.online))]);
      // Width 3 and filled points: the lines are mostly diagonal, and thinner ones are all antialiased.
      series.push({ label: "success rate" + which, stroke: rateColour, width: 3, dash: dash, scale: "rate",
                    spanGaps: true, points: { fill: rateColour } });
      series.push({ label: "nodes online" + which, stroke: onlineColour, width: 3, dash: dash, scale: "nodes",
                    spanGaps: true, points: { fill: onlineColour } });
    };
    // Up to the network's size, so that the online curve shows the share of nodes up and stays clear of
    // the success rate (usually near the top).
    const configured = Math.max(num(run.config && run.config.nodes) || 0, num(other && other.config && other.config.nodes) || 0);
    const nodesAxisTop = hi => Math.max(configured, (hi || 1) * 1.05);
    add(mine, other ? " (this run)" : "", undefined, "#2ca02c", "#1f77b4");
    add(theirs, " (other run)", [6, 4], "#98df8a", "#aec7e8");
    return {
      data: uPlot.join(tables),
      opts: {
        series: series,
        scales: { x: { time: false }, rate: { range: [0, 1] }, nodes: { range: (u, lo, hi) => [0, nodesAxisTop(hi)] } },
        axes: [{ label: "simulated hours" },
               { label: "success rate", scale: "rate", values: (u, v) => v.map(x => (100 * x).toFixed(0) + "%") },
               { label: "nodes online", scale: "nodes", side: 1, grid: { show: false } }],
      },
    };
  });

  // (4) This run against the other, per operation: latency p50/p95 and success rate.
  const shared = ops.filter(n => opOf(run, n) || opOf(other, n));
  function perOpBars(id, title, metrics, yLabel, yRange) {
    chart(id, title, () => {
      if (!other) return "no run to compare with";
      const xs = shared.map((n, i) => i);
      const present = metrics.filter(m => shared.some(n => num(m.get(opOf(m.run, n))) !== null));
      if (present.length === 0) return "neither run has these figures";
      const data = [xs].concat(present.map(m => shared.map(n => num(m.get(opOf(m.run, n))))));
      const series = [{ label: "operation" }].concat(
        present.map((m, k) => barSeries(m.label, m.colour, k, present.length)));
      return {
        data: data,
        opts: {
          series: series,
          scales: { x: { time: false, range: [-0.5, shared.length - 0.5] }, y: yRange ? { range: yRange } : {} },
          axes: [{ label: "operation", splits: () => xs, values: (u, v) => v.map(i => shared[i] || "") },
                 { label: yLabel, size: 60 }],
        },
      };
    });
  }
  const field = f => o => (o ? o[f] : null);
  perOpBars("cmp-latency", "Latency per operation: this run vs the other", [
    { label: "p50 this run", colour: "#1f77b4", run: run, get: field("latencyMsP50") },
    { label: "p50 other run", colour: "#aec7e8", run: other, get: field("latencyMsP50") },
    { label: "p95 this run", colour: "#ff7f0e", run: run, get: field("latencyMsP95") },
    { label: "p95 other run", colour: "#ffbb78", run: other, get: field("latencyMsP95") },
  ], "latency (ms)", null);
  perOpBars("cmp-success", "Success rate per operation: this run vs the other", [
    { label: "this run", colour: "#2ca02c", run: run, get: field("successRate") },
    { label: "other run", colour: "#98df8a", run: other, get: field("successRate") },
  ], "success rate", [0, 1]);

  status.dataset.charts = drawnCharts.join(" ");
  if (errors.length === 0) status.dataset.state = "ok";
})();
