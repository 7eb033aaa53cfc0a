// gametheory explorer: a small front end over the JSON API of gametheory.web.app.
// No framework, no network beyond the local server.  Every value shown comes from the
// server; nothing typed here is evaluated in the page (payoffs are parsed by the server's
// whitelist parser).
"use strict";

const state = { doc: null, game: null, params: {}, player: "", seq: 0, classroom: null, timer: null };
const $ = (id) => document.getElementById(id);

function showError(message) {
  const box = $("error");
  if (!message) { box.hidden = true; box.textContent = ""; return; }
  box.hidden = false;
  box.textContent = message;
}

async function call(method, url, body) {
  const opts = { method, headers: {} };
  if (body !== undefined) { opts.headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(body); }
  const res = await fetch(url, opts);
  const type = res.headers.get("content-type") || "";
  const data = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) {
    const where = data && data.path ? ` (at ${data.path})` : "";
    throw new Error((data && data.error ? data.error : String(data)) + where);
  }
  return data;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else if (k === "text") node.textContent = v;
    else node[k] = v;
  }
  for (const c of children) node.append(c);
  return node;
}

// ------------------------------------------------------------------ files
async function loadFiles() {
  const data = await call("GET", "/api/files");
  const list = $("file-list");
  list.replaceChildren();
  for (const f of data.files) {
    const item = el("li", { "data-path": f.path, text: f.path, className: "file-item" });
    item.addEventListener("click", () => openGame(f.path));
    list.append(item);
  }
  const wanted = new URLSearchParams(location.search).get("game");
  if (wanted) openGame(wanted);
  else if (data.files.length === 1) openGame(data.files[0].path);
}

async function openGame(path) {
  showError("");
  try {
    const data = await call("POST", "/api/open", { path });
    for (const li of document.querySelectorAll("#file-list li")) li.classList.toggle("active", li.dataset.path === path);
    setDocument(data);
    await analyse(true);
  } catch (e) { showError(e.message); }
}

function setDocument(data) {
  state.doc = data.id;
  state.game = data.game;
  const g = data.game;
  $("welcome").hidden = true;
  $("game").hidden = false;
  $("toolbar").hidden = false;
  $("game-title").textContent = g.title || data.name;
  $("game-description").textContent = g.description || "";
  state.params = {};
  for (const p of g.parameters) state.params[p.name] = p.default;
  renderParams(g);
  const focal = $("focal");
  const keep = state.player;
  focal.replaceChildren(el("option", { value: "", text: "(none: equilibria only)" }));
  for (const p of g.players) focal.append(el("option", { value: p, text: p }));
  // a focal player by default where a diagnosis is the point: parametrised games and conflicts
  const focalByDefault = g.parameters.length > 0 || g.form === "conflict";
  state.player = g.players.includes(keep) ? keep : (focalByDefault ? g.players[0] : "");
  focal.value = state.player;
  $("tree-figure").hidden = g.form !== "tree";
  $("conflict-box").hidden = g.form !== "conflict";
  $("normal-box").hidden = g.form === "conflict";
  $("export-format").querySelector("option[value=nfg]").disabled = g.form === "conflict";
  $("export-format").querySelector("option[value=efg]").disabled = g.form === "conflict";
  $("export-format").querySelector("option[value=tex]").disabled = g.form === "conflict";
  $("tables").hidden = g.form !== "normal";
  $("table-help").hidden = g.form !== "normal";
  $("start-classroom").hidden = g.form !== "normal";
  updateExportLink();
}

function updateExportLink() {
  const fmt = $("export-format").value;
  $("export-link").href = `/api/doc/${state.doc}/export?format=${fmt}`;
}

