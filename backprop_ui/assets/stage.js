// The stage: controls, phase bar, status line, network figure, formula card and matrices,
// stepped through in the browser. Python (backprop_ui/walk.py) words and typesets every
// step; this file only lays the steps out, animates the change between two of them, and
// keeps the step: in memory, in sessionStorage (per scenario) and in the address bar.
// The server hears nothing of a step; it is told only when it must act (never, so far).
//
// Text from the walk goes into the page as text nodes; only KaTeX's output of the walk's
// formulas is set as HTML (KaTeX escapes what it typesets).

const SKIP = [
  "input", "textarea", "select", "[contenteditable='']", "[contenteditable='true']",
  "[role='slider']", "[role='grid']", "[role='listbox']", "[role='menu']", "[role='combobox']",
  "[data-testid='stDataFrame']", "[data-testid='stDataFrameResizable']", "[data-testid='stSidebar']",
].join(",");
const REDUCED = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : { matches: false };

// One global record: the page has one stage, but Streamlit may mount it again (a page switch)
// before the old mount is cleaned up.
const G = (window.__bpStage ??= {
  stages: new Map(), active: null, keys: false, history: false, scripts: {}, applied: null,
});

// ---- loading plotly.js and KaTeX from this app's own server ---------------------------------
function loadScript(url) {
  if (!G.scripts[url]) {
    G.scripts[url] = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = url;
      s.async = true;
      s.onload = () => resolve();
      s.onerror = () => { delete G.scripts[url]; reject(new Error("could not load " + url)); };
      document.head.appendChild(s);
    });
  }
  return G.scripts[url];
}

function loadStyle(url) {
  if (!document.querySelector(`link[data-bp="${url}"]`)) {
    const l = document.createElement("link");
    l.rel = "stylesheet";
    l.href = url;
    l.dataset.bp = url;
    document.head.appendChild(l);
  }
}

// ---- KaTeX -----------------------------------------------------------------------------------
const texCache = new Map();
function tex(source, display = true) {
  const key = (display ? "D" : "I") + source;
  let html = texCache.get(key);
  if (html === undefined) {
    try {
      html = window.katex.renderToString(source, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
    } catch (e) {
      html = null;
    }
    if (texCache.size > 2000) texCache.clear();
    texCache.set(key, html);
  }
  return html;
}

function setTex(el, source, display = true) {
  if (el.__tex === source) return;
  el.__tex = source;
  const html = source ? tex(source, display) : "";
  if (html === null) el.textContent = source;
  else el.innerHTML = html; // KaTeX's output of the walk's own formulas
}

// Plain text with $…$ math: text nodes for the words, KaTeX for the math.
function setRich(el, text) {
  if (el.__rich === text) return;
  el.__rich = text;
  el.replaceChildren();
  String(text ?? "").split("$").forEach((part, k) => {
    if (k % 2 === 0) {
      if (part) el.appendChild(document.createTextNode(part));
    } else {
      const span = document.createElement("span");
      setTex(span, part, false);
      el.appendChild(span);
    }
  });
}

// A formula wider than its box: first the one broken at "=" (if there is one), then smaller type,
// down to 60 %; only past that does the box scroll.
function fit(el, narrower, lines) {
  if (el.style.fontSize) el.style.fontSize = "";
  el.classList.remove("bp-tight");
  if (el.scrollWidth <= el.clientWidth) return;
  if (narrower && el.__tex !== narrower) {
    setTex(el, narrower);
    if (el.scrollWidth <= el.clientWidth) return;
  }
  for (let size = 95; size >= 75; size -= 5) {
    el.style.fontSize = size + "%";
    if (el.scrollWidth <= el.clientWidth) return;
  }
  if (lines && lines.length) {
    // Still too wide: each equation as a line of its own that breaks after "+" and "=".
    el.style.fontSize = "";
    el.__tex = null;
    el.classList.add("bp-tight");
    el.replaceChildren(...lines.map((line) => {
      const div = document.createElement("div");
      setTex(div, line, false);
      return div;
    }));
  }
}

function h2(ns, tag, attrs = {}, text) {
  const el = document.createElementNS(ns, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) el.appendChild(c);
  return el;
}

const ICONS = {
  reset: "M6 6h2v12H6zm3.5 6 8.5 6V6z",
  prev: "M20 11H7.83l5.59-5.59L12 4l-8 8 8 8 1.41-1.41L7.83 13H20v-2z",
  next: "M12 4l-1.41 1.41L16.17 11H4v2h12.17l-5.58 5.59L12 20l8-8z",
  play: "M8 5v14l11-7z",
  pause: "M6 19h4V5H6v14zm8-14v14h4V5h-4z",
  present: "M21 3H3c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h5v2h8v-2h5c1.1 0 2-.9 2-2V5c0-1.1-.9-2-2-2zm0 14H3V5h18v12zM10 8v6l5-3z",
  close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
  practice: "M3 17.25V21h3.75L17.81 9.94l-3.75-3.75L3 17.25zM20.71 7.04a1 1 0 0 0 0-1.41l-2.34-2.34a1 1 0 0 0-1.41 0l-1.83 1.83 3.75 3.75 1.83-1.83z",
  class: CLASS_ICON,
  share: "M18 16.08c-.76 0-1.44.3-1.96.77L8.91 12.7c.05-.23.09-.46.09-.7s-.04-.47-.09-.7l7.05-4.11c.54.5 1.25.81 2.04.81 1.66 0 3-1.34 3-3s-1.34-3-3-3-3 1.34-3 3c0 .24.04.47.09.7L8.04 9.81C7.5 9.31 6.79 9 6 9c-1.66 0-3 1.34-3 3s1.34 3 3 3c.79 0 1.5-.31 2.04-.81l7.12 4.16c-.05.21-.08.43-.08.65 0 1.61 1.31 2.92 2.92 2.92s2.92-1.31 2.92-2.92-1.31-2.92-2.92-2.92z",
};

function icon(name) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", ICONS[name]);
  svg.appendChild(path);
  return svg;
}

// ---- practice: reading and judging an answer (backprop_core/practice.py is the reference) ----------
const LEVELS = ["watch", "output", "delta", "all"];
const DIGITS = { "۰": 0, "۱": 1, "۲": 2, "۳": 3, "۴": 4, "۵": 5, "۶": 6, "۷": 7, "۸": 8, "۹": 9,
  "٠": 0, "١": 1, "٢": 2, "٣": 3, "٤": 4, "٥": 5, "٦": 6, "٧": 7, "٨": 8, "٩": 9 };
const MINUSES = ["-", "\u2212", "\u2013"];

// A number as typed: Persian or Arabic-Indic digits, ٫ or . as the point, a leading minus, an
// optional exponent. null for anything else (the same rules as practice.parse_answer).
function parseAnswer(text) {
  let s = String(text).trim().replace(/[۰-۹٠-٩]/g, (d) => String(DIGITS[d])).replace(/٫/g, ".").replace(/ /g, "");
  let sign = 1;
  if (MINUSES.includes(s[0])) { sign = -1; s = s.slice(1); } else if (s[0] === "+") s = s.slice(1);
  s = s.toLowerCase();
  const e = s.indexOf("e");
  const mantissa = e < 0 ? s : s.slice(0, e);
  let exponent = e < 0 ? null : s.slice(e + 1);
  if (!/^(\d+\.?\d*|\.\d+)$/.test(mantissa)) return null;
  if (exponent !== null) {
    if (MINUSES.includes(exponent[0])) exponent = "-" + exponent.slice(1);
    if (!/^[+-]?\d+$/.test(exponent)) return null;
  }
  const value = sign * Number(mantissa + (exponent !== null ? "e" + exponent : ""));
  return Number.isFinite(value) ? value : null;
}

// Right, the mistakes whose number it is (the nearest such number), or unknown.
function judge(q, x) {
  if (Math.abs(x - q.v) <= q.t) return { right: true, ids: [] };
  let best = null;
  for (const [v, t, ids] of q.c) {
    const gap = Math.abs(x - v);
    if (gap <= t && (!best || gap < best.gap)) best = { gap, ids };
  }
  return { right: false, ids: best ? best.ids : [] };
}

function levelAsks(questionLevel, level) {
  return level !== "watch" && LEVELS.indexOf(questionLevel) <= LEVELS.indexOf(level);
}

// The practice state of this tab: the level, which steps were answered, the score, the streaks.
// Kept in sessionStorage, so a reload or another page and back keeps it; the server hears nothing.
function practiceState() {
  if (!G.practice) {
    let saved = null;
    try { saved = JSON.parse(sessionStorage.getItem("bp-practice") || "null"); } catch (e) { saved = null; }
    G.practice = Object.assign({ level: "watch", last: "all", answered: {}, score: {}, streak: {}, suggested: {} }, saved || {});
  }
  return G.practice;
}

