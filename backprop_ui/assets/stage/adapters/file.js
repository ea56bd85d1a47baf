// The stage in one file that needs no server (exports/offline.py): Python wrote the walk, the
// stage's modules, plotly.js, KaTeX and the fonts into it, so it opens from a disk, a USB stick
// or an e-mail with the network off, and asks nothing of anyone.
//
// The file's address cannot carry the view as the app's does (it is the file's path), so the
// step, presentation mode and practice level are kept in its #fragment, written the one way
// links write them (core/address.js): a reload stays where it was. Opened without a fragment,
// the file shows the view it was saved with (<script id="bp-view">, the page's last element).

import { viewFrom, viewSearch } from "../core/address.js";
import { Stage } from "../main.js";
import { REDUCED } from "../views/dom.js";
import { testHook } from "./hook.js";
import { listenKeys } from "./keys.js";

function read(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}

// The whole view, defaults too: a fragment that says "step 1, not presenting" is not the saved view.
function toFragment(codec, view) {
  const hash = viewSearch(codec, view, true);
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
  // The view: the fragment's (a reload), else the one the file was saved with; nothing a tab kept.
  const saved = read("bp-view");
  const fragment = location.hash.length > 1 ? viewFrom(data.address, location.hash.slice(1)) : {};
  const view = { ...saved, ...fragment };
  const once = "file-" + Math.random().toString(36).slice(2); // applied at every opening, not once per tab
  data.target = { id: once, step: view.step };
  data.present = view.present;
  data.practice = view.practice;
  data.practice_id = once;
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
