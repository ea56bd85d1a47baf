// The stage in one file that needs no server (exports/offline.py): Python wrote the walk, the
// stage's modules, plotly.js, KaTeX and the fonts into it, so it opens from a disk, a USB stick
// or an e-mail with the network off, and asks nothing of anyone.
//
// The file's address cannot carry the view as the app's does (it is the file's path), so the
// step, presentation mode and practice level are kept in its #fragment, written the one way
// links write them (core/address.js): a reload stays where it was. Opened without a fragment,
// the file shows the view it was saved with.

import { viewFrom, viewSearch } from "../core/address.js";
import { Stage } from "../main.js";
import { REDUCED } from "../views/dom.js";
import { testHook } from "./hook.js";
import { listenKeys } from "./keys.js";

function read(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}

function toFragment(codec, view) {
  const hash = viewSearch(codec, view);
  try {
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  } catch (e) { /* a browser that refuses: the view stays in memory */ }
}

function start() {
  const data = read("bp-data");
  const parent = document.getElementById("bp-stage");
  if (!data || !parent) return;
  // plotly.js and KaTeX are in the file already (scripts before this one).
  const scripts = (window.__bpScripts ??= {});
  scripts[data.assets.plotly] = Promise.resolve();
  scripts[data.assets.katex_js] = Promise.resolve();
  const view = viewFrom(data.address, location.hash.slice(1));
  const once = "file-" + Math.random().toString(36).slice(2); // applied at every opening, not once per tab
  const step = view.step ?? data.saved.step;
  data.target = step > 0 ? { id: once, step } : null;
  data.present = view.present ?? data.saved.present;
  data.practice = view.practice ?? data.saved.practice;
  data.practice_id = data.practice ? once : null;
  const stage = new Stage(parent, {
    trigger: () => {},
    address: (v) => toFragment(data.address, v),
    unclass: () => {},
    get reduced() { return REDUCED.matches; },
  });
  listenKeys(() => stage);
  stage.update(data);
  window.__backpropStage = testHook(stage);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
