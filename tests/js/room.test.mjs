// The live class in the reducer and its rules (core/room.js): the teacher steers, a student follows, the lock
// holds every student, answers go once, and a room that goes leaves the walk as the student's own.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  advice, barWords, notAnswered, buckets, detachWords, followTarget, owns, rightShare, roundsShown, roundTitle, seedOf, studentQuestion, thinkLeft,
} from "../../backprop_ui/assets/stage/core/room.js";
import { judge } from "../../backprop_ui/assets/stage/core/answers.js";
import { asking, formulaFolded, initial, next } from "../../backprop_ui/assets/stage/core/state.js";
import { fixture, walkOf } from "./helpers.mjs";

const walk = walkOf(fixture("walk-xor-en.json"));
const QUERY = "p=xor";
const ASKS = [...Array(walk.meta.n).keys()].find((i) => walk.record(i).question?.level === "output");
const run = (s, ...actions) => actions.reduce((state, a) => next(state, a, walk), s);
const sent = (s) => s.effects.filter((e) => e.do === "send").map((e) => e.msg);
const room = (extra = {}) => ({ t: "state", v: 1, code: "K7P3QX", query: QUERY, step: 0, locked: false, q: null, ...extra });
const question = (extra = {}) => ({ id: 1, step: ASKS, round: 1, phase: "open", answered: 0, counts: null, ...extra });

function inClass(teacher, step = 0, seed = 4242) {
  const s = next(initial(), { type: "walk", n: walk.meta.n, skey: "k", query: QUERY, step }, walk);
  return next(s, { type: "classInfo", info: { code: "K7P3QX", teacher, seed } }, walk);
}

test("the teacher's room goes where the projector stands, after a reconnect and at every move", () => {
  let s = run(inClass(true, 5), { type: "room", msg: room({ step: 2, students: 3 }) });
  assert.deepEqual(sent(s), [{ t: "step", step: 5 }]);
  s = run(s, { type: "next" });
  assert.deepEqual(sent(s), [{ t: "step", step: 6 }]);
  assert.equal(s.cls.room.step, 6);
});

test("the join panel gives way once teaching starts: a step, Q, or a key", () => {
  let s = run(inClass(true), { type: "room", msg: room() }, { type: "classJoin", on: true });
  assert.equal(s.cls.join, true);
  assert.equal(run(s, { type: "next" }).cls.join, false);
  assert.equal(run(s, { type: "classAsk" }).cls.join, false);
  assert.equal(run(s, { type: "classJoin" }).cls.join, false); // J (or the code button) toggles it
  assert.equal(run(s, { type: "classJoin" }, { type: "classJoin" }).cls.join, true);
});

test("Q asks the room at a step that computes a value, says so at one that does not, and goes back to one left open", () => {
  let s = run(inClass(true), { type: "room", msg: room() });
  assert.deepEqual(run(s, { type: "classAsk" }).notice, ["cl.ask_none", {}]);
  s = run(s, { type: "jump", to: ASKS }, { type: "classAsk" });
  assert.deepEqual(sent(s), [{ t: "ask", step: ASKS, choices: false, which: false }]);
  s = run(s, { type: "room", msg: room({ step: ASKS, q: question() }) }, { type: "home" }, { type: "classAsk" });
  assert.equal(s.step, ASKS);
});

