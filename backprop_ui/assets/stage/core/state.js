// The stage's state and the one function that changes it: next(state, action, walk) -> state.
//
// Every change goes through here: a key, a button, a swipe, the autoplay's timer, an answer,
// new data from Python and a message from the class's room are all actions. Nothing here
// touches the page, a timer or storage: what must happen outside (a timer, a message to the
// room, the address bar, a focus) is listed in the new state's ``effects``, which the stage
// (main.js) carries out and drops. ``walk`` gives the step records: walk.record(i) is step i's
// record or null while its window is not loaded.

import { judge, levelAsks, nextLevel, parseAnswer, tooShort } from "./answers.js";
import { emptyLedger, finished, missed, named, tried, withLevel } from "./practice.js";
import {
  answerMessage, asksFormula, followTarget, hasSent, isFollowup, isTold, newClass, ownQuestion, owns, roomQuestion, roundKey, studentMove, unacked,
} from "./room.js";

export function initial() {
  return {
    n: 1, step: 0, skey: "", query: "",
    moves: 0, animate: false, // every move counts; ``animate``: the last one runs the step's animation
    playing: false, resume: false, speed: 1,
    present: false, blank: false, share: false, copied: false,
    ledger: emptyLedger(), feedback: null, drafts: {}, suggest: null, revealed: null,
    notice: null, // [catalogue key, values]: a line under the status line
    offline: false, // the server cannot be reached (the stage goes on without it)
    cls: null, // the live class (core/room.js)
    effects: [],
  };
}

// How long a step's animation runs: as long as the autoplay allows, at most 0.7 s.
export const duration = (speed) => Math.min(700, 600 * speed);

// Whether the step the stage stands on asks its value (practice, or the room's question).
export function asking(s, walk, index = s.step) {
  const rec = walk.record(index);
  if (!rec || !rec.question) return false;
  if (s.cls && (s.cls.teacher || s.cls.following)) return owns(s.cls, index, s.query);
  return levelAsks(rec.question.level, s.ledger.level) && !s.ledger.answered[s.skey + ":" + index];
}

// Whether the card folds the lesson's formula (and its id) away: the step's question asks which formula
// it used and has not had its answer. In practice, until the formula is named; in the room, on a phone
// until it names one, on the projector until the answers are revealed (the room reads it too).
export function formulaFolded(s, walk, index = s.step) {
  const rec = walk.record(index);
  if (!rec?.question?.formulas) return false;
  const q = s.cls?.room?.q;
  if (s.cls && q && q.step === index && owns(s.cls, index, s.query)) {
    if (!q.which) return false;
    // The projector: until the room is told the answer; a phone: until it names one (or is told).
    return s.cls.teacher ? !isTold(q) : s.cls.named[roundKey(q)] === undefined && !isTold(q);
  }
  if (s.cls && (s.cls.teacher || s.cls.following)) return false;
  const key = s.skey + ":" + index;
  return s.ledger.which && s.ledger.level !== "watch" && levelAsks(rec.question.level, s.ledger.level) && !s.ledger.named[key]
    && s.ledger.answered[key] !== "shown";
}

const fx = (s, ...effects) => ({ ...s, effects: [...s.effects, ...effects] });
const clamp = (s, i) => Math.max(0, Math.min(s.n - 1, i | 0));
const stop = (s) => (s.playing ? fx({ ...s, playing: false }, { do: "clear", name: "tick" }) : s);
const tick = (s) => fx(s, { do: "timer", name: "tick", ms: 1000 * s.speed, action: { type: "tick" } });

