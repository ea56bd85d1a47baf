// The stage's reducer, action by action, on walks Python wrote: where each action leaves the stage and what it
// asks of the world (its effects).
import assert from "node:assert/strict";
import { test } from "node:test";
import { asking, formulaFolded, duration, initial, next } from "../../backprop_ui/assets/stage/core/state.js";
import { fixture, walkOf } from "./helpers.mjs";

const xor = walkOf(fixture("walk-xor-en.json"));
const tiny = walkOf(fixture("walk-tiny-en.json"));

function open(walk = xor, extra = {}) {
  return next(initial(), { type: "walk", n: walk.meta.n, skey: "k", query: "p=xor", step: 0, ...extra }, walk);
}
const run = (s, walk, ...actions) => actions.reduce((state, a) => next(state, a, walk), s);
const did = (s, kind) => s.effects.filter((e) => e.do === kind);
// The first step of XOR that asks at a level, and its record.
const askingAt = (walk, level) => [...Array(walk.meta.n).keys()].find((i) => walk.record(i).question?.level === level);

test("a walk opens at the step asked for, clamped to the walk, and fetches what it needs", () => {
  const s = next(initial(), { type: "walk", n: 40, skey: "k", query: "q", step: 99 }, xor);
  assert.equal(s.step, 39);
  assert.deepEqual(did(s, "fetch"), [{ do: "fetch", index: 39 }]);
  assert.equal(did(s, "address").length, 1);
});

test("next, back, Home, End and a jump move and stop the autoplay; only next animates", () => {
  let s = run(open(), xor, { type: "play" });
  assert.equal(s.playing, true);
  s = next(s, { type: "next" }, xor);
  assert.deepEqual([s.step, s.playing, s.animate], [1, false, true]);
  assert.deepEqual(did(s, "clear").map((e) => e.name).sort(), ["advance", "tick"]);
  s = next(s, { type: "prev" }, xor);
  assert.deepEqual([s.step, s.animate], [0, false]);
  assert.equal(run(s, xor, { type: "end" }).step, 39);
  assert.equal(run(s, xor, { type: "end" }, { type: "home" }).step, 0);
  assert.equal(run(s, xor, { type: "jump", to: 7 }).step, 7);
  assert.equal(run(s, xor, { type: "prev" }).step, 0); // never before the first step
  const last = run(s, xor, { type: "end" });
  assert.equal(next(last, { type: "next" }, xor).moves, last.moves); // nor past the last: nothing moves
});

test("the Next button and → are one action: both stop the autoplay", () => {
  const s = run(open(), xor, { type: "play" }, { type: "next" });
  assert.equal(s.playing, false);
});

test("play ticks at the chosen speed, stops at the end, and starts again from the first step", () => {
  let s = run(open(tiny), tiny, { type: "speed", seconds: 2 }, { type: "play" });
  assert.deepEqual(did(s, "timer"), [{ do: "timer", name: "tick", ms: 2000, action: { type: "tick" } }]);
  s = next(s, { type: "tick" }, tiny);
  assert.deepEqual([s.step, s.animate, did(s, "timer").length], [1, true, 1]);
  s = run(s, tiny, { type: "jump", to: tiny.meta.n - 2 }, { type: "play" }, { type: "tick" });
  assert.deepEqual([s.step, s.playing], [tiny.meta.n - 1, false]);
  s = next(s, { type: "play" }, tiny);
  assert.deepEqual([s.step, s.playing], [0, true]);
  assert.equal(duration(2), 700);
  assert.equal(duration(0.5), 300);
});

test("a tick waits for a window that is not there yet, and the autoplay waits at a question", () => {
  const holey = { ...xor, record: (i) => (i === 1 ? null : xor.record(i)) };
  let s = run(open(), holey, { type: "play" }, { type: "tick" });
  assert.equal(s.step, 0);
  assert.deepEqual(did(s, "fetch"), [{ do: "fetch", index: 1 }]);
  const at = askingAt(xor, "output");
  s = run(open(), xor, { type: "level", level: "output" }, { type: "jump", to: at - 1 }, { type: "play" }, { type: "tick" });
  assert.deepEqual([s.step, s.playing, s.resume, asking(s, xor)], [at, false, true, true]);
});

test("presentation mode and blanking: B blanks only while presenting, leaving presentation unblanks", () => {
  let s = run(open(), xor, { type: "blank" });
  assert.equal(s.blank, false);
  s = run(s, xor, { type: "present" }, { type: "blank" });
  assert.deepEqual([s.present, s.blank], [true, true]);
  s = next(s, { type: "present", on: false }, xor);
  assert.deepEqual([s.present, s.blank], [false, false]);
  assert.deepEqual(did(s, "address"), [{ do: "address", now: true }]);
});