function savePractice() {
  try { sessionStorage.setItem("bp-practice", JSON.stringify(G.practice)); } catch (e) { /* private mode */ }
}

// ---- the stage ---------------------------------------------------------------------------------
class Stage {
  constructor(parent) {
    this.parent = parent;
    this.level = "watch";
    this.windows = new Map();
    this.pending = new Map();
    this.step = 0;
    this.playing = false;
    this.timer = null;
    this.anim = null;
    this.blank = false;
    this.present = false;
    this.walkKey = null;
    this.table = null; // the values table at tableAt
    this.tableAt = -1;
    this.build();
  }

  // -- the DOM, built once; every step only changes texts, classes and the figure --
  build() {
    const button = (name, cls, onclick) => {
      const b = h("button", { type: "button", class: "bp-btn " + cls, onclick });
      b.appendChild(icon(name));
      b.appendChild(h("span", { class: "bp-label" }));
      return b;
    };
    this.el = {};
    const e = this.el;
    e.reset = button("reset", "bp-reset", () => this.go(0));
    e.prev = button("prev", "bp-prev", () => this.go(this.step - 1));
    e.play = button("play", "bp-play bp-primary", () => this.togglePlay());
    e.next = button("next", "bp-next", () => this.go(this.step + 1, true));
    e.speed = h("select", { class: "bp-speed", onchange: () => this.setSpeed(+e.speed.value) });
    e.speedLabel = h("label", { class: "bp-speed-label" });
    e.present = button("present", "bp-present-btn", () => this.togglePresent());
    e.share = button("share", "bp-share-btn", () => this.toggleShare());
    e.practice = button("practice", "bp-practice-btn", () => this.setLevel(this.level === "watch" ? practiceState().last : "watch"));
    e.startClass = button("class", "bp-class-btn", () => this.startClass());
    e.share.setAttribute("aria-expanded", "false");
    e.slider = h("input", { type: "range", class: "bp-slider", min: 1, value: 1, oninput: () => this.go(+e.slider.value - 1) });
    e.sliderLabel = h("label", { class: "bp-slider-label" });
    e.counter = h("output", { class: "bp-counter" });
    e.phasebar = h("nav", { class: "bp-phasebar" });
    e.status = h("p", { class: "bp-status" });
    e.live = h("div", { class: "bp-sr", "aria-live": "polite", "aria-atomic": "true" });
    e.plot = h("div", { class: "bp-plot" });
    e.overlay = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    e.overlay.setAttribute("class", "bp-overlay");
    e.overlay.setAttribute("aria-hidden", "true");
    e.key = h("p", { class: "bp-key" });
    e.figure = h("figure", { class: "bp-figure", role: "img" }, e.plot, e.overlay, e.key);
    e.title = h("h3", { class: "bp-title" });
    e.ids = h("span", { class: "bp-ids" });
    e.caption = h("p", { class: "bp-caption" });
    e.flabel = h("p", { class: "bp-small" });
    // Formulas scroll sideways when wider than the card, so each can take the keyboard's focus.
    e.formula = h("div", { class: "bp-math bp-formula", tabindex: "0", role: "group" });
    e.cases = h("div", { class: "bp-cases" });
    e.nlabel = h("p", { class: "bp-small" });
    e.numbers = h("div", { class: "bp-math bp-numbers", tabindex: "0", role: "group" });
    e.current = h("div", { class: "bp-math bp-current", tabindex: "0", role: "group" });
    e.notes = h("div", { class: "bp-notes" });
    // Practice: the question in place of the step's numbers, then what the answer was.
    e.qTurn = h("h4", { class: "bp-q-turn" });
    e.qAsk = h("p", { class: "bp-q-ask" });
    e.qGiven = h("div", { class: "bp-math bp-q-given", tabindex: "0", role: "group" });
    e.qInput = h("input", { class: "bp-q-input", type: "text", inputmode: "decimal", autocomplete: "off",
      spellcheck: "false", dir: "ltr" });
    e.qCheck = h("button", { type: "submit", class: "bp-btn bp-primary bp-q-check" });
    e.qForm = h("form", { class: "bp-q-form", novalidate: true, onsubmit: (ev) => { ev.preventDefault(); this.answer(); } },
      e.qInput, e.qCheck);
    e.qFeedback = h("div", { class: "bp-q-feedback", role: "status", "aria-live": "polite" });
    e.qAgain = h("button", { type: "button", class: "bp-btn bp-q-again", onclick: () => this.tryAgain() });
    e.qShow = h("button", { type: "button", class: "bp-btn bp-q-show", onclick: () => this.showAnswer() });
    e.qActions = h("div", { class: "bp-q-actions", hidden: true }, e.qAgain, e.qShow);
    e.quiz = h("div", { class: "bp-quiz", hidden: true }, e.qTurn, e.qAsk, e.qGiven, e.qForm, e.qFeedback, e.qActions);
    e.card = h("article", { class: "bp-card" },
      h("div", { class: "bp-head" }, e.title, e.ids), e.caption, e.flabel, e.formula, e.cases, e.quiz, e.nlabel,
      e.numbers, e.current, e.notes);
    e.levelLabel = h("label", { class: "bp-level-label" });
    e.level = h("select", { class: "bp-level", onchange: () => this.setLevel(e.level.value) });
    e.score = h("p", { class: "bp-score" });
    e.suggest = h("p", { class: "bp-suggest", hidden: true });
    e.suggestGo = h("button", { type: "button", class: "bp-btn bp-suggest-go", hidden: true, onclick: () => this.nextLevel() });
    e.pbar = h("div", { class: "bp-pbar", hidden: true },
      h("span", { class: "bp-level-box" }, e.levelLabel, e.level), e.score, h("div", { class: "bp-suggest-box" }, e.suggest, e.suggestGo));
    e.mxHead = h("h4", { class: "bp-mx-head" });
    e.panels = h("div", { class: "bp-panels" });
    e.mxCaption = h("p", { class: "bp-small bp-mx-caption" });
    e.vecSummary = h("summary");
    e.vectors = h("div", { class: "bp-vectors", tabindex: "0" });
    e.vecBox = h("details", { class: "bp-vec-box", open: true }, e.vecSummary, e.vectors);
    e.matrices = h("section", { class: "bp-matrices" }, e.mxHead, e.panels, e.mxCaption, e.vecBox);
    e.shareIntro = h("p", { class: "bp-small" });
    e.shareUrl = h("input", { class: "bp-share-url", readonly: true, type: "text", dir: "ltr" });
    e.copy = h("button", { type: "button", class: "bp-btn bp-copy", onclick: () => this.copyLink() });
    e.copied = h("span", { class: "bp-small bp-copied", role: "status" });
    e.download = h("a", { class: "bp-btn bp-download", download: "" });
    e.script = h("a", { class: "bp-btn bp-script", download: "" });
    e.linkRow = h("div", { class: "bp-share-row" }, e.shareUrl, e.copy);
    e.sharePanel = h("div", { class: "bp-share-panel", hidden: true },
      e.shareIntro, e.linkRow, e.copied,
      h("div", { class: "bp-share-row bp-downloads" }, e.download, e.script));
    e.notice = h("p", { class: "bp-notice", role: "status" });
    e.blank = h("div", { class: "bp-blank", hidden: true });
    e.blankText = h("span", { class: "bp-sr" });
    e.blank.appendChild(e.blankText);
    e.controls = h("div", { class: "bp-controls" },
      h("div", { class: "bp-buttons" }, e.reset, e.prev, e.play, e.next,
        h("span", { class: "bp-speed-box" }, e.speedLabel, e.speed)),
      h("div", { class: "bp-jump" }, e.sliderLabel, e.slider, e.counter, e.practice, e.startClass, e.present, e.share));
    e.root = h("section", { class: "bp-stage" },
      e.controls, e.sharePanel, e.phasebar, e.status, e.pbar, e.live, e.notice,
      h("div", { class: "bp-main" }, e.figure, e.card), e.matrices, e.blank);
    e.speedLabel.htmlFor = e.speed.id = "bp-speed-" + Math.random().toString(36).slice(2, 8);
    e.sliderLabel.htmlFor = e.slider.id = "bp-slider-" + Math.random().toString(36).slice(2, 8);
    e.levelLabel.htmlFor = e.level.id = "bp-level-" + Math.random().toString(36).slice(2, 8);
    e.qFeedback.id = "bp-qfb-" + Math.random().toString(36).slice(2, 8);
    e.qInput.setAttribute("aria-describedby", e.qFeedback.id);
    this.parent.appendChild(e.root);
    this.touch();
  }

