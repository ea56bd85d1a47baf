// The address bar's view keys (step, presentation mode, practice level), written the one way
// links.VIEW writes them. Python hands the stage its codec (stage.py: "address"): the scenario's
// keys, then each view key with how its values are written; this module only applies it.
//
// Two writers share the address: Streamlit's st.query_params (the scenario, the language, a
// class) and the stage (what it owns of the view). adapters/history.js puts the stage's part
// back into whatever Streamlit writes; this function says what that part is.

// The text of each view key the stage owns, or null where the value is the default.
export function viewQuery(codec, view) {
  const out = {};
  for (const prop of codec.view) {
    if (!Object.hasOwn(view, prop.field)) continue;
    const value = view[prop.field];
    if (prop.kind === "step") out[prop.key] = value > 0 ? String(value + 1) : null;
    else if (prop.values) out[prop.key] = prop.values[String(value)] ?? null;
  }
  return out;
}

// ``href`` with the view's keys set, in the order the server writes a link: the scenario's keys,
// then the view's in its table's order, then any other key (a class's) as it was.
export function withView(href, codec, view) {
  const url = new URL(href);
  const old = new URLSearchParams(url.search);
  const mine = viewQuery(codec, view);
  const scenario = codec.scenario, viewKeys = codec.view.map((p) => p.key);
  const out = new URLSearchParams();
  for (const k of scenario) for (const v of old.getAll(k)) out.append(k, v);
  for (const k of viewKeys) {
    const v = Object.hasOwn(mine, k) ? mine[k] : old.get(k);
    if (v !== null && v !== undefined) out.set(k, v);
  }
  for (const [k, v] of old) if (!scenario.includes(k) && !viewKeys.includes(k)) out.append(k, v);
  const query = out.toString().replace(/%2C/g, ",").replace(/%3B/g, ";");
  url.search = query ? "?" + query : "";
  return url.toString();
}

// The address without the class's keys (a class that ended).
export function withoutClass(href) {
  const url = new URL(href);
  url.searchParams.delete("class");
  url.searchParams.delete("teach");
  return url.toString();
}

// Where the walk on screen is saved as one file (exports/offline.py), opening at ``view``:
// ``path`` is the data's "offline" (the export's address with the scenario, or the walk's own).
export function offlineHref(path, codec, view) {
  const url = new URL(withView(new URL(path, "http://x").href, codec, view));
  return url.pathname + url.search;
}

// The view a query names ("step=5&present=1&practice=1", a file's #fragment), read by the codec's
// table (every text a link may carry: present=0, practice=watch): what it cannot read is left out.
export function viewFrom(codec, search) {
  const params = new URLSearchParams(search);
  const view = {};
  for (const prop of codec.view) {
    const text = params.get(prop.key);
    if (text === null) continue;
    if (prop.kind === "step") {
      if (/^[0-9]{1,6}$/.test(text) && +text >= 1) view.step = +text - 1;
    } else if (prop.read && Object.hasOwn(prop.read, text)) {
      const value = prop.read[text];
      view[prop.field] = value === "true" ? true : value === "false" ? false : value;
    }
  }
  return view;
}

// The view as a query ("step=5&present=1"): only what differs from the defaults, or with ``whole``
// every key the stage owns, defaults too ("step=1&present=0&practice=0"), so a reader that has a
// view of its own (a file's saved one) is told each part.
export function viewSearch(codec, view, whole = false) {
  const params = new URLSearchParams();
  for (const prop of codec.view) {
    if (!Object.hasOwn(view, prop.field)) continue;
    let text = viewQuery(codec, { [prop.field]: view[prop.field] })[prop.key] ?? null;
    if (text === null && whole) {
      if (prop.kind === "step") text = "1";
      else if (prop.read) text = Object.keys(prop.read).find((t) => prop.read[t] === String(view[prop.field])) ?? null;
    }
    if (text !== null) params.set(prop.key, text);
  }
  return params.toString();
}
