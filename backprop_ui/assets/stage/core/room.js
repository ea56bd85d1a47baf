// The live class's rules, pure: what a room's message does to this stage's class state, who
// owns a question, where a following student stands, what the bar says. The socket
// (adapters/socket.js) turns messages into actions; core/state.js calls these.

export function newClass(info) {
  return {
    code: info.code, teacher: Boolean(info.teacher), room: null, following: true, down: false, gone: false,
    asked: null, join: false, joined: false, // the join panel: open, and whether teaching has begun
    sent: {}, already: {}, acked: {}, fresh: {}, // answers: sent by this tab, counted from another, acknowledged, new
  };
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
  const anyKey = mine !== undefined ? key : q.id + ":1";
  const any = cls.sent[anyKey], already = Boolean(cls.already[anyKey]);
  const lines = [];
  if (open) lines.push(already ? "cl.already" : "cl.sent");
  else if (mine === undefined && !hasSent(cls, { id: q.id, round: 1 })) lines.push("cl.too_late");
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

// Answers not yet acknowledged that belong to the open round: sent again after a reconnect.
export function unacked(cls) {
  const q = cls.room?.q;
  if (!q || q.phase !== "open") return [];
  const key = roundKey(q);
  return cls.sent[key] !== undefined && !cls.acked[key] ? [{ t: "answer", q: q.id, round: q.round, value: cls.sent[key] }] : [];
}
