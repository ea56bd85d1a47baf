// The stage on a page of its own: the students' page of a live class (live/hall.py), with no
// Streamlit on it. Python wrote the stage's data into the page (<script id="bp-data">), so the
// first step is drawn with no request but the scripts; after that the page talks to the server
// only over the room's websocket, and when the room shows another scenario ("follow") it asks
// for that walk at the address the data names. Stepping needs nothing of the server.
//
// The page's own links are kept true here: "Open in the full app" carries the scenario and the
// step on screen, and the language switch keeps the page's address.

import { withView } from "../core/address.js";
import { Stage } from "../main.js";
import { REDUCED } from "../views/dom.js";
import { testHook } from "./hook.js";
import { listenKeys } from "./keys.js";

function read(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}

// The main page with this walk at the step on screen (the student's own, outside the class).
function fullApp(stage) {
  const data = stage.data, lang = stage.walk?.meta.lang;
  const base = new URL("/?" + data.query, location.origin);
  if (lang && lang !== data.default_lang) base.searchParams.set("lang", lang);
  return withView(base.href, data.address, { step: stage.state.step });
}

async function follow(stage, query) {
  // The room shows another scenario: its walk, in this page's language. A failure leaves the
  // stage where it is; the room's next message asks again.
  try {
    const r = await fetch(stage.data.follow);
    if (!r.ok) return;
    const data = await r.json();
    stage.update(data);
  } catch (e) { /* offline: the socket says so */ }
}

function start() {
  const data = read("bp-data");
  const parent = document.getElementById("bp-stage");
  if (!data || !parent) return;
  const stage = new Stage(parent, {
    trigger: (name, value) => { if (name === "follow") follow(stage, value); },
    address: () => {}, // the page's address is the class's; where the student stands is kept by the tab
    unclass: () => {}, // the class has gone: the walk stays, to step on alone, and the notice says why
    get reduced() { return REDUCED.matches; },
  });
  const open = document.getElementById("bp-open-app");
  if (open) {
    const write = () => { open.href = fullApp(stage); };
    for (const type of ["pointerdown", "focus", "click"]) open.addEventListener(type, write);
  }
  listenKeys(() => stage);
  stage.update(data);
  window.__backpropStage = testHook(stage);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
