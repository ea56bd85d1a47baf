// ---- the live class ---------------------------------------------------------------------------
// One Lecture per stage in a class: the room's websocket (backprop_ui/class_routes.py), the class
// bar under the status line, and the question on the card. The teacher's stage sends its step;
// a student's stage follows the room's, unless the student explores on their own. Answers are
// judged by the server (by practice.check); the browser only says what came back. Words come
// from Python (lecture.labels); names of the histogram's bars go in as text.

const CLASS_ICON = "M16 11c1.66 0 2.99-1.34 2.99-3S17.66 5 16 5c-1.66 0-3 1.34-3 3s1.34 3 3 3zm-8 0c1.66 0 2.99-1.34 2.99-3S9.66 5 8 5C6.34 5 5 6.34 5 8s1.34 3 3 3zm0 2c-2.33 0-7 1.17-7 3.5V19h14v-2.5c0-2.33-4.67-3.5-7-3.5zm8 0c-.29 0-.62.02-.97.05 1.16.84 1.97 1.97 1.97 3.45V19h6v-2.5c0-2.33-4.67-3.5-7-3.5z";

function voterId() {
  let id = null;
  try { id = localStorage.getItem("bp-voter"); } catch (e) { id = null; }
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    try { localStorage.setItem("bp-voter", id); } catch (e) { /* private mode: one id per page */ }
  }
  return id;
}

class Lecture {
  constructor(stage, info) {
    this.stage = stage;
    this.info = info;
    this.room = null; // the room's last state
    this.following = true;
    this.ended = false;
    // "q:round" -> the value this tab sent (acknowledged or not), kept for the tab's life so a
    // reload shows the answer instead of a new box; and the rounds in which another page of this
    // browser had answered first (the server counts a browser once).
    this.store = "bp-class-" + info.code;
    let kept = null;
    try { kept = JSON.parse(sessionStorage.getItem(this.store) || "null"); } catch (e) { kept = null; }
    this.sent = kept?.sent && typeof kept.sent === "object" ? kept.sent : {};
    this.already = kept?.already && typeof kept.already === "object" ? kept.already : {};
    this.acked = {};
    this.fresh = {}; // sent once from the box, not sent again since: an "again" ack means another page answered
    this.retry = 0;
    this.build();
    this.connect();
  }

  get teacher() { return this.info.teacher; }
  get L() { return this.info.labels; }

  update(info) {
    this.info = info;
    this.words();
    this.render();
  }

  // -- the class bar: under the status line, above the figure --
  build() {
    const s = this.stage, e = (this.el = {});
    const btn = (cls, onclick) => h("button", { type: "button", class: "bp-btn " + cls, onclick });
    e.text = h("p", { class: "bp-c-text", role: "status" });
    e.students = h("span", { class: "bp-c-students" });
    e.code = h("button", { type: "button", class: "bp-btn bp-c-code", onclick: () => this.toggleJoin() });
    e.ask = btn("bp-c-ask bp-primary", () => this.ask());
    e.lock = btn("bp-c-lock", () => this.send({ t: "lock", on: !this.room?.locked }));
    e.csv = h("a", { class: "bp-btn bp-c-csv", download: "" });
    e.end = btn("bp-c-end", () => this.end());
    e.detach = btn("bp-c-detach", () => this.setFollowing(!this.following));
    e.bar = h("div", { class: "bp-cbar" }, e.text, e.students, e.code, e.ask, e.lock, e.detach, e.csv, e.end);
    // The projector's join panel: the QR code, the code in large letters, the link.
    e.qr = h("img", { class: "bp-c-qr", alt: "" });
    e.bigCode = h("p", { class: "bp-c-big", dir: "ltr" });
    e.joinText = h("p", { class: "bp-c-join-text" });
    e.link = h("p", { class: "bp-c-link", dir: "ltr" });
    e.joinClose = btn("bp-c-join-close", () => this.toggleJoin(false));
    e.join = h("div", { class: "bp-c-join", hidden: true },
      h("div", { class: "bp-c-join-head" }, e.joinText, e.joinClose), e.qr, e.bigCode, e.link);
    // On the card: the room's answers to the question.
    e.answered = h("p", { class: "bp-c-answered" });
    e.reveal = btn("bp-c-reveal bp-primary", () => this.send({ t: "reveal" }));
    e.revote = btn("bp-c-revote", () => this.send({ t: "revote" }));
    e.close = btn("bp-c-close", () => this.send({ t: "close" }));
    e.qButtons = h("div", { class: "bp-q-actions bp-c-buttons" }, e.reveal, e.revote, e.close);
    e.histogram = h("div", { class: "bp-c-histogram" });
    e.box = h("div", { class: "bp-c-box" }, e.answered, e.histogram, e.qButtons);
    e.mark = h("p", { class: "bp-c-note", role: "status" });
    const root = s.el.root;
    root.insertBefore(e.bar, s.el.pbar);
    root.insertBefore(e.join, s.el.pbar.nextSibling);
    s.el.quiz.appendChild(e.box);
    this.words();
  }

