// Practice's ledger: which questions this tab has done, the score per phase, the streak per kind
// of value, and which levels it has already suggested moving on from. Pure: a function takes a
// ledger and returns a new one (adapters/storage.js keeps it for the tab).

import { nextLevel } from "./answers.js";

export function emptyLedger() {
  return { level: "watch", last: "all", answered: {}, score: {}, streak: {}, suggested: {}, tries: {} };
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

// The score line's parts, in the phase bar's order: [phase name, right, done].
export function scoreParts(ledger, bar) {
  return bar.filter(([phase]) => ledger.score[phase]).map(([phase, name]) => [name, ...ledger.score[phase]]);
}
