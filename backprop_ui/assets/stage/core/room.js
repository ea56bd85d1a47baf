// The live class's rules, pure: what a room's message does to this stage's class state, who
// owns a question, where a following student stands, what the bar says. The socket
// (adapters/socket.js) turns messages into actions; core/state.js calls these.

export function newClass(info) {
  return {
    code: info.code, teacher: Boolean(info.teacher), room: null, following: true, down: false, gone: false,
    asked: null, join: false, joined: false, // the join panel: open, and whether teaching has begun
    sent: {}, already: {}, acked: {}, fresh: {}, // answers: sent by this tab, counted from another, acknowledged, new
    named: {}, facked: {}, // "which formula?": the id this tab named per round, and which the room acknowledged
    seed: info.seed ?? 0, // this browser's own seed: its follow-up example and its order of choices
    followup: null, // {key, question, failed}: this phone's own question in a follow-up round
    verdicts: {}, // a follow-up's answer, judged on the phone: {right, ids} per round
    askChoices: false, askWhich: false, // the teacher's switches beside Ask the room
  };
}

// What each round of a question was: "vote", "revote" or "followup" (a room of before had no kinds).
export const kindOf = (q, round = q.round) => (q.kinds ? q.kinds[round - 1] : round > 1 ? "revote" : "vote");
export const isFollowup = (q) => Boolean(q) && kindOf(q) === "followup";
// A follow-up's question on this phone's own numbers, once it has arrived for the round (else null).
export function ownQuestion(cls) {
  const q = cls.room?.q, f = cls.followup;
  return q && isFollowup(q) && f?.key === roundKey(q) ? f.question : null;
}

// The question this phone answers in the room's round: its own in a follow-up (null until it arrives),
// else the walk's record at the question's step.
export function roomQuestion(cls, walk) {
  const q = cls.room?.q;
  if (!q) return null;
  return isFollowup(q) ? ownQuestion(cls) : walk.record(q.step)?.question ?? null;
}

// Whether the room has been told the answer (a room of before: at every reveal). Until then a revealed first
// vote shows only how the answers split (``q.split``), not which is right.
export const isTold = (q) => Boolean(q) && q.phase === "revealed" && q.told !== false;

// A browser's seed from its voter id (FNV-1a, 31 bits): the same id, the same example and order.
export function seedOf(voter) {
  let h = 0x811c9dc5;
  for (let i = 0; i < voter.length; i++) h = Math.imul(h ^ voter.charCodeAt(i), 0x01000193);
  return (h >>> 0) & 0x7fffffff;
}

// The histogram's title of round ``r`` (0-based) of ``q``, when ``shown`` rounds are on screen.
export function roundTitle(q, r, shown) {
  const kind = kindOf(q, r + 1);
  if (kind === "followup") return "cl.vote_followup";
  if (kind === "revote") return "cl.vote2";
  return shown > 1 ? "cl.vote1" : "cl.histogram";
}

// Peer instruction's rule of thumb, from one vote's counts: below 30 % right teach it again, up to
// 70 % pair up and vote again, above that explain briefly and move on. null with no answers.
export function advice(counts) {
  const total = Object.values(counts || {}).reduce((a, b) => a + b, 0);
  if (!total) return null;
  const n = counts.right || 0, pct = Math.round((100 * n) / total);
  const key = n / total < 0.3 ? "cl.advice_teach" : n / total <= 0.7 ? "cl.advice_pair" : "cl.advice_move";
  return [key, { pct, n, total }];
}

// The share of right answers in a round, for what a screen reader hears once the answers are revealed.
export function rightShare(counts) {
  const total = Object.values(counts || {}).reduce((a, b) => a + b, 0);
  const n = counts?.right || 0;
  return { pct: total ? Math.round((100 * n) / total) : 0, n, total };
}

// How many of the room did not answer the round on screen: the current round, once revealed (the
// students' count is the room's now, so an earlier round's is not known). The teacher's only.
export function notAnswered(room) {
  const q = room?.q;
  if (!q || q.phase !== "revealed" || typeof room.students !== "number") return 0;
  return Math.max(0, room.students - (q.answered ?? 0));
}

// The seconds of think time left, ``elapsed`` ms after the room's message said ``think.left``.
export function thinkLeft(think, elapsed) {
  if (!think) return null;
  return Math.max(0, Math.ceil(think.left - elapsed / 1000));
}

export const roundKey = (q) => q.id + ":" + q.round;

export function hasSent(cls, q) {
  return Boolean(q) && cls.sent[roundKey(q)] !== undefined;
}