  words() {
    const L = this.L, e = this.el, s = this.stage;
    const dir = s.meta ? s.meta.dir : "rtl";
    e.bar.dir = e.join.dir = dir;
    e.bar.setAttribute("aria-label", L["cl.label"]);
    e.code.textContent = L["cl.code"] + ": " + this.info.code;
    e.code.title = L["cl.show_code"];
    e.ask.textContent = L["cl.ask"];
    e.ask.title = L["cl.ask_help"];
    e.ask.setAttribute("aria-keyshortcuts", "Q");
    e.csv.textContent = L["cl.csv"];
    e.csv.title = L["cl.csv_help"];
    e.end.textContent = L["cl.end"];
    e.reveal.textContent = L["cl.reveal"];
    e.reveal.setAttribute("aria-keyshortcuts", "R");
    e.revote.textContent = L["cl.revote"];
    e.revote.title = L["cl.revote_help"];
    e.close.textContent = L["cl.close"];
    e.joinText.textContent = L["cl.join"];
    e.qr.alt = L["cl.qr"];
    e.joinClose.textContent = L["cl.hide_code"];
    e.bigCode.textContent = this.info.code.slice(0, 3) + " " + this.info.code.slice(3);
    e.link.textContent = location.origin + this.info.student_path;
    if (this.teacher) {
      e.qr.src = this.info.qr;
      e.csv.href = this.info.csv;
    }
    e.code.hidden = e.ask.hidden = e.lock.hidden = e.csv.hidden = e.end.hidden = e.students.hidden = !this.teacher;
    e.detach.hidden = this.teacher;
  }

  // -- the room's websocket --
  connect() {
    if (this.ended) return;
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + this.info.ws;
    const ws = (this.ws = new WebSocket(url));
    ws.onopen = () => {
      this.retry = 0;
      ws.send(JSON.stringify(this.teacher ? { t: "hello", role: "teacher", secret: this.info.secret } : { t: "hello", role: "student", voter: voterId() }));
      this.offline(false);
    };
    ws.onmessage = (ev) => {
      let msg = null;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      this.receive(msg);
    };
    ws.onclose = () => {
      if (this.ws !== ws || this.ended || this.gone) return;
      this.offline(true);
      // Back as soon as the server is: 0.5 s, 1 s, 2 s, then every 4 s.
      this.timer = setTimeout(() => this.connect(), Math.min(4000, 500 * 2 ** this.retry++));
    };
  }