test("R reveals, then R again calls the revote once; C closes; L locks and unlocks", () => {
  let s = run(inClass(true, ASKS), { type: "room", msg: room({ step: ASKS, q: question() }) });
  assert.equal(asking(s, walk), true); // the projector hides the value the room works out
  assert.deepEqual(sent(run(s, { type: "classReveal" })), [{ t: "reveal" }]);
  s = run(s, { type: "room", msg: room({ step: ASKS, q: question({ phase: "revealed", counts: [{ right: 2 }] }) }) });
  assert.deepEqual(s.effects.filter((e) => e.do === "scroll"), [{ do: "scroll", target: "histogram" }]);
  assert.deepEqual(sent(run(s, { type: "classReveal" })), [{ t: "revote" }]);
  s = run(s, { type: "room", msg: room({ step: ASKS, q: question({ round: 2, phase: "revealed", counts: [{ right: 2 }, { right: 3 }] }) }) });
  assert.deepEqual(sent(run(s, { type: "classReveal" })), []);
  assert.deepEqual(sent(run(s, { type: "classClose" })), [{ t: "close" }]);
  assert.deepEqual(sent(run(s, { type: "classLock" })), [{ t: "lock", on: true }]);
  s = run(s, { type: "room", msg: room({ step: ASKS, locked: true }) });
  assert.deepEqual(sent(run(s, { type: "classLock" })), [{ t: "lock", on: false }]);
});

test("ending the class tells the room and leaves it", () => {
  const s = run(inClass(true), { type: "room", msg: room() }, { type: "classEnd" });
  assert.deepEqual(sent(s), [{ t: "end" }]);
  assert.deepEqual(s.effects.filter((e) => e.do === "unclass"), [{ do: "unclass", reload: true }]);
});

test("a student follows the teacher's step without leaving the lecture, and leaves it by moving", () => {
  let s = run(inClass(false), { type: "room", msg: room({ step: 4 }) });
  assert.deepEqual([s.step, s.cls.following], [4, true]);
  s = run(s, { type: "room", msg: room({ step: 5 }) });
  assert.deepEqual([s.step, s.animate], [5, true]);
  s = run(s, { type: "next" });
  assert.deepEqual([s.step, s.cls.following], [6, false]);
  s = run(s, { type: "room", msg: room({ step: 9 }) });
  assert.equal(s.step, 6); // exploring: the lecture goes on without this phone
  s = run(s, { type: "follow" });
  assert.deepEqual([s.step, s.cls.following], [9, true]);
});

test("the lock holds every student, those exploring on their own too (the trial's phone kept its own step)", () => {
  let s = run(inClass(false), { type: "room", msg: room({ step: 4 }) }, { type: "next" }, { type: "next" });
  assert.deepEqual([s.step, s.cls.following], [6, false]);
  s = run(s, { type: "room", msg: room({ step: 4, locked: true }) });
  assert.deepEqual([s.step, s.cls.following], [4, true]);
  const tried = run(s, { type: "next" });
  assert.deepEqual([tried.step, tried.nudge], [4, 1]); // refused; the bar (which says why) flashes
  assert.equal(run(s, { type: "follow", on: false }).cls.following, true);
  assert.equal(run(s, { type: "jump", to: 10 }).step, 4);
  s = run(s, { type: "room", msg: room({ step: 5, locked: true }) });
  assert.equal(s.step, 5);
});

test("a student's phone goes to the room's question, sends one answer, and hears whether another tab had answered", () => {
  let s = run(inClass(false), { type: "room", msg: room({ step: 2, q: question() }) });
  assert.equal(s.step, ASKS);
  assert.deepEqual(s.effects.filter((e) => e.do === "scroll"), [{ do: "scroll", target: "quiz" }]);
  assert.equal(asking(s, walk), true);
  s = run(s, { type: "answer", text: "0.5" });
  assert.deepEqual(sent(s), [{ t: "answer", q: 1, round: 1, value: "0.5" }]);
  assert.deepEqual(sent(run(s, { type: "answer", text: "0.7" })), []); // one answer a round
  s = run(s, { type: "room", msg: room({ step: 2, q: question({ answered: 1 }) }) });
  assert.equal(s.step, 2); // answered: back with the lecture
  assert.deepEqual(sent(s), [{ t: "answer", q: 1, round: 1, value: "0.5" }]); // not acknowledged yet: sent again
  s = run(s, { type: "ack", msg: { t: "ack", q: 1, round: 1, again: true } });
  assert.deepEqual(s.cls.already, { "1:1": true });
  assert.deepEqual(s.effects.filter((e) => e.do === "save"), [{ do: "save", what: "class" }]);
  assert.deepEqual(sent(run(s, { type: "resend" })), []);
});

