// The stage hosted by Streamlit: a v2 component (backprop_ui/stage.py) whose inline script only
// imports this module from the app's own route. Python's data comes in; triggers go back
// ("follow": the room shows another scenario; "left": the class has gone). This module is also
// where the stage shares the page with Streamlit:
//
// * the address bar: Streamlit writes it (st.query_params: the scenario, the language, a class)
//   with history.replaceState and pushState; the stage owns the step, presentation mode and
//   practice level, so every address Streamlit writes gets the stage's part put back
//   (core/address.js says what that part is);
// * the connection: while the server cannot be reached Streamlit covers the page with a modal
//   "Connection error" dialog that makes everything behind it inert. The stage needs no server to
//   step, play or present, so while it is on the page that dialog is set aside and the stage says
//   in its own words that the connection is down;
// * the keys: one listener on the document hands keys to the stage on the page.

import { withView } from "../core/address.js";
import { Stage } from "../main.js";
import { REDUCED } from "../views/dom.js";
import { testHook } from "./hook.js";
import { listenKeys } from "./keys.js";

const G = (window.__bpStage ??= { stages: new Map(), active: null });

function address(stage, view) {
  const url = withView(location.href, stage.data.address, view);
  if (url !== location.href) G.replace.call(history, history.state, "", url);
}

function patchHistory() {
  if (G.history) return;
  G.history = true;
  G.replace = history.replaceState;
  G.push = history.pushState;
  const keep = (url) => {
    const s = G.active;
    if (!s || url === undefined || url === null) return url;
    const next = new URL(url, location.href);
    if (next.pathname !== location.pathname) return url;
    return withView(next.href, s.data.address, s.view());
  };
  history.replaceState = function (state, title, url) { return G.replace.call(this, state, title, keep(url)); };
  history.pushState = function (state, title, url) { return G.push.call(this, state, title, keep(url)); };
}

function isConnectionDialog(el) {
  return el.matches?.('[data-testid="stDialog"]') && !el.querySelector('[data-testid="stElementContainer"]') &&
    /connection error/i.test(el.querySelector("h2")?.textContent || "");
}

function watchConnection() {
  if (G.connection) return;
  G.connection = true;
  const check = () => {
    const stage = G.active;
    const dialog = [...document.body.children].find(isConnectionDialog);
    const down = Boolean(dialog && stage);
    G.down = down;
    if (dialog) dialog.style.display = down ? "none" : "";
    if (down) for (const el of document.body.children) if (el !== dialog && el.hasAttribute("inert")) el.removeAttribute("inert");
    if (stage && stage.state.offline !== Boolean(dialog)) stage.dispatch({ type: "connection", down: Boolean(dialog) });
  };
  // The hidden dialog still swallows every press outside itself (in the document's capture
  // phase). This listener was added to the document before any dialog existed, so it runs first:
  // a press on the stage is kept from the dialog, and a button gets its click again.
  const shield = (ev) => {
    if (!G.down || !ev.isTrusted || !(ev.target instanceof Element) || !ev.target.closest(".bp-stage")) return;
    ev.stopImmediatePropagation();
    const button = ev.type === "click" && ev.target.closest("button");
    if (button) setTimeout(() => button.click());
  };
  for (const type of ["pointerdown", "mousedown", "touchstart", "click"]) document.addEventListener(type, shield, true);
  new MutationObserver(check).observe(document.body, { childList: true });
  new MutationObserver(check).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["inert"] });
}

export default function ({ data, parentElement, setTriggerValue }) {
  let stage = G.stages.get(parentElement);
  if (!stage) {
    stage = new Stage(parentElement, {
      trigger: (name, value) => stage.setTrigger?.(name, value),
      address: (view) => address(stage, view),
      unclass: (url, reload) => {
        if (reload) setTimeout(() => location.assign(url), 150); // the teacher goes on presenting, outside any class
        else G.replace.call(history, history.state, "", url);
      },
      get reduced() { return REDUCED.matches; },
    });
    G.stages.set(parentElement, stage);
  }
  G.active = stage;
  stage.setTrigger = setTriggerValue;
  patchHistory();
  listenKeys(() => G.active);
  watchConnection();
  stage.update(data);
  window.__backpropStage = testHook(stage);
  return () => {
    stage.destroy();
    G.stages.delete(parentElement);
    if (G.active === stage) {
      G.active = null;
      document.documentElement.classList.remove("bp-presenting");
    }
  };
}
