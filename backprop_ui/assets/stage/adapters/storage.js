// What the stage keeps for the tab (sessionStorage) and the browser (localStorage). Every access
// may fail (private mode, a full store): the stage then simply forgets.

function get(store, key) {
  try { return window[store].getItem(key); } catch (e) { return null; }
}

function set(store, key, value) {
  try {
    if (value === null) window[store].removeItem(key);
    else window[store].setItem(key, value);
  } catch (e) { /* private mode or full */ }
}

function getJSON(store, key) {
  try { return JSON.parse(get(store, key) || "null"); } catch (e) { return null; }
}

export const tab = {
  get: (key) => get("sessionStorage", key),
  set: (key, value) => set("sessionStorage", key, value),
  getJSON: (key) => getJSON("sessionStorage", key),
  setJSON: (key, value) => set("sessionStorage", key, JSON.stringify(value)),
};

// A request from Python (a link's step, a practice level) is applied once per id: a rerun that
// hands the same request again does not move the stage back.
export function once(name, id) {
  if (!id || tab.get(name) === id) return false;
  tab.set(name, id);
  return true;
}

// This browser's anonymous voter id in a class: random, kept across tabs (the server counts a
// browser once per question and round, and stores only a salted hash of it).
export function voterId() {
  let id = get("localStorage", "bp-voter");
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    set("localStorage", "bp-voter", id);
  }
  return id;
}