test("an answer refused while the rooms are out of reach goes again a second later", () => {
  let s = run(inClass(false), { type: "room", msg: room({ q: question() }) }, { type: "answer", text: "0.5" });
  s = run(s, { type: "refused", msg: { t: "refused", why: "unavailable", what: "answer" } });
  assert.deepEqual(s.effects, [{ do: "timer", name: "resend", ms: 1000, action: { type: "resend" } }]);
  assert.deepEqual(sent(run(s, { type: "resend" })), [{ t: "answer", q: 1, round: 1, value: "0.5" }]);
});

test("another scenario in the room is asked of Python once", () => {
  let s = run(inClass(false), { type: "room", msg: room({ query: "p=tiny" }) });
  assert.deepEqual(s.effects.filter((e) => e.do === "trigger"), [{ do: "trigger", name: "follow", value: "p=tiny" }]);
  s = run(s, { type: "room", msg: room({ query: "p=tiny", step: 3 }) });
  assert.deepEqual(s.effects.filter((e) => e.do === "trigger"), []);
});

test("a room that goes: the student is told it ended, the teacher that it is lost, a full room says so", () => {
  const student = run(inClass(false), { type: "room", msg: room() }, { type: "gone" });
  assert.deepEqual([student.cls, student.notice], [null, ["cl.ended", {}]]);
  assert.deepEqual(student.effects.filter((e) => e.do === "trigger"), [{ do: "trigger", name: "left", value: "K7P3QX" }]);
  assert.deepEqual(run(inClass(true), { type: "gone" }).notice, ["cl.lost", {}]);
  const full = run(inClass(false), { type: "refused", msg: { t: "refused", why: "full", what: "hello" } });
  assert.deepEqual(full.notice, ["cl.full", {}]);
  assert.equal(run(inClass(false), { type: "refused", msg: { t: "refused", why: "unavailable", what: "hello" } }).cls.code, "K7P3QX");
});

test("a student who changes the network leaves the lecture's walk", () => {
  let s = run(inClass(false), { type: "room", msg: room() });
  s = run(s, { type: "walk", n: walk.meta.n, skey: "other", query: "p=xor&lam=1" }, { type: "classInfo", info: { code: "K7P3QX", teacher: false } });
  assert.equal(s.cls.following, false);
});

test("the rules: who owns the question, where a student stands, what the bar and the card say", () => {
  const cls = { code: "K7P3QX", teacher: false, following: true, room: room({ step: 3, q: question() }), sent: {}, already: {}, acked: {}, fresh: {} };
  assert.equal(owns(cls, ASKS, QUERY), true);
  assert.equal(owns(cls, ASKS, "p=tiny"), false);
  assert.equal(owns({ ...cls, following: false }, ASKS, QUERY), false);
  assert.equal(followTarget(cls, QUERY), ASKS);
  assert.equal(followTarget({ ...cls, sent: { "1:1": "0.5" } }, QUERY), 3);
  assert.deepEqual(barWords(cls, 3), ["cl.following", { code: "K7P3QX" }]);
  assert.deepEqual(barWords({ ...cls, following: false }, 3), ["cl.asked", {}]);
  assert.deepEqual(barWords({ ...cls, following: false, room: room({ step: 3 }) }, 0), ["cl.detached", { n: 4 }]);
  assert.deepEqual(barWords({ ...cls, down: true }, 3), ["cl.offline", {}]);
  assert.deepEqual(barWords({ ...cls, teacher: true }, 0), ["cl.q_open", { n: 1, k: ASKS + 1 }]);
  assert.equal(detachWords(cls), "cl.detach");
  assert.equal(detachWords({ ...cls, following: false }), "cl.answer_now");
  assert.deepEqual(studentQuestion(cls), { box: true, lines: [], answer: null });
  assert.deepEqual(studentQuestion({ ...cls, sent: { "1:1": "0.5" } }), { box: false, lines: ["cl.sent"], answer: "0.5" });
  const revealed = { ...cls, sent: { "1:1": "0.5" }, room: room({ q: question({ phase: "revealed", round: 2 }) }) };
  assert.deepEqual(studentQuestion(revealed), { box: false, lines: [], answer: "0.5" });
  assert.equal(roundsShown(revealed), 2);
  assert.equal(roundsShown({ ...cls, teacher: true, room: room({ q: question({ round: 2 }) }) }), 1);
  assert.deepEqual(buckets({ z_for_a: 2, right: 1, other: 2, bias_left_out: 5 }).map(([b]) => b), ["right", "bias_left_out", "other", "z_for_a"]);
});

