// The demand-planning grid: Tabulator for the grid, ECharts for the chart of the
// selected row. Every edit goes to /api/v1/plan/changes with the revision the
// grid was loaded at; the server checks permissions and conflicts.
"use strict";

const csrf = document.querySelector('meta[name="csrf-token"]').content;
const user = JSON.parse(document.querySelector('meta[name="fulcrum-user"]').content);
const state = { grid: null, table: null, expanded: new Set(), active: null, kpis: null, chart: null, undo: [] };

const units = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const wholeUnits = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
// Quantities from 100 up without decimals (a planner reads 2,305, not 2,305.23); smaller ones with two.
function quantity(value) { return Math.abs(value) >= 100 ? wholeUnits.format(value) : units.format(value); }
// The KPIs shown as tiles; the others are one click away.
const HEADLINE = ["total_demand", "total_revenue", "gross_margin_pct", "fill_rate", "inventory_value_end",
  "capacity_utilisation", "overloaded_buckets", "stockout_buckets", "planned_orders", "budget_revenue_gap"];
function money(value) {
  const currency = state.grid ? state.grid.currency : "EUR";
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 }).format(value);
  } catch (_) {
    return units.format(Math.round(value)) + " " + currency;
  }
}

function say(text) { document.getElementById("status").textContent = text; }
function fail(text) { document.getElementById("error").textContent = text; }

