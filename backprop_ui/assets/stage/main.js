// The stage, wired: events become actions, ``next`` (core/state.js) makes the new state, the
// views draw it, and the effects it lists are carried out here. A key press and a room message
// go the same way:
//
//   key → keyAction → dispatch ─┐
//   room message → socket ──────┼→ next(state, action, walk) → state → views draw it
//   button, swipe, timer ───────┘                               └→ effects: timers, socket, address, storage
//
// The host (adapters/streamlit.js, or a page of its own) hands it Python's data and carries
// its triggers back; the stage itself knows nothing of Streamlit.

import { offlineHref, withoutClass } from "./core/address.js";
import { CONTRACT } from "./core/contract.js";
import { keyAction } from "./core/keys.js";
import { ledgerFrom } from "./core/practice.js";
import { seedOf } from "./core/room.js";
import { asking, duration, formulaFolded, initial, next } from "./core/state.js";
import { edgesOf, masked, recordAt, replayer, windowsAround } from "./core/table.js";
import { fetchWindow, loadScript, loadStyle } from "./adapters/assets.js";
import { connect } from "./adapters/socket.js";
import { once, tab, voterId } from "./adapters/storage.js";
import * as card from "./views/card.js";
import * as classbar from "./views/classbar.js";
import * as controls from "./views/controls.js";
import { digits, h } from "./views/dom.js";
import * as figure from "./views/figure.js";
import * as matrices from "./views/matrices.js";
import * as practicebar from "./views/practicebar.js";
import * as quiz from "./views/quiz.js";
import * as roomArea from "./views/room.js";
import * as slides from "./views/slides.js";

// Keys typed into the page's own inputs and widgets are theirs, not the stage's.
const SKIP = [
  "input", "textarea", "select", "[contenteditable='']", "[contenteditable='true']",
  "[role='slider']", "[role='grid']", "[role='listbox']", "[role='menu']", "[role='combobox']",
  "[data-testid='stDataFrame']", "[data-testid='stDataFrameResizable']", "[data-testid='stSidebar']",
].join(",");

// What a user does is held while the slides are made (main.js moves the stage through every step).
const HELD = new Set(["next", "prev", "home", "end", "jump", "go", "play", "present", "blank", "level", "practice", "choices", "which", "formula",
  "nextLevel", "share", "slides", "answer", "showMe", "tryAgain", "draft", "speed", "copy", "startClass"]);
const SETTLE_MS = 8000; // a step not drawn by then (a window that cannot be fetched): no slides

export class Stage {
  // ``host``: {trigger(name, value), address(view) -> void, reduced: bool}.
  constructor(parent, host) {
    this.host = host;
    this.state = { ...initial(), ledger: ledgerFrom(tab.getJSON("bp-practice")), speed: +(tab.get("bp-speed") || 1) };
    if (!this.state.ledger.seed) this.state.ledger.seed = 1 + Math.floor(Math.random() * 2147483646); // this tab's order of choices
    this.walk = null;
    this.timers = {};
    this.watchers = []; // the browser tests see each action
    this.pending = new Map();
    const dispatch = (action) => this.dispatch(action);
    this.v = {
      controls: controls.build(dispatch), card: card.build(), quiz: quiz.build(dispatch), figure: figure.build(),
      matrices: matrices.build(), practice: practicebar.build(dispatch), room: roomArea.build(dispatch),
      classbar: classbar.build(dispatch, () => window.confirm(this.data?.class?.labels?.["cl.end_confirm"] ?? "")),
    };
    const v = this.v, c = v.controls.el;
    v.card.el.slot.appendChild(v.quiz.el.quiz);
    this.main = h("div", { class: "bp-main" }, v.figure.el.figure, v.card.el.card);
    this.root = h("section", { class: "bp-stage" }, c.controls, c.sharePanel, c.phasebar, c.status,
      v.practice.el.pbar, c.live, c.notice, this.main, v.matrices.el.matrices, c.blank);
    parent.appendChild(this.root);
    this.swipe();
    v.card.watch();
  }