test("Share opens and closes; a copy is asked of the world and then said", () => {
  let s = next(open(), { type: "share" }, xor);
  assert.equal(s.share, true);
  s = next(s, { type: "copy" }, xor);
  assert.equal(did(s, "copy").length, 1);
  s = next(s, { type: "copied" }, xor);
  assert.equal(s.copied, true);
  assert.equal(next(s, { type: "share" }, xor).copied, false);
});

test("the practice level asks its values, Practice toggles back to the last level, and the level travels", () => {
  const at = askingAt(xor, "output");
  let s = run(open(), xor, { type: "jump", to: at });
  assert.equal(asking(s, xor), false);
  s = next(s, { type: "level", level: "output" }, xor);
  assert.equal(asking(s, xor), true);
  assert.deepEqual(did(s, "address"), [{ do: "address", now: true }]);
  s = run(s, xor, { type: "practice" });
  assert.deepEqual([s.ledger.level, asking(s, xor)], ["watch", false]);
  s = run(s, xor, { type: "practice" });
  assert.equal(s.ledger.level, "output");
});

test("an answer: empty and not-a-number are named; a wrong one names its mistake; a right one goes on", () => {
  const at = askingAt(xor, "output"), q = xor.record(at).question;
  let s = run(open(), xor, { type: "level", level: "output" }, { type: "jump", to: at });
  assert.deepEqual(next(s, { type: "answer", text: "  " }, xor).feedback, { index: at, kind: "bad", key: "pr.empty" });
  assert.deepEqual(next(s, { type: "answer", text: "abc" }, xor).feedback, { index: at, kind: "bad", key: "pr.not_number", text: "abc" });
  const [wrongValue, , ids] = q.candidates[0];
  s = next(s, { type: "answer", text: String(wrongValue) }, xor);
  assert.deepEqual(s.feedback, { index: at, kind: "wrong", ids });
  assert.equal(s.ledger.streak.a, 0);
  s = next(s, { type: "tryAgain" }, xor);
  assert.equal(s.feedback, null);
  assert.deepEqual(did(s, "focus"), [{ do: "focus", target: "input" }]);
  s = next(s, { type: "answer", text: String(q.value) }, xor);
  assert.equal(s.ledger.answered["k:" + at], "right");
  assert.deepEqual(s.ledger.score[xor.record(at).phase], [0, 1]); // right, but not the first time
  assert.equal(asking(s, xor), false);
  assert.equal(s.revealed, at);
  const [timer] = did(s, "timer");
  assert.deepEqual(timer.action, { type: "advance", from: at });
  assert.equal(run(s, xor, timer.action).step, at + 1);
});

test("Show me scores a question as shown and shows its value; a question done is not asked again", () => {
  const at = askingAt(xor, "output");
  let s = run(open(), xor, { type: "level", level: "output" }, { type: "jump", to: at }, { type: "showMe" });
  assert.equal(s.ledger.answered["k:" + at], "shown");
  assert.equal(asking(s, xor), false);
  s = run(s, xor, { type: "home" }, { type: "jump", to: at });
  assert.equal(asking(s, xor), false);
});

test("three right first time on one kind suggest the next level, once", () => {
  let s = run(open(), xor, { type: "level", level: "output" });
  const asks = [...Array(xor.meta.n).keys()].filter((i) => xor.record(i).question?.level === "output" && xor.record(i).question.kind === "a");
  for (const i of asks.slice(0, 3)) s = run(s, xor, { type: "jump", to: i }, { type: "answer", text: String(xor.record(i).question.value) });
  assert.deepEqual(s.suggest, { kind: "a", level: "delta" });
  s = next(s, { type: "nextLevel" }, xor);
  assert.deepEqual([s.ledger.level, s.suggest], ["delta", null]);
});

test("a draft is kept per question, and dropped with a new scenario", () => {
  const at = askingAt(xor, "output");
  let s = run(open(), xor, { type: "level", level: "output" }, { type: "jump", to: at }, { type: "draft", text: "0.6" });
  assert.equal(s.drafts["k:" + at], "0.6");
  s = next(s, { type: "walk", n: 40, skey: "other", query: "q2" }, xor);
  assert.deepEqual(s.drafts, {});
});

test("the connection's state and a notice", () => {
  assert.equal(next(open(), { type: "connection", down: true }, xor).offline, true);
  assert.deepEqual(next(open(), { type: "notice", notice: ["cl.starting", {}] }, xor).notice, ["cl.starting", {}]);
  assert.equal(did(next(open(), { type: "startClass" }, xor), "startClass").length, 1);
});

