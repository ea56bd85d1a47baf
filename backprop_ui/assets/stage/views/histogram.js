// The room's answers as bars, one block per round: right first, then the mistakes by how many
// gave them. Drawn on the projector's question area and, once revealed, on a student's card.
// ``mine``: the bucket of this phone's own answer, marked so the student sees where it went.

import { buckets } from "../core/room.js";
import { digits, h } from "./dom.js";

export function histogram(meta, CL, counts, rounds, mine = null) {
  const shown = counts.slice(0, rounds);
  return shown.map((c, r) => {
    const total = Object.values(c).reduce((a, b) => a + b, 0);
    // One vote: "How the answers split"; two: each round by its name.
    const title = h("h5", { class: "bp-c-round", text: shown.length > 1 ? (r ? CL["cl.vote2"] : CL["cl.vote1"]) : CL["cl.histogram"] });
    if (!total) return h("div", { class: "bp-c-block" }, title, h("p", { class: "bp-small", text: CL["cl.no_answers"] }));
    const list = h("ul", { class: "bp-c-bars", "data-round": r + 1 });
    for (const [name, n] of buckets(c)) {
      const share = n / total;
      const label = name.split("+").map((part) => CL.buckets[part] ?? part).join(" / ");
      const bar = h("span", { class: "bp-c-fill" });
      bar.style.width = Math.max(2, Math.round(share * 100)) + "%";
      const own = mine === name && r === shown.length - 1;
      list.appendChild(h("li", { class: "bp-c-row" + (name === "right" ? " bp-c-right" : "") + (own ? " bp-c-mine" : ""),
        "data-bucket": name, "data-count": n },
        h("span", { class: "bp-c-name", text: label + (own ? " ← " + CL["cl.mine"] : "") }),
        h("span", { class: "bp-c-track" }, bar),
        h("span", { class: "bp-c-count", text: digits(meta, Math.round(share * 100)) + meta.percent + " (" + digits(meta, n) + ")" })));
    }
    return h("div", { class: "bp-c-block" }, title, list);
  });
}
