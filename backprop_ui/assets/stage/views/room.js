// The teacher's question area: while the room answers a question at this step, the projector
// shows its count, the bars of each vote and the buttons (Reveal, Vote again, Close) whole, in an
// area of its own in place of the figure, so nothing the room needs is below a fold or in a
// card's scroll area. The question itself (what is asked, the numbers) stays on the card.

import { shortcuts } from "../core/keys.js";
import { roundsShown } from "../core/room.js";
import { digits, fill, h } from "./dom.js";
import { histogram } from "./histogram.js";

export function build(dispatch) {
  const e = {};
  const btn = (cls, type) => h("button", { type: "button", class: "bp-btn " + cls, onclick: () => dispatch({ type }) });
  e.title = h("h4", { class: "bp-c-title" });
  e.answered = h("p", { class: "bp-c-answered", role: "status" });
  e.reveal = btn("bp-c-reveal bp-primary", "classReveal");
  e.revote = btn("bp-c-revote", "classRevote");
  e.close = btn("bp-c-close", "classClose");
  e.buttons = h("div", { class: "bp-c-buttons" }, e.reveal, e.revote, e.close);
  e.bars = h("div", { class: "bp-c-histogram" });
  e.area = h("section", { class: "bp-c-room", hidden: true }, e.title, e.answered, e.buttons, e.bars);
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

  function render({ s, meta, classLabels: CL }) {
    const on = showing(s);
    e.area.hidden = !on;
    if (!on) return;
    const q = s.cls.room.q, open = q.phase === "open";
    const key = JSON.stringify([meta.lang, q, s.cls.room.students]);
    if (drawn === key) return;
    drawn = key;
    e.area.dir = meta.dir;
    e.title.textContent = fill(CL["cl.question"], { n: digits(meta, q.id) });
    e.answered.textContent = fill(CL["cl.answered"], { n: digits(meta, q.answered), total: digits(meta, s.cls.room.students ?? 0) });
    label(e.reveal, CL["cl.reveal"], shortcuts("reveal"));
    label(e.revote, CL["cl.revote"], shortcuts("reveal"));
    e.revote.title = CL["cl.revote_help"] + " (" + shortcuts("reveal") + ")";
    label(e.close, CL["cl.close"], shortcuts("close"));
    e.reveal.hidden = !open;
    e.revote.hidden = open || q.round > 1;
    const rounds = roundsShown(s.cls);
    e.bars.hidden = !rounds;
    e.bars.classList.toggle("bp-c-two", rounds > 1);
    e.bars.replaceChildren(...(rounds ? histogram(meta, CL, q.counts || [], rounds) : []));
  }

  return { el: e, render, showing };
}