async function api(method, url, body, contentType) {
  const init = { method, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["Content-Type"] = contentType || "application/json";
    init.body = contentType ? body : JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (_) { data = { error: text }; }
  if (!response.ok) {
    const message = (data && data.error) || response.statusText;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return data;
}

function scopeQuery() {
  const params = new URLSearchParams();
  const location = document.getElementById("scope-location").value.trim();
  const customer = document.getElementById("scope-customer").value.trim();
  if (location) params.set("location", location);
  if (customer) params.set("customer", customer);
  return params;
}

// ---- rows ---------------------------------------------------------------

function rowsOf(grid) {
  const byCode = new Map();
  const roots = [];
  for (const node of grid.nodes) {
    const figureRows = grid.figures.map((figure, i) => {
      const row = node.rows[i];
      const data = {
        id: node.code + "|" + figure.code,
        node: node.code,
        nodeName: node.name,
        kind: node.kind,
        figure: figure.code,
        label: figure.label,
        money: figure.money,
        editable: figure.editable,
        unit: figure.money ? grid.currency : node.unit,
        locked: {},
      };
      grid.columns.forEach((column, c) => {
        data[column.key] = row.values[c];
        data.locked[column.key] = row.locked[c];
      });
      return data;
    });
    const head = figureRows.find((r) => r.figure === "consensus");
    head.label = node.name + (node.kind === "family" ? "" : " (" + node.code + ")");
    head.isNode = true;
    head._children = figureRows.filter((r) => r !== head);
    byCode.set(node.code, head);
    const parent = node.parent && byCode.get(node.parent);
    if (parent) parent._children.push(head); else roots.push(head);
  }
  return roots;
}

function canEdit(data, column) {
  return data.editable && user.editable.includes(data.figure) && column && !data.locked[column.key];
}

// The row with `id`, wherever it is in the tree (Tabulator's getRow finds top-level rows only).
function findRow(id) {
  const walk = (rows) => {
    for (const row of rows) {
      if (row.getData().id === id) return row;
      const found = walk(row.getTreeChildren());
      if (found) return found;
    }
    return null;
  };
  return state.table ? walk(state.table.getRows()) : null;
}

function columnByKey(key) { return state.grid.columns.find((c) => c.key === key); }

function formatCell(cell) {
  const value = cell.getValue();
  const data = cell.getRow().getData();
  const key = cell.getField();
  const element = cell.getElement();
  element.classList.toggle("locked", !!data.locked[key]);
  element.classList.toggle("editable", canEdit(data, columnByKey(key)));
  if (value === null || value === undefined || value === "") return "";
  return data.money ? money(value) : quantity(value);
}

function columnsOf(grid) {
  const columns = [
    { title: "Product / key figure", field: "label", frozen: true, width: 280, headerSort: false,
      formatter: (cell) => {
        const data = cell.getRow().getData();
        cell.getElement().classList.toggle("figure-label", !data.isNode);
        return data.isNode ? data.label : data.label;
      } },
    { title: "Unit", field: "unit", frozen: true, width: 60, headerSort: false },
  ];
  let group = null;
  for (const column of grid.columns) {
    const year = column.period.slice(0, 4);
    if (!group || group.title !== year) {
      group = { title: year, columns: [] };
      columns.push(group);
    }
    const rollup = column.grain !== "month";
    group.columns.push({
      title: column.grain === "month" ? monthName(column.period) : column.grain === "quarter" ? column.period.slice(5) : "Year",
      field: column.key,
      hozAlign: "right",
      headerHozAlign: "right",
      headerSort: false,
      width: rollup ? 92 : 78,
      cssClass: "num" + (rollup ? " rollup" : "") + (column.grain === "year" ? " year" : ""),
      formatter: formatCell,
      editor: "number",
      editorParams: { selectContents: true },
      editable: (cell) => canEdit(cell.getRow().getData(), column),
    });
  }
  return columns;
}

function monthName(period) {
  const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return names[Number(period.slice(5, 7)) - 1] || period;
}

// ---- loading ------------------------------------------------------------

// Nodes per request; the grid fetches pages until it has every node.
const PAGE = 2000;

async function fetchGrid() {
  const params = scopeQuery();
  params.set("limit", String(PAGE));
  const grid = await api("GET", "/api/v1/plan/grid?" + params);
  while (grid.nodes.length < grid.total_nodes) {
    params.set("offset", String(grid.nodes.length));
    const page = await api("GET", "/api/v1/plan/grid?" + params);
    if (page.revision !== grid.revision) return fetchGrid(); // the log moved on meanwhile
    if (page.nodes.length === 0) break;
    grid.nodes.push(...page.nodes);
  }
  return grid;
}

async function loadGrid() {
  const started = performance.now();
  const grid = await fetchGrid();
  const fetched = performance.now();
  state.grid = grid;
  document.getElementById("company").textContent = grid.company;
  document.getElementById("revision").textContent = grid.revision;
  const download = document.getElementById("download");
  if (download) download.href = "/api/v1/plan/grid.xlsx?" + scopeQuery();
  const rows = rowsOf(grid);
  if (!state.table) {
    if (state.expanded.size === 0) rows.forEach((r) => state.expanded.add(r.id));
    state.table = new Tabulator("#grid", {
      data: rows,
      index: "id",
      height: "65vh",
      dataTree: true,
      dataTreeChildIndent: 14,
      dataTreeStartExpanded: (row) => state.expanded.has(row.getData().id),
      columns: columnsOf(grid),
      selectableRange: 1,
      selectableRangeColumns: false,
      selectableRangeRows: false,
      clipboard: "copy",
      clipboardCopyRowRange: "range",
      clipboardCopyConfig: { columnHeaders: false, formatCells: false },
      editTriggerEvent: "dblclick",
      rowFormatter: (row) => row.getElement().classList.toggle("node-row", !!row.getData().isNode),
    });
    await new Promise((resolve) => state.table.on("tableBuilt", resolve));
    state.table.on("dataTreeRowExpanded", (row) => state.expanded.add(row.getData().id));
    state.table.on("dataTreeRowCollapsed", (row) => state.expanded.delete(row.getData().id));
    state.table.on("cellEdited", onCellEdited);
    state.table.on("cellClick", (_, cell) => select(cell));
  } else {
    await state.table.replaceData(rows);
  }
  // How long the last load took, for the benchmark (bench/planning).
  const countRows = (list) => list.reduce((n, r) => n + 1 + countRows(r._children || []), 0);
  window.fulcrumGridTiming = {
    nodes: grid.nodes.length,
    rows: countRows(rows),
    fetch_ms: fetched - started,
    render_ms: performance.now() - fetched,
  };
  return grid;
}

function select(cell) {
  const data = cell.getRow().getData();
  state.active = { node: data.node, figure: data.figure, key: cell.getField(), name: data.nodeName };
  loadChart(data.node, data.nodeName);
}

async function refresh(message) {
  try {
    await loadGrid();
    if (message) say(message);
    if (state.active) loadChart(state.active.node, state.active.name);
    loadKpis();
    loadEvents();
  } catch (error) {
    fail("Could not load the grid: " + error.message);
  }
}

// ---- edits --------------------------------------------------------------

function askReason(what) {
  const dialog = document.getElementById("reason-dialog");
  document.getElementById("reason-what").textContent = what;
  return new Promise((resolve) => {
    dialog.onclose = () => {
      if (dialog.returnValue === "ok") {
        resolve({ reason_code: document.getElementById("reason-code").value,
                  comment: document.getElementById("reason-comment").value,
                  spread: document.getElementById("reason-spread").value });
      } else {
        resolve(null);
      }
    };
    dialog.returnValue = "";
    dialog.showModal();
  });
}

async function send(edits, what) {
  fail("");
  const reason = await askReason(what);
  if (!reason) { await refresh("Change cancelled."); return; }
  try {
    const spread = (edit) => (edit.kind === "set" ? { ...edit, spread: reason.spread } : edit);
    const reply = await api("POST", "/api/v1/plan/changes", {
      base_revision: state.grid.revision, reason_code: reason.reason_code, comment: reason.comment,
      edits: edits.map(spread),
    });
    document.getElementById("reason-comment").value = "";
    state.undo.push(reply.changes);
    await refresh("Saved as change " + reply.changes.join(", ") + "; the plan is being recomputed.");
  } catch (error) {
    fail((error.status === 409 ? "Conflict: " : error.status === 403 ? "Not allowed: " : "Refused: ") + error.message);
    await refresh();
  }
}

function parseNumber(text) {
  const clean = String(text).trim().replace(/[,\s]/g, "");
  if (clean === "") return NaN;
  return Number(clean);
}

function onCellEdited(cell) {
  const value = parseNumber(cell.getValue());
  const old = cell.getOldValue();
  if (value === old) return;
  const data = cell.getRow().getData();
  const column = columnByKey(cell.getField());
  if (!Number.isFinite(value) || value < 0) {
    fail("'" + cell.getValue() + "' is not a quantity from 0 up.");
    refresh();
    return;
  }
  send([{ kind: "set", layer: data.figure, product: data.node, ...scopeOf(), period: column.period, value }],
       data.label + " of " + data.nodeName + " in " + column.period + ": " + units.format(value));
}

function scopeOf() {
  const scope = {};
  const params = scopeQuery();
  if (params.get("location")) scope.location = params.get("location");
  if (params.get("customer")) scope.customer = params.get("customer");
  return scope;
}

// Paste a block copied from Excel (tab separated) at the top-left selected cell.
document.addEventListener("paste", (event) => {
  if (!state.table || event.target.closest("dialog, input, .tabulator-editing")) return;
  const ranges = state.table.getRanges();
  if (!ranges.length) return;
  const text = (event.clipboardData || window.clipboardData).getData("text/plain");
  if (!text) return;
  event.preventDefault();
  const lines = text.replace(/\r/g, "").split("\n");
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  const block = lines.map((line) => line.split("\t"));
  let row = ranges[0].getRows()[0];
  const firstColumn = ranges[0].getColumns()[0];
  const edits = [];
  const problems = [];
  for (const values of block) {
    if (!row) { problems.push("the block runs past the last row"); break; }
    const data = row.getData();
    let column = firstColumn;
    for (const raw of values) {
      if (!column) { problems.push("the block runs past the last column"); break; }
      const def = columnByKey(column.getField());
      const value = parseNumber(raw);
      if (!def || !canEdit(data, def)) {
        problems.push(data.label + " of " + data.nodeName + " in " + (def ? def.period : column.getField()) + " is not editable for you");
      } else if (!Number.isFinite(value) || value < 0) {
        problems.push("'" + raw + "' for " + data.nodeName + " in " + def.period + " is not a quantity");
      } else {
        edits.push({ kind: "set", layer: data.figure, product: data.node, ...scopeOf(), period: def.period, value });
      }
      column = column.getNextColumn();
    }
    row = row.getNextRow();
  }
  if (problems.length) { fail("Nothing pasted: " + problems.join("; ")); return; }
  send(edits, "Paste of " + block.length + " × " + block[0].length + " cells (" + edits.length + " edits)");
});

document.getElementById("undo").addEventListener("click", async () => {
  fail("");
  try {
    const body = { base_revision: state.grid.revision };
    if (state.undo.length) body.changes = state.undo[state.undo.length - 1];
    const reply = await api("POST", "/api/v1/plan/undo", body);
    state.undo.pop();
    await refresh("Undone (change " + reply.changes.join(", ") + ").");
  } catch (error) {
    fail("Cannot undo: " + error.message);
  }
});

async function lock(kind) {
  fail("");
  if (!state.active || !columnByKey(state.active.key)) { fail("Select a cell first."); return; }
  const period = columnByKey(state.active.key).period;
  await send([{ kind, product: state.active.node, ...scopeOf(), period }], kind + " " + state.active.name + " in " + period);
}
document.getElementById("lock-button").addEventListener("click", () => lock("lock"));
document.getElementById("unlock-button").addEventListener("click", () => lock("unlock"));
for (const [id, open] of [["expand-all", true], ["collapse-all", false]]) {
  document.getElementById(id).addEventListener("click", () => {
    const walk = (rows) => rows.forEach((row) => {
      if (row.getTreeChildren().length) {
        if (open) row.treeExpand(); else row.treeCollapse();
        walk(row.getTreeChildren());
      }
    });
    walk(state.table.getRows());
  });
}
document.getElementById("scope-apply").addEventListener("click", async () => {
  if (state.table) { state.table.destroy(); state.table = null; }
  refresh();
});

// ---- history ------------------------------------------------------------

document.getElementById("history-button").addEventListener("click", async () => {
  fail("");
  const target = document.getElementById("history");
  if (!state.active || !columnByKey(state.active.key)) { fail("Select a cell first."); return; }
  const period = columnByKey(state.active.key).period;
  const layer = user.editable.includes(state.active.figure) || ["sales", "marketing", "demand_planner", "finance"].includes(state.active.figure)
    ? state.active.figure : "lock";
  const params = scopeQuery();
  params.set("product", state.active.node);
  params.set("period", period);
  params.set("layer", layer);
  try {
    const entries = await api("GET", "/api/v1/plan/history?" + params);
    const show = (v) => (v === null ? "–" : units.format(v));
    target.innerHTML = "";
    const caption = document.createElement("p");
    caption.textContent = state.active.name + ", " + layer + ", " + period + ": " + entries.length + " change(s)";
    target.appendChild(caption);
    const table = document.createElement("table");
    table.id = "history-table";
    table.innerHTML = "<tr><th>#</th><th>When</th><th>Who</th><th>Reason</th><th>Before</th><th>After</th></tr>";
    for (const e of entries) {
      const tr = document.createElement("tr");
      for (const [text, cls] of [[e.change_id], [e.at.replace("T", " ").replace("Z", "")], [e.author],
          [e.reason_code + (e.comment ? " – " + e.comment : "")], [show(e.before), "num"], [show(e.after), "num"]]) {
        const td = document.createElement("td");
        td.textContent = text;
        if (cls) td.className = cls;
        tr.appendChild(td);
      }
      table.appendChild(tr);
    }
    target.appendChild(table);
  } catch (error) {
    fail("No history: " + error.message);
  }
});

// ---- events -------------------------------------------------------------

async function loadEvents() {
  const target = document.getElementById("events");
  try {
    const events = await api("GET", "/api/v1/plan/events");
    target.innerHTML = "";
    if (!events.length) {
      target.innerHTML = '<p class="muted">No promotions, one-time events or launches yet.</p>';
      return;
    }
    const table = document.createElement("table");
    table.id = "events-table";
    table.innerHTML = "<tr><th>On</th><th>#</th><th>Event</th><th>Net units</th></tr>";
    for (const e of events) {
      const tr = document.createElement("tr");
      if (!e.active) tr.className = "off";
      const on = document.createElement("input");
      on.type = "checkbox";
      on.checked = e.active;
      on.disabled = !user.may_manage_events;
      on.title = e.active ? "Switch off: its effect leaves the consensus" : "Switch on";
      on.addEventListener("change", () =>
        send([{ kind: "set_event", event: e.id, active: on.checked }],
          (on.checked ? "Switch on " : "Switch off ") + "event " + e.id + " “" + e.name + "”"));
      const cells = [on, String(e.id), e.name + " (" + e.type.replace("_", "-") + "): " + e.what, units.format(e.net_units)];
      cells.forEach((content, i) => {
        const td = document.createElement("td");
        if (typeof content === "string") td.textContent = content; else td.appendChild(content);
        if (i === 3) td.className = "num";
        tr.appendChild(td);
      });
      table.appendChild(tr);
    }
    target.appendChild(table);
  } catch (error) {
    target.textContent = "No events: " + error.message;
  }
}

function showEventFields() {
  const form = document.getElementById("event-form");
  const type = form.elements.type.value;
  for (const label of form.querySelectorAll("label[class]")) {
    label.hidden = !label.classList.contains("for-" + type);
  }
}

function eventSpec(form) {
  const type = form.elements.type.value;
  const text = (name) => form.elements[name].value.trim();
  const number = (name) => (text(name) === "" ? undefined : Number(text(name)));
  const spec = { type, name: text("name"), start: text("start") };
  if (type === "launch") {
    Object.assign(spec, { item: text("item"), like_item: text("like_item"), volume: number("volume"),
      phase_in_months: number("phase_in_months") || 0, phase_out_months: number("phase_out_months") || 0 });
    if (text("replaces")) spec.replaces = text("replaces");
  } else {
    Object.assign(spec, { product: text("product") || (state.active && state.active.node) || "", end: text("end") });
    const scope = scopeOf();
    Object.assign(spec, scope);
    if (type === "promotion") {
      Object.assign(spec, { uplift_pct: number("uplift_pct") || 0,
        pull_forward_pct: number("pull_forward_pct") || 0, pull_forward_months: number("pull_forward_months") || 0,
        dip_pct: number("dip_pct") || 0, dip_months: number("dip_months") || 0,
        cannibalised_items: text("cannibalised_items").split(",").map((c) => c.trim()).filter(Boolean),
        cannibalisation_pct: number("cannibalisation_pct") || 0 });
    } else {
      if (number("units") !== undefined) spec.units = number("units");
      if (number("percent") !== undefined) spec.percent = number("percent");
    }
  }
  return spec;
}

document.getElementById("event-form").elements.type.addEventListener("change", showEventFields);
document.getElementById("event-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const spec = eventSpec(event.target);
  send([{ kind: "add_event", event: spec }], "Add event “" + spec.name + "”");
});

// ---- chart --------------------------------------------------------------

async function loadChart(node, name) {
  const params = scopeQuery();
  params.set("product", node);
  try {
    const chart = await api("GET", "/api/v1/plan/chart?" + params);
    document.getElementById("chart-title").textContent = name;
    document.getElementById("chart-note").textContent = chart.interval_note;
    if (!state.chart) state.chart = echarts.init(document.getElementById("chart"));
    const lower = chart.lower_80;
    const band = chart.upper_80.map((u, i) => (u === null || lower[i] === null ? null : u - lower[i]));
    const series = [
      { name: "History", type: "line", data: chart.history, showSymbol: false, lineStyle: { color: "#6b7280" }, itemStyle: { color: "#6b7280" } },
      { name: "80% interval", type: "line", data: lower, stack: "band", showSymbol: false, lineStyle: { opacity: 0 }, tooltip: { show: false } },
      { name: "80% interval ", type: "line", data: band, stack: "band", showSymbol: false, lineStyle: { opacity: 0 }, areaStyle: { color: "rgba(37,99,235,0.15)" }, tooltip: { show: false } },
      { name: "Statistical forecast", type: "line", data: chart.statistical, showSymbol: false, lineStyle: { type: "dashed", color: "#2563eb" }, itemStyle: { color: "#2563eb" } },
    ];
    for (const [label, values] of chart.layers) {
      series.push({ name: label, type: "line", data: values, showSymbol: false, connectNulls: false });
    }
    series.push({ name: "Consensus demand", type: "line", data: chart.consensus, showSymbol: false, lineStyle: { width: 3, color: "#059669" }, itemStyle: { color: "#059669" } });
    state.chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "–" : units.format(v)) },
      legend: { type: "scroll", bottom: 0, data: series.map((s) => s.name).filter((n) => !n.startsWith("80% interval ")) },
      grid: { left: 60, right: 10, top: 10, bottom: 50 },
      xAxis: { type: "category", data: chart.months },
      yAxis: { type: "value", axisLabel: { formatter: (v) => units.format(v) } },
      series,
    }, true);
  } catch (error) {
    fail("No chart: " + error.message);
  }
}

