// Practice's ledger: which questions this tab has done, the score per phase, the streak per kind
// of value, and which levels it has already suggested moving on from. Pure: a function takes a
// ledger and returns a new one (adapters/storage.js keeps it for the tab).

import { nextLevel } from "./answers.js";

export function emptyLedger() {
  // ``choices``: answer by tapping one of a few values (a step below typing); ``seed``: this tab's own
  // order of them (main.js draws it), so neighbours cannot copy a position.
  // ``which``: after a right answer, ask which of the lesson's formulas was used, scored apart
  // (``named``: per question "right" or "wrong"; ``fscore``: per phase [right, done]).
  return { level: "watch", last: "all", answered: {}, score: {}, streak: {}, suggested: {}, tries: {}, choices: false, seed: 0,
    which: false, named: {}, fscore: {} };
}

// A ledger read back from storage, with anything missing filled in.
export function ledgerFrom(saved) {
  const base = emptyLedger();
  if (!saved || typeof saved !== "object") return base;
  for (const key of Object.keys(base)) if (saved[key] !== undefined && typeof saved[key] === typeof base[key]) base[key] = saved[key];
  return base;
}

export function withLevel(ledger, level) {
  return { ...ledger, level, last: level !== "watch" ? level : ledger.last };
}

// The order in which ``n`` choices are shown: a permutation of 0..n-1 drawn from ``seed`` (the same
// seed, the same order; mulberry32, so every browser draws the same one).
export function choiceOrder(n, seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

// One more try at the question ``key`` ("<scenario>:<step>").
export function tried(ledger, key) {
  return { ...ledger, tries: { ...ledger.tries, [key]: (ledger.tries[key] || 0) + 1 } };
}

// A wrong answer: the streak of this kind of value starts again.
export function missed(ledger, kind) {
  return { ...ledger, streak: { ...ledger.streak, [kind]: 0 } };
}

// A question done, ``how`` = "right" or "shown": scored once. Returns the new ledger and the
// level to suggest (three right the first time in a row on one kind of value, once per level).
export function finished(ledger, { key, phase, kind, how }) {
  const first = how === "right" && (ledger.tries[key] || 0) <= 1;
  const [right, done] = ledger.score[phase] || [0, 0];
  const streak = first ? (ledger.streak[kind] || 0) + 1 : 0;
  const out = {
    ...ledger,
    answered: { ...ledger.answered, [key]: how },
    score: { ...ledger.score, [phase]: [right + (first ? 1 : 0), done + 1] },
    streak: { ...ledger.streak, [kind]: streak },
  };
  const next = nextLevel(ledger.level);
  if (streak >= 3 && next && !ledger.suggested[ledger.level]) {
    out.suggested = { ...ledger.suggested, [ledger.level]: true };
    return { ledger: out, suggest: { kind, level: next } };
  }
  return { ledger: out, suggest: null };
}

// The score line's parts, in the phase bar's order: [phase name, right, done] (``field``: "fscore"
// for the formulas named).
export function scoreParts(ledger, bar, field = "score") {
  const score = ledger[field] || {};
  return bar.filter(([phase]) => score[phase]).map(([phase, name]) => [name, ...score[phase]]);
}

// The formula named for question ``key``, once: right when it is one of ``right``.
export function named(ledger, { key, phase, id, right }) {
  if (ledger.named[key]) return ledger;
  const ok = right.includes(id);
  const [r, done] = ledger.fscore[phase] || [0, 0];
  return { ...ledger, named: { ...ledger.named, [key]: ok ? "right" : "wrong" },
    fscore: { ...ledger.fscore, [phase]: [r + (ok ? 1 : 0), done + 1] } };
}
