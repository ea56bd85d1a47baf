// Arrow and page keys for the stage, counted in the browser.
//
// A Streamlit button shortcut sends a one-shot trigger, and the server merges the triggers of
// requests that queue up while a run is in progress: three quick presses of Right could move
// one step. Here every press computes an absolute target step from the last one asked for,
// and sends it as component state. A newer state replaces an older one, so however many
// requests are merged, the newest carries the sum of every press.
const SKIP = [
  "input", "textarea", "select", "[contenteditable='']", "[contenteditable='true']",
  "[role='slider']", "[role='grid']", "[role='listbox']", "[role='menu']",
  "[data-testid='stDataFrame']", "[data-testid='stDataFrameResizable']",
].join(",");
const MOVES = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };
const PENDING_MS = 3000; // a target the server has not confirmed by then is forgotten

export default function ({ data, setStateValue, parentElement }) {
  const g = (window.__backpropKeys ??= { id: 0, pending: null, since: 0, listening: false, mounts: new Set() });
  g.data = data;
  g.send = setStateValue;
  if (g.pending !== null && (data.ack >= g.id || Date.now() - g.since > PENDING_MS)) {
    g.pending = null;
  }
  // One listener for the page, however many times the component is mounted: a remount can
  // run before the old mount's cleanup, so the listener goes only when no mount is left.
  g.mounts.add(parentElement);
  if (!g.listening) {
    g.onKey = (event) => {
      const delta = MOVES[event.key];
      if (!delta || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
        return;
      }
      const origin = event.composedPath()[0];
      if (origin instanceof Element && origin.closest(SKIP)) return;
      event.preventDefault(); // PageDown/PageUp would also scroll the page
      const base = g.pending ?? g.data.step;
      const target = Math.min(g.data.last, Math.max(0, base + delta));
      g.id += 1;
      g.pending = target;
      g.since = Date.now();
      g.send("target", { step: target, id: g.id });
    };
    document.addEventListener("keydown", g.onKey);
    g.listening = true;
  }
  return () => {
    g.mounts.delete(parentElement);
    if (g.mounts.size === 0 && g.listening) {
      document.removeEventListener("keydown", g.onKey);
      g.listening = false;
    }
  };
}