// Move to step ``to``. ``by``: "user" (a student who moves leaves the lecture, unless it is
// locked), "room" (the lecture moved this stage), or "self" (the stage itself, as after an answer).
function go(s, to, { animate = false, by = "user" } = {}) {
  to = clamp(s, to);
  if (by === "user" && s.cls && to !== s.step) {
    const move = studentMove(s.cls);
    if (move === "locked") return { ...s, nudge: (s.nudge || 0) + 1 }; // the bar already says why: it flashes
    if (move === "detach") s = { ...s, cls: { ...s.cls, following: false } };
  }
  s = fx(s, { do: "clear", name: "advance" }, { do: "fetch", index: to });
  if (to === s.step) return s;
  s = { ...s, step: to, moves: s.moves + 1, animate: animate && to > 0, revealed: null, feedback: null,
    notice: ["cl.ask_none", "cl.followup_none", "cl.reveal_none", "cl.tell_none"].includes(s.notice?.[0]) ? null : s.notice };
  s = fx(s, { do: "address" }, { do: "save", what: "step" });
  return teacherMoved(s);
}

// The projector is the lecture: where the teacher stands, the room goes; and once teaching has
// begun, the join panel gives way (the code stays small in the bar).
function teacherMoved(s) {
  const cls = s.cls;
  if (!cls?.teacher || !cls.room) return s;
  if (cls.join) s = withClass(s, { join: false, joined: true });
  if (cls.room.step === s.step) return s;
  return fx(withClass(s, { room: { ...s.cls.room, step: s.step } }), { do: "send", msg: { t: "step", step: s.step } });
}

function setLevel(s, level) {
  const ledger = withLevel(s.ledger, level);
  return fx({ ...s, ledger, suggest: null, moves: s.moves + 1, animate: false }, { do: "save", what: "practice" }, { do: "address", now: true });
}

// A question done (right, or shown): scored once, then the step as it is, its value arriving.
function finish(s, walk, how) {
  const rec = walk.record(s.step), key = s.skey + ":" + s.step;
  const { ledger, suggest } = finished(s.ledger, { key, phase: rec.phase, kind: rec.question.kind, how });
  s = { ...s, ledger, suggest: suggest ?? s.suggest, feedback: null, revealed: s.step, moves: s.moves + 1, animate: true };
  return fx(s, { do: "save", what: "practice" }, { do: "focus", target: "next", from: "quiz" });
}

// A following student goes where the lecture is; another scenario in the room is asked of Python.
function follow(s) {
  const cls = s.cls;
  if (!cls || cls.teacher || !cls.following || !cls.room) return s;
  if (cls.room.query !== s.query) {
    if (cls.asked === cls.room.query) return s;
    return fx({ ...s, cls: { ...cls, asked: cls.room.query } }, { do: "trigger", name: "follow", value: cls.room.query });
  }
  const target = followTarget(cls, s.query);
  if (target === null || (target === s.step && s.moves)) return s;
  return go(stop(s), target, { animate: target === s.step + 1, by: "room" });
}

function withClass(s, change) {
  return { ...s, cls: { ...s.cls, ...change } };
}

// The room has gone (ended, expired, lost with a restarted server) or is full.
function leave(s, key) {
  const teacherLost = s.cls.teacher && key === "cl.ended";
  const code = s.cls.code;
  return fx({ ...s, cls: null, notice: [teacherLost ? "cl.lost" : key, {}], feedback: null, moves: s.moves + 1, animate: false },
    { do: "trigger", name: "left", value: code }, { do: "unclass" }, { do: "scroll", target: "notice" });
}

function receive(s, msg, walk) {
  const cls = s.cls, before = cls.room?.q, first = cls.room === null;
  const q = msg.q;
  const asked = q && q.phase === "open" && (!before || before.id !== q.id || before.round !== q.round);
  const revealed = q && q.phase === "revealed" && before && before.phase === "open";
  // The lock holds every student to the lecture, those exploring on their own too.
  const following = cls.teacher ? cls.following : cls.following || Boolean(msg.locked);
  s = withClass(s, { room: msg, following });
  s = { ...s, moves: s.moves + 1, animate: false };
  if (cls.teacher) {
    // After a reconnect the room goes where the teacher stands.
    if (first && msg.step !== s.step && msg.query === s.query) {
      s = fx(withClass(s, { room: { ...msg, step: s.step } }), { do: "send", msg: { t: "step", step: s.step } });
    }
    if (revealed) s = fx(s, { do: "scroll", target: "histogram" });
  } else {
    s = follow(s);
    if (asked && s.cls.following && !hasSent(s.cls, q)) s = fx(s, { do: "scroll", target: "quiz" });
    s = ownExample(s);
  }
  for (const m of unacked(s.cls)) s = fx(s, { do: "send", msg: m });
  return s;
}

