// The dashboard: plain JavaScript against the service's own /v1/runs API (no framework, no CDN).
// The session cookie authenticates every call; the key typed at sign-in is sent once and dropped.
"use strict";
const $ = id => document.getElementById(id);
const fmt = (n, digits = 0) => Number(n).toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: "same-origin", ...options });
  if (response.status === 401) { showSignIn(); throw new Error("signed out"); }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || problem.title || `HTTP ${response.status}`);
  }
  return response;
}
const json = async (path, options) => (await api(path, options)).json();

function showSignIn() { $("sign-in-panel").hidden = false; $("dashboard").hidden = true; }

$("sign-in-form").addEventListener("submit", async event => {
  event.preventDefault();
  const key = $("key").value;
  $("key").value = "";
  const response = await fetch("/dashboard/session", { method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify({ key }) });
  if (response.status !== 204) { $("sign-in-error").textContent = "That key is not an analyst key."; return; }
  $("sign-in-error").textContent = "";
  await start();
});

$("sign-out").addEventListener("click", async () => {
  await fetch("/dashboard/session/end", { method: "POST", credentials: "same-origin" });
  showSignIn();
});

function filters() {
  const query = new URLSearchParams();
  if ($("stage").value) query.set("stage", $("stage").value);
  if ($("risk").value) query.set("risk_tier", $("risk").value);
  if ($("channel").value) query.set("channel", $("channel").value);
  return query;
}
const runId = () => encodeURIComponent($("run").value);

// A bar chart as SVG: bars is [{label, value, alt?}]; values may be negative.
function bars(target, items, valueFormat = v => fmt(v)) {
  const width = 560, height = 220, left = 46, bottom = 40, top = 12;
  const max = Math.max(0, ...items.map(i => i.value)), min = Math.min(0, ...items.map(i => i.value));
  const span = (max - min) || 1, inner = height - top - bottom, step = (width - left) / Math.max(items.length, 1);
  const y = v => top + (max - v) / span * inner;
  const ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const add = (name, attributes, text) => {
    const e = document.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    svg.appendChild(e);
  };
  add("line", { x1: left, x2: width, y1: y(0), y2: y(0), stroke: "#9aa5b1" });
  add("text", { x: left - 4, y: y(max) + 4, "text-anchor": "end", class: "axis" }, valueFormat(max));
  if (min < 0) add("text", { x: left - 4, y: y(min) + 4, "text-anchor": "end", class: "axis" }, valueFormat(min));
  items.forEach((item, i) => {
    const x = left + i * step + step * 0.15, w = step * 0.7;
    add("rect", { x, width: w, y: Math.min(y(item.value), y(0)), height: Math.max(1, Math.abs(y(item.value) - y(0))), class: item.alt ? "bar alt" : "bar" },
      undefined);
    svg.lastChild.appendChild(Object.assign(document.createElementNS(ns, "title"), { textContent: `${item.label}: ${valueFormat(item.value)}` }));
    add("text", { x: x + w / 2, y: height - bottom + 14, "text-anchor": "middle", class: "axis" }, item.label);
  });
  $(target).replaceChildren(svg);
}

