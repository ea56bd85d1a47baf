// Windows and the values table: replayed from each window's start and changes, the table is the one Python
// knows at every step of a walk too big to send whole.
import assert from "node:assert/strict";
import { test } from "node:test";
import { barTargets, edgesOf, masked, replayer, windowsAround } from "../../backprop_ui/assets/stage/core/table.js";
import { fixture, walkOf } from "./helpers.mjs";

const doc = fixture("walk-windowed.json");

test("the replayed table is Python's at every step, forwards, backwards and across windows", () => {
  const walk = walkOf(doc);
  assert.ok(doc.meta.windows > 1 && doc.meta.n > 300);
  const tableAt = replayer();
  const at = (i) => tableAt(walk.windows.get(Math.floor(i / doc.meta.window)), i);
  for (let i = 0; i < doc.meta.n; i++) assert.deepEqual(at(i), doc.tables[i], `step ${i}`);
  for (const i of [doc.meta.n - 1, 5, doc.meta.window + 3, 0, doc.meta.window - 1]) assert.deepEqual(at(i), doc.tables[i], `step ${i}`);
});

test("while a step asks its value, the table shows it blank and the cell it fills as ?", () => {
  const walk = walkOf(doc);
  const i = [...Array(doc.meta.n).keys()].find((k) => walk.record(k).question && walk.record(k).target_cell);
  const rec = walk.record(i), [r, c] = rec.target_cell;
  const shown = masked(rec, doc.tables[i]);
  assert.equal(shown[r][c], "?");
  for (const [rr, cc] of rec.changes) if (rr !== r || cc !== c) assert.equal(shown[rr][cc], "");
  assert.notEqual(doc.tables[i][r][c], "?"); // the table itself is left alone
});

test("edges come as a list or as an evenly spaced range", () => {
  assert.deepEqual(edgesOf({ edge_range: [3, 4, 2] }), [3, 5, 7, 9]);
  assert.deepEqual(edgesOf({ edges: [1, 8] }), [1, 8]);
});

test("the windows wanted around a step: its own, the next past its middle, the previous near its start", () => {
  assert.deepEqual(windowsAround(10, 100, 5), [0]);
  assert.deepEqual(windowsAround(160, 100, 5), [1, 2]);
  assert.deepEqual(windowsAround(110, 100, 5), [1, 0]);
  assert.deepEqual(windowsAround(460, 100, 5), [4]);
});

test("the phase bar's targets are the step's example's", () => {
  const meta = { bar_targets: { 0: [1, 2], 2: [7, 8] } };
  assert.deepEqual(barTargets(meta, { example: 2 }), [7, 8]);
  assert.deepEqual(barTargets(meta, { example: 5 }), [1, 2]);
});
