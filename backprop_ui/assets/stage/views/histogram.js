// The room's answers as bars, one block per round (the first vote, the revote, the follow-up on
// each phone's own numbers): right first, then the mistakes by how many gave them, and on the projector
// those who did not answer (each bar's share is of everyone it counts). Drawn on the
// projector's question area and, once revealed, on a student's card. ``mine``: the bucket of this
// phone's own answer, marked so the student sees where it went.
//
// The bars are drawn for the eye; a screen reader reads each block as a table of the same
// numbers (answer, share, how many), captioned with the round's name.

import { buckets, roundTitle } from "../core/room.js";
import { digits, h } from "./dom.js";

function block(meta, CL, title, rows, round) {
  const heading = h("h5", { class: "bp-c-round", text: title, "aria-hidden": "true" });
  if (!rows.length) return h("div", { class: "bp-c-block" }, h("h5", { class: "bp-c-round", text: title }), h("p", { class: "bp-small", text: CL["cl.no_answers"] }));
  const total = rows.reduce((a, r) => a + r.n, 0);
  const list = h("ul", { class: "bp-c-bars", "data-round": round, "aria-hidden": "true" });
  const body = h("tbody");
  for (const { name, label, n, right, own } of rows) {
    const share = n / total;
    const bar = h("span", { class: "bp-c-fill" });
    bar.style.width = Math.max(2, Math.round(share * 100)) + "%";
    const pct = digits(meta, Math.round(share * 100)) + meta.percent;
    const shown = label + (own ? (meta.dir === "rtl" ? " ← " : " → ") + CL["cl.mine"] : ""); // pointing at the bar
    list.appendChild(h("li", { class: "bp-c-row" + (right ? " bp-c-right" : "") + (own ? " bp-c-mine" : ""), "data-bucket": name, "data-count": n },
      h("span", { class: "bp-c-name", text: shown }),
      h("span", { class: "bp-c-track" }, bar),
      h("span", { class: "bp-c-count", text: pct + " (" + digits(meta, n) + ")" })));
    body.appendChild(h("tr", { "data-bucket": name }, h("th", { scope: "row", text: shown }), h("td", { text: pct }), h("td", { text: digits(meta, n) })));
  }
  const table = h("table", { class: "bp-sr-only bp-c-table", "data-round": round },
    h("caption", { text: title }),
    h("thead", {}, h("tr", {}, ...["cl.table_answer", "cl.table_share", "cl.table_count"].map((k) => h("th", { scope: "col", text: CL[k] })))),
    body);
  return h("div", { class: "bp-c-block" }, heading, list, table);
}

// The answers' blocks of question ``q``'s first ``rounds`` rounds; a first vote revealed but not yet told,
// as its split by the value given (no bar says which is right).
export function histogram(meta, CL, q, rounds, mine = null, missing = 0) {
  // Those who did not answer the latest round, a bar of their own (the projector's: ``missing``).
  const none = missing > 0 ? [{ name: "none", n: missing, right: false, own: false, label: CL["cl.not_answered"] }] : [];
  if (q.split && q.phase === "revealed" && q.told === false) {
    const rows = q.split.map(([value, n]) => ({ name: value ?? "other", n, right: false, own: false,
      label: value === null ? CL["cl.split_other"] : value.replace("-", "−") })).concat(none);
    const el = block(meta, CL, CL["cl.split_title"], rows, "split");
    el.classList.add("bp-c-split");
    el.querySelectorAll(".bp-c-name").forEach((n) => { if (n.parentElement.dataset.bucket !== "other") n.dir = "ltr"; });
    return [el];
  }
  const shown = (q.counts || []).slice(0, rounds);
  return shown.map((c, r) => {
    const rows = buckets(c).map(([name, n]) => ({
      name, n, right: name === "right", own: mine === name && r === shown.length - 1,
      label: name.split("+").map((part) => CL.buckets[part] ?? part).join(" / "),
    })).concat(r === shown.length - 1 ? none : []);
    return block(meta, CL, CL[roundTitle(q, r, shown.length)], rows, r + 1);
  });
}

// The formulas named by ``round`` (1-based, the latest shown): the right ids first, marked, then by how many.
export function formulaBlock(meta, CL, q, round, right, own = null) {
  // The latest round in which formulas were named (a follow-up where no one named one keeps the vote's chart).
  const named = (r) => Object.keys((q.formulas || [])[r - 1] || {}).length > 0;
  let r = round;
  while (r > 1 && !named(r)) r--;
  if (!named(r)) r = round;
  const c = (q.formulas || [])[r - 1] || {};
  const entries = Object.entries(c);
  // The right formula is on the chart even when no one named it: the room sees which it was.
  if (entries.length) for (const id of right) if (!(id in c)) entries.push([id, 0]);
  const mine = r === round ? own : null;
  const rows = entries
    .sort((a, b) => right.includes(b[0]) - right.includes(a[0]) || b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([id, n]) => ({ name: id, n, right: right.includes(id), own: mine === id, label: id + (right.includes(id) ? " ✓" : "") }));
  const shown = (q.counts || []).slice(0, round).length;
  const title = CL["cl.formulas"] + (r < round ? " (" + CL[roundTitle(q, r - 1, shown)] + ")" : "");
  const el = block(meta, CL, title, rows, "f" + r);
  el.classList.add("bp-c-formulas");
  return el;
}
