// The page's small jobs in the browser, on every page. A network too big for a link is kept in this tab's sessionStorage, under the id the address
// carries (?tab=…), so a reload, or another page of the app, opens it again. Python says what to
// keep and when to give it back; this script only stores and reads. Nothing leaves the tab.
const INDEX = "bp-tabs"; // the ids kept, newest last
const MAX_KEPT = 6; // each is at most a few hundred KB; sessionStorage holds about 5 MB

function kept() {
  try { return JSON.parse(sessionStorage.getItem(INDEX) || "[]"); } catch (e) { return []; }
}

function keep(id, query) {
  try {
    const ids = kept().filter((x) => x !== id);
    ids.push(id);
    while (ids.length > MAX_KEPT) sessionStorage.removeItem("bp-tab:" + ids.shift());
    sessionStorage.setItem("bp-tab:" + id, query);
    sessionStorage.setItem(INDEX, JSON.stringify(ids));
  } catch (e) { /* private mode or full: the reload will say the network was not kept */ }
}

function read(id) {
  try { return sessionStorage.getItem("bp-tab:" + id); } catch (e) { return null; }
}

// After a language switch on a phone the sidebar, where the switch is, covers most of the screen:
// it folds once, as a tap outside it would fold it (Streamlit has no call for this).
let folded = null;
function fold(id) {
  if (!id || id === folded) return;
  folded = id;
  if (!window.matchMedia("(max-width: 640px)").matches) return;
  // Only an open sidebar has a collapse button that says it is expanded.
  document.querySelector('[data-testid="stSidebarCollapseButton"] button[aria-expanded="true"]')?.click();
}

export default function ({ data, setTriggerValue }) {
  fold(data.fold);
  if (data.keep) keep(data.keep.id, data.keep.query);
  if (data.restore) setTriggerValue("restore", { id: data.restore, query: read(data.restore) });
}