async function refresh() {
  const query = filters();
  const [total, byChannel, byStage, byValue, histogram, page] = await Promise.all([
    json(`/v1/runs/${runId()}/summary?${query}`),
    json(`/v1/runs/${runId()}/summary?by=channel&${query}`),
    json(`/v1/runs/${runId()}/summary?by=stage&${query}`),
    json(`/v1/runs/${runId()}/summary?by=stage,risk_tier&${query}`),
    json(`/v1/runs/${runId()}/propensity?bins=10&${query}`),
    json(`/v1/runs/${runId()}/plans?sort=expected_value&order=desc&page_size=50&${query}`),
  ]);
  const all = total.groups[0] || { plans: 0, contacts_planned: 0, expected_value: 0, mean_propensity: 0 };
  $("plan-count").textContent = fmt(all.plans);
  $("contacts-count").textContent = fmt(all.contacts_planned);
  $("value-total").textContent = fmt(all.expected_value, 2);
  $("mean-propensity").textContent = fmt(all.mean_propensity, 3);
  bars("chart-channel", byChannel.groups.map(g => ({ label: g.group.channel, value: g.plans })));
  bars("chart-stage", byStage.groups.map(g => ({ label: g.group.stage, value: g.plans })));
  bars("chart-value", byValue.groups.map(g => ({ label: `${g.group.stage}/${g.group.risk_tier}`, value: g.expected_value })), v => fmt(v, 0));
  bars("chart-propensity", histogram.bins.map(b => ({ label: b.from.toFixed(1), value: b.plans })));
  const rows = page.plans.map(p => {
    const tr = document.createElement("tr");
    for (const v of [p.account_id, p.channel, p.cadence_days, p.stage, p.risk_tier, fmt(p.propensity_30d, 3),
      p.expected_value === null ? "" : fmt(p.expected_value, 2), p.product, p.region ?? ""]) {
      tr.appendChild(Object.assign(document.createElement("td"), { textContent: v }));
    }
    return tr;
  });
  $("plans").tBodies[0].replaceChildren(...rows);
  $("plans-note").textContent = `The ${rows.length} plans of highest expected value of ${fmt(page.total)}; the CSV holds them all.`;
}

$("apply").addEventListener("click", () => refresh().catch(showError));
$("run").addEventListener("change", () => refresh().catch(showError));

$("run-whatif").addEventListener("click", async () => {
  const capacity = {};
  for (const input of $("capacities").querySelectorAll("input")) if (input.value !== "") capacity[input.dataset.channel] = Number(input.value);
  const budget = $("budget").value === "" ? null : Number($("budget").value);
  try {
    const result = await json(`/v1/runs/${runId()}/what-if`, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ capacity, budget }) });
    $("whatif-result").textContent = `Value within the limits ${fmt(result.value, 2)} against ${fmt(result.unconstrained_value, 2)} unconstrained: `
      + `the limits cost ${fmt(result.cost_of_limits, 2)}; contacts cost ${fmt(result.spent, 2)}.`;
    bars("chart-whatif", result.channels.flatMap(c => [{ label: c.channel, value: c.planned }, { label: "", value: c.unconstrained, alt: true }]));
  } catch (e) { $("whatif-result").textContent = e.message; }
});

$("download").addEventListener("click", async () => {
  const response = await api(`/v1/runs/${runId()}/plans?${filters()}`, { headers: { Accept: "text/csv" } });
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(await response.blob()), download: `run-${$("run").value}-plans.csv` });
  link.click();
  URL.revokeObjectURL(link.href);
});

function showError(e) { $("plans-note").textContent = e.message; }

async function start() {
  const runs = await json("/v1/runs");
  $("sign-in-panel").hidden = true;
  $("dashboard").hidden = false;
  $("run").replaceChildren(...runs.map(r => Object.assign(document.createElement("option"), {
    value: r.run_id, textContent: `${r.run_id} (as of ${r.as_of.slice(0, 10)}, ${fmt(r.accounts)} plans)` })));
  if (runs.length === 0) { $("plans-note").textContent = "No stored run yet: repay score --store ... writes one."; return; }
  const channels = (await json(`/v1/runs/${runId()}/summary?by=channel`)).groups.map(g => g.group.channel);
  $("channel").replaceChildren(Object.assign(document.createElement("option"), { value: "", textContent: "all" }),
    ...channels.map(c => Object.assign(document.createElement("option"), { value: c, textContent: c })));
  $("capacities").replaceChildren(...channels.filter(c => c !== "none").map(c => {
    const label = Object.assign(document.createElement("label"), { textContent: `${c} capacity ` });
    label.appendChild(Object.assign(document.createElement("input"), { type: "number", min: 0, step: 1, placeholder: "unlimited", id: `cap-${c}` }));
    label.lastChild.dataset.channel = c;
    return label;
  }));
  await refresh();
}

start().catch(() => showSignIn());
