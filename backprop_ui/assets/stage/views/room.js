// The teacher's question area: while the room answers a question at this step, the projector
// shows its count, the think time, the bars of each round, the advisor's line and the buttons
// (Reveal, Vote again, Follow-up, Close) whole, in an area of its own in place of the figure, so
// nothing the room needs is below a fold or in a card's scroll area. The question itself (what is
// asked, the numbers) stays on the card.

import { shortcuts } from "../core/keys.js";
import { advice, isTold, kindOf, notAnswered, roundsShown } from "../core/room.js";
import { digits, fill, h } from "./dom.js";
import { formulaBlock, histogram } from "./histogram.js";
import { showThink } from "./think.js";

export const THINK = [30, 60, 90];

export function build(dispatch) {
  const e = {};
  const btn = (cls, type) => h("button", { type: "button", class: "bp-btn " + cls, onclick: () => dispatch({ type }) });
  e.title = h("h4", { class: "bp-c-title" });
  e.answered = h("p", { class: "bp-c-answered", role: "status" });
  e.reveal = btn("bp-c-reveal bp-primary", "classReveal");
  e.revote = btn("bp-c-revote", "classRevote");
  e.tell = btn("bp-c-tell", "classTell"); // after a first vote revealed as a split: the answer and the diagnoses
  e.followup = btn("bp-c-followup", "classFollowup");
  e.close = btn("bp-c-close", "classClose");
  e.buttons = h("div", { class: "bp-c-buttons" }, e.reveal, e.revote, e.tell, e.followup, e.close);
  // The think time: 30, 60 or 90 s (pressed again: off), and its countdown.
  e.thinkLabel = h("span", { class: "bp-c-think-label" });
  e.thinkButtons = THINK.map((seconds) => h("button", { type: "button", class: "bp-btn bp-c-think-btn", "data-seconds": seconds,
    onclick: () => dispatch({ type: "classThink", seconds: e.thinkButtons.find((b) => +b.dataset.seconds === seconds).getAttribute("aria-pressed") === "true" ? 0 : seconds }) }));
  e.thinkLeft = h("span", { class: "bp-c-think", hidden: true });
  e.think = h("div", { class: "bp-c-think-row", role: "group" }, e.thinkLabel, ...e.thinkButtons, e.thinkLeft);
  e.advice = h("p", { class: "bp-c-advice", hidden: true });
  e.bars = h("div", { class: "bp-c-histogram" });
  e.area = h("section", { class: "bp-c-room", hidden: true }, e.title, e.answered, e.think, e.buttons, e.advice, e.bars);
  let drawn = null;

  const label = (b, text, key) => {
    b.textContent = text;
    b.setAttribute("aria-keyshortcuts", key);
    b.title = text + " (" + key + ")";
  };

  // Whether the area is shown: the teacher, and the room's question is at this step.
  function showing(s) {
    const q = s.cls?.room?.q;
    return Boolean(s.cls?.teacher && q && q.step === s.step);
  }

  function render({ s, meta, rec, classLabels: CL }) {
    const on = showing(s);
    e.area.hidden = !on;
    if (!on) return showThink(e.thinkLeft, meta, CL, null);
    const room = s.cls.room, q = room.q, open = q.phase === "open";
    showThink(e.thinkLeft, meta, CL, q.phase === "open" ? room : null);
    const key = JSON.stringify([meta.lang, q, room.students, room.think]);
    if (drawn === key) return;
    drawn = key;
    e.area.dir = meta.dir;
    e.title.textContent = fill(CL["cl.question"], { n: digits(meta, q.id) });
    let answered = fill(CL["cl.answered"], { n: digits(meta, q.answered), total: digits(meta, room.students ?? 0) });
    if (q.which) answered += meta.separator + fill(CL["cl.named"], { n: digits(meta, q.named ?? 0) });
    e.answered.textContent = answered;
    label(e.reveal, CL["cl.reveal"], shortcuts("reveal"));
    label(e.revote, CL["cl.revote"], shortcuts("reveal"));
    e.revote.title = CL["cl.revote_help"] + " (" + shortcuts("reveal") + ")";
    label(e.tell, CL["cl.tell"], shortcuts("tell"));
    e.tell.title = CL["cl.tell_help"] + " (" + shortcuts("tell") + ")";
    label(e.followup, CL["cl.followup"], shortcuts("followup"));
    e.followup.title = CL["cl.followup_help"] + " (" + shortcuts("followup") + ")";
    label(e.close, CL["cl.close"], shortcuts("close"));
    const kinds = q.kinds || [];
    e.reveal.hidden = !open;
    e.revote.hidden = open || q.round > 1;
    e.followup.hidden = open || kinds.includes("followup");
    e.tell.hidden = open || isTold(q);
    e.thinkLabel.textContent = CL["cl.think"];
    e.think.setAttribute("aria-label", CL["cl.think"]);
    e.think.hidden = !open;
    for (const b of e.thinkButtons) {
      const seconds = +b.dataset.seconds;
      b.textContent = fill(CL["cl.think_seconds"], { n: digits(meta, seconds) });
      b.setAttribute("aria-pressed", room.think?.total === seconds ? "true" : "false");
    }
    // The advisor: after the first vote is revealed, what the share of right answers suggests.
    const tip = !open && q.round === 1 && kindOf(q, 1) === "vote" ? advice((q.counts || [])[0]) : null;
    e.advice.hidden = !tip;
    if (tip) {
      const [k, v] = tip;
      e.advice.dataset.advice = k.slice("cl.advice_".length);
      e.advice.replaceChildren(h("strong", { text: CL["cl.advice_label"] + ": " }),
        document.createTextNode(fill(CL[k], { pct: digits(meta, v.pct), n: digits(meta, v.n), total: digits(meta, v.total) })));
    }
    const rounds = roundsShown(s.cls);
    const blocks = rounds ? histogram(meta, CL, q, rounds, null, notAnswered(room)) : [];
    const right = rec?.question?.formulas?.right || [];
    if (q.which && rounds && (open || isTold(q))) blocks.push(formulaBlock(meta, CL, q, rounds, right)); // its ✓ says it too
    e.bars.hidden = !blocks.length;
    e.bars.classList.toggle("bp-c-two", blocks.length === 2);
    e.bars.classList.toggle("bp-c-three", blocks.length >= 3);
    e.bars.replaceChildren(...blocks);
  }

  return { el: e, render, showing };
}