  // Swipe on the figure or the card: left for the next step, right for the previous one.
  touch() {
    let x0 = null, y0 = null;
    const area = this.el.root.querySelector(".bp-main");
    area.addEventListener("touchstart", (ev) => {
      if (ev.touches.length !== 1) return;
      // A swipe on a formula or matrix wider than its box scrolls it; it is not a step.
      for (let el = ev.target; el && el !== area; el = el.parentElement) {
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") return;
      }
      x0 = ev.touches[0].clientX;
      y0 = ev.touches[0].clientY;
    }, { passive: true });
    area.addEventListener("touchend", (ev) => {
      if (x0 === null) return;
      const dx = ev.changedTouches[0].clientX - x0, dy = ev.changedTouches[0].clientY - y0;
      x0 = null;
      if (Math.abs(dx) > 50 && Math.abs(dx) > 2 * Math.abs(dy)) {
        this.stopPlaying();
        this.go(this.step + (dx < 0 ? 1 : -1), dx < 0);
      }
    }, { passive: true });
  }

  // -- new data from Python: a walk (new scenario or language), maybe a step to go to --
  update(data) {
    this.data = data;
    this.assets = data.assets;
    loadStyle(data.assets.katex_css);
    const walk = typeof data.walk === "string" ? JSON.parse(data.walk) : data.walk;
    const sameWalk = this.walkKey === data.token;
    const oldN = this.meta ? this.meta.n : null;
    this.meta = walk.meta;
    this.token = data.token;
    this.walkKey = data.token;
    if (!sameWalk) {
      this.windows = new Map();
      this.pending = new Map();
      for (const w of walk.windows) this.windows.set(Math.floor(w.start / this.meta.window), w);
      this.table = null;
      this.tableAt = -1;
      this.figureReady = false;
    }
    this.words();
    // Where to stand: a step the server asks for (once), else where this tab last stood in
    // this scenario, else the same place in a walk of another scenario.
    const n = this.meta.n;
    let step = this.step;
    const stored = sessionStorage.getItem("bp-step:" + data.skey);
    if (data.target && data.target.id !== sessionStorage.getItem("bp-target")) {
      step = data.target.step;
      sessionStorage.setItem("bp-target", data.target.id);
    } else if (oldN === null && stored !== null) {
      step = +stored;
    }
    this.skey = data.skey;
    if (oldN === null && data.present) this.setPresent(true, false);
    if (oldN === null) {
      // A link's practice level wins once per request, like its step; else this tab's own.
      const ps = practiceState();
      if (data.practice && data.practice_id !== sessionStorage.getItem("bp-practice-id")) {
        ps.level = data.practice;
        if (data.practice !== "watch") ps.last = data.practice;
        sessionStorage.setItem("bp-practice-id", data.practice_id);
        savePractice();
      }
      this.level = ps.level;
      this.practiceWords();
    }
    this.step = Math.max(0, Math.min(n - 1, step | 0));
    this.classUpdate(data);
    this.ready().then(() => {
      this.show(this.step, false);
      this.lecture?.follow();
    });
  }

  // -- the live class (assets/class.js) --
  classUpdate(data) {
    const info = data.class;
    if (info && (!this.lecture || this.lecture.info.code !== info.code)) {
      this.lecture?.destroy();
      this.lecture = new Lecture(this, info);
      if (info.teacher && sessionStorage.getItem("bp-class-join") === info.code) {
        sessionStorage.removeItem("bp-class-join");
        this.lecture.toggleJoin(true); // a class just started: the projector shows how to join
      }
    } else if (info) {
      const lecture = this.lecture;
      // A student who changes the network leaves the lecture's walk; "back to the lecture" brings it back.
      if (!info.teacher && lecture.room && data.query !== lecture.room.query && lecture.asked !== lecture.room.query) lecture.setFollowing(false);
      lecture.update(info);
    } else if (this.lecture) {
      this.lecture.destroy();
      this.lecture = null;
    }
    this.classWords();
  }

  classWords() {
    const W = this.data.class_words, b = this.el.startClass;
    b.hidden = !this.present || Boolean(this.lecture);
    b.querySelector(".bp-label").textContent = W["cl.start"];
    b.setAttribute("aria-label", W["cl.start"]);
    b.title = W["cl.start_help"];
    if (this.lecture) {
      this.el.shareIntro.textContent = this.lecture.L["cl.share_student"];
      this.el.linkRow.hidden = false; // the students' link is short whatever the network
    }
  }

