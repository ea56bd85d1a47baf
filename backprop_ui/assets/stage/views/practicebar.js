// Practice's bar under the status line: the level, the score per phase, and the suggestion to
// move on after three right in a row.

import { scoreParts } from "../core/practice.js";
import { digits, fill, h } from "./dom.js";

export function build(dispatch) {
  const e = {};
  e.levelLabel = h("label", { class: "bp-level-label" });
  e.level = h("select", { class: "bp-level", onchange: () => dispatch({ type: "level", level: e.level.value }) });
  e.choices = h("input", { type: "checkbox", class: "bp-choices", onchange: () => dispatch({ type: "choices", on: e.choices.checked }) });
  e.choicesLabel = h("label", { class: "bp-choices-label" }, e.choices, h("span"));
  e.which = h("input", { type: "checkbox", class: "bp-which", onchange: () => dispatch({ type: "which", on: e.which.checked }) });
  e.whichLabel = h("label", { class: "bp-choices-label" }, e.which, h("span"));
  e.fscore = h("p", { class: "bp-fscore", hidden: true });
  e.score = h("p", { class: "bp-score" });
  e.suggest = h("p", { class: "bp-suggest", hidden: true });
  e.suggestGo = h("button", { type: "button", class: "bp-btn bp-suggest-go", hidden: true, onclick: () => dispatch({ type: "nextLevel" }) });
  e.pbar = h("div", { class: "bp-pbar", hidden: true },
    h("span", { class: "bp-level-box" }, e.levelLabel, e.level), e.choicesLabel, e.whichLabel, e.score, e.fscore, h("div", { class: "bp-suggest-box" }, e.suggest, e.suggestGo));
  e.levelLabel.htmlFor = e.level.id = "bp-level-" + Math.random().toString(36).slice(2, 8);
  let lang = null;

  let drawn = null;

  function render({ s, meta }) {
    const L = meta.labels;
    const key = JSON.stringify([meta.lang, s.ledger.level, s.ledger.score, s.suggest, s.ledger.choices, s.ledger.which, s.ledger.fscore]);
    if (drawn === key) return;
    drawn = key;
    if (lang !== meta.lang) {
      lang = meta.lang;
      e.pbar.dir = meta.dir;
      e.levelLabel.textContent = L["pr.level"];
      e.level.replaceChildren(...L.levels.map(([value, text]) => h("option", { value, text })));
      e.suggestGo.textContent = L["pr.suggest_go"];
      e.choicesLabel.lastChild.textContent = L["pr.choices"];
      e.choicesLabel.title = L["pr.choices_help"];
      e.whichLabel.lastChild.textContent = L["pr.which_switch"];
      e.whichLabel.title = L["pr.which_help"];
    }
    e.pbar.hidden = s.ledger.level === "watch";
    e.level.value = s.ledger.level;
    e.choices.checked = Boolean(s.ledger.choices);
    e.which.checked = Boolean(s.ledger.which);
    // The formulas named, scored apart from the numbers, per phase.
    const fparts = scoreParts(s.ledger, meta.bar, "fscore").map(([name, right, done]) =>
      fill(L["pr.score_part"], { name, right: digits(meta, right), done: digits(meta, done) }));
    e.fscore.hidden = !fparts.length;
    e.fscore.replaceChildren(document.createTextNode(L["pr.fscore"] + ": "),
      ...fparts.flatMap((p, k) => [...(k ? [document.createTextNode(meta.separator)] : []), h("bdi", { text: p })]));
    const parts = scoreParts(s.ledger, meta.bar).map(([name, right, done]) =>
      fill(L["pr.score_part"], { name, right: digits(meta, right), done: digits(meta, done) }));
    // Each part isolated, so a phase's name and its "1/2" keep their order in a right-to-left line.
    const items = parts.length ? parts.flatMap((p, k) => [...(k ? [document.createTextNode(meta.separator)] : []), h("bdi", { text: p })])
      : [document.createTextNode(L["pr.score_none"])];
    e.score.replaceChildren(document.createTextNode(L["pr.score"] + ": "), ...items);
    const sug = s.suggest;
    e.suggest.hidden = e.suggestGo.hidden = !sug || s.ledger.level === sug.level;
    if (sug) {
      const name = L.levels.find(([v]) => v === sug.level)[1];
      e.suggest.textContent = fill(L["pr.suggest"], { kind: L.kinds[sug.kind], level: name });
    }
  }

  return { el: e, render };
}