// A follow-up round: this phone asks for its own example's question (once per round; again after a failure).
// In any phase of the round: a phone reloaded after the reveal shows its own numbers and verdict too.
function ownExample(s) {
  const cls = s.cls, q = cls.room?.q;
  if (!q || !isFollowup(q)) return s;
  const key = roundKey(q), f = cls.followup;
  if (f?.key === key && (!f.failed || f.waiting || f.gone)) return s; // here, asked for, or not to be had
  const tries = f?.key === key ? f.tries : 0;
  return fx(withClass(s, { followup: { key, question: null, failed: false, tries } }), { do: "followup", step: q.step, seed: cls.seed, key });
}

function classAnswer(s, text, x) {
  const q = s.cls.room.q, key = roundKey(q);
  if (s.cls.sent[key] !== undefined) return s;
  let verdicts = s.cls.verdicts;
  if (isFollowup(q)) { // judged here, on this phone's own numbers, as practice judges
    const own = ownQuestion(s.cls);
    if (!own) return s;
    const v = judge(own, x);
    verdicts = { ...verdicts, [key]: { right: v.right, ids: v.ids } };
  }
  s = withClass(s, { sent: { ...s.cls.sent, [key]: text }, fresh: { ...s.cls.fresh, [key]: true }, verdicts });
  return fx({ ...s, feedback: null, moves: s.moves + 1, animate: false }, { do: "save", what: "class" },
    { do: "send", msg: answerMessage(s.cls, q, text) });
}

// "Which formula?" in the room: the id this phone names, once per round, sent to be counted apart.
function classFormula(s, id, walk) {
  const cls = s.cls, q = cls?.room?.q;
  if (!cls || !asksFormula(cls) || q.phase !== "open") return s; // once revealed, the card says which it was
  const key = roundKey(q);
  if (cls.named[key] !== undefined || !roomQuestion(cls, walk)?.formulas?.menu.includes(id)) return s;
  s = withClass(s, { named: { ...cls.named, [key]: id } });
  return fx({ ...s, moves: s.moves + 1, animate: false }, { do: "save", what: "class" },
    { do: "send", msg: { t: "formula", q: q.id, round: q.round, id } });
}

// What the teacher's F does: a follow-up of the question revealed here, or of the one just closed here.
function canFollowUp(cls, step) {
  const q = cls.room?.q;
  if (q) return q.step === step && q.phase === "revealed" && !(q.kinds || []).includes("followup");
  const last = cls.room?.closed;
  return Boolean(last && last.step === step && !last.followup);
}

function answer(s, text, walk) {
  if (!asking(s, walk)) return s;
  const rec = walk.record(s.step), index = s.step;
  if (!String(text).trim()) return { ...s, feedback: { index, kind: "bad", key: "pr.empty" } };
  const x = parseAnswer(text);
  if (x === null) return { ...s, feedback: { index, kind: "bad", key: "pr.not_number", text: String(text).trim().slice(0, 40) } };
  if (s.cls && !s.cls.teacher && owns(s.cls, index, s.query)) {
    // Right as far as it goes (fewer than four figures): asked for more, as practice asks, not sent to be
    // counted wrong (the trial's room typed −0.0297 for −0.02966 and was told to teach it all again).
    const own = roomQuestion(s.cls, walk);
    if (own && !judge(own, x).right && tooShort(text, own.value)) return { ...s, feedback: { index, kind: "short", key: "pr.short" } };
    return classAnswer(s, String(text).trim(), x);
  }
  const key = s.skey + ":" + index;
  const verdict = judge(rec.question, x);
  // Right as far as it goes: asked for more figures, not counted as a try.
  if (!verdict.right && tooShort(text, rec.question.value)) return { ...s, feedback: { index, kind: "short", key: "pr.short" } };
  s = { ...s, ledger: tried(s.ledger, key) };
  if (!verdict.right) {
    s = { ...s, ledger: missed(s.ledger, rec.question.kind), feedback: { index, kind: "wrong", ids: verdict.ids } };
    return fx(s, { do: "save", what: "practice" }, { do: "scroll", target: "actions" });
  }
  s = finish(s, walk, "right");
  // Asked which formula too: the walk waits for it; else it goes on.
  if (s.ledger.which && rec.question.formulas) return s;
  return goOn(s, index);
}