// ---- KPIs ---------------------------------------------------------------

function formatKpi(kpi) {
  switch (kpi.unit) {
    case "money": return money(kpi.value);
    case "ratio": {
      let text = (kpi.value * 100).toFixed(2);
      if (kpi.value < 1 && text === "100.00") text = "99.99";
      if (kpi.value > 0 && text === "0.00") text = "0.01";
      return text + "%";
    }
    case "turns": return kpi.value.toFixed(1) + "×";
    default: return quantity(kpi.value);
  }
}

async function loadKpis() {
  const target = document.getElementById("kpis");
  try {
    const reply = await api("GET", "/api/v1/plan/kpis");
    const before = state.kpis ? new Map(state.kpis.kpis.map((k) => [k.code, k.value])) : new Map();
    target.innerHTML = "";
    const more = document.createElement("details");
    more.className = "more-kpis";
    more.innerHTML = "<summary>All KPIs</summary>";
    const headline = (kpi) => HEADLINE.includes(kpi.code);
    for (const kpi of reply.kpis) {
      const tile = document.createElement("div");
      tile.className = "tile";
      tile.dataset.code = kpi.code;
      tile.innerHTML = '<div class="label"></div><div class="value"></div><div class="delta"></div>';
      tile.querySelector(".label").textContent = kpi.label;
      tile.querySelector(".value").textContent = formatKpi(kpi);
      if (before.has(kpi.code) && before.get(kpi.code) !== kpi.value) {
        tile.classList.add("changed");
        const delta = kpi.value - before.get(kpi.code);
        const shown = formatKpi({ ...kpi, value: Math.abs(delta) });
        tile.querySelector(".delta").textContent = (delta > 0 ? "▲ +" : "▼ −") + shown + " since revision " + state.kpis.revision;
      }
      (headline(kpi) ? target : more).appendChild(tile);
    }
    target.appendChild(more);
    const note = document.createElement("span");
    note.className = "muted";
    note.id = "kpi-note";
    note.textContent = "Plan at revision " + reply.revision + ", recomputed in " + reply.seconds.toFixed(2) + " s; " +
      units.format(reply.exceptions) + " exceptions.";
    target.appendChild(note);
    state.kpis = reply;
  } catch (error) {
    target.textContent = "The plan could not be recomputed: " + error.message;
  }
}