  async startClass() {
    const W = this.data.class_words;
    this.el.notice.textContent = W["cl.starting"];
    try {
      const r = await fetch("/api/classes", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ query: this.data.query, lang: this.meta.lang }),
      });
      const body = await r.json().catch(() => ({}));
      if (!r.ok || !body.teacher_url) throw new Error(body.error || "other");
      const url = new URL(body.teacher_url, location.href);
      if (this.step > 0) url.searchParams.set("step", String(this.step + 1));
      sessionStorage.setItem("bp-class-join", body.code);
      location.assign(url.pathname + url.search);
    } catch (err) {
      const why = W.why[err.message] || W.why.other;
      this.el.notice.textContent = W["cl.start_failed"].replace("{why}", why);
    }
  }

  // The room moved this student's stage (not the student): no leaving the lecture.
  followTo(step) {
    if (step === this.step && this.shown === step) return;
    this.classMove = true;
    try {
      this.stopPlaying();
      this.go(step, step === this.step + 1);
    } finally {
      this.classMove = false;
    }
  }

  // The room has gone (ended or expired): the walk stays, as the student's own.
  endClass() {
    if (!this.lecture) return;
    const code = this.lecture.info.code;
    this.lecture.destroy();
    this.lecture = null;
    this.setTrigger?.("left", code); // the session forgets the class, so a later rerun does not look for it
    const url = new URL(location.href);
    url.searchParams.delete("class");
    url.searchParams.delete("teach");
    G.replace.call(history, history.state, "", url.toString());
    this.words();
    this.classWords();
    if (this.shown !== undefined) this.show(this.shown, false);
  }

  recordAt(index) {
    const win = this.windowOf(index);
    return win ? win.steps[index - win.start] : null;
  }

  // A whole number in the walk's digits.
  num(n) {
    return String(n).replace(/\d/g, (d) => this.meta.digits[d]);
  }

  ready() {
    if (!this.loaded) {
      this.loaded = Promise.all([loadScript(this.assets.katex_js), loadScript(this.assets.plotly)]).catch((err) => {
        this.loaded = null;
        this.el.notice.textContent = String(err.message || err);
        throw err;
      });
    }
    return this.loaded;
  }

  // The words of the controls, in the walk's language.
  words() {
    const L = this.meta.labels, e = this.el;
    e.root.dir = this.meta.dir;
    e.card.dir = e.matrices.dir = e.status.dir = e.key.dir = e.pbar.dir = this.meta.dir;
    e.root.lang = this.meta.lang;
    e.root.setAttribute("aria-label", L["stage.region"]);
    // The controls and the phase bar read left to right in Persian too: they run along the walk,
    // whose forward pass goes left to right across the figure, and "next" points the way the
    // slider and the arrow key → go. The words in them are Persian, right to left.
    e.controls.dir = "ltr";
    e.phasebar.dir = "ltr";
    const label = (btn, text, key) => {
      btn.querySelector(".bp-label").textContent = text;
      btn.setAttribute("aria-label", text);
      if (key) btn.setAttribute("aria-keyshortcuts", key);
      btn.title = text;
    };
    label(e.reset, L["ctl.reset"], "Home");
    label(e.prev, L["ctl.prev"], "ArrowLeft PageUp");
    label(e.next, L["ctl.next"], "ArrowRight PageDown");
    label(e.share, L["share.label"]);
    this.playWords();
    this.practiceWords();
    this.presentWords();
    e.speedLabel.textContent = L["ctl.speed"];
    e.speed.setAttribute("aria-label", L["ctl.speed"]); // its label is hidden while presenting and on a phone
    if (e.speed.options.length !== this.meta.speeds.length || e.speed.dataset.lang !== this.meta.lang) {
      e.speed.replaceChildren(...this.meta.speeds.map((s, k) => h("option", { value: s, text: L.speeds[k] })));
      e.speed.dataset.lang = this.meta.lang;
    }
    e.speed.value = String(G.speed ?? 1);
    e.sliderLabel.textContent = L["ctl.jump"];
    e.slider.title = L["ctl.keys"];
    e.slider.max = this.meta.n;
    e.slider.setAttribute("aria-keyshortcuts", "Home End");
    e.phasebar.setAttribute("aria-label", L["bar.label"]);
    e.phasebar.replaceChildren(...this.meta.bar.map(([phase, text]) =>
      h("button", { type: "button", class: "bp-btn bp-phase", "data-phase": phase, text,
        onclick: (ev) => { this.stopPlaying(); this.go(+ev.currentTarget.dataset.target); } })));
    e.figure.setAttribute("aria-label", L["stage.figure"]);
    e.matrices.setAttribute("aria-label", L["stage.matrices"]);
    e.vecSummary.textContent = L["mx.vectors"];
    e.vectors.setAttribute("aria-label", L["mx.vectors"]);
    e.numbers.setAttribute("aria-label", L["card.numbers"]);
    e.formula.setAttribute("aria-label", L["card.lesson_formula"]);
    e.current.setAttribute("aria-label", L["card.numbers"]);
    // A link that would not open this network is not offered: the downloads are, and the words say why.
    e.shareIntro.textContent = this.data.shareable ? L["share.intro"] : L["share.too_long_short"];
    e.linkRow.hidden = !this.data.shareable;
    e.copy.textContent = L["share.copy"];
    e.download.textContent = L["share.json"];
    e.download.href = this.data.download;
    e.script.textContent = L["share.script"];
    e.script.href = this.data.script;
    e.blankText.textContent = L["stage.blank"];
    e.shareUrl.setAttribute("aria-label", L["share.label"]);
    e.levelLabel.textContent = L["pr.level"];
    if (e.level.dataset.lang !== this.meta.lang) {
      e.level.replaceChildren(...L.levels.map(([value, text]) => h("option", { value, text })));
      e.level.dataset.lang = this.meta.lang;
    }
    e.qTurn.textContent = L["pr.turn"];
    e.qCheck.textContent = L["pr.check"];
    e.qAgain.textContent = L["pr.again"];
    e.qShow.textContent = L["pr.show"];
    e.suggestGo.textContent = L["pr.suggest_go"];
    e.qGiven.setAttribute("aria-label", L["card.numbers"]);
  }

  practiceWords() {
    const L = this.meta.labels, on = this.level !== "watch";
    this.toggleWords(this.el.practice, on, [L["pr.switch"], L["pr.switch"]], ["practice", "practice"], "", L["pr.switch_help"]);
    this.el.pbar.hidden = !on;
    this.el.level.value = this.level;
    this.score();
  }

  // A button that switches between two states: its words, its name and its icon follow the state.
  toggleWords(button, on, words, icons, keys, title) {
    const text = words[on ? 1 : 0];
    button.querySelector(".bp-label").textContent = text;
    button.setAttribute("aria-label", text);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    if (keys) button.setAttribute("aria-keyshortcuts", keys);
    button.title = title ?? text;
    button.querySelector("path").setAttribute("d", ICONS[icons[on ? 1 : 0]]);
  }

  playWords() {
    const L = this.meta.labels;
    this.toggleWords(this.el.play, this.playing, [L["ctl.play"], L["ctl.pause"]], ["play", "pause"], "Space");
  }

  presentWords() {
    const L = this.meta.labels;
    const words = [L["present.on"], L["present.off"]];
    this.toggleWords(this.el.present, this.present, words, ["present", "close"], "P", this.present ? undefined : L["present.help"]);
  }

  // -- moving --
  go(index, animate = false) {
    const n = this.meta.n;
    index = Math.max(0, Math.min(n - 1, index | 0));
    if (this.lecture && !this.classMove && index !== this.step && !this.lecture.userMoved()) return;
    clearTimeout(this.advanceTimer);
    this.finishAnimation();
    if (index === this.step && this.shown === index) return;
    this.step = index;
    this.show(index, animate && !REDUCED.matches && index > 0);
  }

  togglePlay() {
    if (this.playing) return this.stopPlaying();
    if (this.step >= this.meta.n - 1) this.go(0);
    this.playing = true;
    this.playWords();
    this.tick();
  }

  stopPlaying() {
    if (!this.playing) return;
    this.playing = false;
    clearTimeout(this.timer);
    this.timer = null;
    this.playWords();
  }

  tick() {
    clearTimeout(this.timer);
    if (!this.playing) return;
    this.timer = setTimeout(() => {
      if (!this.playing) return;
      if (this.step >= this.meta.n - 1) return this.stopPlaying();
      if (!this.windowOf(this.step + 1)) { this.fetchAround(this.step + 1); return this.tick(); }
      this.go(this.step + 1, true);
      if (this.asking) { this.stopPlaying(); this.resume = true; return; } // the walk waits for the answer
      if (this.step >= this.meta.n - 1) this.stopPlaying();
      else this.tick();
    }, 1000 * (G.speed ?? 1));
  }

  setSpeed(seconds) {
    G.speed = seconds;
    if (this.playing) this.tick();
  }

  togglePresent() { this.setPresent(!this.present, true); }

  setPresent(on, write) {
    this.present = on;
    document.documentElement.classList.toggle("bp-presenting", on);
    if (!on) this.setBlank(false);
    this.presentWords();
    if (this.data) this.classWords();
    if (this.meta && this.shown !== undefined) {
      this.figureReady = false;
      this.show(this.step, false);
    }
    if (write) this.writeAddress();
  }

  setBlank(on) {
    this.blank = on;
    this.el.blank.hidden = !on;
  }

  toggleShare() {
    const open = this.el.sharePanel.hidden;
    this.el.sharePanel.hidden = !open;
    this.el.share.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) this.el.shareUrl.value = this.shareLink();
    this.el.copied.textContent = "";
  }

  async copyLink() {
    const url = this.shareLink();
    this.el.shareUrl.value = url;
    try {
      await navigator.clipboard.writeText(url);
    } catch (e) {
      this.el.shareUrl.select(); // no clipboard API outside a secure context: the old way
      document.execCommand("copy");
    }
    this.el.copied.textContent = this.meta.labels["share.copied"];
  }

  // -- practice --
  answeredAt(index) { return practiceState().answered[this.skey + ":" + index]; }

  asks(index, rec) {
    if (this.lecture && (this.lecture.teacher || this.lecture.following)) return Boolean(rec.q) && this.lecture.owns(index);
    return Boolean(rec.q) && levelAsks(rec.q.lv, this.level) && !this.answeredAt(index);
  }

  // The state before the step: what it computes is blank, the cell it fills shows "?".
  masked(rec, table) {
    const t = table.map((row) => row.slice());
    for (const [r, c] of rec.dv) t[r][c] = "";
    if (rec.vt) t[rec.vt[0]][rec.vt[1]] = "?";
    return t;
  }

  setLevel(level) {
    if (!LEVELS.includes(level)) level = "watch";
    const ps = practiceState();
    ps.level = level;
    if (level !== "watch") ps.last = level;
    savePractice();
    this.level = level;
    this.el.suggest.hidden = this.el.suggestGo.hidden = true;
    this.practiceWords();
    this.writeAddress();
    if (this.meta && this.shown !== undefined) this.show(this.step, false);
  }

  nextLevel() {
    const next = LEVELS[LEVELS.indexOf(this.level) + 1];
    if (next) this.setLevel(next);
  }

  // The question on the card, or, once answered, what the answer was.
  quiz(rec, index, asking) {
    const e = this.el, q = rec.q, state = q && this.level !== "watch" && !this.lecture ? this.answeredAt(index) : null;
    const room = asking && this.lecture?.owns(index);
    if (this.lecture) this.lecture.el.box.hidden = !room;
    e.quiz.hidden = !(asking || state);
    e.qTurn.hidden = e.qAsk.hidden = e.qGiven.hidden = e.qForm.hidden = !asking;
    if (!asking) {
      e.qActions.hidden = true;
      if (state) {
        e.qFeedback.className = "bp-q-feedback " + (state === "right" ? "bp-q-right" : "bp-q-shown");
        const p = h("p");
        setRich(p, state === "right" ? q.right : q.shown);
        e.qFeedback.replaceChildren(p);
      }
      return;
    }
    setRich(e.qAsk, q.ask);
    setTex(e.qGiven, q.given);
    e.qInput.setAttribute("aria-label", q.box);
    this.drafts ??= {};
    const draft = this.drafts[this.skey + ":" + index] ?? "";
    if (e.qInput.dataset.at !== this.skey + ":" + index) {
      e.qInput.dataset.at = this.skey + ":" + index;
      e.qInput.value = draft;
      e.qInput.removeAttribute("aria-invalid");
      e.qActions.hidden = true;
      e.qFeedback.replaceChildren();
      e.qInput.oninput = () => { this.drafts[e.qInput.dataset.at] = e.qInput.value; };
    }
    e.qTurn.textContent = this.meta.labels["pr.turn"];
    e.qCheck.textContent = this.meta.labels["pr.check"];
    if (room) this.lecture.quiz(rec);
  }

  say(kind, ...parts) {
    const e = this.el;
    e.qFeedback.className = "bp-q-feedback bp-q-" + kind;
    e.qFeedback.replaceChildren(...parts.map((part) => {
      if (part instanceof Node) return part;
      const p = h("p");
      setRich(p, part);
      return p;
    }));
    // The verdict and what to do next in view (on a phone they are below the box).
    requestAnimationFrame(() => (kind === "wrong" ? e.qActions : e.qFeedback).scrollIntoView?.({ block: "nearest" }));
  }

  answer() {
    const win = this.windowOf(this.shown);
    if (!win || !this.asking) return;
    const index = this.shown, rec = win.steps[index - win.start], q = rec.q, e = this.el, L = this.meta.labels;
    const text = e.qInput.value;
    if (!text.trim()) {
      e.qInput.setAttribute("aria-invalid", "true");
      return this.say("bad", L["pr.empty"]);
    }
    const x = parseAnswer(text);
    if (x === null) {
      e.qInput.setAttribute("aria-invalid", "true");
      // The words are the walk's; what was typed goes in as text.
      const [before, after] = L["pr.not_number"].split("{text}");
      return this.say("bad", h("p", {}, document.createTextNode(before + text.trim().slice(0, 40) + after)));
    }
    e.qInput.removeAttribute("aria-invalid");
    if (this.lecture && !this.lecture.teacher && this.lecture.owns(index)) {
      this.lecture.answer(text.trim()); // the server judges it; the room sees the counts once revealed
      return this.show(index, false);
    }
    const ps = practiceState(), key = this.skey + ":" + index;
    ps.tries ??= {};
    ps.tries[key] = (ps.tries[key] || 0) + 1;
    const verdict = judge(q, x);
    if (!verdict.right) {
      ps.streak[q.k] = 0;
      savePractice();
      const text = (id) => L.mistakes[id + "." + q.k] ?? L.mistakes[id];
      if (!verdict.ids.length) this.say("wrong", L["pr.unknown"]);
      else if (verdict.ids.length === 1) this.say("wrong", L["pr.wrong"] + " " + text(verdict.ids[0]));
      else {
        const list = h("ul");
        for (const id of verdict.ids) { const li = h("li"); setRich(li, text(id)); list.appendChild(li); }
        this.say("wrong", L["pr.wrong_many"], list);
      }
      e.qFeedback.dataset.mistakes = verdict.ids.join(" ") || "unknown";
      e.qActions.hidden = false;
      return;
    }
    const first = ps.tries[key] === 1;
    this.finish(rec, index, "right", first);
    // The walk goes on: after a moment to see the value arrive, the next step (or the autoplay again).
    clearTimeout(this.advanceTimer);
    this.advanceTimer = setTimeout(() => {
      if (this.shown !== index || index >= this.meta.n - 1) return;
      if (this.resume) { this.resume = false; this.togglePlay(); } else this.go(index + 1, true);
    }, Math.max(1500, this.duration() + 900));
  }

  showAnswer() {
    const win = this.windowOf(this.shown);
    if (!win || !this.asking) return;
    this.resume = false;
    this.finish(win.steps[this.shown - win.start], this.shown, "shown", false);
  }

  tryAgain() {
    const e = this.el;
    e.qActions.hidden = true;
    e.qFeedback.replaceChildren();
    e.qInput.focus();
    e.qInput.select();
  }

  // A question done (right, or shown): scored once, then the step as it is, its value arriving.
  finish(rec, index, how, first) {
    const ps = practiceState(), key = this.skey + ":" + index, k = rec.q.k;
    ps.answered[key] = how;
    const score = (ps.score[rec.p] ??= [0, 0]);
    score[0] += how === "right" && first ? 1 : 0;
    score[1] += 1;
    ps.streak[k] = how === "right" && first ? (ps.streak[k] || 0) + 1 : 0;
    savePractice();
    this.score();
    const next = LEVELS[LEVELS.indexOf(this.level) + 1];
    if (ps.streak[k] >= 3 && next && !ps.suggested[this.level]) {
      ps.suggested[this.level] = true;
      savePractice();
      const name = this.meta.labels.levels.find(([v]) => v === next)[1];
      this.el.suggest.textContent = this.meta.labels["pr.suggest"].replace("{kind}", this.meta.labels.kinds[k]).replace("{level}", name);
      this.el.suggest.hidden = this.el.suggestGo.hidden = false;
    }
    const focusNext = this.el.root.contains(document.activeElement) && document.activeElement.closest(".bp-quiz");
    this.revealed = index;
    this.show(index, true);
    if (focusNext) this.el.next.focus({ preventScroll: true }); // the box is gone: the keyboard goes on from "next"
  }

  // The score per phase: right the first time, out of the questions done.
  score() {
    const ps = practiceState(), L = this.meta.labels;
    const parts = this.meta.bar.filter(([phase]) => ps.score[phase]).map(([phase, name]) => {
      const [right, done] = ps.score[phase];
      return L["pr.score_part"].replace("{name}", name).replace("{right}", this.num(right)).replace("{done}", this.num(done));
    });
    this.el.score.textContent = L["pr.score"] + ": " + (parts.length ? parts.join(this.meta.separator) : L["pr.score_none"]);
  }

  // -- windows of a big walk --
  windowOf(index) {
    return this.windows.get(Math.floor(index / this.meta.window));
  }

  fetchAround(index) {
    const size = this.meta.window;
    const k = Math.floor(index / size);
    const want = [k];
    if (index - k * size > size * 0.5 && k + 1 < this.meta.windows) want.push(k + 1);
    if (index - k * size < size * 0.2 && k > 0) want.push(k - 1);
    for (const w of want) {
      if (this.windows.has(w) || this.pending.has(w)) continue;
      const token = this.token;
      const p = fetch(`/api/walk/${token}/${w}`)
        .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))))
        .then((win) => {
          if (this.token !== token) return;
          this.windows.set(w, win);
          if (this.waiting !== undefined && Math.floor(this.waiting / size) === w) {
            const i = this.waiting;
            this.waiting = undefined;
            this.el.notice.textContent = "";
            this.show(i, false);
          }
          // Keep a bounded number of windows: the ones near the step.
          for (const key of this.windows.keys()) if (Math.abs(key - Math.floor(this.step / size)) > 3) this.windows.delete(key);
        })
        .catch(() => {})
        .finally(() => this.pending.delete(w));
      this.pending.set(w, p);
    }
  }

  // The values table at step index: the window's table at its start, plus each step's changes.
  tableFor(index, win) {
    if (this.tableAt > index || this.tableAt < win.start || !this.table) {
      this.table = win.vec.map((row) => row.slice());
      this.tableAt = win.start;
    }
    for (let i = this.tableAt + 1; i <= index; i++) {
      for (const [r, c, v] of win.steps[i - win.start].dv) this.table[r][c] = v;
    }
    this.tableAt = index;
    return this.table;
  }

  // -- showing one step --
  show(index, animate) {
    if (!window.Plotly || !window.katex) return;
    const win = this.windowOf(index);
    this.fetchAround(index);
    if (!win) {
      this.waiting = index;
      this.el.notice.textContent = this.meta.labels["stage.loading"];
      return;
    }
    const rec = win.steps[index - win.start];
    const asking = this.asking = this.asks(index, rec);
    const table = asking ? this.masked(rec, this.tableFor(index, win)) : this.tableFor(index, win);
    const mats = win.mats;
    const L = this.meta.labels, e = this.el;
    if (this.shown !== index) this.el.qFeedback.replaceChildren();
    this.shown = index;

    e.status.textContent = rec.s;
    e.slider.value = index + 1;
    e.slider.setAttribute("aria-valuetext", rec.s);
    e.counter.textContent = rec.s.split(/ [·|] /).pop();
    e.reset.disabled = e.prev.disabled = index === 0;
    e.next.disabled = index >= this.meta.n - 1;
    const targets = this.meta.bar_targets[String(rec.x)] || this.meta.bar_targets["0"];
    e.phasebar.querySelectorAll(".bp-phase").forEach((b, k) => {
      const t = targets[k];
      b.disabled = t === null;
      b.dataset.target = t ?? 0;
      const on = b.dataset.phase === rec.bar;
      b.classList.toggle("bp-on", on);
      b.setAttribute("aria-current", on ? "step" : "false");
    });

    // The card.
    if (e.title.textContent !== rec.title) e.title.textContent = rec.title;
    const ids = rec.ids.join(" ");
    if (e.ids.dataset.ids !== ids) {
      e.ids.dataset.ids = ids;
      e.ids.replaceChildren(...rec.ids.map((id) => h("span", { class: "bp-badge", text: id })));
    }
    setRich(e.caption, rec.c);
    if (e.flabel.textContent !== rec.fl) e.flabel.textContent = rec.fl;
    if (rec.g) {
      e.formula.hidden = true;
      e.cases.hidden = false;
      const [bias, other] = rec.g;
      const cell = (label, fid, line) => {
        const c = h("div", { class: "bp-case" });
        const p = h("p", { class: "bp-small" });
        setRich(p, label);
        const f = h("div", { class: "bp-math", tabindex: "0", role: "group", "aria-label": L["card.lesson_formula"] });
        const words = this.meta.formulas_in_words?.[fid];
        if (words) {
          // As the lesson writes it: the formula, then «اگر» and the condition, right to left.
          f.classList.add("bp-math-words");
          f.dir = "rtl";
          setRich(f, words);
        } else setTex(f, this.meta.formulas[fid]);
        const n = h("div", { class: "bp-math", tabindex: "0", role: "group", "aria-label": L["card.numbers"] });
        setTex(n, line);
        c.append(p, f, n);
        return c;
      };
      e.cases.replaceChildren(cell(L["card.case_bias"], "F14", bias), cell(L["card.case_other"], "F13", other));
    } else {
      e.formula.hidden = false;
      e.cases.hidden = true;
      setTex(e.formula, this.meta.formulas[rec.f]);
    }
    e.nlabel.textContent = rec.nl || L["card.numbers"];
    setTex(e.numbers, this.present && rec.wide ? rec.wide : rec.num);
    this.quiz(rec, index, asking);
    e.nlabel.hidden = e.numbers.hidden = e.notes.hidden = asking;
    e.current.hidden = asking || !(this.present && rec.cur);
    if (this.present && rec.cur) setTex(e.current, rec.cur);
    const notes = rec.notes.filter((n) => !this.present || n[3]);
    const notesKey = JSON.stringify(notes);
    if (e.notes.dataset.key !== notesKey) {
      e.notes.dataset.key = notesKey;
      e.notes.replaceChildren(...notes.map(([kind, title, text]) => {
      const p = h("p", { class: "bp-note bp-" + kind });
      if (title) p.appendChild(h("strong", { text: title + ". " }));
      const body = h("span");
      setRich(body, text);
      p.appendChild(body);
      return p;
      }));
    }

    this.figure(rec, table, animate);
    // What the first frame after a press does not need waits until that frame is drawn: the
    // matrices (mostly below the fold) and what a screen reader hears (the status line and the
    // card's sentence, read once the step is settled).
    cancelAnimationFrame(this.laterFrame);
    clearTimeout(this.laterTimer);
    this.laterFrame = requestAnimationFrame(() => {
      this.laterTimer = setTimeout(() => {
        if (this.shown !== index) return;
        this.matrices(rec, mats, asking ? table : this.tableFor(index, win), animate && !asking, asking);
        if (this.revealed === index) { this.revealed = null; this.refit(); } // the numbers were hidden until now
        e.live.replaceChildren(document.createTextNode(rec.s + ". "), e.caption.cloneNode(true));
      });
    });
    this.fitted = rec;
    // Measuring widths forces a layout: done once the step is on screen, not before it is drawn.
    cancelAnimationFrame(this.fitFrame);
    this.fitFrame = requestAnimationFrame(() => requestAnimationFrame(() => this.refit()));
    // The address bar and this tab's memory follow the walk a moment later (a burst of presses
    // writes them once).
    clearTimeout(this.rememberTimer);
    this.rememberTimer = setTimeout(() => this.remember(), 120);
    if (this.lecture) {
      this.lecture.moved(index);
      this.lecture.render();
    }
    if (!this.fontsWatched) {
      // Widths change once KaTeX's fonts arrive and whenever the card is resized: fit again.
      this.fontsWatched = true;
      document.fonts.ready.then(() => this.refit());
      // Only a new width can change what fits (the card grows and shrinks in height every step).
      new ResizeObserver(([entry]) => {
        const width = Math.round(entry.contentRect.width);
        if (width !== this.cardWidth) {
          this.cardWidth = width;
          this.refit();
        }
      }).observe(e.card);
    }
  }

  refit() {
    const rec = this.fitted, e = this.el;
    if (!rec) return;
    setTex(e.numbers, this.present && rec.wide ? rec.wide : rec.num);
    if (!e.numbers.hidden) fit(e.numbers, rec.num, rec.tight);
    if (this.asking && rec.q) {
      setTex(e.qGiven, rec.q.given);
      fit(e.qGiven, null, rec.q.tight);
    }
    if (!e.formula.hidden) fit(e.formula);
    if (!e.current.hidden) fit(e.current);
    this.fitCases();
  }

  // The two cases of D side by side, or one above the other when side by side they would not fit.
  fitCases() {
    const cases = this.el.cases;
    if (cases.hidden) return;
    cases.classList.remove("bp-stacked");
    const tight = () => [...cases.querySelectorAll(".bp-math")].some((m) => (fit(m), m.scrollWidth > m.clientWidth + 1));
    if (tight()) {
      cases.classList.add("bp-stacked");
      tight();
    }
  }

  matrices(rec, mats, table, animate, asking = false) {
    const e = this.el;
    setRich(e.mxHead, rec.mxh);
    const panels = asking && rec.q.mx ? rec.q.mx : rec.mx;
    e.panels.replaceChildren(...panels.map(([name, symbol, id, cells]) => {
      const panel = h("div", { class: "bp-panel" });
      const sym = h("div", { class: "bp-math bp-sym" });
      setTex(sym, symbol + (id ? " =" : ""), false);
      panel.appendChild(sym);
      const values = id && (id[0] === "T" ? this.meta.thetas[+id.slice(1) - 1] : mats[id]);
      if (!values) {
        panel.appendChild(h("p", { class: "bp-small", text: this.meta.labels["mx.pending"] }));
        return panel;
      }
      // While a value is asked, only the asked entry is marked: which row or column to use is part of the question.
      const marked = asking && !rec.q.mx ? [] : cells;
      const lit = (i, j) => marked.some(([, , ci, cj]) => (ci === null || ci === i + 1) && (cj === null || cj === j));
      const tbl = h("table", { class: "bp-matrix" });
      values.forEach((row, i) => {
        const tr = h("tr");
        row.forEach((v, j) => {
          const on = lit(i, j);
          tr.appendChild(h("td", { class: (on ? "bp-lit" : "") + (on && animate ? " bp-fill" : "") + (j === 0 ? " bp-col0" : ""), text: v }));
        });
        tbl.appendChild(tr);
      });
      const scroll = h("div", { class: "bp-scroll", tabindex: "0", role: "group", "aria-label": symbol.replace(/[\\{}^()]/g, "") }, tbl);
      panel.appendChild(scroll);
      if (animate && !REDUCED.matches) scroll.style.setProperty("--bp-fill", this.duration() + "ms");
      return panel;
    }));
    e.mxCaption.hidden = !rec.mxc || asking;
    if (rec.mxc) setRich(e.mxCaption, rec.mxc);
    // The values of the current example: a, z, δ by layer; the one this step computes marked.
    const rows = this.meta.vec_rows;
    const width = this.meta.vec_width;
    const tbl = h("table", { class: "bp-values" });
    const head = h("tr", {}, h("th"));
    for (let j = 0; j < width; j++) head.appendChild(h("th", { text: String(j) }));
    tbl.appendChild(head);
    rows.forEach(([name], r) => {
      const tr = h("tr");
      const th = h("th", { scope: "row" });
      setTex(th, name, false);
      tr.appendChild(th);
      for (let j = 0; j < width; j++) {
        const v = table[r][j] ?? "";
        const target = rec.vt && rec.vt[0] === r && rec.vt[1] === j;
        tr.appendChild(h("td", { class: (target ? "bp-lit" : "") + (j === 0 ? " bp-col0" : ""), text: v }));
      }
      tbl.appendChild(tr);
    });
    e.vectors.replaceChildren(tbl);
  }

  duration() {
    return Math.min(700, 600 * (G.speed ?? 1));
  }

  // -- the figure: plotly draws it once per walk; a step restyles what plotly drew --
  // Plotly.restyle and relayout cost 20–60 ms a step (each redraws); a step here only sets the
  // styles and texts of the units plotly drew, the path of a highlight group placed among
  // plotly's traces, and the arrows and δ labels of an overlay: about a millisecond.
  figure(rec, table, animate) {
    const f = this.meta.fig;
    const plot = this.el.plot;
    if (!this.figureReady) {
      const spec = JSON.parse(JSON.stringify(this.present ? this.meta.fig_present.spec : f.spec));
      // The stylesheet sizes the figure (taller on a projector); type and units grow with it.
      delete spec.layout.height;
      delete spec.layout.width;
      spec.layout.autosize = true;
      const designed = this.present ? 530 : 440;
      this.scale = Math.max(0.6, Math.min(1.7, (plot.clientHeight || designed) / designed));
      if (this.scale !== 1) {
        const grow = (font) => { if (font && font.size) font.size = Math.round(font.size * this.scale); };
        grow(spec.layout.font);
        for (const t of spec.data) {
          grow(t.textfont);
          if (t.marker && typeof t.marker.size === "number") t.marker.size *= this.scale;
          if (t.line && t.line.width) t.line.width *= this.scale;
        }
      }
      // Units are restyled by hand from here on; their hover names the unit, the values are on it.
      const units = spec.data[f.units];
      // Plotly draws no text element for an empty text: every unit gets one, so that the n-th
      // text element is the n-th unit's.
      units.text = units.text.map((t) => t || "\u200b");
      units.hovertext = units.hovertext.map((text, k) => {
        const [layer, j] = f.node_ids[k];
        return j === 0 ? text : f.hover.replace("{j}", j).replace("{l}", layer);
      });
      window.Plotly.newPlot(plot, spec.data, spec.layout, { displayModeBar: false, responsive: true, scrollZoom: false });
      this.figureReady = true;
      if (!this.figureWatched) {
        // The figure's box changes width without the window changing (the sidebar, the card's
        // fonts arriving): plotly is told, and the step is painted again on its new drawing.
        this.figureWatched = true;
        let width = plot.clientWidth;
        new ResizeObserver(() => {
          if (plot.clientWidth !== width && plot.data) {
            width = plot.clientWidth;
            window.Plotly.Plots.resize(plot);
          }
        }).observe(plot);
      }
      if (!plot.__bpAfter) {
        plot.__bpAfter = true;
        plot.on("plotly_afterplot", () => { if (this.painted) this.paint(this.painted); });
      }
    }
    const rows = this.meta.vec_rows;
    const rowOf = {};
    rows.forEach(([, kind, layer], r) => { rowOf[kind + layer] = r; });
    const styles = [], texts = [], colours = [], deltas = [];
    const target = rec.u.indexOf("t");
    f.node_ids.forEach(([layer, j], k) => {
      styles.push(f.styles[rec.u[k]]);
      if (j === 0) { texts.push("+1"); colours.push("#1A1A1A"); return; }
      const a = table[rowOf["a" + layer]][j];
      const d = layer > 1 ? table[rowOf["delta" + layer]][j] : "";
      const hide = animate && k === target && rec.d === "f" && !this.asking; // the value appears when the pulse arrives
      texts.push(f.labelled && !hide ? a : "");
      colours.push(a ? "#1A1A1A" : "#6B6B6B");
      if (f.labelled && d && f.delta_side[k] !== "none") deltas.push([k, "δ " + d]);
    });
    const edges = this.edgesOf(rec);
    this.paint({ rec, styles, texts, colours, deltas, edges });
    const keyText = edges.length ? this.meta.labels["fig.key_" + (rec.d || "acc")] : "";
    if (this.el.key.dataset.text !== keyText) {
      this.el.key.dataset.text = keyText;
      const swatch = h("span", { class: "bp-swatch" });
      swatch.style.background = f.colours[rec.d] ?? f.colours[""];
      const words = h("span");
      setRich(words, keyText);
      this.el.key.replaceChildren(...(keyText ? [swatch, words] : []));
    }
    if (animate && rec.d && edges.length <= 40) this.pulse(rec, edges, target);
  }

  // Pixel positions of data coordinates, inside plotly's plot area and on the page's overlay.
  mapper() {
    const full = this.el.plot._fullLayout;
    if (!full || !full.xaxis) return null;
    const xa = full.xaxis, ya = full.yaxis;
    return {
      inner: (x, y) => [xa.c2p(x), ya.c2p(y)],
      outer: (x, y) => [xa._offset + xa.c2p(x), ya._offset + ya.c2p(y)],
      width: full.width, height: full.height,
    };
  }

  paint(p) {
    this.painted = p;
    const f = this.meta.fig, plot = this.el.plot, map = this.mapper();
    if (!map) return;
    const layers = plot.querySelectorAll(".scatterlayer > .trace");
    const group = layers[f.units];
    if (!group) return;
    const scale = this.scale || 1;
    group.querySelectorAll(".points path.point").forEach((pt, k) => {
      const [fill, border, width] = p.styles[k];
      pt.style.fill = fill;
      pt.style.stroke = border;
      pt.style.strokeWidth = width * scale + "px";
    });
    const texts = group.querySelectorAll(".text text");
    if (texts.length === p.texts.length) {
      texts.forEach((t, k) => {
        if (t.textContent !== p.texts[k]) t.textContent = p.texts[k];
        t.style.fill = p.colours[k];
        const long = p.texts[k].length > 6; // "-0.02794" would spill out of its unit
        if (t.__long !== long) {
          t.__long = long;
          if (t.__size === undefined) t.__size = parseFloat(t.style.fontSize) || 12;
          t.style.fontSize = (long ? t.__size * 0.82 : t.__size) + "px";
        }
      });
    }
    // The highlighted edges: one path in a group of our own, under the units' trace.
    let hl = plot.querySelector(".bp-hl");
    if (!hl || hl.nextSibling !== group) {
      hl?.remove();
      hl = document.createElementNS("http://www.w3.org/2000/svg", "path");
      hl.setAttribute("class", "bp-hl");
      hl.setAttribute("fill", "none");
      hl.setAttribute("stroke-linecap", "round");
      group.parentNode.insertBefore(hl, group);
    }
    const colour = f.colours[p.rec.d] ?? f.colours[""];
    let d = "";
    for (const k of p.edges) {
      const [from, to] = f.edges[k];
      const [x0, y0] = map.inner(...f.nodes[from]), [x1, y1] = map.inner(...f.nodes[to]);
      d += `M${x0.toFixed(1)},${y0.toFixed(1)}L${x1.toFixed(1)},${y1.toFixed(1)}`;
    }
    hl.setAttribute("d", d);
    hl.setAttribute("stroke", colour);
    hl.setAttribute("stroke-width", (p.edges.length < 80 ? 5 : 2.5) * scale);
    // The overlay: arrows along the highlighted edges (δ flows right to left) and δ beside its unit.
    const svg = this.el.overlay;
    svg.setAttribute("width", map.width);
    svg.setAttribute("height", map.height);
    let marks = svg.querySelector(".bp-marks");
    if (!marks) {
      marks = document.createElementNS("http://www.w3.org/2000/svg", "g");
      marks.setAttribute("class", "bp-marks");
      svg.appendChild(marks);
    }
    const NS = "http://www.w3.org/2000/svg";
    const parts = [];
    if (p.rec.d && p.edges.length <= 40) {
      for (const k of p.edges) {
        let [from, to] = f.edges[k];
        if (p.rec.d === "b") [from, to] = [to, from];
        const [x0, y0] = map.outer(...f.nodes[from]), [x1, y1] = map.outer(...f.nodes[to]);
        const tipX = x0 + 0.72 * (x1 - x0), tipY = y0 + 0.72 * (y1 - y0);
        const angle = Math.atan2(y1 - y0, x1 - x0), size = 11 * scale;
        const a = h2(NS, "path", {
          d: `M${tipX},${tipY}L${tipX - size * Math.cos(angle - 0.45)},${tipY - size * Math.sin(angle - 0.45)}` +
             `L${tipX - size * Math.cos(angle + 0.45)},${tipY - size * Math.sin(angle + 0.45)}Z`,
          fill: colour,
        });
        parts.push(a);
      }
    }
    const unit = (this.present ? this.meta.fig_present.unit_size : f.unit_size) * scale;
    const font = Math.round((this.present ? 16 : 11) * scale);
    for (const [k, text] of p.deltas) {
      const [x, y] = map.outer(...f.nodes[k]);
      const below = f.delta_side[k] === "below";
      parts.push(h2(NS, "text", {
        x: below ? x : x + unit / 2 + 4, y: below ? y + unit / 2 + font + 1 : y + font * 0.35,
        "text-anchor": below ? "middle" : "start", "font-size": font, fill: f.colours.delta,
        stroke: "#FFFFFF", "stroke-width": 3, "paint-order": "stroke", "font-family": "Vazirmatn, Tahoma, sans-serif",
      }, text));
    }
    marks.replaceChildren(...parts);
  }

  edgesOf(rec) {
    if (rec.er) {
      const [start, count, stride] = rec.er;
      return Array.from({ length: count }, (_, k) => start + k * stride);
    }
    return rec.e;
  }

  // A dot runs along each highlighted edge into the unit (forward) or back out of the layer
  // after it (δ, right to left); a forward unit's value appears when the dots arrive.
  pulse(rec, edges, target) {
    const f = this.meta.fig, svg = this.el.overlay, map = this.mapper();
    if (!map) return;
    const NS = "http://www.w3.org/2000/svg";
    const layer = h2(NS, "g", { class: "bp-pulse" });
    svg.appendChild(layer);
    const dots = edges.map((k) => {
      let [from, to] = f.edges[k];
      if (rec.d === "b") [from, to] = [to, from];
      const c = h2(NS, "circle", { r: (this.present ? 8 : 6) * (this.scale || 1), fill: f.colours[rec.d], stroke: "#FFFFFF", "stroke-width": 2 });
      layer.appendChild(c);
      return [c, map.outer(...f.nodes[from]), map.outer(...f.nodes[to])];
    });
    const total = this.duration();
    const t0 = performance.now();
    const frame = (now) => {
      const u = Math.min(1, (now - t0) / total);
      const ease = u < 0.5 ? 2 * u * u : 1 - (-2 * u + 2) ** 2 / 2;
      for (const [c, [x0, y0], [x1, y1]] of dots) {
        c.setAttribute("cx", x0 + ease * (x1 - x0));
        c.setAttribute("cy", y0 + ease * (y1 - y0));
      }
      if (u < 1) this.anim.raf = requestAnimationFrame(frame);
      else this.finishAnimation();
    };
    this.anim = { raf: requestAnimationFrame(frame), layer, reveal: rec.d === "f" && target >= 0 ? target : null };
  }

  finishAnimation() {
    const a = this.anim;
    if (!a) return;
    this.anim = null;
    cancelAnimationFrame(a.raf);
    a.layer?.remove();
    if (a.reveal !== null && this.painted && !this.asking) {
      const win = this.windowOf(this.shown);
      if (win) {
        const table = this.tableFor(this.shown, win);
        const [layer, j] = this.meta.fig.node_ids[a.reveal];
        const row = this.meta.vec_rows.findIndex(([, kind, l]) => kind === "a" && l === layer);
        this.painted.texts[a.reveal] = this.meta.fig.labelled ? table[row][j] : "";
        this.paint(this.painted);
      }
    }
    this.el.root.querySelectorAll(".bp-fill").forEach((c) => c.classList.remove("bp-fill"));
  }

  // -- the step belongs to the browser: this tab's memory and the address bar --
  remember() {
    try { sessionStorage.setItem("bp-step:" + this.skey, String(this.step)); } catch (e) { /* private mode */ }
    this.writeAddress();
    if (!this.el.sharePanel.hidden) this.el.shareUrl.value = this.shareLink();
  }

  // What Share offers: this address, or in a class the students' link (never the teacher's secret).
  shareLink() {
    return this.lecture ? location.origin + this.lecture.info.student_path : location.href;
  }

  writeAddress() {
    const url = withStep(location.href, this.data.keys, this.step, this.present, this.level);
    if (url !== location.href) G.replace.call(history, history.state, "", url);
  }

  offline(down) {
    if (down === this.down) return;
    this.down = down;
    if (down) this.el.notice.textContent = this.meta.labels["stage.offline"];
    else if (this.el.notice.textContent === this.meta.labels["stage.offline"]) this.el.notice.textContent = "";
  }

  key(ev) {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const origin = ev.composedPath()[0];
    if (origin instanceof Element && origin.closest(SKIP)) return;
    const onButton = origin instanceof Element && origin.closest("button, a, summary");
    const k = ev.key;
    // While the screen is blanked, a remote's next or back first brings the picture back.
    if (this.blank && ["ArrowRight", "PageDown", "ArrowLeft", "PageUp", " "].includes(k)) {
      this.setBlank(false);
      ev.preventDefault();
      return;
    }
    if (this.lecture && this.lecture.key(k)) { // Q and R: letters, so a focused button does not mind
      ev.preventDefault();
      return;
    }
    if (this.asking && !this.el.qForm.hidden && !onButton && /^[0-9۰-۹٠-٩.٫\-−]$/.test(k)) {
      this.el.qInput.focus(); // the key's character lands in the box
      return;
    }
    let done = true;
    if (k === "ArrowRight" || k === "PageDown") { this.stopPlaying(); this.go(this.step + 1, true); }
    else if (k === "ArrowLeft" || k === "PageUp") { this.stopPlaying(); this.go(this.step - 1); }
    else if (k === "Home") { this.stopPlaying(); this.go(0); }
    else if (k === "End") { this.stopPlaying(); this.go(this.meta.n - 1); }
    else if (k === " " && (!onButton || origin.closest(".bp-stage"))) this.togglePlay(); // Space plays, even on a stage button
    else if ((k === "p" || k === "P") && !ev.shiftKey) this.togglePresent();
    else if ((k === "b" || k === "B" || k === ".") && this.present) this.setBlank(!this.blank);
    else if (k === "Escape" && this.blank) this.setBlank(false);
    else if (k === "Escape" && this.present) this.setPresent(false, true);
    else done = false;
    if (done) ev.preventDefault();
  }

  destroy() {
    this.lecture?.destroy();
    this.stopPlaying();
    this.finishAnimation();
    if (window.Plotly && this.el.plot) window.Plotly.purge(this.el.plot);
    this.el.root.remove();
  }
}

