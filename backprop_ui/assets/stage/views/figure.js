// The network figure. plotly.js draws it once per walk (and once more for presentation mode); a
// step then only restyles what plotly drew: the units' fills, borders and values, one path of
// highlighted edges placed among plotly's traces, and an overlay of arrows and δ labels. That
// costs about a millisecond, where Plotly.restyle or relayout cost 20–60 ms a step.
//
// This is the one module that reaches into plotly's drawing: the layout's axes (_fullLayout and
// their _offset, to turn data coordinates into pixels) and the classes of its SVG groups. They
// have no public equivalent; requirements.txt pins plotly to the minor version tested here, and
// tests/e2e/test_stage.py fails if a step stops restyling the units.

import { digits, fill, h, h2, REDUCED, setRich } from "./dom.js";

const MIN_FONT = 12; // px

export function build() {
  const e = {};
  e.plot = h("div", { class: "bp-plot" });
  e.overlay = h2("svg", { class: "bp-overlay", "aria-hidden": "true" });
  e.key = h("p", { class: "bp-key" });
  e.figure = h("figure", { class: "bp-figure", role: "img" }, e.plot, e.overlay, e.key);
  let drawnFor = null, scale = 1, painted = null, anim = null, watched = false;

  function draw(meta, present) {
    const f = meta.fig, plot = e.plot;
    const spec = JSON.parse(JSON.stringify(present ? meta.fig_present.spec : f.spec));
    // The stylesheet sizes the figure (taller on a projector); type and units grow with it.
    delete spec.layout.height;
    delete spec.layout.width;
    spec.layout.autosize = true;
    const designed = present ? 530 : 440;
    scale = Math.max(0.6, Math.min(1.7, (plot.clientHeight || designed) / designed));
    if (scale !== 1) {
      // On a phone the figure is smaller, but no text in it goes below 12 px: values, labels and the key stay legible.
      const grow = (font) => { if (font && font.size) font.size = Math.max(MIN_FONT, Math.round(font.size * scale)); };
      grow(spec.layout.font);
      grow(spec.layout.legend?.font);
      for (const t of spec.data) {
        grow(t.textfont);
        if (t.marker && typeof t.marker.size === "number") t.marker.size *= scale;
        if (t.line && t.line.width) t.line.width *= scale;
      }
    }
    // Units are restyled by hand from here on; their hover names the unit, the values are on it.
    const units = spec.data[f.units];
    // Plotly draws no text element for an empty text: every unit gets one, so the n-th text is the n-th unit's.
    units.text = units.text.map((t) => t || "\u200b");
    units.hovertext = units.hovertext.map((text, k) => {
      const [layer, j] = f.node_ids[k];
      return j === 0 ? text : fill(f.hover, { j: digits(meta, j), l: digits(meta, layer) });
    });
    window.Plotly.newPlot(plot, spec.data, spec.layout, { displayModeBar: false, responsive: true, scrollZoom: false });
    if (!watched) {
      // The figure's box changes width without the window changing (the sidebar, the card's fonts
      // arriving): plotly is told, and the step is painted again on its new drawing.
      watched = true;
      let width = plot.clientWidth;
      new ResizeObserver(() => {
        if (plot.clientWidth !== width && plot.data) {
          width = plot.clientWidth;
          window.Plotly.Plots.resize(plot);
        }
      }).observe(plot);
      plot.on("plotly_afterplot", () => { if (painted) paint(painted); });
    }
  }

  // Pixel positions of data coordinates, inside plotly's plot area and on the overlay.
  function mapper() {
    const full = e.plot._fullLayout;
    if (!full || !full.xaxis) return null;
    const xa = full.xaxis, ya = full.yaxis;
    return { inner: (x, y) => [xa.c2p(x), ya.c2p(y)], outer: (x, y) => [xa._offset + xa.c2p(x), ya._offset + ya.c2p(y)],
      width: full.width, height: full.height };
  }

  function paint(p) {
    painted = p;
    const { meta, present } = p, f = meta.fig, map = mapper();
    if (!map) return;
    const group = e.plot.querySelectorAll(".scatterlayer > .trace")[f.units];
    if (!group) return;
    group.querySelectorAll(".points path.point").forEach((pt, k) => {
      const [fillColour, border, width] = p.styles[k];
      pt.style.fill = fillColour;
      pt.style.stroke = border;
      pt.style.strokeWidth = width * scale + "px";
    });
    const texts = group.querySelectorAll(".text text");
    if (texts.length === p.texts.length) {
      texts.forEach((t, k) => {
        if (t.textContent !== p.texts[k]) t.textContent = p.texts[k];
        t.style.fill = p.colours[k];
        const long = p.texts[k].length > 6; // "-0.02794" would spill out of its unit
        if (t.__long !== long) {
          t.__long = long;
          if (t.__size === undefined) t.__size = parseFloat(t.style.fontSize) || 12;
          t.style.fontSize = (long ? Math.max(MIN_FONT, t.__size * 0.82) : t.__size) + "px";
        }
      });
    }
    // The highlighted edges: one path in a group of our own, under the units' trace.
    let hl = e.plot.querySelector(".bp-hl");
    if (!hl || hl.nextSibling !== group) {
      hl?.remove();
      hl = h2("path", { class: "bp-hl", fill: "none", "stroke-linecap": "round" });
      group.parentNode.insertBefore(hl, group);
    }
    const colour = f.colours[p.direction] ?? f.colours[""];
    let d = "";
    for (const k of p.edges) {
      const [from, to] = f.edges[k];
      const [x0, y0] = map.inner(...f.nodes[from]), [x1, y1] = map.inner(...f.nodes[to]);
      d += `M${x0.toFixed(1)},${y0.toFixed(1)}L${x1.toFixed(1)},${y1.toFixed(1)}`;
    }
    hl.setAttribute("d", d);
    hl.setAttribute("stroke", colour);
    hl.setAttribute("stroke-width", (p.edges.length < 80 ? 5 : 2.5) * scale);
    // The overlay: arrows along the highlighted edges (δ flows right to left) and δ beside its unit.
    const svg = e.overlay;
    svg.setAttribute("width", map.width);
    svg.setAttribute("height", map.height);
    let marks = svg.querySelector(".bp-marks");
    if (!marks) svg.appendChild((marks = h2("g", { class: "bp-marks" })));
    const parts = [];
    if (p.direction && p.edges.length <= 40) {
      for (const k of p.edges) {
        let [from, to] = f.edges[k];
        if (p.direction === "b") [from, to] = [to, from];
        const [x0, y0] = map.outer(...f.nodes[from]), [x1, y1] = map.outer(...f.nodes[to]);
        const tipX = x0 + 0.72 * (x1 - x0), tipY = y0 + 0.72 * (y1 - y0);
        const angle = Math.atan2(y1 - y0, x1 - x0), size = 11 * scale;
        parts.push(h2("path", { fill: colour,
          d: `M${tipX},${tipY}L${tipX - size * Math.cos(angle - 0.45)},${tipY - size * Math.sin(angle - 0.45)}` +
             `L${tipX - size * Math.cos(angle + 0.45)},${tipY - size * Math.sin(angle + 0.45)}Z` }));
      }
    }
    const unit = (present ? meta.fig_present.unit_size : f.unit_size) * scale;
    const font = Math.max(MIN_FONT, Math.round((present ? 16 : 12) * scale));
    for (const [k, text] of p.deltas) {
      const [x, y] = map.outer(...f.nodes[k]);
      const below = f.delta_side[k] === "below";
      parts.push(h2("text", {
        x: below ? x : x + unit / 2 + 4, y: below ? y + unit / 2 + font + 1 : y + font * 0.35,
        "text-anchor": below ? "middle" : "start", "font-size": font, fill: f.colours.delta,
        stroke: "#FFFFFF", "stroke-width": 3, "paint-order": "stroke", "font-family": "Vazirmatn, Tahoma, sans-serif",
      }, text));
    }
    marks.replaceChildren(...parts);
  }

  // A dot runs along each highlighted edge into the unit (forward) or back out of the layer after
  // it (δ, right to left); a forward unit's value appears when the dots arrive.
  function pulse(meta, present, direction, edges, reveal, ms) {
    const f = meta.fig, map = mapper();
    if (!map) return;
    const layer = h2("g", { class: "bp-pulse" });
    e.overlay.appendChild(layer);
    const dots = edges.map((k) => {
      let [from, to] = f.edges[k];
      if (direction === "b") [from, to] = [to, from];
      const c = h2("circle", { r: (present ? 8 : 6) * scale, fill: f.colours[direction], stroke: "#FFFFFF", "stroke-width": 2 });
      layer.appendChild(c);
      return [c, map.outer(...f.nodes[from]), map.outer(...f.nodes[to])];
    });
    const t0 = performance.now();
    const frame = (now) => {
      const u = Math.min(1, (now - t0) / ms);
      const ease = u < 0.5 ? 2 * u * u : 1 - (-2 * u + 2) ** 2 / 2;
      for (const [c, [x0, y0], [x1, y1]] of dots) {
        c.setAttribute("cx", x0 + ease * (x1 - x0));
        c.setAttribute("cy", y0 + ease * (y1 - y0));
      }
      if (u < 1) anim.raf = requestAnimationFrame(frame);
      else finish();
    };
    anim = { raf: requestAnimationFrame(frame), layer, reveal };
  }

  // The animation cut short (another step) or done: the value it was bringing is shown.
  function finish() {
    const a = anim;
    if (!a) return;
    anim = null;
    cancelAnimationFrame(a.raf);
    a.layer.remove();
    if (a.reveal && painted) {
      painted.texts[a.reveal.k] = a.reveal.text;
      paint(painted);
    }
  }

  // ``table``: the values table as shown; ``animate``: this step's pulse runs.
  function render({ meta, rec, table, animate, asking, present, units, ms }) {
    const f = meta.fig;
    const key = meta.lang + "|" + meta.n + "|" + present + "|" + JSON.stringify(f.node_ids.length);
    if (e.figure.getAttribute("aria-label") !== meta.labels["stage.figure"]) e.figure.setAttribute("aria-label", meta.labels["stage.figure"]);
    if (drawnFor !== key || !e.plot.data) {
      draw(meta, present);
      drawnFor = key;
    }
    const rowOf = {};
    meta.vec_rows.forEach(([, kind, layer], r) => { rowOf[kind + layer] = r; });
    const styles = [], texts = [], colours = [], deltas = [];
    const target = units.indexOf("t");
    let reveal = null;
    f.node_ids.forEach(([layer, j], k) => {
      styles.push(f.styles[units[k]]);
      if (j === 0) { texts.push("+1"); colours.push("#1A1A1A"); return; }
      const a = table[rowOf["a" + layer]][j];
      const d = layer > 1 ? table[rowOf["delta" + layer]][j] : "";
      const hide = animate && k === target && rec.direction === "f" && !asking; // the value appears when the pulse arrives
      if (hide) reveal = { k, text: f.labelled ? a : "" };
      texts.push(f.labelled && !hide ? a : "");
      colours.push(a ? "#1A1A1A" : "#6B6B6B");
      if (f.labelled && d && f.delta_side[k] !== "none") deltas.push([k, "δ " + d]);
    });
    const edges = rec.edgesList;
    paint({ meta, present, direction: rec.direction, styles, texts, colours, deltas, edges });
    const keyText = edges.length ? meta.labels["fig.key_" + (rec.direction || "acc")] : "";
    if (e.key.dataset.text !== keyText) {
      e.key.dataset.text = keyText;
      e.key.dir = meta.dir; // the figure is left to right; its key is a sentence in the walk's language
      const swatch = h("span", { class: "bp-swatch" });
      swatch.style.background = f.colours[rec.direction] ?? f.colours[""];
      const words = h("span");
      setRich(words, keyText);
      e.key.replaceChildren(...(keyText ? [swatch, words] : []));
    }
    if (animate && rec.direction && edges.length <= 40 && !REDUCED.matches) pulse(meta, present, rec.direction, edges, reveal, ms);
    else if (reveal) { painted.texts[reveal.k] = reveal.text; paint(painted); }
  }

  return { el: e, render, finish, redraw: () => { drawnFor = null; }, get painted() { return painted; }, get anim() { return anim; } };
}