// ---- upload -------------------------------------------------------------

document.getElementById("upload").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  fail("");
  const xlsx = file.name.toLowerCase().endsWith(".xlsx");
  const params = new URLSearchParams({ name: file.name, base_revision: String(state.grid.revision) });
  try {
    const reply = await api("POST", "/api/v1/plan/overrides?" + params, await file.arrayBuffer(),
      xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
    await refresh("Uploaded " + file.name + ": " + reply.changes.length + " changes.");
  } catch (error) {
    fail("Nothing uploaded from " + file.name + ":\n" + error.message.split("; ").join("\n"));
  }
  event.target.value = "";
});

// ---- start --------------------------------------------------------------

for (const code of user.reasons) {
  const option = document.createElement("option");
  option.value = code;
  option.textContent = code.replace(/_/g, " ");
  document.getElementById("reason-code").appendChild(option);
}
for (const id of ["lock-button", "unlock-button"]) document.getElementById(id).disabled = !user.may_lock;
if (!user.may_export) document.getElementById("download").remove();
if (!user.may_manage_events) document.getElementById("event-form-box").remove();
else showEventFields();
if (!user.editable.length) {
  document.getElementById("undo").disabled = true;
  document.getElementById("upload").disabled = true;
}
if (!user.editable.length) say("You can read the plan; your role (" + user.role + ") edits no layer.");
refresh();