// The address with this step (1-based, absent for the first), presentation mode and practice
// level, in the order the server writes a link: the scenario's keys, then the view's in its
// table's order (keys, from the stage's data: codec.KEYS and links.VIEW), then any other
// key (a class's) as it was.
function withStep(href, keys, step, present, level) {
  const url = new URL(href);
  const old = new URLSearchParams(url.search);
  const out = new URLSearchParams();
  // What the browser owns of the view; a view key not here (lang) keeps its value.
  const view = {
    step: step > 0 ? String(step + 1) : null,
    present: present ? "1" : null,
    practice: level && level !== "watch" ? (level === "all" ? "1" : level) : null,
  };
  for (const [k, v] of old) if (keys.scenario.includes(k)) out.append(k, v);
  for (const k of keys.view) {
    const v = Object.hasOwn(view, k) ? view[k] : old.get(k);
    if (v !== null) out.set(k, v);
  }
  for (const [k, v] of old) if (!keys.scenario.includes(k) && !keys.view.includes(k)) out.append(k, v);
  const query = out.toString().replace(/%2C/g, ",").replace(/%3B/g, ";");
  url.search = query ? "?" + query : "";
  return url.toString();
}

// Streamlit writes the address (the scenario's query) after a run; on the stage's page the
// step and the mode are the browser's, so they are put back into whatever it writes.
function patchHistory() {
  if (G.history) return;
  G.history = true;
  G.replace = history.replaceState;
  G.push = history.pushState;
  const keep = (url) => {
    const s = G.active;
    if (!s || url === undefined || url === null) return url;
    const next = new URL(url, location.href);
    if (next.pathname !== location.pathname) return url;
    return withStep(next.href, s.data.keys, s.step, s.present, s.level);
  };
  history.replaceState = function (state, title, url) { return G.replace.call(this, state, title, keep(url)); };
  history.pushState = function (state, title, url) { return G.push.call(this, state, title, keep(url)); };
}

