// The formula card: the step's title and formula ids, its sentence, the lesson's formula (or D's
// two cases), the formula with this step's numbers, and the notes. While the step asks its
// value, the numbers and notes give way to the question (views/quiz.js, inside the card).

import { fit, h, rich, setRich, setTex } from "./dom.js";

export function build() {
  const e = {};
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
  e.slot = h("div", { class: "bp-q-slot" }); // the question goes here
  e.folded = h("p", { class: "bp-small bp-folded", hidden: true }); // while the question asks which formula it is
  e.card = h("article", { class: "bp-card" }, h("div", { class: "bp-head" }, e.title, e.ids), e.caption, e.flabel,
    e.formula, e.cases, e.folded, e.slot, e.nlabel, e.numbers, e.current, e.notes);
  let drawn = null, fitted = null, width = null, lang = null, presenting = false;

  // On a projector nothing of the card may be cut off: what does not fit its height is typeset smaller, down to
  // 70 %; only past that does the card scroll (and it takes the focus, so the keys can scroll it).
  function fitHeight() {
    const card = e.card;
    card.style.fontSize = "";
    if (!presenting) return;
    for (let size = 95; size >= 70 && card.scrollHeight > card.clientHeight + 1; size -= 5) card.style.fontSize = size + "%";
    card.tabIndex = card.scrollHeight > card.clientHeight + 1 ? 0 : -1;
  }

  function refit() {
    const rec = fitted;
    if (!rec) return;
    // Widths are fitted at the card's full type size: the last step's projector shrink (fitHeight) would let D's
    // two cases sit side by side, then overflow when this step's card grows back.
    e.card.style.fontSize = "";
    if (!e.numbers.hidden) fit(e.numbers, rec.numbers, rec.numbers_lines);
    if (!e.formula.hidden) fit(e.formula);
    if (!e.current.hidden) fit(e.current);
    if (!e.cases.hidden) {
      // D's two cases side by side, or one above the other when side by side they would not fit.
      e.cases.classList.remove("bp-stacked");
      const tight = () => [...e.cases.querySelectorAll(".bp-math")].some((m) => (fit(m), m.scrollWidth > m.clientWidth + 1));
      if (tight()) {
        e.cases.classList.add("bp-stacked");
        tight();
      }
    }
    fitHeight();
  }

  function cases(meta, rec) {
    const L = meta.labels;
    const [bias, other] = rec.cases;
    const cell = (label, fid, line) => {
      const f = h("div", { class: "bp-math", tabindex: "0", role: "group", "aria-label": L["card.lesson_formula"] });
      const words = meta.formulas_in_words?.[fid];
      if (words) {
        // As the lesson writes it: the formula, then «اگر» and the condition, right to left.
        f.classList.add("bp-math-words");
        f.dir = "rtl";
        setRich(f, words);
      } else setTex(f, meta.formulas[fid]);
      const n = h("div", { class: "bp-math", tabindex: "0", role: "group", "aria-label": L["card.numbers"] });
      setTex(n, line);
      return h("div", { class: "bp-case" }, rich("p", label, { class: "bp-small" }), f, n);
    };
    e.cases.replaceChildren(cell(L["card.case_bias"], "F14", bias), cell(L["card.case_other"], "F13", other));
  }

  function render({ s, meta, rec, asking, folded }) {
    if (!rec) return;
    const key = [meta.lang, s.step, s.present, asking, s.moves, folded].join("|");
    if (drawn === key) return;
    drawn = key;
    const L = meta.labels;
    if (lang !== meta.lang) {
      lang = meta.lang;
      e.card.dir = meta.dir;
      e.numbers.setAttribute("aria-label", L["card.numbers"]);
      e.formula.setAttribute("aria-label", L["card.lesson_formula"]);
      e.current.setAttribute("aria-label", L["card.numbers"]);
    }
    if (e.title.textContent !== rec.title) e.title.textContent = rec.title;
    const ids = rec.formula_ids.join(" ");
    if (e.ids.dataset.ids !== ids) {
      e.ids.dataset.ids = ids;
      e.ids.replaceChildren(...rec.formula_ids.map((id) => h("span", { class: "bp-badge", text: id })));
    }
    setRich(e.caption, rec.caption);
    if (e.flabel.textContent !== rec.formula_label) e.flabel.textContent = rec.formula_label;
    e.formula.hidden = Boolean(rec.cases) || folded;
    e.cases.hidden = !rec.cases || folded;
    e.ids.hidden = e.flabel.hidden = e.caption.hidden = folded; // the sentence says the formula in words
    e.folded.hidden = !folded;
    if (folded) e.folded.textContent = L["card.folded"];
    if (rec.cases) cases(meta, rec);
    else setTex(e.formula, meta.formulas[rec.formula]);
    e.nlabel.textContent = rec.numbers_label || L["card.numbers"];
    setTex(e.numbers, s.present && rec.numbers_wide ? rec.numbers_wide : rec.numbers);
    e.nlabel.hidden = e.numbers.hidden = e.notes.hidden = asking;
    e.current.hidden = asking || !(s.present && rec.current);
    if (s.present && rec.current) setTex(e.current, rec.current);
    const notes = rec.notes.filter((n) => !s.present || n[3]);
    const notesKey = JSON.stringify(notes);
    if (e.notes.dataset.key !== notesKey) {
      e.notes.dataset.key = notesKey;
      e.notes.replaceChildren(...notes.map(([kind, title, text]) => {
        const p = h("p", { class: "bp-note bp-" + kind });
        if (title) p.appendChild(h("strong", { text: title + ". " }));
        p.appendChild(rich("span", text));
        return p;
      }));
    }
    fitted = rec;
    presenting = s.present;
  }

  // Widths change once KaTeX's fonts arrive and whenever the card is resized: fit again. Only a
  // new width can change what fits (the card grows and shrinks in height every step).
  function watch() {
    document.fonts?.ready.then(refit);
    new ResizeObserver(([entry]) => {
      const w = Math.round(entry.contentRect.width);
      if (w !== width) {
        width = w;
        refit();
      }
    }).observe(e.card);
  }

  return { el: e, render, refit, watch };
}