// The walk goes on: after a moment to see the value arrive, the next step (or the autoplay again).
function goOn(s, index) {
  return fx(s, { do: "timer", name: "advance", ms: Math.max(1500, duration(s.speed) + 900), action: { type: "advance", from: index } });
}

// "Which formula?" answered, once per question right after its number: scored apart, then on.
function nameFormula(s, id, walk) {
  const rec = walk.record(s.step), key = s.skey + ":" + s.step;
  const f = rec?.question?.formulas;
  if (!f || s.ledger.answered[key] !== "right" || s.ledger.named[key] || !f.menu.includes(id)) return s;
  // A move of its own (no animation): the card unfolds the formula now that it is named.
  s = { ...s, ledger: named(s.ledger, { key, phase: rec.phase, id, right: f.right }), moves: s.moves + 1, animate: false };
  return goOn(fx(s, { do: "save", what: "practice" }), s.step);
}

const MOVES = {
  next: (s) => [s.step + 1, true],
  prev: (s) => [s.step - 1, false],
  home: () => [0, false],
  end: (s) => [s.n - 1, false],
};

export function next(s, action, walk) {
  s = s.effects.length ? { ...s, effects: [] } : s;
  switch (action.type) {
    case "walk": {
      const fresh = action.skey !== s.skey;
      s = { ...s, n: Math.max(1, action.n), skey: action.skey, query: action.query, present: action.present ?? s.present };
      if (action.level) s = { ...s, ledger: withLevel(s.ledger, action.level) };
      if (fresh) s = { ...s, feedback: null, drafts: {}, revealed: null };
      const to = clamp(s, action.step ?? s.step);
      s = { ...s, step: to, moves: s.moves + 1, animate: false };
      s = fx(s, { do: "fetch", index: to }, { do: "address" }, { do: "save", what: "step" });
      // The room's scenario arrived (asked of Python): a following student goes where the lecture is.
      return s.cls?.room && s.cls.room.query === s.query ? follow(s) : s;
    }
    case "next": case "prev": case "home": case "end": {
      const [to, animate] = MOVES[action.type](s);
      return go(stop(s), to, { animate });
    }
    case "jump": return go(stop(s), action.to);
    case "go": return go(s, action.to, action);
    case "play":
      if (s.playing) return stop(s);
      if (s.step >= s.n - 1) s = go(s, 0);
      return tick({ ...s, playing: true, resume: false });
    case "tick": {
      if (!s.playing) return s;
      if (s.step >= s.n - 1) return stop(s);
      if (!walk.record(s.step + 1)) return tick(fx(s, { do: "fetch", index: s.step + 1 }));
      s = go(s, s.step + 1, { animate: true });
      if (asking(s, walk)) return { ...stop(s), resume: true }; // the walk waits for the answer
      return s.step >= s.n - 1 ? stop(s) : tick(s);
    }
    case "speed": {
      s = fx({ ...s, speed: action.seconds }, { do: "save", what: "speed" });
      return s.playing ? tick(s) : s;
    }
    case "present": {
      const on = action.on ?? !s.present;
      return fx({ ...s, present: on, blank: on ? s.blank : false, moves: s.moves + 1, animate: false }, { do: "address", now: true });
    }
    case "blank": return { ...s, blank: s.present ? action.on ?? !s.blank : false };
    case "share": return { ...s, share: action.on ?? !s.share, copied: false };
    case "copy": return fx(s, { do: "copy" });
    case "slides": return s.cls ? s : fx({ ...stop(s), share: false }, { do: "slides" }); // not in a class: the room moves the stage
    case "copied": return { ...s, copied: true };
    case "startClass": return s.cls ? s : fx(s, { do: "startClass" });
    case "level": return setLevel(s, action.level);
    case "which": return fx({ ...s, ledger: { ...s.ledger, which: action.on ?? !s.ledger.which } }, { do: "save", what: "practice" });
    case "formula": return nameFormula(s, action.id, walk);
    case "choices": return fx({ ...s, ledger: { ...s.ledger, choices: action.on ?? !s.ledger.choices }, feedback: null },
      { do: "save", what: "practice" });
    case "practice": return setLevel(s, s.ledger.level === "watch" ? s.ledger.last : "watch");
    case "nextLevel": {
      const level = nextLevel(s.ledger.level);
      return level ? setLevel(s, level) : s;
    }
    case "draft": return { ...s, drafts: { ...s.drafts, [s.skey + ":" + s.step]: action.text } };
    case "answer": return answer(s, action.text, walk);
    case "tryAgain": return fx({ ...s, feedback: null }, { do: "focus", target: "input" });
    case "showMe":
      if (!asking(s, walk)) return s;
      return finish({ ...s, resume: false }, walk, "shown");
    case "advance": {
      if (s.step !== action.from || action.from >= s.n - 1) return s;
      if (s.resume) return next({ ...s, resume: false }, { type: "play" }, walk);
      return go(s, action.from + 1, { animate: true, by: "self" });
    }
    case "notice": return { ...s, notice: action.notice };
    case "connection": return { ...s, offline: action.down };
    // -- the live class --
    case "classInfo": {
      const info = action.info;
      if (!info) return s.cls ? { ...s, cls: null, moves: s.moves + 1 } : s;
      if (!s.cls || s.cls.code !== info.code) {
        const cls = { ...newClass(info), ...(action.kept || {}) };
        return { ...s, cls, moves: s.moves + 1, animate: false };
      }
      // A student who changes the network leaves the lecture's walk; "back to the lecture" brings it back.
      const room = s.cls.room;
      if (!s.cls.teacher && room && s.query !== room.query && s.cls.asked !== room.query) return withClass(s, { following: false });
      return s;
    }
    case "room": return s.cls ? receive(s, action.msg, walk) : s;
    case "ack": {
      if (!s.cls) return s;
      const key = action.msg.q + ":" + action.msg.round, cls = s.cls;
      const fresh = { ...cls.fresh };
      const again = action.msg.again && fresh[key];
      delete fresh[key];
      if (action.msg.what === "formula") return withClass(s, { facked: { ...cls.facked, [key]: true } });
      s = withClass(s, { acked: { ...cls.acked, [key]: true }, fresh, already: again ? { ...cls.already, [key]: true } : cls.already });
      return fx({ ...s, moves: s.moves + 1, animate: false }, ...(again ? [{ do: "save", what: "class" }] : []));
    }
    case "refused": {
      if (!s.cls) return s;
      const m = action.msg;
      if (m.what === "answer" && m.why === "unavailable") return fx(s, { do: "timer", name: "resend", ms: 1000, action: { type: "resend" } });
      if (m.what === "hello" && m.why !== "unavailable") return leave(s, m.why === "full" ? "cl.full" : "cl.ended");
      return s;
    }
    case "resend": {
      if (!s.cls) return s;
      for (const m of unacked(s.cls)) s = fx(s, { do: "send", msg: m });
      return s;
    }
    case "gone": return s.cls ? leave(s, "cl.ended") : s;
    case "offline": return s.cls ? withClass(s, { down: action.down }) : s;
    case "follow": {
      if (!s.cls || s.cls.teacher || (!action.on && s.cls.room?.locked)) return s;
      s = withClass(s, { following: action.on ?? !s.cls.following });
      return follow({ ...s, moves: s.moves + 1, animate: false });
    }
    case "classAsk": {
      const cls = s.cls, q = cls?.room?.q;
      if (!cls?.teacher || !cls.room) return s;
      s = withClass(s, { join: false, joined: true });
      if (q && q.step !== s.step) return go(stop(s), q.step); // a question left open elsewhere: back to it
      if (q) return s;
      const rec = walk.record(s.step);
      if (!rec || !rec.question) return { ...s, notice: ["cl.ask_none", {}] };
      return fx({ ...s, notice: null }, { do: "send", msg: { t: "ask", step: s.step, choices: cls.askChoices, which: cls.askWhich } });
    }
    // How the teacher asks: kept for the tab, so a reload of the projector asks as before.
    case "classChoices":
      return s.cls?.teacher ? fx(withClass(s, { askChoices: action.on ?? !s.cls.askChoices }), { do: "save", what: "ask" }) : s;
    case "classWhich":
      return s.cls?.teacher ? fx(withClass(s, { askWhich: action.on ?? !s.cls.askWhich }), { do: "save", what: "ask" }) : s;
    case "classFollowup": // out of turn: said why, as Q at a step that asks nothing
      if (!s.cls?.teacher || !s.cls.room) return s;
      return canFollowUp(s.cls, s.step) ? fx(s, { do: "send", msg: { t: "followup" } }) : { ...s, notice: ["cl.followup_none", {}] };
    case "classPause": return s.cls?.teacher && s.cls.room ? fx(s, { do: "send", msg: { t: "pause", on: !s.cls.room.paused } }) : s;
    case "classThink": return s.cls?.teacher && s.cls.room ? fx(s, { do: "send", msg: { t: "think", seconds: action.seconds } }) : s;
    case "classFormula": return classFormula(s, action.id, walk);
    case "followupRecord": { // this phone's own question arrived, or could not be had
      const f = s.cls?.followup;
      if (!f || f.key !== action.key) return s;
      if (!action.question) {
        // The server said no (the round is over, no such page): not asked again. Else again, 2 s, 4 s, … 16 s on.
        if (action.gone) return { ...withClass(s, { followup: { ...f, failed: true, gone: true } }), moves: s.moves + 1 };
        const tries = (f.tries || 0) + 1;
        return fx({ ...withClass(s, { followup: { ...f, failed: true, waiting: true, tries } }), moves: s.moves + 1 },
          { do: "timer", name: "followup", ms: Math.min(16000, 1000 * 2 ** tries), action: { type: "followupRetry" } });
      }
      return { ...withClass(s, { followup: { key: f.key, question: action.question, failed: false } }), moves: s.moves + 1, animate: false };
    }
    case "followupRetry": {
      if (!s.cls || s.cls.teacher || !s.cls.followup) return s;
      return ownExample(withClass(s, { followup: { ...s.cls.followup, waiting: false } }));
    }
    case "classReveal": {
      const q = s.cls?.room?.q;
      if (!s.cls?.teacher || !s.cls.room) return s;
      if (!q) return { ...s, notice: ["cl.reveal_none", {}] };
      if (q.phase === "open") return fx(s, { do: "send", msg: { t: "reveal" } });
      return q.round === 1 ? fx(s, { do: "send", msg: { t: "revote" } }) : s;
    }
    case "classRevote": return s.cls?.teacher ? fx(s, { do: "send", msg: { t: "revote" } }) : s;
    case "classTell": { // Show the answer, after a first vote revealed as a split
      const q = s.cls?.room?.q;
      if (!s.cls?.teacher || !s.cls.room) return s;
      if (!q || q.phase !== "revealed") return { ...s, notice: [q ? "cl.tell_none" : "cl.reveal_none", {}] };
      return isTold(q) ? s : fx(s, { do: "send", msg: { t: "tell" } });
    }
    case "classClose": return s.cls?.teacher && s.cls.room?.q ? fx(s, { do: "send", msg: { t: "close" } }) : s;
    case "classLock": return s.cls?.teacher && s.cls.room ? fx(s, { do: "send", msg: { t: "lock", on: !s.cls.room.locked } }) : s;
    case "classJoin": return s.cls?.teacher ? withClass(s, { join: action.on ?? !s.cls.join, joined: s.cls.joined || action.on === false }) : s;
    case "classEnd": return s.cls?.teacher ? fx(withClass(s, { gone: true }), { do: "send", msg: { t: "end" } }, { do: "unclass", reload: true }) : s;
    default: return s;
  }
}
