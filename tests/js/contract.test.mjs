// The walks Python wrote keep the written contract, and the stage reads the contract's version.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { CONTRACT as VERSION } from "../../backprop_ui/assets/stage/core/contract.js";
import { check, CONTRACT, fixture } from "./helpers.mjs";

const walks = readdirSync(join(fileURLToPath(new URL(".", import.meta.url)), "fixtures")).filter((f) => f.startsWith("walk-"));

test("the stage reads the contract's version, and every walk says it is of that version", () => {
  assert.equal(VERSION, CONTRACT.version);
  assert.ok(walks.length >= 9);
  for (const name of walks) assert.equal(fixture(name).meta.contract, VERSION, name);
});

for (const name of walks) {
  test(`${name} keeps the contract`, () => {
    const doc = fixture(name);
    delete doc.tables; // the test's own: what Python knows at each step
    assert.equal(check(doc, CONTRACT.$defs.walk), null);
  });
}

test("the checker is not vacuous: a renamed key, a wrong type and a missing key are each caught", () => {
  const doc = fixture("walk-tiny-en.json");
  const step = doc.windows[0].steps[3];
  assert.match(check({ ...step, s: "x" }, CONTRACT.$defs.step), /unexpected s/);
  assert.match(check({ ...step, example: "1" }, CONTRACT.$defs.step), /example: string/);
  const { status, ...rest } = step;
  assert.equal(typeof status, "string");
  assert.match(check(rest, CONTRACT.$defs.step), /no status/);
});

test("the room's messages: what the stage sends and what it accepts", () => {
  const server = CONTRACT.$defs.server_message, client = CONTRACT.$defs.client_message;
  assert.equal(check({ t: "state", v: 3, code: "K7P3QX", query: "p=xor", step: 4, locked: false, paused: false, think: null, q: null,
    students: 3, asked: 0, closed: null }, server), null);
  const q = { id: 1, step: 4, round: 3, phase: "open", kinds: ["vote", "revote", "followup"], choices: true, which: true, answered: 2,
    told: true, named: 1, counts: null, formulas: null };
  const split = { ...q, round: 1, phase: "revealed", kinds: ["vote"], told: false, split: [["0.6534", 2], ["-0.6534", 1], [null, 1]] };
  assert.equal(check({ t: "state", v: 3, code: "K7P3QX", query: "p=xor", step: 4, locked: false, paused: false, think: null, q: split }, server), null);
  assert.equal(check({ t: "state", v: 3, code: "K7P3QX", query: "p=xor", step: 4, locked: false, paused: true,
    think: { left: 12.5, total: 30 }, q }, server), null);
  assert.notEqual(check({ t: "state", v: 3, code: "K7P3QX", query: "p=xor", step: 4, locked: false, paused: true,
    think: { left: 12.5, total: 45 }, q }, server), null);
  assert.equal(check({ t: "ack", q: 1, round: 2, again: true }, server), null);
  assert.equal(check({ t: "ack", what: "formula", q: 1, round: 2 }, server), null);
  assert.equal(check({ t: "refused", why: "teacher_only", what: "lock" }, server), null);
  assert.equal(check({ t: "gone" }, server), null);
  assert.notEqual(check({ t: "state", step: 1 }, server), null);
  assert.equal(check({ t: "hello", role: "student", voter: "abcdefgh12" }, client), null);
  assert.equal(check({ t: "answer", q: 1, round: 1, value: "0.5933" }, client), null);
  assert.equal(check({ t: "lock", on: true }, client), null);
  assert.notEqual(check({ t: "answer", q: 1, round: 1, value: 0.5 }, client), null);
  for (const msg of [{ t: "ask", step: 4, choices: true, which: false }, { t: "followup" }, { t: "tell" }, { t: "think", seconds: 0 },
    { t: "pause", on: true }, { t: "answer", q: 1, round: 2, value: "0.5", seed: 4242 }, { t: "formula", q: 1, round: 1, id: "F7" }]) {
    assert.equal(check(msg, client), null, JSON.stringify(msg));
  }
  assert.notEqual(check({ t: "think", seconds: 45 }, client), null);
});
