// The live class's bar under the status line, and the projector's join panel. The teacher's bar:
// the students' count, the class code (it opens the join panel), Ask the room, the lock, the
// CSV of the counts and End; a student's: where the lecture is and Explore on my own / Back.
// The join panel (QR code, the code in large letters, the link) is open when a class starts and
// gives way once teaching begins; the code stays small in the bar for latecomers.

import { shortcuts } from "../core/keys.js";
import { barWords, detachWords, rightShare } from "../core/room.js";
import { digits, fill, h } from "./dom.js";

export function build(dispatch, confirmEnd) {
  const e = {};
  const btn = (cls, onclick) => h("button", { type: "button", class: "bp-btn " + cls, onclick });
  e.text = h("p", { class: "bp-c-text", role: "status" });
  e.students = h("span", { class: "bp-c-students" });
  e.code = btn("bp-c-code", () => dispatch({ type: "classJoin" }));
  e.ask = btn("bp-c-ask bp-primary", () => dispatch({ type: "classAsk" }));
  // How the next question is asked: as choices (M), and with "which formula?" after the number.
  e.askChoices = btn("bp-c-ask-choices bp-toggle", () => dispatch({ type: "classChoices" }));
  e.askWhich = btn("bp-c-ask-which bp-toggle", () => dispatch({ type: "classWhich" }));
  e.followup = btn("bp-c-followup", () => dispatch({ type: "classFollowup" })); // right after a question is closed here
  e.pause = btn("bp-c-pause", () => dispatch({ type: "classPause" }));
  e.live = h("p", { class: "bp-sr-only bp-c-live", role: "status", "aria-live": "polite" }); // the reveal, for a screen reader
  e.paused = h("div", { class: "bp-c-paused", hidden: true }, h("p", { class: "bp-c-paused-text", role: "alert" }));
  e.lock = btn("bp-c-lock", () => dispatch({ type: "classLock" }));
  e.csv = h("a", { class: "bp-btn bp-c-csv", download: "", onclick: () => { e.more.open = false; } });
  e.end = btn("bp-c-end", () => { e.more.open = false; if (confirmEnd()) dispatch({ type: "classEnd" }); });
  // What a lecture needs once, at its end (the counts, End the class), under "More": the bar stays one row.
  e.moreLabel = h("summary", { class: "bp-btn bp-c-more-btn" });
  e.more = h("details", { class: "bp-c-more" }, e.moreLabel, h("div", { class: "bp-c-more-menu" }, e.csv, e.end));
  e.detach = btn("bp-c-detach", () => dispatch({ type: "follow" }));
  e.bar = h("div", { class: "bp-cbar", hidden: true }, e.text, e.students, e.code, e.ask, e.askChoices, e.askWhich,
    e.followup, e.lock, e.pause, e.detach, e.more, e.live);
  e.qr = h("img", { class: "bp-c-qr", alt: "" });
  e.bigCode = h("p", { class: "bp-c-big", dir: "ltr" });
  e.joinText = h("p", { class: "bp-c-join-text" });
  e.link = h("p", { class: "bp-c-link", dir: "ltr" });
  e.joinClose = btn("bp-c-join-close", () => dispatch({ type: "classJoin", on: false }));
  e.join = h("div", { class: "bp-c-join", hidden: true },
    h("div", { class: "bp-c-join-head" }, e.joinText, e.joinClose), e.qr, e.bigCode, e.link);
  let words = null;

  function wordsFor(meta, info, CL) {
    e.bar.dir = e.join.dir = meta.dir;
    e.bar.setAttribute("aria-label", CL["cl.label"]);
    e.code.textContent = CL["cl.code"] + ": " + info.code;
    e.code.setAttribute("aria-keyshortcuts", shortcuts("code"));
    e.ask.setAttribute("aria-keyshortcuts", shortcuts("ask"));
    e.lock.setAttribute("aria-keyshortcuts", shortcuts("lock"));
    e.csv.textContent = CL["cl.csv"];
    e.csv.title = CL["cl.csv_help"];
    e.end.textContent = CL["cl.end"];
    e.moreLabel.textContent = CL["cl.more"];
    e.joinText.textContent = CL["cl.join"];
    e.qr.alt = CL["cl.qr"];
    e.joinClose.textContent = CL["cl.hide_code"];
    e.joinClose.setAttribute("aria-keyshortcuts", shortcuts("code"));
    e.bigCode.textContent = info.code.slice(0, 3) + " " + info.code.slice(3);
    e.link.textContent = location.origin + info.student_path;
    if (info.teacher) {
      e.qr.src = info.qr;
      e.csv.href = info.csv;
    }
    e.askChoices.textContent = CL["cl.ask_choices"];
    e.askChoices.title = CL["cl.ask_choices_help"] + " (" + shortcuts("choices") + ")";
    e.askChoices.setAttribute("aria-keyshortcuts", shortcuts("choices"));
    e.askWhich.textContent = CL["cl.ask_which"];
    e.askWhich.title = CL["cl.ask_which_help"];
    e.followup.textContent = CL["cl.followup"];
    e.followup.title = CL["cl.followup_help"] + " (" + shortcuts("followup") + ")";
    e.followup.setAttribute("aria-keyshortcuts", shortcuts("followup"));
    e.pause.title = CL["cl.pause_help"];
    e.paused.firstChild.textContent = CL["cl.paused"];
    e.code.hidden = e.ask.hidden = e.lock.hidden = e.more.hidden = e.students.hidden = !info.teacher;
    e.askChoices.hidden = e.askWhich.hidden = e.pause.hidden = !info.teacher;
  }

  // The reveal, said once per round in a polite live region: how many were right.
  let announced = null;
  function announce(meta, CL, q) {
    const split = Boolean(q && q.phase === "revealed" && q.told === false);
    const key = q && q.phase === "revealed" && (q.counts || split) ? q.id + ":" + q.round + ":" + split : null;
    if (key === announced) return;
    announced = key;
    if (!key) return;
    if (split || !q.counts) {
      e.live.textContent = CL["cl.revealed_split"];
      return;
    }
    const { pct, n, total } = rightShare(q.counts[q.round - 1]);
    e.live.textContent = fill(CL["cl.revealed_live"], { pct: digits(meta, pct), n: digits(meta, n), total: digits(meta, total) });
  }

  let nudged = 0;

  function render({ s, meta, rec, info, classLabels: CL }) {
    const cls = s.cls;
    if ((s.nudge || 0) !== nudged) { // a move refused while locked: the bar that says why flashes
      nudged = s.nudge || 0;
      e.bar.classList.remove("bp-c-nudge");
      void e.bar.offsetWidth;
      e.bar.classList.add("bp-c-nudge");
    }
    e.bar.hidden = !cls;
    e.join.hidden = !cls || !cls.teacher || !cls.join;
    if (!cls) return;
    const key = meta.lang + "|" + info.code + "|" + info.teacher;
    if (words !== key) {
      wordsFor(meta, info, CL);
      words = key;
    }
    const room = cls.room, q = room?.q;
    announce(meta, CL, q);
    // Pause: the phone shows one sentence, and nothing of the stage behind it can be used or read.
    const paused = !cls.teacher && Boolean(room?.paused);
    e.paused.hidden = !paused;
    e.paused.dir = meta.dir;
    e.paused.lang = meta.lang;
    const stage = e.bar.closest(".bp-stage");
    if (stage && stage.inert !== paused) stage.inert = paused;
    const [textKey, values] = barWords(cls, s.step);
    const text = textKey ? fill(CL[textKey], Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "number" ? digits(meta, v) : v]))) : "";
    e.text.textContent = text;
    e.text.title = text;
    e.text.hidden = !text;
    e.code.setAttribute("aria-expanded", cls.join ? "true" : "false");
    e.code.title = cls.join ? CL["cl.hide_code"] : CL["cl.show_code"];
    if (cls.teacher) {
      e.students.textContent = fill(CL["cl.students"], { n: digits(meta, room?.students ?? 0) });
      e.lock.textContent = room?.locked ? CL["cl.unlock"] : CL["cl.lock"];
      e.lock.title = CL["cl.lock_help"];
      e.lock.setAttribute("aria-pressed", room?.locked ? "true" : "false");
      const away = Boolean(q) && q.step !== s.step;
      e.ask.disabled = away ? false : Boolean(q) || !rec?.question;
      e.ask.textContent = away ? fill(CL["cl.to_question"], { n: digits(meta, q.id) }) : CL["cl.ask"];
      e.ask.title = away ? text : CL["cl.ask_help"];
      e.askChoices.setAttribute("aria-pressed", cls.askChoices ? "true" : "false");
      e.askWhich.setAttribute("aria-pressed", cls.askWhich ? "true" : "false");
      e.askChoices.hidden = e.askWhich.hidden = Boolean(q); // how the next question is asked
      const last = room?.closed;
      e.followup.hidden = Boolean(q) || !last || last.step !== s.step || last.followup;
      e.pause.textContent = room?.paused ? CL["cl.resume"] : CL["cl.pause"];
      e.pause.setAttribute("aria-pressed", room?.paused ? "true" : "false");
      e.detach.hidden = true;
      return;
    }
    e.followup.hidden = true;
    e.detach.hidden = Boolean(room?.locked);
    e.detach.textContent = CL[detachWords(cls)];
    e.detach.classList.toggle("bp-primary", !cls.following);
  }

  return { el: e, render };
}