// ------------------------------------------------------------------ parameters
function renderParams(g) {
  const box = $("params");
  box.replaceChildren();
  if (!g.parameters.length) { box.append(el("p", { className: "muted", text: "This game has no parameters." })); return; }
  for (const p of g.parameters) {
    const value = el("span", { className: "value", text: p.default });
    const row = el("div", { className: "param" });
    row.append(el("label", { title: p.description || "" }, el("span", { text: p.name }), value));
    if (p.low !== null && p.high !== null) {
      const lo = Number(frac(p.low)), hi = Number(frac(p.high));
      const input = el("input", { type: "range", min: lo, max: hi, step: "any", value: Number(frac(p.default)) });
      input.setAttribute("data-param", p.name);
      input.step = String((hi - lo) / 200);
      input.addEventListener("input", () => {
        const v = roundTo(Number(input.value), (hi - lo) / 200);
        state.params[p.name] = String(v);
        value.textContent = String(v);
        schedule(true);
      });
      row.append(input);
      row.append(el("div", { className: "muted", text: `range ${p.low} to ${p.high}` + (p.description ? ` · ${p.description}` : "") }));
    } else {
      const input = el("input", { type: "text", value: p.default, size: 8 });
      input.setAttribute("data-param", p.name);
      input.addEventListener("change", () => { state.params[p.name] = input.value; value.textContent = input.value; schedule(); });
      row.append(input);
    }
    box.append(row);
  }
}

function roundTo(v, step) {
  // keep a short decimal: the server reads it exactly ("3.6" is 18/5)
  const digits = Math.max(0, Math.min(6, Math.ceil(-Math.log10(step)) + 1));
  return Number(v.toFixed(digits));
}

/** Set a parameter from a test or the console; returns the analysis promise. */
function setParam(name, value) {
  state.params[name] = String(value);
  const input = document.querySelector(`input[data-param="${name}"]`);
  if (input) {
    input.value = String(value);
    input.parentElement.querySelector(".value").textContent = String(value);
  }
  return analyse(false);
}
window.gtSetParam = setParam;

// While a slider moves, a light request brings the new diagnosis (no equilibrium list);
// once it rests, the full analysis follows.
function schedule(live) {
  clearTimeout(state.timer);
  clearTimeout(state.restTimer);
  state.timer = setTimeout(() => analyse(false, live && !!state.player), 40);
  state.restTimer = setTimeout(() => analyse(false, false), 400);
}

// ------------------------------------------------------------------ analysis
async function analyse(withConditions, live) {
  if (!state.doc) return;
  const seq = ++state.seq;
  const t0 = performance.now();
  document.body.dataset.busy = "1";
  try {
    const data = await call("POST", `/api/doc/${state.doc}/analyse`,
      { params: state.params, player: state.player || null, conditions: !!withConditions, live: !!live });
    if (seq !== state.seq) return;           // a newer request is on its way
    showError("");
    state.reference = data.reference || null;
    render(data);
    $("latency").textContent = `updated in ${Math.round(performance.now() - t0)} ms`;
  } catch (e) {
    if (seq === state.seq) showError(e.message);
  } finally {
    if (seq === state.seq) document.body.dataset.busy = "";
  }
}

function render(data) {
  document.body.dataset.live = data.live ? "1" : "";
  if (state.game.form === "conflict") {
    renderConflict(data);
    document.body.dataset.analysed = String(state.seq);
    return;
  }
  if (state.game.form === "normal") renderTables(data);
  else renderTree();
  if (data.equilibria) renderEquilibria(data.equilibria);
  else $("equilibria").replaceChildren(el("p", { className: "muted", text: "updating the equilibria..." }));
  renderDiagnosis(data.diagnosis);
  $("landscape-box").hidden = !state.player || state.game.form !== "normal";
  document.body.dataset.analysed = String(state.seq);
}

// ------------------------------------------------------------------ strategic form
function cartesian(lists) {
  return lists.reduce((acc, list) => acc.flatMap((a) => list.map((_, k) => a.concat([k]))), [[]]);
}

function at(nested, idx) { return idx.reduce((a, k) => a[k], nested); }