  send(msg) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(msg));
      return true;
    }
    return false;
  }

  offline(down) {
    this.down = down;
    this.render();
  }

  receive(msg) {
    if (msg.t === "state") {
      const first = this.room === null;
      const before = this.room?.q;
      const asked = msg.q && msg.q.phase === "open" && (!before || before.id !== msg.q.id || before.round !== msg.q.round);
      this.room = msg;
      const revealed = msg.q && msg.q.phase === "revealed" && before && before.phase === "open";
      if (this.teacher) {
        // The projector is the lecture: after a reconnect the room goes where the teacher stands.
        if (first && msg.step !== this.stage.step && msg.query === this.stage.data.query) this.moved(this.stage.step);
      } else {
        this.follow();
      }
      this.render();
      if (this.stage.shown !== undefined) this.stage.show(this.stage.shown, false);
      // A new question (or the revote) on a phone: the box is below the figure, so bring it into view.
      if (asked && !this.teacher && this.following && !this.hasSent(msg.q)) {
        requestAnimationFrame(() => this.stage.el.quiz.scrollIntoView?.({ block: "center", behavior: REDUCED.matches ? "auto" : "smooth" }));
      }
      // The answers revealed on the projector: the bars may start below the card's fold.
      if (revealed && this.teacher) requestAnimationFrame(() => this.el.histogram.scrollIntoView?.({ block: "nearest" }));
      this.resend();
    } else if (msg.t === "ack") {
      const key = msg.q + ":" + msg.round;
      this.acked[key] = true;
      if (msg.again && this.fresh[key]) {
        this.already[key] = true;
        this.keep();
      }
      delete this.fresh[key];
      this.render();
      if (this.stage.shown !== undefined) this.stage.show(this.stage.shown, false);
    } else if (msg.t === "refused") {
      this.refused = msg;
      if (msg.what === "answer" && msg.why === "unavailable") {
        clearTimeout(this.resendTimer); // the rooms are briefly out of reach: the answer goes again
        this.resendTimer = setTimeout(() => this.resend(), 1000);
      }
      if (msg.what === "hello" && msg.why !== "unavailable") this.leave(msg.why === "full" ? "cl.full" : "cl.ended");
    } else if (msg.t === "gone") {
      this.leave("cl.ended");
    }
  }

  // The room has gone (ended, expired, or lost with a restarted server) or is full: say so where
  // it is seen (a phone may be scrolled down to the question) and go on without a class.
  leave(key) {
    this.gone = true;
    const notice = this.stage.el.notice;
    // The teacher did not end it (their own End does not come back here): it was lost.
    notice.textContent = this.L[this.teacher && key === "cl.ended" ? "cl.lost" : key];
    this.stage.endClass();
    requestAnimationFrame(() => notice.scrollIntoView?.({ block: "center", behavior: "auto" }));
  }

  // Answers not yet acknowledged go (again): after a reconnect or an outage. The server counts
  // each browser once per question and round, so nothing is counted twice.
  resend() {
    const q = this.room?.q;
    for (const [key, value] of Object.entries(this.sent)) {
      const [id, round] = key.split(":").map(Number);
      if (!this.acked[key] && q && q.id === id && q.round === round && q.phase === "open") {
        delete this.fresh[key]; // sent again: an "again" now means the first one arrived
        this.send({ t: "answer", q: id, round, value });
      }
    }
  }

  // -- the teacher --
  moved(step) {
    if (!this.teacher || !this.room) return;
    if (this.room.step !== step) {
      this.room.step = step;
      this.send({ t: "step", step });
    }
  }

  ask() {
    const s = this.stage, rec = s.recordAt(s.step), q = this.room?.q;
    if (q && q.step !== s.step) {
      // A question is still open at another step: Q (or the button) goes back to it.
      s.stopPlaying();
      s.go(q.step);
      return;
    }
    if (!rec || !rec.q) {
      s.el.notice.textContent = this.L["cl.ask_none"];
      return;
    }
    if (this.room?.q) return;
    s.el.notice.textContent = "";
    this.send({ t: "ask", step: s.step });
  }

  key(k) {
    if (!this.teacher || !this.room) return false;
    const q = this.room.q;
    if (k === "q" || k === "Q") { this.ask(); return true; }
    if ((k === "r" || k === "R") && q) {
      if (q.phase === "open") this.send({ t: "reveal" });
      else if (q.round === 1) this.send({ t: "revote" });
      return true;
    }
    return false;
  }

  end() {
    if (!window.confirm(this.L["cl.end_confirm"])) return;
    this.ended = true;
    this.send({ t: "end" });
    // The teacher goes on presenting, outside any class.
    const url = new URL(location.href);
    url.searchParams.delete("class");
    url.searchParams.delete("teach");
    setTimeout(() => location.assign(url.toString()), 150);
  }

  toggleJoin(show) {
    const e = this.el;
    const on = show ?? e.join.hidden;
    if (!on && e.join.contains(document.activeElement)) e.code.focus({ preventScroll: true }); // back to what opens it
    e.join.hidden = !on;
    e.code.setAttribute("aria-expanded", on ? "true" : "false");
    e.code.title = on ? this.L["cl.hide_code"] : this.L["cl.show_code"];
  }

  // -- a student --
  setFollowing(on) {
    if (!on && this.room?.locked) return;
    this.following = on;
    if (on) this.follow();
    this.render();
    if (this.stage.shown !== undefined) this.stage.show(this.stage.step, false);
  }

  // Where a following student's stage stands: the question's step while it asks this browser,
  // else the teacher's step. Another scenario in the room is first fetched from the server.
  follow() {
    const room = this.room, s = this.stage;
    if (!room || this.teacher || !this.following) return;
    if (room.query !== s.data.query) {
      if (this.asked !== room.query) {
        this.asked = room.query;
        s.setTrigger?.("follow", room.query);
      }
      return;
    }
    const q = room.q;
    const target = q && q.phase === "open" && !this.hasSent(q) ? q.step : room.step;
    s.followTo(target);
  }

  hasSent(q) { return q && this.sent[q.id + ":" + q.round] !== undefined; }

  keep() {
    try { sessionStorage.setItem(this.store, JSON.stringify({ sent: this.sent, already: this.already })); } catch (e) { /* private mode */ }
  }

  // The stage is told that the student moved: a student leaves the lecture to explore (unless locked).
  userMoved() {
    if (this.teacher || !this.following) return true;
    if (this.room?.locked) {
      this.stage.el.notice.textContent = this.L["cl.locked"];
      return false;
    }
    this.setFollowing(false);
    return true;
  }

  // Whether the value at ``index`` is the room's question, which this stage keeps hidden.
  owns(index) {
    const q = this.room?.q;
    if (!q || q.step !== index) return false;
    if (this.teacher) return true;
    return this.following && this.room.query === this.stage.data.query;
  }

  answer(text) {
    const q = this.room?.q;
    if (!q || q.phase !== "open") return false;
    const key = q.id + ":" + q.round;
    if (this.sent[key] !== undefined) return true;
    this.sent[key] = text;
    this.fresh[key] = true;
    this.keep();
    this.send({ t: "answer", q: q.id, round: q.round, value: text });
    this.render();
    return true;
  }

  // The question on the card: the stage has written the question and its numbers; this adds
  // the class's part (the box or what became of the answer, the counts, the teacher's buttons).
  quiz(rec) {
    const s = this.stage, e = this.el, se = s.el, L = this.L, q = this.room.q;
    const open = q.phase === "open";
    se.qTurn.textContent = L["cl.question"].replace("{n}", s.num(q.id));
    se.qActions.hidden = true;
    e.box.hidden = false;
    if (this.teacher) {
      se.qForm.hidden = true;
      se.qFeedback.replaceChildren();
      e.answered.hidden = false;
      const total = this.room.students ?? 0;
      e.answered.textContent = L["cl.answered"].replace("{n}", s.num(q.answered)).replace("{total}", s.num(total));
      e.reveal.hidden = !open;
      e.revote.hidden = open || q.round > 1;
      e.close.hidden = open;
      this.histogram(q.counts || [], q.phase === "revealed" ? q.round : q.round - 1, rec);
      return;
    }
    e.answered.hidden = true;
    e.qButtons.hidden = true;
    se.qCheck.textContent = L["cl.send"]; // the room's answer is sent, and judged when the teacher reveals
    const key = q.id + ":" + q.round;
    const mine = this.sent[key];
    se.qForm.hidden = !open || mine !== undefined;
    if (open && mine === undefined) {
      this.histogram([], 0, rec);
      return;
    }
    // The answer this tab sent in this round, else in the first; unless another page of this
    // browser had answered first, whose answer is the one counted (and unknown here).
    const anyKey = mine !== undefined ? key : q.id + ":1";
    const any = this.sent[anyKey], already = Boolean(this.already[anyKey]);
    const words = [];
    if (open) words.push(already ? L["cl.already"] : L["cl.sent"]);
    else if (mine === undefined && !this.hasSent({ id: q.id, round: 1 })) words.push(L["cl.too_late"]);
    else if (already) words.push(L["cl.already"]);
    if (any !== undefined && !already) words.push(L["cl.your_answer"].replace("{v}", String(parseAnswer(any) ?? "?")));
    se.qFeedback.className = "bp-q-feedback bp-c-feedback";
    se.qFeedback.replaceChildren(...words.map((w) => { const p = h("p"); setRich(p, w); return p; }));
    this.histogram(q.phase === "revealed" ? q.counts || [] : [], q.phase === "revealed" ? q.round : 0, rec);
  }

  // The counts of each round done, as bars: right first, then the mistakes by how many made them.
  histogram(counts, rounds, rec) {
    const e = this.el, L = this.L, s = this.stage;
    const shown = counts.slice(0, rounds);
    e.histogram.hidden = !shown.length;
    const blocks = shown.map((c, r) => {
      const total = Object.values(c).reduce((a, b) => a + b, 0);
      const rows = Object.entries(c).sort((a, b) => (a[0] !== "right") - (b[0] !== "right") || b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      // One vote: "How the answers split"; two: each round by its name (no separator to misread).
      const title = h("h5", { class: "bp-c-round", text: shown.length > 1 ? (r ? L["cl.vote2"] : L["cl.vote1"]) : L["cl.histogram"] });
      if (!total) return h("div", { class: "bp-c-block" }, title, h("p", { class: "bp-small", text: L["cl.no_answers"] }));
      const list = h("ul", { class: "bp-c-bars", "data-round": r + 1 });
      for (const [name, n] of rows) {
        const share = n / total;
        const label = name.split("+").map((part) => L.buckets[part] ?? part).join(" / ");
        const bar = h("span", { class: "bp-c-fill" });
        bar.style.width = Math.max(2, Math.round(share * 100)) + "%";
        list.appendChild(h("li", { class: "bp-c-row" + (name === "right" ? " bp-c-right" : ""), "data-bucket": name, "data-count": n },
          h("span", { class: "bp-c-name", text: label }),
          h("span", { class: "bp-c-track" }, bar),
          h("span", { class: "bp-c-count", text: s.num(Math.round(share * 100)) + s.meta.percent + " (" + s.num(n) + ")" })));
      }
      return h("div", { class: "bp-c-block" }, title, list);
    });
    e.histogram.replaceChildren(...blocks);
  }

  // -- the bar's words for the state we are in --
  render() {
    const e = this.el, L = this.L, s = this.stage, room = this.room;
    if (this.teacher) {
      e.students.textContent = L["cl.students"].replace("{n}", s.num(room?.students ?? 0));
      e.lock.textContent = room?.locked ? L["cl.unlock"] : L["cl.lock"];
      e.lock.title = L["cl.lock_help"];
      const rec = s.recordAt(s.step), q = room?.q, away = Boolean(q) && q.step !== s.step;
      e.ask.disabled = away ? false : Boolean(q) || !rec?.q;
      const reminder = away ? L["cl.q_open"].replace("{n}", s.num(q.id)).replace("{k}", s.num(q.step + 1)) : "";
      e.ask.textContent = away ? L["cl.to_question"].replace("{n}", s.num(q.id)) : L["cl.ask"];
      e.ask.title = away ? reminder : L["cl.ask_help"];
      e.text.textContent = e.text.title = this.down ? L["cl.offline"] : reminder;
      e.text.hidden = !e.text.textContent;
      return;
    }
    let text;
    e.detach.hidden = false;
    if (this.down) text = L["cl.offline"];
    else if (room?.locked) { text = L["cl.locked"]; e.detach.hidden = true; }
    else if (this.following) text = L["cl.following"].replace("{code}", this.info.code);
    else if (room?.q && room.q.phase === "open" && !this.hasSent(room.q)) text = L["cl.asked"];
    else text = L["cl.detached"].replace("{n}", s.num((room?.step ?? 0) + 1));
    e.text.hidden = false;
    e.text.textContent = text;
    e.detach.textContent = this.following ? L["cl.detach"] : (room?.q && room.q.phase === "open" && !this.hasSent(room.q) ? L["cl.answer_now"] : L["cl.rejoin"]);
    e.detach.classList.toggle("bp-primary", !this.following);
  }

  destroy() {
    this.ended = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close();
    this.el.bar.remove();
    this.el.join.remove();
    this.el.box.remove();
  }
}