  // -- Python's data: a walk (a new scenario or language), maybe a step to go to, a class --
  update(data) {
    const first = !this.walk;
    this.data = data;
    loadStyle(data.assets.katex_css);
    const doc = typeof data.walk === "string" ? JSON.parse(data.walk) : data.walk;
    if (doc.meta.contract !== CONTRACT) { // a page left open across a deploy: say so, draw nothing wrong
      this.v.controls.el.notice.textContent = doc.meta.labels["stage.stale"];
      return;
    }
    if (!this.walk || this.walk.token !== data.token) {
      const windows = new Map(doc.windows.map((w) => [Math.floor(w.start / doc.meta.window), w]));
      const meta = doc.meta;
      this.walk = { meta, token: data.token, windows, record: (i) => recordAt(windows, meta.window, i) };
      this.tableAt = replayer();
      this.drawnMoves = null;
    }
    // Where to stand: a step Python asks for (once), else where this tab last stood in this
    // scenario (a reload), else the same place.
    let step = null;
    if (data.target && once("bp-target", data.target.id)) step = data.target.step;
    else if (first && tab.get("bp-step:" + data.skey) !== null) step = +tab.get("bp-step:" + data.skey);
    const level = first && data.practice && once("bp-practice-id", data.practice_id) ? data.practice : null;
    this.dispatch({ type: "walk", n: this.walk.meta.n, skey: data.skey, query: data.query, step, level,
      present: first ? Boolean(data.present) : undefined });
    this.classUpdate(data.class);
    this.ready().then(() => this.render());
  }

  classUpdate(info) {
    const had = this.state.cls?.code;
    if (info && had !== info.code) {
      this.socket?.close();
      const kept = tab.getJSON("bp-class-" + info.code) || {};
      const ok = (x) => (x && typeof x === "object" ? x : {});
      const ask = ok(tab.getJSON("bp-class-ask"));
      this.dispatch({ type: "classInfo", info: { ...info, seed: seedOf(voterId()) },
        kept: { sent: ok(kept.sent), already: ok(kept.already), named: ok(kept.named), verdicts: ok(kept.verdicts),
          askChoices: ask.choices === true, askWhich: ask.which === true } });
      this.socket = connect(info, (action) => this.dispatch(action));
      // A class just started: the projector shows how to join.
      if (info.teacher && tab.get("bp-class-join") === info.code) {
        tab.set("bp-class-join", null);
        this.dispatch({ type: "classJoin", on: true });
      }
    } else this.dispatch({ type: "classInfo", info });
    if (!info && had) {
      this.socket?.close();
      this.socket = null;
    }
  }

  ready() {
    this.loaded ??= Promise.all([loadScript(this.data.assets.katex_js), loadScript(this.data.assets.plotly)]).catch((err) => {
      this.loaded = null;
      this.v.controls.el.notice.textContent = String(err.message || err);
      throw err;
    });
    return this.loaded;
  }

  dispatch(action) {
    if (this.capturing && HELD.has(action.type) && !action.capture) return; // the slides are being made
    for (const watch of this.watchers) watch(action);
    this.state = next(this.state, action, this.walk || { record: () => null });
    const effects = this.state.effects;
    for (const effect of effects) this.effect(effect);
    if (this.walk && window.Plotly && window.katex) this.render();
  }

  // -- what a change asks of the world --
  effect(fx) {
    const s = this.state;
    switch (fx.do) {
      case "timer":
        clearTimeout(this.timers[fx.name]);
        this.timers[fx.name] = setTimeout(() => this.dispatch(fx.action), fx.ms);
        break;
      case "clear": clearTimeout(this.timers[fx.name]); break;
      case "fetch": this.fetchAround(fx.index); break;
      case "send": this.socket?.send(fx.msg); break;
      case "trigger": this.host.trigger(fx.name, fx.value); break;
      case "address": {
        // A burst of presses writes the address once; a change of mode at once.
        const write = () => { this.host.address(this.view()); this.render(); }; // Share shows the new address
        clearTimeout(this.timers.address);
        if (fx.now) write();
        else this.timers.address = setTimeout(write, 120);
        break;
      }
      case "save":
        if (fx.what === "practice") tab.setJSON("bp-practice", s.ledger);
        else if (fx.what === "step") tab.set("bp-step:" + s.skey, String(s.step));
        else if (fx.what === "speed") tab.set("bp-speed", String(s.speed));
        else if (fx.what === "ask" && s.cls) tab.setJSON("bp-class-ask", { choices: s.cls.askChoices, which: s.cls.askWhich });
        else if (fx.what === "class" && s.cls) {
          tab.setJSON("bp-class-" + s.cls.code, { sent: s.cls.sent, already: s.cls.already, named: s.cls.named, verdicts: s.cls.verdicts });
        }
        break;
      case "focus":
        if (fx.target === "input") requestAnimationFrame(() => this.v.quiz.focusInput());
        else if (fx.from === "quiz" && document.activeElement?.closest?.(".bp-quiz") && this.root.contains(document.activeElement)) {
          requestAnimationFrame(() => this.v.controls.el.next.focus({ preventScroll: true })); // the box is gone: on from "next"
        }
        break;
      case "scroll": {
        const el = { quiz: this.v.quiz.el.quiz, histogram: this.v.room.el.bars, notice: this.v.controls.el.notice,
          actions: this.v.quiz.el.actions }[fx.target];
        const block = fx.target === "quiz" || fx.target === "notice" ? "center" : "nearest";
        requestAnimationFrame(() => el?.scrollIntoView?.({ block, behavior: this.host.reduced ? "auto" : "smooth" }));
        break;
      }
      case "unclass":
        this.socket?.close();
        this.socket = null;
        this.host.unclass(withoutClass(location.href), fx.reload);
        break;
      case "copy": this.copy(); break;
      case "slides": this.printSlides(); break;
      case "startClass": this.startClass(); break;
      case "followup": this.ownExample(fx); break;
      default: break;
    }
  }

