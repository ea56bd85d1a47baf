// What every view builds with: elements, icons, and KaTeX. Text from the walk goes into the page
// as text nodes; the one place that sets HTML is setTex, with KaTeX's output of the walk's own
// formulas (KaTeX escapes what it typesets).

export const REDUCED = typeof window !== "undefined" && window.matchMedia
  ? window.matchMedia("(prefers-reduced-motion: reduce)") : { matches: false };
export const SVG = "http://www.w3.org/2000/svg";

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) el.appendChild(c);
  return el;
}

export function h2(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

const ICONS = {
  reset: "M6 6h2v12H6zm3.5 6 8.5 6V6z",
  prev: "M20 11H7.83l5.59-5.59L12 4l-8 8 8 8 1.41-1.41L7.83 13H20v-2z",
  next: "M12 4l-1.41 1.41L16.17 11H4v2h12.17l-5.58 5.59L12 20l8-8z",
  play: "M8 5v14l11-7z",
  pause: "M6 19h4V5H6v14zm8-14v14h4V5h-4z",
  present: "M21 3H3c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h5v2h8v-2h5c1.1 0 2-.9 2-2V5c0-1.1-.9-2-2-2zm0 14H3V5h18v12zM10 8v6l5-3z",
  close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
  practice: "M3 17.25V21h3.75L17.81 9.94l-3.75-3.75L3 17.25zM20.71 7.04a1 1 0 0 0 0-1.41l-2.34-2.34a1 1 0 0 0-1.41 0l-1.83 1.83 3.75 3.75 1.83-1.83z",
  class: "M16 11c1.66 0 2.99-1.34 2.99-3S17.66 5 16 5c-1.66 0-3 1.34-3 3s1.34 3 3 3zm-8 0c1.66 0 2.99-1.34 2.99-3S9.66 5 8 5C6.34 5 5 6.34 5 8s1.34 3 3 3zm0 2c-2.33 0-7 1.17-7 3.5V19h14v-2.5c0-2.33-4.67-3.5-7-3.5zm8 0c-.29 0-.62.02-.97.05 1.16.84 1.97 1.97 1.97 3.45V19h6v-2.5c0-2.33-4.67-3.5-7-3.5z",
  share: "M18 16.08c-.76 0-1.44.3-1.96.77L8.91 12.7c.05-.23.09-.46.09-.7s-.04-.47-.09-.7l7.05-4.11c.54.5 1.25.81 2.04.81 1.66 0 3-1.34 3-3s-1.34-3-3-3-3 1.34-3 3c0 .24.04.47.09.7L8.04 9.81C7.5 9.31 6.79 9 6 9c-1.66 0-3 1.34-3 3s1.34 3 3 3c.79 0 1.5-.31 2.04-.81l7.12 4.16c-.05.21-.08.43-.08.65 0 1.61 1.31 2.92 2.92 2.92s2.92-1.31 2.92-2.92-1.31-2.92-2.92-2.92z",
};

export function icon(name) {
  const svg = h2("svg", { viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false" });
  svg.appendChild(h2("path", { d: ICONS[name] }));
  return svg;
}

// A button with an icon and a label; the label and the icon can change (``setButton``).
export function iconButton(name, cls, onclick) {
  const b = h("button", { type: "button", class: "bp-btn " + cls, onclick });
  b.appendChild(icon(name));
  b.appendChild(h("span", { class: "bp-label" }));
  return b;
}

// A button's words, accessible name, keys, title and icon.
export function setButton(button, words) {
  const key = JSON.stringify(words);
  if (button.__words === key) return; // a step writes nothing that has not changed
  button.__words = key;
  const { text, keys, title, iconName, pressed } = words;
  button.querySelector(".bp-label").textContent = text;
  button.setAttribute("aria-label", text);
  if (keys) button.setAttribute("aria-keyshortcuts", keys);
  button.title = title ?? text;
  if (pressed !== undefined) button.setAttribute("aria-pressed", pressed ? "true" : "false");
  if (iconName) button.querySelector("path").setAttribute("d", ICONS[iconName]);
}

const texCache = new Map();
function tex(source, display) {
  const key = (display ? "D" : "I") + source;
  let html = texCache.get(key);
  if (html === undefined) {
    try {
      html = window.katex.renderToString(source, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
    } catch (e) {
      html = null;
    }
    if (texCache.size > 2000) texCache.clear();
    texCache.set(key, html);
  }
  return html;
}

export function setTex(el, source, display = true) {
  if (el.__tex === source) return;
  el.__tex = source;
  const html = source ? tex(source, display) : "";
  if (html === null) el.textContent = source;
  else el.innerHTML = html; // KaTeX's output of the walk's own formulas
}

// Plain text with $…$ math: text nodes for the words, KaTeX for the math.
export function setRich(el, text) {
  if (el.__rich === text) return;
  el.__rich = text;
  el.replaceChildren();
  String(text ?? "").split("$").forEach((part, k) => {
    if (k % 2 === 0) {
      if (part) el.appendChild(document.createTextNode(part));
    } else {
      const span = document.createElement("span");
      setTex(span, part, false);
      el.appendChild(span);
    }
  });
}

export function rich(tag, text, attrs = {}) {
  const el = h(tag, attrs);
  setRich(el, text);
  return el;
}

// A formula wider than its box: first the one broken at "=" (if there is one), then smaller type,
// down to 75 %; past that each equation on a line of its own that breaks after "+" and "=".
export function fit(el, narrower, lines) {
  if (el.style.fontSize) el.style.fontSize = "";
  el.classList.remove("bp-tight");
  if (el.scrollWidth <= el.clientWidth) return;
  if (narrower && el.__tex !== narrower) {
    setTex(el, narrower);
    if (el.scrollWidth <= el.clientWidth) return;
  }
  for (let size = 95; size >= 75; size -= 5) {
    el.style.fontSize = size + "%";
    if (el.scrollWidth <= el.clientWidth) return;
  }
  if (lines && lines.length) {
    el.style.fontSize = "";
    el.__tex = null;
    el.classList.add("bp-tight");
    el.replaceChildren(...lines.map((line) => {
      const div = document.createElement("div");
      setTex(div, line, false);
      return div;
    }));
  }
}

// A sentence of the catalogue with {name} filled in, as text (never HTML).
export function fill(template, values = {}) {
  return String(template).replace(/\{(\w+)\}/g, (all, name) => (values[name] !== undefined ? String(values[name]) : all));
}

// A whole number in the walk's digits.
export function digits(meta, n) {
  return String(n).replace(/\d/g, (d) => meta.digits[d]);
}
