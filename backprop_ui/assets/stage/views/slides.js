// "Print as slides": a deck of one landscape 16:9 page per step, in presentation mode's look
// (status line, figure, card) with the step's matrices under them. The stage (main.js) walks
// through the steps and hands each one's drawn parts here; the deck copies them into a slide,
// fits every slide to its page (never split, never cut), and prints.
//
// A slide is laid out at 1280 × 720 CSS pixels and printed at 10 × 5.625 inches (zoom 0.75);
// the page's size is set only while the deck prints, so the worksheet's A4 is not touched.

import { h } from "./dom.js";

const W = 1280, H = 720, PAD = 28;
const PAGE = "@page { size: 10in 5.625in; margin: 0; }";

// Copies of SVG drawings share the ids their clip paths and gradients are found by: each copy's
// ids get a suffix of their own, and what refers to them follows.
function ownIds(root, suffix) {
  const renamed = new Map();
  root.querySelectorAll("[id]").forEach((el) => {
    renamed.set(el.id, el.id + suffix);
    el.id += suffix;
  });
  if (!renamed.size) return;
  const fix = (text) => text.replace(/url\(\s*(['"]?)#([^'")]+)\1\s*\)/g, (m, q, id) => (renamed.has(id) ? `url(#${renamed.get(id)})` : m));
  root.querySelectorAll("*").forEach((el) => {
    for (const name of ["clip-path", "mask", "fill", "filter", "style"]) {
      const v = el.getAttribute(name);
      if (v && v.includes("url(")) el.setAttribute(name, fix(v));
    }
    for (const name of ["href", "xlink:href"]) {
      const v = el.getAttribute(name);
      if (v && v.startsWith("#") && renamed.has(v.slice(1))) el.setAttribute(name, "#" + renamed.get(v.slice(1)));
    }
  });
}

// A copy to print: nothing in it takes the keyboard's focus or is announced again.
function still(el) {
  const copy = el.cloneNode(true);
  copy.removeAttribute("id");
  for (const e of [copy, ...copy.querySelectorAll("[tabindex], [aria-live], [role=status]")]) {
    e.removeAttribute("tabindex");
    e.removeAttribute("aria-live");
  }
  return copy;
}

// No deck, no page size of the deck's, nothing printed as slides: as before "Print as slides".
export function clear() {
  document.querySelectorAll(".bp-deck, style.bp-slide-page").forEach((el) => el.remove());
  document.documentElement.classList.remove("bp-printing-slides");
}

export function build(meta) {
  const el = h("div", { class: "bp-deck", lang: meta.lang });
  let count = 0;

  // One step, from the stage's parts as drawn: its status line's text, the figure (and its plot's
  // size on screen), the card and the matrices.
  function add({ status, figure, plotSize, card, matrices }) {
    count += 1;
    const fig = still(figure);
    ownIds(fig, "-s" + count);
    const plot = fig.querySelector(".bp-plot");
    if (plot) Object.assign(plot.style, { width: plotSize[0] + "px", height: plotSize[1] + "px" });
    const main = h("div", { class: "bp-main" }, h("div", { class: "bp-slide-figure" }, fig), still(card));
    const mats = still(matrices);
    mats.querySelector(".bp-vec-box")?.remove(); // the values are on the figure's units: the page keeps Θ, Δ and D
    const inner = h("div", { class: "bp-slide-in" }, h("p", { class: "bp-status", text: status }), main, mats);
    el.appendChild(h("section", { class: "bp-stage bp-slide", dir: meta.dir, lang: meta.lang }, inner));
  }

  // Every slide fills its page and fits it: the figure its column, then the whole slide the page,
  // grown to at most 1.5 times or shrunk as far as it must be (laid out off screen to be measured;
  // printing only shows it).
  function fit() {
    el.classList.add("bp-measuring");
    document.body.appendChild(el);
    for (const slide of el.children) {
      const box = slide.querySelector(".bp-slide-figure"), fig = box.firstChild;
      const room = box.clientWidth, wide = fig.scrollWidth;
      if (wide > room) fig.style.zoom = String(room / wide);
      const inner = slide.firstChild;
      const scale = Math.min(1.5, (W - 2 * PAD) / inner.scrollWidth, (H - 2 * PAD) / inner.scrollHeight);
      inner.style.zoom = String(Math.floor(scale * 1000) / 1000);
    }
    el.classList.remove("bp-measuring");
  }

  // Print, then take the deck and the page's size away again: after the print dialog (afterprint), or
  // once the page is no longer printed (a PDF made without the dialog), or before the next deck.
  function print() {
    document.head.appendChild(h("style", { class: "bp-slide-page", text: PAGE }));
    document.documentElement.classList.add("bp-printing-slides");
    const printing = window.matchMedia?.("print");
    let seen = false;
    const watch = (ev) => {
      if (ev.matches) seen = true;
      else if (seen) done();
    };
    const done = () => {
      window.removeEventListener("afterprint", done);
      printing?.removeEventListener?.("change", watch);
      clear();
    };
    window.addEventListener("afterprint", done);
    printing?.addEventListener?.("change", watch);
    window.print();
  }

  return { el, add, fit, print, get count() { return count; } };
}