// ---- the teaching tools: choices, "which formula?", the follow-up, the advisor, think time, pause ----
const followQ = (extra = {}) => question({ round: 2, kinds: ["vote", "followup"], ...extra });
// A phone's own question, as /join/<code>/followup sends it: the walk's record with other numbers.
const ownQuestion = () => {
  const q = walk.record(ASKS).question;
  return { ...q, value: 0.3141, tol: 5e-5, candidates: [[0.2718, 5e-5, ["sign_flipped"]]], right: "Right: 0.3141", shown: "0.3141" };
};

test("the teacher's M and the which-formula switch say how the next question is asked; F follows up once", () => {
  let s = run(inClass(true, ASKS), { type: "room", msg: room({ step: ASKS }) }, { type: "classChoices" });
  assert.deepEqual(s.effects, [{ do: "save", what: "ask" }]); // kept for the tab: a reload asks as before
  s = run(s, { type: "classWhich" });
  assert.deepEqual(sent(run(s, { type: "classAsk" })), [{ t: "ask", step: ASKS, choices: true, which: true }]);
  assert.deepEqual(sent(run(s, { type: "classChoices" }, { type: "classAsk" })), [{ t: "ask", step: ASKS, choices: false, which: true }]);
  const at = (q, extra = {}) => run(s, { type: "room", msg: room({ step: ASKS, q, ...extra }) });
  assert.deepEqual(sent(run(at(question()), { type: "classFollowup" })), []); // not while the room answers
  const revealed = at(question({ phase: "revealed", counts: [{ right: 1 }] }));
  assert.deepEqual(sent(run(revealed, { type: "classFollowup" })), [{ t: "followup" }]);
  assert.deepEqual(sent(run(at(followQ({ phase: "revealed" })), { type: "classFollowup" })), []); // once
  // Right after the close, here: F; elsewhere, or once followed up: nothing.
  assert.deepEqual(sent(run(at(null, { closed: { id: 1, step: ASKS, followup: false } }), { type: "classFollowup" })), [{ t: "followup" }]);
  assert.deepEqual(sent(run(at(null, { closed: { id: 1, step: ASKS, followup: true } }), { type: "classFollowup" })), []);
  assert.deepEqual(sent(run(at(null, { closed: { id: 1, step: ASKS + 1, followup: false } }), { type: "classFollowup" })), []);
  assert.deepEqual(sent(run(s, { type: "classThink", seconds: 60 })), [{ t: "think", seconds: 60 }]);
  assert.deepEqual(sent(run(s, { type: "classPause" })), [{ t: "pause", on: true }]);
  assert.deepEqual(sent(run(at(null, { paused: true }), { type: "classPause" })), [{ t: "pause", on: false }]);
  assert.deepEqual(sent(run(inClass(false), { type: "classPause" }, { type: "classThink", seconds: 30 })), []); // a student cannot
});

