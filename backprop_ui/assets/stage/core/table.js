// A walk's steps come in windows (walk.py): each holds the values table at its first step and,
// per step, the cells that step changes. These functions find a step and replay the table.

// The window that holds step ``index`` (or undefined while it is not loaded).
export function windowOf(windows, size, index) {
  return windows.get(Math.floor(index / size));
}

// The step record at ``index``, or null while its window is not loaded.
export function recordAt(windows, size, index) {
  const win = windowOf(windows, size, index);
  return win ? win.steps[index - win.start] : null;
}

// Which windows to have around step ``index``: its own, and the next (or previous) once the
// step is past the middle (or near the start) of its window.
export function windowsAround(index, size, count) {
  const k = Math.floor(index / size);
  const want = [k];
  if (index - k * size > size * 0.5 && k + 1 < count) want.push(k + 1);
  if (index - k * size < size * 0.2 && k > 0) want.push(k - 1);
  return want;
}

// A replayer of the values table: ``at(win, index)`` is the table after step ``index``; stepping
// forward replays only the steps since the last call.
export function replayer() {
  let table = null, at = -1, start = -1;
  return function tableAt(win, index) {
    if (!table || start !== win.start || at > index) {
      table = win.table.map((row) => row.slice());
      at = win.start;
      start = win.start;
    }
    for (let i = at + 1; i <= index; i++) {
      for (const [r, c, v] of win.steps[i - win.start].changes) table[r][c] = v;
    }
    at = index;
    return table;
  };
}

// The table before a step is done, as a question shows it: what the step computes is blank,
// the cell it fills shows "?".
export function masked(record, table) {
  const out = table.map((row) => row.slice());
  for (const [r, c] of record.changes) out[r][c] = "";
  if (record.target_cell) out[record.target_cell[0]][record.target_cell[1]] = "?";
  return out;
}

// The highlighted edges of a step, by index: an evenly spaced range, or a list.
export function edgesOf(record) {
  if (record.edge_range) {
    const [first, count, stride] = record.edge_range;
    return Array.from({ length: count }, (_, k) => first + k * stride);
  }
  return record.edges;
}

// Where each phase of the bar starts for the example a step belongs to.
export function barTargets(meta, record) {
  return meta.bar_targets[String(record.example)] || meta.bar_targets["0"];
}