function renderTables(data) {
  const g = state.game;
  const box = $("tables");
  box.replaceChildren();
  if (!data.values) { box.append(el("p", { className: "muted", text: `Too large to show as a table (${g.cells} profiles).` })); return; }
  // while a slider moves (live), the shading of the last full analysis is kept
  if (data.pure_equilibria) state.pure = data.pure_equilibria;
  const pure = new Set((data.pure_equilibria || state.pure || []).map((p) => JSON.stringify(p)));
  const n = g.players.length;
  const rest = cartesian(g.strategies.slice(2));
  for (const tail of rest) {
    if (n > 2) {
      const caption = tail.map((k, j) => `${g.players[j + 2]}: ${g.strategies[j + 2][k]}`).join(", ");
      box.append(el("div", { className: "slice-caption", text: caption }));
    }
    const table = el("table", { className: "payoffs" });
    const colPlayer = n > 1 ? g.players[1] : "";
    const head = el("tr", {}, el("th", { text: `${g.players[0]} \\ ${colPlayer}` }));
    const cols = n > 1 ? g.strategies[1] : [""];
    for (const c of cols) head.append(el("th", { text: c }));
    table.append(head);
    g.strategies[0].forEach((rowLabel, r) => {
      const tr = el("tr", {}, el("th", { text: rowLabel }));
      cols.forEach((_, c) => {
        const idx = n > 1 ? [r, c, ...tail] : [r];
        const labels = idx.map((k, i) => g.strategies[i][k]);
        const td = el("td", { className: "cell" });
        td.setAttribute("data-profile", labels.join("|"));
        if (pure.has(JSON.stringify(labels))) td.classList.add("eq");
        for (let i = 0; i < n; i++) {
          const shown = at(data.values[i], idx);
          const formula = g.payoffs ? at(g.payoffs[i], idx) : shown;
          const span = el("span", { className: "pay", text: fmt(shown), title: `${g.players[i]}: ${formula}` });
          span.setAttribute("data-player", g.players[i]);
          if (at(data.best_responses[i], idx)) span.classList.add("best");
          span.addEventListener("click", () => editPayoff(span, labels, g.players[i], formula));
          td.append(span);
          if (i < n - 1) td.append(", ");
        }
        tr.append(td);
      });
      table.append(tr);
    });
    box.append(table);
  }
}

function editPayoff(span, profile, player, formula) {
  const input = el("input", { type: "text", value: String(formula) });
  input.setAttribute("data-editing", "1");
  span.replaceWith(input);
  input.focus();
  input.select();
  let done = false;
  const finish = async (commit) => {
    if (done) return;
    done = true;
    if (!commit || input.value === String(formula)) { input.replaceWith(span); return; }
    try {
      const data = await call("POST", `/api/doc/${state.doc}/payoff`, { profile, player, value: input.value });
      state.game = data.game;
      await analyse(false);
    } catch (e) {
      showError(e.message);
      input.replaceWith(span);
    }
  };
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") finish(true);
    if (ev.key === "Escape") finish(false);
  });
  input.addEventListener("blur", () => finish(false));
}

// ------------------------------------------------------------------ trees
function renderTree() {
  const q = new URLSearchParams({ params: JSON.stringify(state.params) });
  const url = `/api/doc/${state.doc}/figure/tree.svg?${q}`;
  $("tree-img").src = url;
  $("figure-link").href = url;
  $("figure-link").hidden = false;
}

// ------------------------------------------------------------------ conflicts (ordinal)
const CONCEPTS = { nash: "Nash", gmr: "GMR", smr: "SMR", seq: "SEQ", sim: "SIM", seqsim: "SEQ+SIM", nm: "NM" };