test("an answer right but short of 4 figures asks for more, and is not counted as a try", () => {
  const at = askingAt(xor, "output"), q = xor.record(at).question;
  let s = run(open(), xor, { type: "level", level: "output" }, { type: "jump", to: at });
  s = next(s, { type: "answer", text: q.value.toPrecision(2) }, xor);
  assert.deepEqual(s.feedback, { index: at, kind: "short", key: "pr.short" });
  assert.equal(s.ledger.tries["k:" + at], undefined);
  s = next(s, { type: "answer", text: q.value.toPrecision(4) }, xor);
  assert.deepEqual(s.ledger.score[xor.record(at).phase], [1, 1]); // right the first time that counts
});

test("Print as slides stops the autoplay, folds Share and asks the stage for the deck; never in a class", () => {
  let s = run(open(), xor, { type: "share" }, { type: "play" });
  s = next(s, { type: "slides" }, xor);
  assert.deepEqual([s.playing, s.share], [false, false]);
  assert.deepEqual(did(s, "slides"), [{ do: "slides" }]);
  const inClass = next({ ...open(), effects: [], cls: { code: "K7P3QX", teacher: false } }, { type: "slides" }, xor);
  assert.deepEqual(did(inClass, "slides"), []);
});

test("practice by choosing is a switch of the ledger, kept for the tab, and clears what was said", () => {
  let s = run(open(), xor, { type: "level", level: "all" });
  s = next({ ...s, feedback: { index: 0 }, effects: [] }, { type: "choices", on: true }, xor);
  assert.deepEqual([s.ledger.choices, s.feedback], [true, null]);
  assert.deepEqual(did(s, "save"), [{ do: "save", what: "practice" }]);
  assert.equal(next(s, { type: "choices" }, xor).ledger.choices, false);
});

test("which formula: asked for, a right answer waits for it; the formula is named once, scored apart, then the walk goes on", () => {
  const at = askingAt(xor, "output"), q = xor.record(at).question, phase = xor.record(at).phase;
  let s = run(open(), xor, { type: "level", level: "output" }, { type: "which", on: true }, { type: "jump", to: at });
  assert.equal(next(s, { type: "formula", id: q.formulas.right[0] }, xor).ledger.named["k:" + at], undefined); // not before the number
  s = next({ ...s, effects: [] }, { type: "answer", text: String(q.value) }, xor);
  assert.equal(s.ledger.answered["k:" + at], "right");
  assert.deepEqual(did(s, "timer"), []); // the walk waits for the formula
  const wrong = q.formulas.menu.find((id) => !q.formulas.right.includes(id));
  assert.equal(next(s, { type: "formula", id: "F99" }, xor).ledger.named["k:" + at], undefined); // not on the menu
  s = next({ ...s, effects: [] }, { type: "formula", id: wrong }, xor);
  assert.deepEqual([s.ledger.named["k:" + at], s.ledger.fscore[phase]], ["wrong", [0, 1]]);
  assert.deepEqual(did(s, "timer")[0].action, { type: "advance", from: at });
  const again = next({ ...s, effects: [] }, { type: "formula", id: q.formulas.right[0] }, xor);
  assert.deepEqual(again.ledger.fscore[phase], [0, 1]); // named once
  assert.deepEqual(did(again, "timer"), []);
});

test("the card folds the formula away while the question asks which one it is: in practice until it is named", () => {
  const at = askingAt(xor, "output"), q = xor.record(at).question;
  let s = run(open(), xor, { type: "level", level: "output" }, { type: "jump", to: at });
  assert.equal(formulaFolded(s, xor), false); // not asked which formula
  s = next(s, { type: "which", on: true }, xor);
  assert.equal(formulaFolded(s, xor), true);
  assert.equal(formulaFolded(s, xor, 0), false); // a step that asks nothing
  s = next(s, { type: "answer", text: String(q.value) }, xor);
  assert.equal(formulaFolded(s, xor), true); // right, not named yet
  s = next(s, { type: "formula", id: q.formulas.menu[0] }, xor);
  assert.equal(formulaFolded(s, xor), false);
  const shown = run(open(), xor, { type: "level", level: "output" }, { type: "which", on: true }, { type: "jump", to: at }, { type: "showMe" });
  assert.equal(formulaFolded(shown, xor), false); // shown: nothing left to ask
  assert.equal(formulaFolded(next(s, { type: "level", level: "watch" }, xor), xor, at), false);
});