  // A follow-up round: this phone's own question, from the class's page (live/hall.py).
  async ownExample({ seed, key }) {
    const url = this.data?.class?.followup;
    let question = null, gone = !url; // a page with no such address (not the class's own) cannot have one
    try {
      const r = url ? await fetch(url + (url.includes("?") ? "&" : "?") + "seed=" + seed) : null;
      if (r?.ok) question = (await r.json()).question;
      else if (r && r.status >= 400 && r.status < 500 && r.status !== 429) gone = true; // the round is over, or no such room
    } catch (e) { /* offline: asked again */ }
    this.dispatch({ type: "followupRecord", key, question, gone });
  }

  // What the address holds of the view (core/address.js writes it).
  view() {
    const s = this.state;
    return { step: s.step, present: s.present, practice: s.ledger.level };
  }

  fetchAround(index) {
    const walk = this.walk;
    if (!walk) return;
    const meta = walk.meta, size = meta.window;
    for (const k of windowsAround(index, size, meta.windows)) {
      if (walk.windows.has(k) || this.pending.has(k)) continue;
      const p = fetchWindow(walk.token, k).then((win) => {
        if (!win || this.walk !== walk) return;
        walk.windows.set(k, win);
        // Keep a bounded number of windows: the ones near the step.
        for (const key of walk.windows.keys()) if (Math.abs(key - Math.floor(this.state.step / size)) > 3) walk.windows.delete(key);
        if (Math.floor(this.state.step / size) === k) { this.drawnMoves = null; this.render(); }
      }).catch(() => {}).finally(() => this.pending.delete(k));
      this.pending.set(k, p);
    }
  }

  // -- drawing the state --
  render() {
    const s = this.state, walk = this.walk, v = this.v;
    if (!walk || !window.Plotly || !window.katex) return;
    const meta = walk.meta, data = this.data, rec = walk.record(s.step);
    const classLabels = data.class?.labels;
    const on = rec ? asking(s, walk) : false;
    if (this.root.lang !== meta.lang) { // attributes are written when they change, not on every step
      this.root.dir = meta.dir;
      this.root.lang = meta.lang;
      this.root.setAttribute("aria-label", meta.labels["stage.region"]);
    }
    if (document.documentElement.classList.contains("bp-presenting") !== s.present) {
      document.documentElement.classList.toggle("bp-presenting", s.present);
    }
    const offline = s.share && data.offline ? offlineHref(data.offline, data.address, this.view()) : null;
    const folded = rec ? formulaFolded(s, walk) && !this.capturing : false;
    const ctx = { s, meta, data, rec, asking: on, folded, link: this.shareLink(), offline, classLabels, info: data.class };
    this.mountClass(Boolean(s.cls));
    v.controls.render(ctx);
    v.practice.render(ctx);
    if (s.cls) v.classbar.render(ctx);
    if (!rec) return;
    rec.edgesList ??= edgesOf(rec);
    this.main.classList.toggle("bp-room-asks", v.room.showing(s));
    if (s.cls) v.room.render(ctx);
    v.quiz.render(ctx);
    const key = [s.moves, s.present, meta.lang, walk.token].join("|");
    if (this.drawnMoves === key) return;
    this.drawnMoves = key;
    v.figure.finish();
    this.root.querySelectorAll(".bp-fill").forEach((c) => c.classList.remove("bp-fill"));
    const win = walk.windows.get(Math.floor(s.step / meta.window));
    const full = this.tableAt(win, s.step);
    const table = on ? masked(rec, full) : full;
    const animate = s.animate && !this.host.reduced && !this.capturing;
    const ms = duration(s.speed);
    v.card.render(ctx);
    this.shownStep = s.step;
    v.figure.render({ meta, rec, table, animate, asking: on, present: s.present, units: rec.units, ms });
    // What the first frame after a press does not need waits until that frame is drawn: the
    // matrices (mostly below the fold) and what a screen reader hears (read once the step is settled).
    cancelAnimationFrame(this.laterFrame);
    clearTimeout(this.laterTimer);
    const index = s.step, moves = s.moves;
    this.laterFrame = requestAnimationFrame(() => {
      this.laterTimer = setTimeout(() => {
        if (this.state.step !== index || this.state.moves !== moves) return;
        const now = on ? table : this.tableAt(win, index);
        v.matrices.render({ meta, rec, mats: win.mats, table: now, animate: animate && !on, asking: on, ms });
        v.controls.el.live.replaceChildren(document.createTextNode(rec.status + ". "), v.card.el.caption.cloneNode(true));
        this.settled = moves;
      });
    });
    // Measuring widths forces a layout: done once the step is on screen, not before it is drawn.
    cancelAnimationFrame(this.fitFrame);
    this.fitFrame = requestAnimationFrame(() => requestAnimationFrame(() => { v.quiz.refit(); v.card.refit(); this.fitted = moves; }));
  }