function renderConflict(data) {
  const g = state.game, c = data.conflict;
  $("conflict-summary").textContent = `${g.players.length} decision makers, ${g.options.length} options ` +
    `(${g.options.map((o) => o.name).join(", ")}), ${g.states} feasible states; status quo ${g.status_quo || "not given"}.` +
    " A state is written as one Y/N per option, in this order.";
  const z = data.ordinal_zugzwang;
  $("ordinal-verdict").textContent = z ? `${z.dm}: ${z.verdict} (under ${z.concept.toUpperCase()})` : "";
  $("ordinal-verdict").dataset.zugzwang = z ? String(z.zugzwang) : "";
  const box = $("ordinal-options");
  box.replaceChildren();
  if (z) {
    const table = el("table", { className: "payoffs" });
    table.append(el("tr", {}, el("th", { text: "option (state moved to)" }), el("th", { text: "reachable equilibria" }),
      el("th", { text: `against the status quo, for ${z.dm}` })));
    for (const o of z.options) {
      table.append(el("tr", {}, el("td", { text: o.option === "stay" ? `stay (${z.status_quo})` : o.state }),
        el("td", { text: o.outcomes.join(", ") || "none (the conflict cycles)" }), el("td", { text: o.verdict })));
    }
    box.append(table);
  }
  const eq = $("conflict-equilibria");
  eq.replaceChildren();
  const table = el("table", { className: "payoffs" });
  table.append(el("tr", {}, el("th", { text: "concept" }), el("th", { text: "equilibria" }), el("th", { text: "states" })));
  for (const [key, states] of Object.entries(c.equilibria)) {
    const shown = states.length > 12 ? states.slice(0, 12).join(", ") + `, ... (${states.length - 12} more)` : states.join(", ");
    table.append(el("tr", {}, el("td", { text: CONCEPTS[key] || key.toUpperCase() }), el("td", { text: String(states.length) }),
      el("td", { text: shown || "none" })));
  }
  eq.append(table);
  for (const [key, why] of Object.entries(c.skipped || {})) eq.append(el("p", { className: "muted", text: `${key}: ${why}` }));
  const url = `/api/doc/${state.doc}/figure/status-quo.svg`;
  $("status-quo-img").src = url;
  $("figure-link").href = url;
  $("figure-link").hidden = false;
}

// ------------------------------------------------------------------ equilibria
function renderEquilibria(res) {
  const box = $("equilibria");
  box.replaceChildren();
  const head = `${res.equilibria.length} equilibri${res.equilibria.length === 1 ? "um" : "a"} by ${res.method}` +
    ` (${res.exact ? "exact" : "floating point"}${res.complete ? ", complete" : ""})`;
  box.append(el("p", { className: "muted", text: head }));
  const list = el("ol", { className: "eq-list" });
  for (const eq of res.equilibria) {
    const parts = [];
    for (const [player, mix] of Object.entries(eq.labels)) parts.push(`${player}: ${describeMix(mix)}`);
    list.append(el("li", { text: parts.join("; ") + `  →  payoffs (${eq.payoffs.map(fmt).join(", ")})` }));
  }
  box.append(list);
  for (const w of res.warnings || []) box.append(el("p", { className: "muted", text: "note: " + w }));
}

function describeMix(mix) {
  // a mix is {strategy: p} (strategic form) or {infoset: {action: p}} (trees)
  const out = [];
  for (const [k, v] of Object.entries(mix)) {
    if (v !== null && typeof v === "object") out.push(`${k}: ${describeMix(v)}`);
    else if (frac(v) !== 0) out.push(frac(v) === 1 ? k : `${k} ${fmt(v)}`);
  }
  return out.join(", ");
}

// ------------------------------------------------------------------ diagnosis
function renderDiagnosis(d) {
  const box = $("diagnosis");
  if (!d) { box.hidden = true; return; }
  box.hidden = false;
  const verdict = $("verdict");
  verdict.textContent = d.zugzwang ? "ZUGZWANG: every option is bad" : "No zugzwang: some option is not bad";
  verdict.className = d.zugzwang ? "zugzwang" : "escape";
  verdict.dataset.zugzwang = String(d.zugzwang);
  const ref = state.reference ? `${state.reference.description}, payoff ${fmt(d.reference)}` : fmt(d.reference);
  $("margin").textContent = `margin ${fmt(d.margin)} (best option: ${d.best_option}; reference: ${ref})`;
  $("margin").dataset.margin = String(d.margin);
  // one-parameter escape thresholds read well; the full symbolic conditions are in the CLI and report
  const conds = (d.conditions || []).filter((c) => c.kind === "escape" && c.parameter && c.threshold !== null)
    .map((c) => c.description);
  if (conds.length || !(d.conditions || []).length) $("diagnosis-note").textContent = conds.join(" · ");
  drawOptionChart($("option-chart"), d);
}