// Whether the value at ``index`` is the room's question, which this stage keeps hidden.
export function owns(cls, index, query) {
  const q = cls?.room?.q;
  if (!q || q.step !== index) return false;
  if (cls.teacher) return true;
  return cls.following && cls.room.query === query;
}

// Where a following student's stage stands: the question's step while it asks this browser,
// else the teacher's. null: not following, or the room shows another scenario (fetched first).
export function followTarget(cls, query) {
  const room = cls.room;
  if (!room || cls.teacher || !cls.following || room.query !== query) return null;
  const q = room.q;
  return q && q.phase === "open" && !hasSent(cls, q) ? q.step : room.step;
}

// A student who moves on their own leaves the lecture, unless the teacher locked it.
// Returns "free" (move), "detach" (move, and stop following) or "locked" (stay).
export function studentMove(cls) {
  if (!cls || cls.teacher || !cls.following) return "free";
  return cls.room?.locked ? "locked" : "detach";
}

// What the class bar says, as a catalogue key and its values: the student's state, or the
// teacher's reminder of a question left open elsewhere.
export function barWords(cls, step) {
  const room = cls.room, q = room?.q;
  if (cls.down) return ["cl.offline", {}];
  if (cls.teacher) {
    if (q && q.step !== step) return ["cl.q_open", { n: q.id, k: q.step + 1 }];
    return [null, {}];
  }
  if (room?.locked) return ["cl.locked", {}];
  if (cls.following) return ["cl.following", { code: cls.code }];
  if (q && q.phase === "open" && !hasSent(cls, q)) return ["cl.asked", {}];
  return ["cl.detached", { n: (room?.step ?? 0) + 1 }];
}

// The student's button: leave, come back, or answer the open question.
export function detachWords(cls) {
  const q = cls.room?.q;
  if (cls.following) return "cl.detach";
  return q && q.phase === "open" && !hasSent(cls, q) ? "cl.answer_now" : "cl.rejoin";
}

// What a student's card says of the room's question: the catalogue keys of its lines, the
// answer this tab sent (as typed), and whether the box is open.
export function studentQuestion(cls) {
  const q = cls.room.q, open = q.phase === "open";
  const key = roundKey(q), mine = cls.sent[key];
  if (open && mine === undefined) return { box: true, lines: [], answer: null };
  // The answer sent in this round, else in the first; unless another page of this browser had
  // answered first, whose answer is the one counted (and unknown here).
  // (A follow-up is another question, on the phone's own numbers: only its own answer.)
  const anyKey = mine !== undefined || isFollowup(q) ? key : q.id + ":1";
  const any = cls.sent[anyKey], already = Boolean(cls.already[anyKey]);
  const lines = [];
  if (open) lines.push(already ? "cl.already" : isFollowup(q) ? "cl.sent_own" : "cl.sent");
  else if (mine === undefined && (isFollowup(q) || !hasSent(cls, { id: q.id, round: 1 }))) lines.push("cl.too_late");
  else if (already) lines.push("cl.already");
  return { box: open && mine === undefined, lines, answer: any !== undefined && !already ? any : null };
}

// The histogram's rounds to show: on the projector every round whose votes are in (the open
// one's only once revealed); on a phone, only once revealed.
export function roundsShown(cls) {
  const q = cls.room.q;
  if (q.phase === "revealed") return q.round;
  return cls.teacher ? q.round - 1 : 0;
}

// Buckets of one round's counts, right first, then by how many gave each, then by name.
export function buckets(counts) {
  return Object.entries(counts).sort((a, b) => (a[0] !== "right") - (b[0] !== "right") || b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

// The message that sends this tab's answer to the room (a follow-up's carries the phone's seed).
export function answerMessage(cls, q, value) {
  const msg = { t: "answer", q: q.id, round: q.round, value };
  return isFollowup(q) ? { ...msg, seed: cls.seed } : msg;
}

// Answers (and formulas named) not yet acknowledged that belong to the current round, while it is
// open: sent again after a reconnect.
export function unacked(cls) {
  const q = cls.room?.q;
  if (!q) return [];
  const key = roundKey(q), out = [];
  if (q.phase === "open" && cls.sent[key] !== undefined && !cls.acked[key]) out.push(answerMessage(cls, q, cls.sent[key]));
  if (q.phase === "open" && q.which && cls.named[key] !== undefined && !cls.facked[key]) {
    out.push({ t: "formula", q: q.id, round: q.round, id: cls.named[key] });
  }
  return out;
}

// Whether this phone is asked which formula it used: the question asks it, and this round's answer is sent.
export function asksFormula(cls) {
  const q = cls.room?.q;
  return Boolean(q && q.which && !cls.teacher && hasSent(cls, q));
}