test("a follow-up: the phone asks for its own numbers, judges its answer there, and sends it with its seed", () => {
  let s = run(inClass(false), { type: "room", msg: room({ step: ASKS, q: followQ() }) });
  assert.deepEqual(s.effects.filter((e) => e.do === "followup"), [{ do: "followup", step: ASKS, seed: 4242, key: "1:2" }]);
  assert.deepEqual(sent(run(s, { type: "answer", text: "0.3141" })), []); // not before its own numbers are here
  // A failure: asked again 2 s later, then 4 s, … at most 16 s apart; a room message meanwhile asks nothing more.
  let failed = run(s, { type: "followupRecord", key: "1:2", question: null });
  assert.deepEqual(failed.effects, [{ do: "timer", name: "followup", ms: 2000, action: { type: "followupRetry" } }]);
  assert.deepEqual(run(failed, { type: "room", msg: room({ step: ASKS, q: followQ({ answered: 2 }) }) }).effects.filter((e) => e.do === "followup"), []);
  failed = run(failed, { type: "followupRetry" });
  assert.equal(failed.effects[0].do, "followup");
  failed = run(failed, { type: "followupRecord", key: "1:2", question: null });
  assert.equal(failed.effects[0].ms, 4000);
  for (let k = 0; k < 5; k++) failed = run(failed, { type: "followupRetry" }, { type: "followupRecord", key: "1:2", question: null });
  assert.equal(failed.effects[0].ms, 16000);
  // The server said no (the round is over): not asked again.
  const gone = run(s, { type: "followupRecord", key: "1:2", question: null, gone: true });
  assert.deepEqual(gone.effects, []);
  assert.deepEqual(run(gone, { type: "room", msg: room({ step: ASKS, q: followQ({ answered: 2 }) }) }).effects.filter((e) => e.do === "followup"), []);
  // A phone that comes back after the reveal asks for its own numbers too (to show its verdict and value).
  const late = run(inClass(false), { type: "room", msg: room({ step: ASKS, q: followQ({ phase: "revealed", counts: [{}, {}] }) }) });
  assert.equal(late.effects.filter((e) => e.do === "followup").length, 1);
  s = run(s, { type: "followupRecord", key: "1:2", question: ownQuestion() });
  assert.deepEqual(run(s, { type: "room", msg: room({ step: ASKS, q: followQ({ answered: 1 }) }) }).effects.filter((e) => e.do === "followup"), []);
  const wrong = run(s, { type: "answer", text: "0.2718" });
  assert.deepEqual(sent(wrong), [{ t: "answer", q: 1, round: 2, value: "0.2718", seed: 4242 }]);
  assert.deepEqual(wrong.cls.verdicts["1:2"], { right: false, ids: ["sign_flipped"] });
  const right = run(s, { type: "answer", text: "0.3141" });
  assert.deepEqual(right.cls.verdicts["1:2"], { right: true, ids: [] });
  // The room's own value is not this phone's answer.
  assert.equal(judge(ownQuestion(), walk.record(ASKS).question.value).right, false);
  // A record of another round is not taken.
  assert.equal(run(inClass(false), { type: "room", msg: room({ step: ASKS, q: followQ() }) }, { type: "followupRecord", key: "1:1", question: ownQuestion() }).cls.followup.question, null);
  assert.deepEqual(studentQuestion({ ...right.cls, room: { ...right.cls.room, q: followQ({ phase: "revealed" }) } }).lines, []);
});

