// The matrices of the layer in play (Θ, Δ, D, and while Δ accumulates the outer product it adds),
// with the cells this step uses lit, and the values table of the current example: a, z and δ
// per layer, the one this step computes marked.

import { h, REDUCED, setRich, setTex } from "./dom.js";

export function build() {
  const e = {};
  e.head = h("h4", { class: "bp-mx-head" });
  e.panels = h("div", { class: "bp-panels" });
  e.caption = h("p", { class: "bp-small bp-mx-caption" });
  e.vecSummary = h("summary");
  e.vectors = h("div", { class: "bp-vectors", tabindex: "0" });
  e.vecBox = h("details", { class: "bp-vec-box", open: true }, e.vecSummary, e.vectors);
  e.matrices = h("section", { class: "bp-matrices" }, e.head, e.panels, e.caption, e.vecBox);

  function panel(meta, mats, [, symbol, id, cells], marked, animate, ms) {
    const out = h("div", { class: "bp-panel" });
    const sym = h("div", { class: "bp-math bp-sym" });
    setTex(sym, symbol + (id ? " =" : ""), false);
    out.appendChild(sym);
    const values = id && (id[0] === "T" ? meta.thetas[+id.slice(1) - 1] : mats[id]);
    if (!values) {
      out.appendChild(h("p", { class: "bp-small", dir: meta.dir, text: meta.labels["mx.pending"] })); // the panels are ltr
      return out;
    }
    const lit = (i, j) => marked.some(([, , ci, cj]) => (ci === null || ci === i + 1) && (cj === null || cj === j));
    const table = h("table", { class: "bp-matrix" });
    values.forEach((row, i) => {
      const tr = h("tr");
      row.forEach((v, j) => {
        const on = lit(i, j);
        tr.appendChild(h("td", { class: (on ? "bp-lit" : "") + (on && animate ? " bp-fill" : "") + (j === 0 ? " bp-col0" : ""), text: v }));
      });
      table.appendChild(tr);
    });
    const scroll = h("div", { class: "bp-scroll", tabindex: "0", role: "group", "aria-label": symbol.replace(/[\\{}^()]/g, "") }, table);
    out.appendChild(scroll);
    if (animate && !REDUCED.matches) scroll.style.setProperty("--bp-fill", ms + "ms");
    return out;
  }

  // ``table``: the values table as this step shows it (with the asked value blank while asking).
  function render({ meta, rec, mats, table, animate, asking, ms }) {
    const L = meta.labels;
    if (e.matrices.lang !== meta.lang) {
      e.matrices.lang = meta.lang;
      e.matrices.dir = meta.dir;
      e.matrices.setAttribute("aria-label", L["stage.matrices"]);
      e.vecSummary.textContent = L["mx.vectors"];
      e.vectors.setAttribute("aria-label", L["mx.vectors"]);
    }
    setRich(e.head, rec.panels_title);
    const q = rec.question;
    const panels = asking && q.panels ? q.panels : rec.panels;
    // While a value is asked, only the asked entry is marked: which row or column to use is part of the question.
    e.panels.replaceChildren(...panels.map((p) => panel(meta, mats, p, asking && !q.panels ? [] : p[3], animate && !asking, ms)));
    e.caption.hidden = !rec.panels_caption || asking;
    if (rec.panels_caption) setRich(e.caption, rec.panels_caption);
    const width = meta.vec_width;
    const tbl = h("table", { class: "bp-values" });
    const head = h("tr", {}, h("th"));
    for (let j = 0; j < width; j++) head.appendChild(h("th", { text: String(j) }));
    tbl.appendChild(head);
    meta.vec_rows.forEach(([name], r) => {
      const tr = h("tr");
      const th = h("th", { scope: "row" });
      setTex(th, name, false);
      tr.appendChild(th);
      for (let j = 0; j < width; j++) {
        const target = rec.target_cell && rec.target_cell[0] === r && rec.target_cell[1] === j;
        tr.appendChild(h("td", { class: (target ? "bp-lit" : "") + (j === 0 ? " bp-col0" : ""), text: table[r][j] ?? "" }));
      }
      tbl.appendChild(tr);
    });
    e.vectors.replaceChildren(tbl);
  }

  return { el: e, render };
}