  // The class's parts are on the page only in a class: the bar and the join panel under the
  // status line, the question's area in the figure's place.
  mountClass(on) {
    const v = this.v, bar = v.classbar.el.bar;
    if (on === bar.isConnected) return;
    if (on) {
      document.body.appendChild(v.classbar.el.paused); // over the whole page, outside the stage it makes inert
      this.root.insertBefore(bar, v.practice.el.pbar);
      this.root.insertBefore(v.classbar.el.join, v.practice.el.pbar);
      this.main.insertBefore(v.room.el.area, v.card.el.card);
    } else {
      bar.remove();
      v.classbar.el.paused.remove();
      this.root.inert = false;
      v.classbar.el.join.remove();
      v.room.el.area.remove();
    }
  }

  // What Share offers: this address, or in a class the students' link (never the teacher's secret).
  shareLink() {
    return this.state.cls && this.data?.class ? location.origin + this.data.class.student_path : location.href;
  }

  // The step on screen, whole: drawn, its matrices written, its card fitted, no animation running.
  settledNow() {
    const moves = this.state.moves;
    return this.settled === moves && this.fitted === moves && !this.v.figure.anim && this.shownStep === this.state.step;
  }

  // Resolves true once the step on screen is settled, or false after ``ms``.
  whenSettled(ms = SETTLE_MS) {
    const until = performance.now() + ms;
    return new Promise((resolve) => {
      const look = () => {
        if (this.settledNow()) resolve(true);
        else if (performance.now() > until) resolve(false);
        else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
  }

  // "Print as slides": every step in presentation mode's look, watching (no question asked), copied
  // into a deck (views/slides.js) and printed; then the stage is back where and as it was.
  async printSlides() {
    const walk = this.walk;
    if (this.capturing || !walk) return;
    const L = walk.meta.labels, n = walk.meta.n;
    if (L["share.slides_too_many"]) {
      this.dispatch({ type: "notice", notice: ["share.slides_too_many", {}] });
      return;
    }
    slides.clear(); // a deck of before that was never printed
    const was = { step: this.state.step, present: this.state.present, level: this.state.ledger.level };
    const deck = slides.build(walk.meta);
    const move = (action) => this.dispatch({ ...action, capture: true });
    let failed = null;
    this.capturing = true;
    try {
      await this.ready();
      await document.fonts?.ready;
      document.documentElement.classList.add("bp-capturing"); // a projector's layout (stage.css)
      this.v.figure.redraw();
      if (was.level !== "watch") move({ type: "level", level: "watch" });
      if (!was.present) move({ type: "present", on: true });
      const v = this.v;
      for (let i = 0; i < n && !failed; i++) {
        this.dispatch({ type: "notice", notice: ["share.slides_making", { k: digits(walk.meta, i + 1), n: digits(walk.meta, n) }] });
        move({ type: "jump", to: i });
        const drawn = await this.whenSettled();
        if (!drawn || this.walk !== walk || this.state.step !== i) { // not drawn in time, or another walk came
          failed = ["share.slides_failed", { k: digits(walk.meta, i + 1) }];
          break;
        }
        const plot = v.figure.el.plot;
        deck.add({ status: walk.record(i).status, figure: v.figure.el.figure, plotSize: [plot.clientWidth, plot.clientHeight],
          card: v.card.el.card, matrices: v.matrices.el.matrices });
      }
    } finally {
      document.documentElement.classList.remove("bp-capturing");
      this.v.figure.redraw();
      if (this.walk === walk) {
        if (!was.present) move({ type: "present", on: false });
        if (was.level !== "watch") move({ type: "level", level: was.level });
        move({ type: "jump", to: was.step });
      }
      this.dispatch({ type: "notice", notice: failed });
      this.capturing = false;
      this.drawnMoves = null; // drawn again at the window's own size
      this.render();
    }
    if (failed) return;
    await this.whenSettled();
    deck.fit();
    deck.print();
  }

  // -- the world --
  async copy() {
    const url = this.shareLink();
    try {
      await navigator.clipboard.writeText(url);
    } catch (e) {
      this.v.controls.el.shareUrl.select(); // no clipboard API outside a secure context: the old way
      document.execCommand("copy");
    }
    this.dispatch({ type: "copied" });
  }

  async startClass() {
    const W = this.data.class_words;
    this.dispatch({ type: "notice", notice: ["cl.starting", {}] });
    try {
      const r = await fetch("/api/classes", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ query: this.data.query, lang: this.walk.meta.lang }) });
      const body = await r.json().catch(() => ({}));
      if (!r.ok || !body.teacher_url) throw new Error(body.error || "other");
      const url = new URL(body.teacher_url, location.href);
      if (this.state.step > 0) url.searchParams.set("step", String(this.state.step + 1));
      tab.set("bp-class-join", body.code);
      location.assign(url.pathname + url.search);
    } catch (err) {
      this.dispatch({ type: "notice", notice: ["cl.start_failed", { why: W.why[err.message] || W.why.other }] });
    }
  }