test("which formula in the room: once the number is sent, one of the menu's ids, once; sent again until acknowledged", () => {
  const menu = walk.record(ASKS).question.formulas.menu;
  let s = run(inClass(false), { type: "room", msg: room({ step: ASKS, q: question({ which: true }) }) });
  assert.deepEqual(sent(run(s, { type: "classFormula", id: menu[0] })), []); // the number first
  s = run(s, { type: "answer", text: "0.5" }, { type: "classFormula", id: "F99" });
  assert.deepEqual(sent(s), []); // not on the menu
  s = run(s, { type: "classFormula", id: menu[1] });
  assert.deepEqual(sent(s), [{ t: "formula", q: 1, round: 1, id: menu[1] }]);
  assert.deepEqual(sent(run(s, { type: "classFormula", id: menu[0] })), []); // once
  s = run(s, { type: "ack", msg: { t: "ack", q: 1, round: 1 } }, { type: "resend" });
  assert.deepEqual(sent(s), [{ t: "formula", q: 1, round: 1, id: menu[1] }]); // the formula is not acknowledged yet
  s = run(s, { type: "ack", msg: { t: "ack", what: "formula", q: 1, round: 1 } }, { type: "resend" });
  assert.deepEqual(sent(s), []);
  assert.equal(s.cls.acked["1:1"], true);
  // Once revealed: no naming, nothing sent again.
  let late = run(inClass(false), { type: "room", msg: room({ step: ASKS, q: question({ which: true }) }) }, { type: "answer", text: "0.5" });
  late = run(late, { type: "classFormula", id: menu[0] }, { type: "room", msg: room({ step: ASKS, q: question({ which: true, phase: "revealed", counts: [{}] }) }) });
  assert.deepEqual(sent(run(late, { type: "resend" })), [], "a formula not acknowledged by the reveal is not sent again");
  late = run(inClass(false), { type: "room", msg: room({ step: ASKS, q: question({ which: true }) }) }, { type: "answer", text: "0.5" },
    { type: "room", msg: room({ step: ASKS, q: question({ which: true, phase: "revealed", counts: [{}] }) }) }, { type: "classFormula", id: menu[0] });
  assert.deepEqual(sent(late), []);
});

test("the advisor's rule of thumb, the reveal's share, the rounds' names, the countdown and a browser's seed", () => {
  assert.equal(advice({}), null);
  assert.deepEqual(advice({ right: 2, other: 8 }), ["cl.advice_teach", { pct: 20, n: 2, total: 10 }]);
  assert.deepEqual(advice({ right: 3, other: 7 }), ["cl.advice_pair", { pct: 30, n: 3, total: 10 }]);
  assert.deepEqual(advice({ right: 7, other: 3 }), ["cl.advice_pair", { pct: 70, n: 7, total: 10 }]);
  assert.deepEqual(advice({ right: 8, x: 1, other: 1 }), ["cl.advice_move", { pct: 80, n: 8, total: 10 }]);
  assert.deepEqual(advice({ other: 4 }), ["cl.advice_teach", { pct: 0, n: 0, total: 4 }]);
  assert.deepEqual(rightShare({ right: 1, other: 2 }), { pct: 33, n: 1, total: 3 });
  const q = { kinds: ["vote", "revote", "followup"] };
  assert.deepEqual([0, 1, 2].map((r) => roundTitle(q, r, 3)), ["cl.vote1", "cl.vote2", "cl.vote_followup"]);
  assert.equal(roundTitle({ kinds: ["vote"] }, 0, 1), "cl.histogram");
  assert.equal(roundTitle({}, 1, 2), "cl.vote2"); // a room of before: its rounds were the vote and the revote
  assert.equal(thinkLeft(null, 0), null);
  assert.equal(thinkLeft({ left: 60, total: 60 }, 0), 60);
  assert.equal(thinkLeft({ left: 42.5, total: 60 }, 2000), 41);
  assert.equal(thinkLeft({ left: 1, total: 30 }, 5000), 0);
  const seeds = new Set(["a1b2c3d4e5f6", "a1b2c3d4e5f7", "000000000000", "ffffffffffff"].map(seedOf));
  assert.equal(seeds.size, 4);
  for (const seed of seeds) assert.ok(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31);
  assert.equal(seedOf("a1b2c3d4e5f6"), seedOf("a1b2c3d4e5f6"));
});

test("a room's which-formula question folds the card's formula: on the projector until the reveal, on a phone until it names one", () => {
  const menu = walk.record(ASKS).question.formulas.menu;
  const open = (teacher, q) => run(inClass(teacher, ASKS), { type: "room", msg: room({ step: ASKS, q }) });
  assert.equal(formulaFolded(open(true, question({ which: true })), walk), true);
  assert.equal(formulaFolded(open(true, question({ which: true, phase: "revealed", counts: [{}] })), walk), false);
  assert.equal(formulaFolded(open(true, question()), walk), false); // it does not ask
  let phone = open(false, question({ which: true }));
  assert.equal(formulaFolded(phone, walk), true);
  phone = run(phone, { type: "answer", text: "0.5" });
  assert.equal(formulaFolded(phone, walk), true);
  phone = run(phone, { type: "classFormula", id: menu[0] });
  assert.equal(formulaFolded(phone, walk), false);
});

