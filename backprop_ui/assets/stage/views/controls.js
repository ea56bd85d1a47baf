// The controls above the figure: Restart, Back, Play, Next, the speed, the slider and the
// counter, Practice, Start a class, Present, Share (and its panel), the phase bar, the status
// line, the notice, the live region for screen readers and the blank screen.

import { keysOf, shortcuts } from "../core/keys.js";
import { barTargets } from "../core/table.js";
import { fill, h, iconButton, setButton } from "./dom.js";

export function build(dispatch) {
  const e = {};
  e.reset = iconButton("reset", "bp-reset", () => dispatch({ type: "home" }));
  e.prev = iconButton("prev", "bp-prev", () => dispatch({ type: "prev" }));
  e.play = iconButton("play", "bp-play bp-primary", () => dispatch({ type: "play" }));
  e.next = iconButton("next", "bp-next", () => dispatch({ type: "next" }));
  e.speed = h("select", { class: "bp-speed", onchange: () => dispatch({ type: "speed", seconds: +e.speed.value }) });
  e.speedLabel = h("label", { class: "bp-speed-label" });
  e.present = iconButton("present", "bp-present-btn", () => dispatch({ type: "present" }));
  e.share = iconButton("share", "bp-share-btn", () => dispatch({ type: "share" }));
  e.practice = iconButton("practice", "bp-practice-btn", () => dispatch({ type: "practice" }));
  e.startClass = iconButton("class", "bp-class-btn", () => dispatch({ type: "startClass" }));
  e.share.setAttribute("aria-expanded", "false");
  e.slider = h("input", { type: "range", class: "bp-slider", min: 1, value: 1, oninput: () => dispatch({ type: "jump", to: +e.slider.value - 1 }) });
  e.sliderLabel = h("label", { class: "bp-slider-label" });
  e.counter = h("output", { class: "bp-counter" });
  e.phasebar = h("nav", { class: "bp-phasebar" });
  e.status = h("p", { class: "bp-status" });
  e.live = h("div", { class: "bp-sr", "aria-live": "polite", "aria-atomic": "true" });
  e.notice = h("p", { class: "bp-notice", role: "status" });
  e.blankText = h("span", { class: "bp-sr" });
  e.blank = h("div", { class: "bp-blank", hidden: true }, e.blankText);
  // Share: this address (or a class's students' link), and the walk's downloads.
  e.shareIntro = h("p", { class: "bp-small" });
  e.shareUrl = h("input", { class: "bp-share-url", readonly: true, type: "text", dir: "ltr" });
  e.copy = h("button", { type: "button", class: "bp-btn bp-copy", onclick: () => dispatch({ type: "copy" }) });
  e.copied = h("span", { class: "bp-small bp-copied", role: "status" });
  e.download = h("a", { class: "bp-btn bp-download", download: "" });
  e.script = h("a", { class: "bp-btn bp-script", download: "" });
  e.offline = h("a", { class: "bp-btn bp-offline", download: "" }); // one file that needs no server (exports/offline.py)
  e.offlineNo = h("p", { class: "bp-small bp-offline-no" }); // or why this walk is too big for one
  e.slides = h("button", { type: "button", class: "bp-btn bp-slides", onclick: () => dispatch({ type: "slides" }) });
  e.slidesNo = h("p", { class: "bp-small bp-slides-no" }); // or why this walk has too many steps for a deck
  e.linkRow = h("div", { class: "bp-share-row" }, e.shareUrl, e.copy);
  e.sharePanel = h("div", { class: "bp-share-panel", hidden: true }, e.shareIntro, e.linkRow, e.copied,
    h("div", { class: "bp-share-row bp-downloads" }, e.download, e.script, e.offline, e.slides), e.offlineNo, e.slidesNo);
  e.controls = h("div", { class: "bp-controls" },
    h("div", { class: "bp-buttons" }, e.reset, e.prev, e.play, e.next, h("span", { class: "bp-speed-box" }, e.speedLabel, e.speed)),
    h("div", { class: "bp-jump" }, e.sliderLabel, e.slider, e.counter, e.practice, e.startClass, e.present, e.share));
  const id = Math.random().toString(36).slice(2, 8);
  e.speedLabel.htmlFor = e.speed.id = "bp-speed-" + id;
  e.sliderLabel.htmlFor = e.slider.id = "bp-slider-" + id;
  let words = null, lastStep = null;

  // The words, once per walk and language.
  function wordsFor(meta, data) {
    const L = meta.labels;
    // The controls and the phase bar run along the walk, left to right in Persian too: the forward
    // pass goes left to right across the figure and "next" points the way → and the slider go.
    // The words on each button are the walk's language, in its own direction.
    e.controls.dir = e.phasebar.dir = "ltr";
    for (const [b, key, keyName] of [[e.reset, "ctl.reset", "reset"], [e.prev, "ctl.prev", "prev"], [e.next, "ctl.next", "next"]]) {
      setButton(b, { text: L[key], keys: shortcuts(keyName) });
      b.querySelector(".bp-label").dir = meta.dir;
    }
    setButton(e.share, { text: L["share.label"] });
    e.speedLabel.textContent = L["ctl.speed"];
    e.speed.setAttribute("aria-label", L["ctl.speed"]); // its label is hidden while presenting and on a phone
    e.speed.replaceChildren(...meta.speeds.map((sp, k) => h("option", { value: sp, text: L.speeds[k] })));
    e.speed.dir = meta.dir;
    e.sliderLabel.textContent = L["ctl.jump"];
    e.slider.title = L["ctl.keys"];
    e.slider.max = meta.n;
    e.slider.setAttribute("aria-keyshortcuts", keysOf(["home", "end"]));
    e.phasebar.setAttribute("aria-label", L["bar.label"]);
    e.phasebar.replaceChildren(...meta.bar.map(([phase, text]) => h("button", {
      type: "button", class: "bp-btn bp-phase", "data-phase": phase, text, dir: meta.dir,
      onclick: (ev) => dispatch({ type: "jump", to: +ev.currentTarget.dataset.target }),
    })));
    e.copy.textContent = L["share.copy"];
    e.download.textContent = L["share.json"];
    e.download.href = data.download;
    e.script.textContent = L["share.script"];
    e.script.href = data.script;
    e.download.hidden = !data.download;
    e.script.hidden = !data.script;
    e.offline.textContent = L["share.offline"];
    e.offline.title = L["share.offline_help"];
    e.offline.hidden = !data.offline || Boolean(data.offline_refused);
    e.offlineNo.textContent = data.offline_refused || "";
    e.offlineNo.hidden = !data.offline_refused;
    e.slides.textContent = L["share.slides"];
    e.slides.title = L["share.slides_help"];
    e.slidesNo.textContent = L["share.slides_too_many"];
    e.blankText.textContent = L["stage.blank"];
    e.shareUrl.setAttribute("aria-label", L["share.label"]);
    const W = data.class_words;
    if (W) setButton(e.startClass, { text: W["cl.start"], title: W["cl.start_help"] }); // none in a file: no server to hold a class
    lastStep = null;
  }

  function render({ s, meta, data, rec, link, offline, classLabels }) {
    const L = meta.labels;
    const key = meta.lang + "|" + data.token;
    if (words !== key) {
      wordsFor(meta, data);
      words = key;
    }
    setButton(e.play, { text: s.playing ? L["ctl.pause"] : L["ctl.play"], keys: shortcuts("play"), iconName: s.playing ? "pause" : "play", pressed: s.playing });
    setButton(e.present, { text: s.present ? L["present.off"] : L["present.on"], keys: shortcuts("present"),
      title: s.present ? undefined : L["present.help"], iconName: s.present ? "close" : "present", pressed: s.present });
    const practising = s.ledger.level !== "watch";
    setButton(e.practice, { text: L["pr.switch"], title: L["pr.switch_help"], pressed: practising });
    e.speed.value = String(s.speed);
    e.startClass.hidden = !s.present || Boolean(s.cls) || !data.class_words;
    e.blank.hidden = !s.blank;
    // The notice: a class's word, or the stage's own (offline, loading a window).
    const [nkey, nvalues] = s.notice || [];
    const notice = nkey ? fill((classLabels && classLabels[nkey]) || L[nkey] || data.class_words?.[nkey] || "", nvalues)
      : s.offline ? L["stage.offline"] : !rec ? L["stage.loading"] : "";
    if (e.notice.textContent !== notice) e.notice.textContent = notice;
    // Share: the link only when it reproduces the screen (a class's students' link always does).
    e.sharePanel.hidden = !s.share;
    e.share.setAttribute("aria-expanded", s.share ? "true" : "false");
    e.linkRow.hidden = !s.cls && !data.shareable; // a file is not shareable: the file is what to send
    e.shareIntro.textContent = s.cls ? classLabels["cl.share_student"] : data.file ? L["share.file"]
      : data.shareable ? L["share.intro"] : L["share.too_long_short"];
    if (s.share && e.shareUrl.value !== link) e.shareUrl.value = link;
    if (s.share && offline && e.offline.getAttribute("href") !== offline) e.offline.href = offline;
    e.copied.textContent = s.copied ? L["share.copied"] : "";
    e.slides.hidden = Boolean(s.cls) || Boolean(L["share.slides_too_many"]);
    e.slidesNo.hidden = Boolean(s.cls) || !L["share.slides_too_many"];
    if (!rec || lastStep === s.step + "|" + s.moves) return;
    lastStep = s.step + "|" + s.moves;
    e.status.textContent = rec.status;
    e.slider.value = s.step + 1;
    e.slider.setAttribute("aria-valuetext", rec.status);
    e.counter.textContent = rec.status.split(meta.separator).pop(); // "step 6 / 40"
    e.reset.disabled = e.prev.disabled = s.step === 0;
    e.next.disabled = s.step >= meta.n - 1;
    const targets = barTargets(meta, rec);
    e.phasebar.querySelectorAll(".bp-phase").forEach((b, k) => {
      const t = targets[k];
      b.disabled = t === null;
      b.dataset.target = t ?? 0;
      const on = b.dataset.phase === rec.bar;
      b.classList.toggle("bp-on", on);
      b.setAttribute("aria-current", on ? "step" : "false");
    });
  }

  return { el: e, render };
}