// While the server cannot be reached, Streamlit covers the page with a modal "Connection
// error" dialog that makes everything behind it inert. The stage needs no server to step,
// autoplay or present, so while it is on the page that dialog is set aside and the stage
// says in its own words that the connection is down.
function isConnectionDialog(el) {
  return el.matches?.('[data-testid="stDialog"]') && !el.querySelector('[data-testid="stElementContainer"]') &&
    /connection error/i.test(el.querySelector("h2")?.textContent || "");
}

function watchConnection() {
  if (G.connection) return;
  G.connection = true;
  const check = () => {
    const stage = G.active;
    const dialog = [...document.body.children].find(isConnectionDialog);
    const down = Boolean(dialog && stage);
    G.down = down;
    if (dialog) dialog.style.display = down ? "none" : "";
    if (down) for (const el of document.body.children) if (el !== dialog && el.hasAttribute("inert")) el.removeAttribute("inert");
    if (stage) stage.offline(Boolean(dialog));
  };
  // The hidden dialog still swallows every press outside itself (in the document's capture
  // phase). This listener was added to the document before any dialog existed, so it runs first:
  // a press on the stage is kept from the dialog, and a button gets its click again.
  const shield = (ev) => {
    if (!G.down || !ev.isTrusted || !(ev.target instanceof Element) || !ev.target.closest(".bp-stage")) return;
    ev.stopImmediatePropagation();
    const button = ev.type === "click" && ev.target.closest("button");
    if (button) setTimeout(() => button.click());
  };
  for (const type of ["pointerdown", "mousedown", "touchstart", "click"]) document.addEventListener(type, shield, true);
  new MutationObserver(check).observe(document.body, { childList: true });
  new MutationObserver(check).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["inert"] });
}

function listenKeys() {
  if (G.keys) return;
  G.keys = true;
  document.addEventListener("keydown", (ev) => G.active && G.active.key(ev));
  // A button activates on the release of Space: on the stage, Space has already played or paused.
  document.addEventListener("keyup", (ev) => {
    if (ev.key === " " && ev.target instanceof Element && ev.target.closest(".bp-stage button")) ev.preventDefault();
  });
}

export default function ({ data, parentElement, setTriggerValue }) {
  let stage = G.stages.get(parentElement);
  if (!stage) {
    stage = new Stage(parentElement);
    G.stages.set(parentElement, stage);
  }
  G.active = stage;
  stage.setTrigger = setTriggerValue;
  G.replace ??= history.replaceState;
  patchHistory();
  listenKeys();
  watchConnection();
  stage.update(data);
  window.__backpropStage = stage; // for the browser tests: the step, the walk, whether it is ready
  window.__backpropParse = parseAnswer; // for the browser tests: the box reads numbers as the core does
  return () => {
    stage.destroy();
    G.stages.delete(parentElement);
    if (G.active === stage) {
      G.active = null;
      document.documentElement.classList.remove("bp-presenting");
    }
  };
}
