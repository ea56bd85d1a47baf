// Practice's ledger: scored once, streaks per kind of value, one suggestion per level, a stored ledger read safely.
import assert from "node:assert/strict";
import { test } from "node:test";
import { choiceOrder, emptyLedger, finished, ledgerFrom, missed, named, scoreParts, tried, withLevel } from "../../backprop_ui/assets/stage/core/practice.js";

test("right the first time scores, right after a try or shown does not; both count as done", () => {
  let l = withLevel(emptyLedger(), "output");
  l = finished(tried(l, "k:1"), { key: "k:1", phase: "forward", kind: "a", how: "right" }).ledger;
  l = finished(tried(tried(l, "k:2"), "k:2"), { key: "k:2", phase: "forward", kind: "a", how: "right" }).ledger;
  l = finished(l, { key: "k:3", phase: "output_delta", kind: "delta", how: "shown" }).ledger;
  assert.deepEqual(l.score, { forward: [1, 2], output_delta: [0, 1] });
  assert.deepEqual(l.answered, { "k:1": "right", "k:2": "right", "k:3": "shown" });
  assert.deepEqual(scoreParts(l, [["forward", "F"], ["output_delta", "O"], ["accumulate", "A"]]), [["F", 1, 2], ["O", 0, 1]]);
});

test("three right in a row on a kind suggest the next level once; a miss starts the streak again", () => {
  let l = withLevel(emptyLedger(), "output"), suggest = null;
  for (const k of ["k:1", "k:2"]) ({ ledger: l, suggest } = finished(tried(l, k), { key: k, phase: "forward", kind: "a", how: "right" }));
  l = missed(l, "a");
  for (const k of ["k:3", "k:4"]) ({ ledger: l, suggest } = finished(tried(l, k), { key: k, phase: "forward", kind: "a", how: "right" }));
  assert.equal(suggest, null);
  ({ ledger: l, suggest } = finished(tried(l, "k:5"), { key: "k:5", phase: "forward", kind: "a", how: "right" }));
  assert.deepEqual(suggest, { kind: "a", level: "delta" });
  ({ suggest } = finished(tried(l, "k:6"), { key: "k:6", phase: "forward", kind: "a", how: "right" }));
  assert.equal(suggest, null);
});

test("Practice remembers the last level it was at; a stored ledger of the wrong shape is not taken", () => {
  assert.equal(withLevel(withLevel(emptyLedger(), "delta"), "watch").last, "delta");
  assert.deepEqual(ledgerFrom(null), emptyLedger());
  assert.deepEqual(ledgerFrom({ level: 7, answered: "x", score: { forward: [1, 1] } }), { ...emptyLedger(), score: { forward: [1, 1] } });
});

test("choices come in each tab's own order: a permutation, the same for the same seed, not the same for all", () => {
  for (const n of [2, 3, 4]) {
    for (let seed = 1; seed < 50; seed++) {
      const order = choiceOrder(n, seed);
      assert.deepEqual([...order].sort(), [...Array(n).keys()]);
      assert.deepEqual(choiceOrder(n, seed), order);
    }
  }
  const firsts = new Set(Array.from({ length: 40 }, (_, seed) => choiceOrder(4, seed + 1).indexOf(0)));
  assert.equal(firsts.size, 4); // the right value (index 0) lands in every position for some tab
});

test("a ledger read back keeps the choices switch and the tab's seed, and an old one gets them off and unset", () => {
  assert.deepEqual([ledgerFrom({ choices: true, seed: 77 }).choices, ledgerFrom({ choices: true, seed: 77 }).seed], [true, 77]);
  assert.deepEqual([ledgerFrom({ level: "all" }).choices, ledgerFrom({ level: "all" }).seed], [false, 0]);
});

test("a formula named: right when it is one of the question's, scored once per question, per phase", () => {
  let l = emptyLedger();
  l = named(l, { key: "k:1", phase: "forward", id: "F11", right: ["F11"] });
  l = named(l, { key: "k:2", phase: "forward", id: "F4", right: ["F11"] });
  l = named(l, { key: "k:2", phase: "forward", id: "F11", right: ["F11"] });
  l = named(l, { key: "k:3", phase: "hidden_delta", id: "F5", right: ["F7", "F5", "F6"] });
  assert.deepEqual(l.fscore, { forward: [1, 2], hidden_delta: [1, 1] });
  assert.deepEqual(l.named, { "k:1": "right", "k:2": "wrong", "k:3": "right" });
  assert.deepEqual(scoreParts(l, [["forward", "Forward"], ["hidden_delta", "Hidden"]], "fscore"), [["Forward", 1, 2], ["Hidden", 1, 1]]);
});
