// dateline's search page. Every string from the index is inserted as text (textContent or
// Text nodes), never as HTML; the page's state lives in the URL.
"use strict";

const PAGE = 20;
const $ = (id) => document.getElementById(id);
let state = {};
let listed = 0;
let generation = 0;

function readUrl() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get("q") || "",
    sort: p.get("sort") || "relevance",
    source: p.getAll("source"),
    site: p.getAll("site"),
    since: p.get("since") || "",
    until: p.get("until") || "",
    exact: p.get("exact") === "1",
    all: p.get("all") === "1",
    article: p.get("article") || "",
  };
}

function params(s, { facets = false, article = true } = {}) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  if (s.sort !== "relevance") p.set("sort", s.sort);
  if (!facets) {
    s.source.forEach((v) => p.append("source", v));
    s.site.forEach((v) => p.append("site", v));
  }
  if (s.since) p.set("since", s.since);
  if (s.until) p.set("until", s.until);
  if (s.exact) p.set("exact", "1");
  if (s.all) p.set("all", "1");
  if (article && s.article) p.set("article", s.article);
  return p;
}

function go(next, replace = false) {
  const url = "?" + params(next).toString();
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

// `text` with `marks` ([start, end) in UTF-16 units) wrapped in <mark>, as text nodes.
function marked(text, marks) {
  const out = document.createDocumentFragment();
  let at = 0;
  for (const [a, b] of marks || []) {
    if (a < at) continue;
    out.append(text.slice(at, a), el("mark", {}, text.slice(a, b)));
    at = b;
  }
  out.append(text.slice(at));
  return out;
}

async function api(path, p) {
  const r = await fetch(path + (p ? "?" + p.toString() : ""));
  const body = await r.json().catch(() => ({ error: "the server sent no JSON" }));
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function syncControls() {
  $("q").value = state.q;
  $("sort").value = state.sort;
  $("since").value = state.since;
  $("until").value = state.until;
  $("exact").checked = state.exact;
  $("all").checked = state.all;
}

async function render() {
  state = readUrl();
  syncControls();
  document.title = state.q ? `${state.q} — dateline` : "dateline";
  const mine = ++generation;
  $("article").hidden = !state.article;
  for (const id of ["results", "summary", "timeline", "more"]) $(id).hidden = !!state.article;
  if (state.article) return showArticle(mine);
  if (!state.q) return showIndex(mine);
  $("results").classList.add("loading");
  listed = 0;
  await Promise.all([search(mine, true), facets(mine), timeline(mine)]);
}

async function showIndex(mine) {
  $("results").replaceChildren();
  $("timeline").replaceChildren();
  $("more").hidden = true;
  try {
    const s = await api("/api/stats");
    if (mine !== generation) return;
    const span = s.first_date ? `, ${s.first_date} to ${s.last_date}` : "";
    $("summary").replaceChildren(`${s.articles} articles (${s.stories} stories) from ${s.sources} sources${span}. Type a name and press Enter.`);
  } catch (e) {
    $("summary").replaceChildren(el("span", { class: "error" }, e.message));
  }
  await facets(mine);
}

async function search(mine, reset) {
  const p = params(state, { article: false });
  p.set("limit", String(PAGE));
  p.set("offset", String(reset ? 0 : listed));
  let r;
  try {
    r = await api("/api/search", p);
  } catch (e) {
    if (mine !== generation) return;
    $("results").classList.remove("loading");
    $("results").replaceChildren();
    $("summary").replaceChildren(el("span", { class: "error" }, e.message));
    $("more").hidden = true;
    return;
  }
  if (mine !== generation) return;
  const list = $("results");
  if (reset) list.replaceChildren();
  list.classList.remove("loading");
  let item = null;
  let last = null;
  for (const h of r.hits) {
    if (h.id !== last) {
      item = result(h);
      list.append(item);
      last = h.id;
      listed += 1;
    } else {
      item.querySelector(".passages").append(el("p", { class: "passage" }, marked(h.passage, h.marks)));
    }
  }
  const counting = state.all ? `${r.total} articles` : `${r.total} stories (${r.articles} articles)`;
  const summary = [r.total === 0 ? "No matching articles." : `${counting}; showing ${listed}.`];
  const found = r.variants.filter((v) => v.matched.length);
  if (found.length) {
    summary.push(el("span", { class: "variants" }, "Also found as: " +
      found.map((v) => `${v.word} → ${v.matched.join(", ")}`).join("; ")));
  }
  $("summary").replaceChildren(...summary);
  $("more").hidden = listed >= r.total;
}

function result(h) {
  const meta = el("div", { class: "meta" },
    el("span", { class: "date" }, h.date || "undated"),
    el("span", { class: "source" }, h.source || "unknown source"));
  if (h.site && h.site !== h.source) meta.append(el("span", { class: "site" }, `on ${h.site}`));
  const link = el("a", { href: "?" + articleParams(h.id).toString(), class: "open" },
    h.title ? marked(h.title, h.title_marks) : "(no title)");
  link.addEventListener("click", (ev) => {
    ev.preventDefault();
    go({ ...state, article: h.id });
  });
  const item = el("li", { class: "result", "data-id": h.id },
    meta,
    el("h3", {}, link),
    el("div", { class: "passages" }, el("p", { class: "passage" }, marked(h.passage, h.marks))),
    el("div", { class: "path" }, h.path));
  if (h.copies && h.copies.length) item.append(copies(h.copies));
  return item;
}

function articleParams(id) {
  const p = params(state);
  p.set("article", id);
  return p;
}

function copies(list) {
  const outlets = new Set(list.map((c) => c.source || c.site || c.path));
  const n = outlets.size;
  const detail = el("ul", { hidden: "" });
  for (const c of list) {
    const a = el("a", { href: "?" + articleParams(c.id).toString() },
      `${c.date || "undated"} · ${c.source || "unknown source"}${c.site && c.site !== c.source ? " on " + c.site : ""}`);
    a.addEventListener("click", (ev) => { ev.preventDefault(); go({ ...state, article: c.id }); });
    detail.append(el("li", {}, a, " ", el("span", { class: "path" }, c.path)));
  }
  const button = el("button", { type: "button", class: "also", "aria-expanded": "false" },
    `also in ${n} ${n === 1 ? "outlet" : "outlets"}`);
  button.addEventListener("click", () => {
    detail.hidden = !detail.hidden;
    button.setAttribute("aria-expanded", String(!detail.hidden));
  });
  return el("div", { class: "copies" }, button, detail);
}

async function facets(mine) {
  const p = params(state, { facets: true, article: false });
  p.delete("sort");
  const [sources, sites] = await Promise.all([
    api("/api/sources", withBy(p, "source")).catch(() => null),
    api("/api/sources", withBy(p, "site")).catch(() => null),
  ]);
  if (mine !== generation) return;
  facetList($("source-list"), sources, "source");
  facetList($("site-list"), sites, "site");
}

function withBy(p, by) {
  const q = new URLSearchParams(p);
  q.set("by", by);
  return q;
}

function facetList(list, view, key) {
  list.replaceChildren();
  if (!view) return;
  const chosen = state[key];
  for (const row of view.sources.slice(0, 50)) {
    const on = chosen.includes(row.source);
    const b = el("button", { type: "button", class: on ? "on" : "", "aria-pressed": String(on) },
      el("span", { class: "name" }, row.source), el("span", { class: "n" }, String(row.articles)));
    b.addEventListener("click", () => {
      const next = on ? chosen.filter((x) => x !== row.source) : [...chosen, row.source];
      go({ ...state, [key]: next, article: "" });
    });
    list.append(el("li", {}, b));
  }
}

async function timeline(mine) {
  const p = params(state, { article: false });
  p.delete("sort");
  p.set("by", "auto");
  let t;
  try {
    t = await api("/api/timeline", p);
  } catch (e) {
    return;
  }
  if (mine !== generation) return;
  const box = $("timeline");
  box.replaceChildren();
  if (t.buckets.length < 2) return;
  const max = Math.max(1, ...t.buckets.map((b) => b.articles));
  for (const b of t.buckets) {
    const bar = el("button", {
      type: "button",
      class: b.articles ? "bar" : "bar zero",
      title: `${b.period}: ${b.articles}`,
      "aria-label": `${b.period}: ${b.articles} articles`,
      "data-period": b.period,
    });
    bar.style.height = `${Math.max(2, (100 * b.articles) / max)}%`;
    if (b.articles) {
      bar.addEventListener("click", () => {
        const [since, until] = range(b.period, t.by);
        go({ ...state, since, until, article: "" });
      });
    }
    box.append(bar);
  }
  box.append(el("span", { class: "axis" }, t.buckets[0].period),
    el("span", { class: "axis end" }, t.buckets[t.buckets.length - 1].period));
}

// The first and last day of a timeline period.
function range(period, by) {
  const pad = (n) => String(n).padStart(2, "0");
  const iso = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (by === "year") return [`${period}-01-01`, `${period}-12-31`];
  if (by === "month") {
    const [y, m] = period.split("-").map(Number);
    return [`${period}-01`, iso(new Date(Date.UTC(y, m, 0)))];
  }
  if (by === "week") {
    const d = new Date(period + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 6);
    return [period, iso(d)];
  }
  return [period, period];
}

async function showArticle(mine) {
  const box = $("article");
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.exact) p.set("exact", "1");
  let a;
  try {
    a = await api(`/api/article/${encodeURIComponent(state.article)}`, p);
  } catch (e) {
    if (mine === generation) box.replaceChildren(el("p", { class: "error" }, e.message), back());
    return;
  }
  if (mine !== generation) return;
  const meta = el("div", { class: "meta" },
    el("span", { class: "date" }, a.date || "undated"),
    el("span", { class: "source" }, a.source || "unknown source"));
  if (a.site && a.site !== a.source) meta.append(el("span", { class: "site" }, `on ${a.site}`));
  const passages = el("div", { class: "passages" });
  a.passages.forEach((text, i) => passages.append(el("p", {}, marked(text, a.marks[i]))));
  box.replaceChildren(
    back(),
    meta,
    el("h2", {}, a.title ? marked(a.title, a.title_marks) : "(no title)"),
    passages,
    el("p", { class: "path" }, a.path, " · ",
      el("a", { href: `/api/article/${encodeURIComponent(a.id)}/raw`, class: "raw" }, "saved file")));
}

function back() {
  const b = el("button", { type: "button", class: "back" }, "← Back to results");
  b.addEventListener("click", () => go({ ...state, article: "" }));
  return b;
}

document.addEventListener("DOMContentLoaded", () => {
  $("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    go({ ...state, q: $("q").value.trim(), article: "" });
  });
  $("sort").addEventListener("change", () => go({ ...state, sort: $("sort").value, article: "" }));
  for (const id of ["since", "until"]) {
    $(id).addEventListener("change", () => go({ ...state, [id]: $(id).value, article: "" }));
  }
  $("clear-dates").addEventListener("click", () => go({ ...state, since: "", until: "", article: "" }));
  for (const id of ["exact", "all"]) {
    $(id).addEventListener("change", () => go({ ...state, [id]: $(id).checked, article: "" }));
  }
  $("more").addEventListener("click", () => search(generation, false));
  $("help-toggle").addEventListener("click", () => {
    $("help").hidden = !$("help").hidden;
    $("help-toggle").setAttribute("aria-expanded", String(!$("help").hidden));
  });
  document.addEventListener("keydown", (ev) => {
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName);
    if (ev.key === "/" && !typing) {
      ev.preventDefault();
      $("q").focus();
      $("q").select();
    }
  });
  window.addEventListener("popstate", render);
  render();
});