test("in the room a phone is told what it typed is not a number, or asked for four figures, and sends nothing", () => {
  const q = walk.record(ASKS).question;
  let s = run(inClass(false), { type: "room", msg: room({ step: ASKS, q: question() }) });
  const bad = run(s, { type: "answer", text: "abc" });
  assert.deepEqual([sent(bad), bad.feedback.kind, bad.feedback.key], [[], "bad", "pr.not_number"]);
  const short = run(s, { type: "answer", text: q.value.toPrecision(3) });
  assert.deepEqual([sent(short), short.feedback?.kind], [[], "short"]);
  assert.equal(sent(run(s, { type: "answer", text: q.value.toPrecision(4) })).length, 1);
  assert.equal(sent(run(s, { type: "answer", text: "0.1" })).length, 1); // a wrong answer is the student's to send
});

test("the teacher's F and R out of turn say why instead of doing nothing", () => {
  const s = run(inClass(true, ASKS), { type: "room", msg: room({ step: ASKS }) });
  assert.deepEqual(run(s, { type: "classFollowup" }).notice, ["cl.followup_none", {}]);
  assert.deepEqual(run(s, { type: "classReveal" }).notice, ["cl.reveal_none", {}]);
  const open = run(s, { type: "room", msg: room({ step: ASKS, q: question() }) }, { type: "classFollowup" });
  assert.deepEqual([sent(open), open.notice], [[], ["cl.followup_none", {}]]);
  assert.equal(run(open, { type: "next" }).notice, null); // gone with a move
});

test("peer instruction's first reveal is a split: A shows the answer; the card stays folded and the phone is not told which is right", () => {
  const split = question({ which: true, phase: "revealed", told: false, counts: null, split: [["0.6534", 2], [null, 1]] });
  let s = run(inClass(true, ASKS), { type: "room", msg: room({ step: ASKS, q: split }) });
  assert.deepEqual(sent(run(s, { type: "classTell" })), [{ t: "tell" }]);
  assert.equal(formulaFolded(s, walk), true); // the projector: until the room is told
  const told = run(s, { type: "room", msg: room({ step: ASKS, q: { ...split, told: true, counts: [{ right: 2, other: 1 }] } }) });
  assert.deepEqual(sent(run(told, { type: "classTell" })), []);
  assert.equal(formulaFolded(told, walk), false);
  assert.deepEqual(run(run(s, { type: "room", msg: room({ step: ASKS, q: question() }) }), { type: "classTell" }).notice, ["cl.tell_none", {}]);
  assert.deepEqual(run(run(s, { type: "room", msg: room({ step: ASKS }) }), { type: "classTell" }).notice, ["cl.reveal_none", {}]);
  const phone = run(inClass(false), { type: "room", msg: room({ step: ASKS, q: split }) });
  assert.equal(formulaFolded(phone, walk), true);
  assert.deepEqual(sent(run(phone, { type: "classTell" })), []); // a student cannot
});

test("the projector's bar of those who did not answer: the current round once revealed, the room's students less its answers", () => {
  assert.equal(notAnswered({ students: 5, q: question({ phase: "revealed", answered: 3 }) }), 2);
  assert.equal(notAnswered({ students: 5, q: question({ phase: "open", answered: 3 }) }), 0); // not while answering
  assert.equal(notAnswered({ students: 2, q: question({ phase: "revealed", answered: 3 }) }), 0); // a student who left
  assert.equal(notAnswered({ q: question({ phase: "revealed", answered: 3 }) }), 0); // a phone does not know the room's count
  assert.equal(notAnswered(null), 0);
});
