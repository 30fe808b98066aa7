// winlint serve: lint the draft as it is typed, highlight findings, show reframes, accept rewrites.
// No framework and no network beyond this server. User text only ever goes into textContent.
"use strict";

const $ = (id) => document.getElementById(id);
const draft = $("draft"), preview = $("preview"), list = $("findings"), summary = $("summary");
const status = $("status"), format = $("format"), files = $("files");
let current = { text: null, findings: [] }, openedPath = null, timer = null, seq = 0, active = -1;

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function say(message) { status.textContent = message; }

async function api(url, options) {
  const resp = await fetch(url, options);
  let data = null;
  try { data = await resp.json(); } catch (e) { /* not JSON */ }
  if (!resp.ok) throw new Error((data && data.error) || `${resp.status} ${resp.statusText}`);
  return data;
}

async function lint() {
  const text = draft.value, mine = ++seq;
  say("checking…");
  try {
    const body = { text, format: format.value };
    if (openedPath) body.path = openedPath;
    const data = await api("/api/lint", { method: "POST", headers: { "Content-Type": "application/json" },
                                          body: JSON.stringify(body) });
    if (mine !== seq) return;                 // a newer lint is on its way
    current = { text, findings: data.findings };
    render(data);
    say(data.findings.length ? `${data.findings.length} finding(s)` : "no findings");
  } catch (err) {
    if (mine === seq) say(`error: ${err.message}`);
  }
}

function schedule() { clearTimeout(timer); timer = setTimeout(lint, 300); }

function render(data) {
  renderPreview();
  renderCards();
  renderSummary(data.summary);
}

function renderPreview() {
  const text = current.text;
  preview.replaceChildren();
  let pos = 0;
  current.findings.forEach((f, i) => {
    const [s, e] = f.span;
    if (s < pos) return;                      // overlapping: the first one wins the highlight
    preview.append(document.createTextNode(text.slice(pos, s)));
    const mark = el("mark", f.severity, text.slice(s, e));
    mark.dataset.index = i;
    mark.title = `${f.rule} ${f.name}: ${f.message}`;
    mark.addEventListener("click", () => focus(i));
    preview.append(mark);
    pos = e;
  });
  preview.append(document.createTextNode(text.slice(pos)));
}

function renderCards() {
  list.replaceChildren();
  if (!current.findings.length) {
    list.append(el("li", "empty", current.text.trim() ? "Nothing flagged. Nice." : "Nothing to check yet."));
    return;
  }
  current.findings.forEach((f, i) => {
    const card = el("li", "card");
    card.dataset.index = i;
    const head = el("div", "head");
    head.append(el("span", "code", f.rule), ` ${f.name} · ${f.category} · ${f.severity} · line ${f.line}`);
    const phrase = el("div", "msg");
    phrase.append(el("span", "phrase", f.text));
    const msg = el("p", "msg", f.message);
    const step = el("p", "step");
    step.append(el("b", null, "Apply step: "), f.step_title || f.step);
    card.append(head, phrase, msg, step);
    if (f.rewrites.length) {
      card.append(el("div", "head", "Rewrite"));
      const ul = el("ul", "rewrites");
      f.rewrites.forEach((r) => {
        const li = el("li", "rewrite");
        const btn = el("button", "accept", "Accept");
        btn.type = "button";
        btn.addEventListener("click", () => accept(f, r));
        li.append(el("span", "reframe", r.text), btn);
        ul.append(li);
      });
      card.append(ul);
    }
    const asks = f.questions.filter((q) => !f.rewrites.some((r) => r.text === q));
    if (asks.length) {
      card.append(el("div", "head", "Reframes"));
      const ul = el("ul", "questions");
      asks.forEach((q) => ul.append(el("li", "reframe", q)));
      card.append(ul);
    }
    if (f.why) { const why = el("p", "head", f.why); card.append(why); }
    card.addEventListener("click", () => focus(i));
    list.append(card);
  });
}

function renderSummary(s) {
  summary.replaceChildren(el("h2", null, "Tone"));
  const tone = s.findings === 0 ? "No adversarial phrasing found."
    : `${s.findings} finding(s) in ${s.sentences} sentence(s): ${s.per_100} per 100 sentences.`;
  summary.append(el("p", "tone", tone));
  const chips = el("div", "chips");
  Object.entries(s.by_category).forEach(([cat, n]) => chips.append(el("span", "chip", `${cat.replaceAll("_", " ")} ${n}`)));
  summary.append(chips);
  summary.append(el("p", "head", `${s.words} word(s) checked.`));
}

function focus(i) {
  active = i;
  document.querySelectorAll(".active").forEach((n) => n.classList.remove("active"));
  document.querySelectorAll(`[data-index="${i}"]`).forEach((n) => n.classList.add("active"));
  const card = list.querySelector(`.card[data-index="${i}"]`);
  if (card) card.scrollIntoView({ block: "nearest" });
}

function accept(finding, rewrite) {
  const [s, e] = rewrite.span;
  if (draft.value !== current.text) { say("the draft changed; checking again first"); lint(); return; }
  draft.value = draft.value.slice(0, s) + rewrite.text + draft.value.slice(e);
  draft.focus();
  draft.setSelectionRange(s, s + rewrite.text.length);
  say(`rewrote “${finding.text}”`);
  lint();
}

async function copy() {
  try {
    await navigator.clipboard.writeText(draft.value);
  } catch (err) {                           // no clipboard permission: select and copy the old way
    draft.select();
    document.execCommand("copy");
  }
  say("copied to the clipboard");
}

async function loadFiles() {
  try {
    const data = await api("/api/files");
    data.files.forEach((f) => { const o = el("option", null, f); o.value = f; files.append(o); });
  } catch (err) { say(`cannot list files: ${err.message}`); }
}

async function openFile() {
  openedPath = files.value || null;
  if (!openedPath) return;
  try {
    const data = await api(`/api/file?path=${encodeURIComponent(openedPath)}`);
    draft.value = data.text;
    format.value = data.format;
    lint();
  } catch (err) { say(`cannot open ${openedPath}: ${err.message}`); }
}

draft.addEventListener("input", schedule);
format.addEventListener("change", lint);
files.addEventListener("change", openFile);
$("check").addEventListener("click", lint);
$("copy").addEventListener("click", copy);
loadFiles();
if (draft.value) lint();