  // A key for the stage: the key table's action, if the key is the stage's here.
  key(ev) {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (this.capturing) { // the slides are being made: the keys wait
      ev.preventDefault();
      return;
    }
    const origin = ev.composedPath()[0];
    if (origin instanceof Element && origin.closest(SKIP)) return;
    const onButton = origin instanceof Element && origin.closest("button, a, summary");
    const s = this.state, k = ev.key;
    const quizForm = this.v.quiz.el.form;
    if (this.walk && asking(s, this.walk) && !quizForm.hidden && !onButton && /^[0-9۰-۹٠-٩.٫/\-−]$/.test(k)) {
      this.v.quiz.el.input.focus(); // the key's character lands in the box
      return;
    }
    // Space plays even on one of the stage's buttons; on another button it is the button's.
    if (k === " " && onButton && !origin.closest(".bp-stage")) return;
    const teaching = Boolean(s.cls?.teacher && s.cls.room);
    const action = keyAction(k, { present: s.present, blank: s.blank, teaching }, ev.shiftKey);
    if (!action) return;
    ev.preventDefault();
    this.dispatch(action);
  }

  // Swipe on the figure or the card: left for the next step, right for the previous one.
  swipe() {
    let x0 = null, y0 = null;
    this.main.addEventListener("touchstart", (ev) => {
      if (ev.touches.length !== 1) return;
      // A swipe on a formula or matrix wider than its box scrolls it; it is not a step.
      for (let el = ev.target; el && el !== this.main; el = el.parentElement) {
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") return;
      }
      x0 = ev.touches[0].clientX;
      y0 = ev.touches[0].clientY;
    }, { passive: true });
    this.main.addEventListener("touchend", (ev) => {
      if (x0 === null) return;
      const dx = ev.changedTouches[0].clientX - x0, dy = ev.changedTouches[0].clientY - y0;
      x0 = null;
      if (Math.abs(dx) > 50 && Math.abs(dx) > 2 * Math.abs(dy)) this.dispatch({ type: dx < 0 ? "next" : "prev" });
    }, { passive: true });
  }

  destroy() {
    slides.clear();
    this.socket?.close();
    for (const t of Object.values(this.timers)) clearTimeout(t);
    this.v.figure.finish();
    if (window.Plotly) window.Plotly.purge(this.v.figure.el.plot);
    this.root.remove();
  }
}