function drawLandscape() {
  const q = new URLSearchParams({ params: JSON.stringify(state.params), player: state.player });
  const url = `/api/doc/${state.doc}/figure/landscape.svg?${q}`;
  $("landscape-img").src = url;
  $("landscape-img").hidden = false;
  $("figure-link").href = url;
  $("figure-link").hidden = false;
}

// ------------------------------------------------------------------ classroom (teacher)
async function startClassroom() {
  try {
    const data = await call("POST", "/api/classroom", { doc: state.doc });
    state.classroom = data.code;
    $("classroom-box").hidden = false;
    $("classroom-code").textContent = data.code;
    const url = `${location.origin}/classroom/${data.code}`;
    $("classroom-url").href = url;
    $("classroom-url").textContent = url;
    pollTally();
  } catch (e) { showError(e.message); }
}

async function pollTally() {
  if (!state.classroom) return;
  try {
    const data = await call("GET", `/api/classroom/${state.classroom}`);
    renderTally(data.tally);
  } catch (e) { showError(e.message); }
  setTimeout(pollTally, 2000);
}

function renderTally(t) {
  const box = $("tally");
  box.replaceChildren(el("p", { text: `${t.students} student${t.students === 1 ? "" : "s"} answered.` }));
  for (const p of t.players) {
    const table = el("table");
    const head = el("tr", {}, el("th", { text: `${p.player} (${p.responses})` }), el("th", { text: "class share" }));
    t.equilibria.forEach((_, k) => head.append(el("th", { text: `equilibrium ${k + 1}` })));
    table.append(head);
    for (const s of p.strategies) {
      const tr = el("tr", {}, el("td", { text: s.strategy }), el("td", { text: s.share === null ? "–" : `${Math.round(s.share * 100)}% (${s.count})` }));
      s.equilibria.forEach((q) => tr.append(el("td", { text: `${Math.round(q * 100)}%` })));
      table.append(tr);
    }
    box.append(table);
  }
}

// ------------------------------------------------------------------ classroom (student)
async function studentPage(code) {
  $("welcome").hidden = true;
  $("sidebar").hidden = true;
  $("student").hidden = false;
  let student = sessionStorage.getItem("gt-student");
  if (!student) { student = Math.random().toString(36).slice(2, 12); sessionStorage.setItem("gt-student", student); }
  try {
    const data = await call("GET", `/api/classroom/${code}`);
    const g = data.game;
    $("student-title").textContent = `${g.title || "Classroom game"} (session ${code})`;
    const sel = $("student-player");
    for (const p of g.players) sel.append(el("option", { value: p, text: p }));
    const draw = () => {
      const i = g.players.indexOf(sel.value);
      const box = $("student-strategies");
      box.replaceChildren();
      g.strategies[i].forEach((s, k) => {
        const id = `strategy-${k}`;
        const radio = el("input", { type: "radio", name: "strategy", value: s, id });
        box.append(el("label", { htmlFor: id }, radio, " " + s));
      });
    };
    sel.addEventListener("change", draw);
    draw();
    $("student-submit").addEventListener("click", async () => {
      const chosen = document.querySelector("input[name=strategy]:checked");
      if (!chosen) { $("student-status").textContent = "Pick a strategy first."; return; }
      try {
        await call("POST", `/api/classroom/${code}/choice`, { student, player: sel.value, strategy: chosen.value });
        $("student-status").textContent = `Recorded: ${sel.value} plays ${chosen.value}.`;
      } catch (e) { showError(e.message); }
    });
  } catch (e) { showError(e.message); }
}

// ------------------------------------------------------------------ start
window.addEventListener("DOMContentLoaded", () => {
  $("export-format").addEventListener("change", updateExportLink);
  $("focal").addEventListener("change", () => { state.player = $("focal").value; analyse(true); });
  $("draw-landscape").addEventListener("click", drawLandscape);
  $("start-classroom").addEventListener("click", startClassroom);
  const m = location.pathname.match(/^\/classroom\/([A-Za-z0-9]+)/);
  if (m) studentPage(m[1].toUpperCase());
  else loadFiles().catch((e) => showError(e.message));
});
