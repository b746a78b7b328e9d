// The page at `/`: a search form over the API (/search, /articles, /outlets), hits with their
// snippets and facets, and an article view. State lives in the address (?q=...&outlet=... or
// ?article=ID), so results can be linked and the back button works. Text from the store is
// only ever set as text (never as HTML); snippets are marked up from their match offsets.
"use strict";

const FILTERS = ["q", "outlet", "lang", "from", "to", "sort"];
const $ = (id) => document.getElementById(id);
let nextCursor = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

async function api(path) {
  const headers = { Accept: "application/json" };
  const key = sessionStorage.getItem("newsstore-key");
  if (key) headers.Authorization = `Bearer ${key}`;
  const response = await fetch(path, { headers });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) $("key-form").hidden = false;
  if (!response.ok) throw new Error(body.detail || `${response.status} ${response.statusText}`);
  return body;
}

function status(text) {
  $("status").textContent = text;
}

function day(iso) {
  return iso ? iso.slice(0, 10) : "undated";
}

function snippet(hit) {
  // snippet_text with <mark> around each [start, end) of `highlights`.
  const node = el("p", { class: "snippet" });
  const text = hit.snippet_text || "";
  let at = 0;
  for (const [start, end] of hit.highlights || []) {
    if (start < at) continue;
    node.append(text.slice(at, start), el("mark", {}, text.slice(start, end)));
    at = end;
  }
  node.append(text.slice(at));
  return node;
}

function articleLink(item) {
  const link = el("a", { href: `/?article=${encodeURIComponent(item.id)}`, class: "title" },
    item.title || "(untitled)");
  link.addEventListener("click", (event) => {
    event.preventDefault();
    history.pushState(null, "", link.getAttribute("href"));
    render();
  });
  return link;
}

function hitItem(item) {
  const meta = [item.outlet ? item.outlet.name : "unknown outlet", day(item.published_at)];
  if (item.language) meta.push(item.language);
  if (item.score !== undefined) meta.push(`score ${item.score}`);
  return el("li", { class: "hit" },
    articleLink(item),
    el("div", { class: "meta" }, meta.join(" · ")),
    item.snippet_text !== undefined ? snippet(item) : el("p", { class: "snippet" }, item.subtitle));
}

function filterLink(label, count, change) {
  // A facet value as a link to the same search narrowed by `change(params)`.
  const params = new URLSearchParams(location.search);
  params.delete("article");
  change(params);
  const link = el("a", { href: `/?${params}` }, label);
  link.addEventListener("click", (event) => {
    event.preventDefault();
    history.pushState(null, "", link.getAttribute("href"));
    fillForm();
    render();
  });
  return el("li", {}, link, ` ${count}`);
}

function facetBlock(title, entries) {
  return el("div", { class: "facet" }, el("h3", {}, title), el("ul", {}, ...entries));
}

function renderFacets(facets) {
  const box = $("facets");
  box.replaceChildren();
  if (!facets) return;
  const known = (values) => values.filter((v) => v.value);
  if (facets.outlet) {
    box.append(facetBlock("Outlet", known(facets.outlet).map((v) =>
      filterLink(v.label || v.value, v.count, (p) => p.set("outlet", v.value)))));
  }
  if (facets.language) {
    box.append(facetBlock("Language", known(facets.language).map((v) =>
      filterLink(v.value, v.count, (p) => p.set("lang", v.value)))));
  }
  if (facets.date) {
    const buckets = facets.date.map((b) => filterLink(b.start.slice(0, 7), b.count, (p) => {
      p.set("from", b.start);
      p.set("to", b.end);
    }));
    if (facets.undated) buckets.push(el("li", { class: "undated" }, `undated ${facets.undated}`));
    box.append(facetBlock(`Date (${facets.interval})`, buckets));
  }
}

function currentFilters() {
  const params = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) query.set(name, value);
  }
  return query;
}

async function showResults(append) {
  $("article").hidden = true;
  $("results").hidden = false;
  const query = currentFilters();
  const path = query.get("q") ? "/search" : "/articles";
  if (path === "/articles" && query.get("sort") === "relevance") query.delete("sort");
  if (append && nextCursor) query.set("cursor", nextCursor);
  else query.set("facets", "outlet,language,date");
  status("Searching…");
  const page = await api(`${path}?${query}`);
  if (!append) {
    $("hits").replaceChildren();
    renderFacets(page.facets);
  }
  $("hits").append(...page.items.map(hitItem));
  nextCursor = page.next;
  $("more").hidden = !nextCursor;
  const what = query.get("q") ? `match ${page.query}` : "stored, newest first";
  status(`${page.total}${page.total_is_exact === false ? "+" : ""} articles ${what}`);
}

async function showArticle(id) {
  $("results").hidden = true;
  const view = $("article");
  view.hidden = false;
  status("Loading…");
  const article = await api(`/articles/${encodeURIComponent(id)}`);
  const back = el("a", { href: "#", class: "back" }, "← back to results");
  back.addEventListener("click", (event) => {
    event.preventDefault();
    history.back();
  });
  const meta = [
    article.outlet ? article.outlet.name : "unknown outlet",
    day(article.published_at),
    article.authors.length ? `by ${article.authors.join(", ")}` : null,
    article.language,
    `${article.word_count} words`,
  ].filter(Boolean);
  const paragraphs = article.body.split(/\n\s*\n/).map((text) => el("p", {}, text));
  const parts = [
    back,
    el("h1", {}, article.title || "(untitled)"),
    article.subtitle ? el("p", { class: "subtitle" }, article.subtitle) : null,
    el("div", { class: "meta" }, meta.join(" · ")),
    article.url ? el("a", { href: article.url, rel: "noreferrer", class: "source" }, article.url) : null,
    el("div", { class: "body" }, ...paragraphs),
  ];
  view.replaceChildren(...parts.filter(Boolean));
  status("");
}

function fillForm() {
  const params = new URLSearchParams(location.search);
  for (const name of FILTERS) $(name).value = params.get(name) || "";
}

async function fillChoices() {
  const [outlets, languages] = await Promise.all([
    api("/outlets"), api("/articles?limit=1&facets=language"),
  ]);
  $("outlet").append(...outlets.items.map((o) => el("option", { value: o.slug }, o.name)));
  $("lang").append(...languages.facets.language.filter((v) => v.value)
    .map((v) => el("option", { value: v.value }, v.value)));
}

async function render(append = false) {
  try {
    const id = new URLSearchParams(location.search).get("article");
    if (id) await showArticle(id);
    else await showResults(append);
  } catch (error) {
    status(error.message);
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  $("search").addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const name of FILTERS) {
      const value = $(name).value.trim();
      if (value) query.set(name, value);
    }
    history.pushState(null, "", `/?${query}`);
    render();
  });
  $("more").addEventListener("click", () => render(true));
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem("newsstore-key", $("key").value);
    location.reload();
  });
  window.addEventListener("popstate", () => {
    fillForm();
    render();
  });
  try {
    await fillChoices();
  } catch (error) {
    status(error.message);
  }
  fillForm();
  await render();
});
