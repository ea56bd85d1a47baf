// The question on the card, its one writer: the value the step asks, the numbers it needs, the
// box, and what became of the answer. Practice judges the answer here, in the browser; in a live
// class a student's answer goes to the room, and once the teacher reveals the answers the phone
// shows the room's bars, its own answer's bar and the right value. The teacher's screen shows
// the question without a box; its count, bars and buttons have their own area (views/room.js).

import { judge, mistakeText, parseAnswer } from "../core/answers.js";
import { choiceOrder } from "../core/practice.js";
import { asksFormula, hasSent, isFollowup, isTold, ownQuestion, owns, roundKey, roundsShown, studentQuestion } from "../core/room.js";
import { digits, fill, fit, h, rich, setRich, setTex } from "./dom.js";
import { formulaBlock, histogram } from "./histogram.js";
import { showThink } from "./think.js";

export function build(dispatch) {
  const e = {};
  e.turn = h("h4", { class: "bp-q-turn" });
  e.think = h("p", { class: "bp-c-think", hidden: true }); // the think time, while the room's question is open
  e.own = h("p", { class: "bp-c-own", hidden: true }); // a follow-up: the numbers below are this phone's own
  e.ask = h("p", { class: "bp-q-ask" });
  e.given = h("div", { class: "bp-math bp-q-given", tabindex: "0", role: "group" });
  e.input = h("input", { class: "bp-q-input", type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false", dir: "ltr",
    oninput: () => dispatch({ type: "draft", text: e.input.value }) });
  e.hint = h("p", { class: "bp-small bp-q-hint" });
  e.check = h("button", { type: "submit", class: "bp-btn bp-primary bp-q-check" });
  e.form = h("form", { class: "bp-q-form", novalidate: true, onsubmit: (ev) => { ev.preventDefault(); dispatch({ type: "answer", text: e.input.value }); } },
    e.input, e.check);
  e.choices = h("div", { class: "bp-q-choices", role: "group", hidden: true }); // a step below typing: tap one
  e.feedback = h("div", { class: "bp-q-feedback", role: "status", "aria-live": "polite" });
  e.again = h("button", { type: "button", class: "bp-btn bp-q-again", onclick: () => dispatch({ type: "tryAgain" }) });
  e.show = h("button", { type: "button", class: "bp-btn bp-q-show", onclick: () => dispatch({ type: "showMe" }) });
  e.actions = h("div", { class: "bp-q-actions", hidden: true }, e.again, e.show);
  e.bars = h("div", { class: "bp-c-histogram" });
  // "Which formula?" after a right answer (practice, when asked for): the lesson's formulas to tap.
  e.whichAsk = h("p", { class: "bp-q-which-ask" });
  e.whichMenu = h("div", { class: "bp-q-which-menu", role: "group" });
  e.whichSaid = h("p", { class: "bp-q-which-said", role: "status" });
  e.which = h("div", { class: "bp-q-which", hidden: true }, e.whichAsk, e.whichMenu, e.whichSaid);
  e.quiz = h("div", { class: "bp-quiz", hidden: true }, e.turn, e.own, e.think, e.ask, e.given, e.form, e.choices, e.hint, e.feedback, e.actions, e.which, e.bars);
  e.input.id = "bp-q-" + Math.random().toString(36).slice(2, 8);
  e.feedback.id = e.input.id + "-fb";
  e.input.setAttribute("aria-describedby", e.feedback.id);
  let drawn = null, at = null, question = null;

  const lines = (...parts) => parts.map((p) => (p instanceof Node ? p : rich("p", p)));

  function say(kind, ...parts) {
    e.feedback.className = "bp-q-feedback bp-q-" + kind;
    e.feedback.replaceChildren(...lines(...parts));
  }

  function render({ s, meta, rec, asking, classLabels: CL }) {
    const L = meta.labels;
    let q = rec?.question;
    const key = [s.step, s.moves, asking, meta.lang, JSON.stringify(s.feedback), s.ledger.choices, s.ledger.which,
      s.ledger.named[s.skey + ":" + s.step],
      s.cls ? JSON.stringify([s.cls.room?.q, s.cls.following, s.cls.followup?.key, Boolean(s.cls.followup?.question),
        s.cls.named, s.cls.verdicts, s.cls.room?.think]) : ""].join("|");
    if (drawn === key) return;
    drawn = key;
    e.again.textContent = L["pr.again"];
    e.show.textContent = L["pr.show"];
    e.check.textContent = L["pr.check"];
    const inRoom = Boolean(s.cls && q && owns(s.cls, s.step, s.query));
    // A phone's countdown (the projector's is in its question area).
    showThink(e.think, meta, CL, inRoom && !s.cls.teacher && s.cls.room.q.phase === "open" ? s.cls.room : null);
    const done = q && s.ledger.level !== "watch" && !inRoom ? s.ledger.answered[s.skey + ":" + s.step] : null;
    e.quiz.hidden = !(asking || done);
    if (e.quiz.dir !== meta.dir) e.quiz.dir = meta.dir;
    e.turn.hidden = e.ask.hidden = e.given.hidden = !asking;
    e.form.hidden = e.hint.hidden = !asking;
    e.choices.hidden = true;
    e.own.hidden = true;
    e.which.hidden = true;
    e.bars.hidden = true;
    e.actions.hidden = true;
    if (!asking) {
      question = null;
      if (done) say(done === "right" ? "right" : "shown", done === "right" ? q.right : q.shown);
      if (done === "right" && s.ledger.which && q.formulas) which(s, meta, q);
      return;
    }
    // A follow-up: this phone's own question (its own numbers), once it has arrived.
    const rq = inRoom ? s.cls.room.q : null;
    const follow = inRoom && !s.cls.teacher && isFollowup(rq);
    const own = follow ? ownQuestion(s.cls) : null;
    if (follow && !own) {
      question = null;
      e.turn.textContent = fill(CL["cl.question"], { n: digits(meta, rq.id) });
      e.ask.textContent = CL[s.cls.followup?.failed ? "cl.followup_failed" : "cl.followup_loading"];
      e.given.hidden = e.form.hidden = e.hint.hidden = true;
      e.feedback.replaceChildren();
      return;
    }
    if (own) q = own;
    question = q;
    e.turn.textContent = inRoom ? fill(CL["cl.question"], { n: digits(meta, s.cls.room.q.id) }) : L["pr.turn"];
    e.own.hidden = !own;
    if (own) e.own.textContent = CL["cl.followup_card"];
    setRich(e.ask, q.ask);
    setTex(e.given, q.given);
    e.given.setAttribute("aria-label", L["card.numbers"]);
    e.input.setAttribute("aria-label", q.box);
    e.hint.textContent = L["pr.hint"];
    e.check.textContent = inRoom && !s.cls.teacher ? CL["cl.send"] : L["pr.check"];
    const here = s.skey + ":" + s.step;
    if (at !== here) {
      at = here;
      e.input.value = s.drafts[here] ?? "";
      e.input.removeAttribute("aria-invalid");
    }
    if (inRoom && s.cls.teacher) {
      e.form.hidden = e.hint.hidden = true; // the projector asks; the phones answer
      // Asked as choices: the projector shows the values too (each phone has its own order, so no positions).
      if (rq.choices && q.choices?.length) {
        setRich(e.ask, q.ask_choose || q.ask);
        e.choices.hidden = false;
        e.choices.setAttribute("aria-label", q.box);
        e.choices.replaceChildren(...q.choices.map(([label]) => h("span", { class: "bp-btn bp-q-choice bp-q-choice-shown", dir: "ltr",
          text: label.replace("-", "−") })));
      }
      const words = [];
      if (isFollowup(rq)) words.push(h("p", { class: "bp-c-followup-note", text: CL["cl.followup_help"] }));
      else if (isTold(rq)) words.push(rich("p", q.shown)); // the value, once the room is told it
      e.feedback.className = "bp-q-feedback";
      e.feedback.replaceChildren(...words);
      return;
    }
    if (inRoom) return room(s, meta, q, CL);
    if (s.ledger.choices && q.choices?.length) choose(s, q);
    else setRich(e.ask, q.ask);
    const f = s.feedback && s.feedback.index === s.step ? s.feedback : null;
    if (!f) {
      e.feedback.replaceChildren();
      e.feedback.className = "bp-q-feedback";
      e.input.removeAttribute("aria-invalid");
      return;
    }
    if (f.kind === "short") return say("short", L[f.key]);
    if (f.kind === "bad") {
      e.input.setAttribute("aria-invalid", "true");
      // The words are the walk's; what was typed goes in as text.
      return say("bad", f.key === "pr.not_number" ? h("p", { text: fill(L["pr.not_number"], { text: f.text }) }) : L[f.key]);
    }
    e.input.removeAttribute("aria-invalid");
    const text = (id) => mistakeText(L.mistakes, id, q.kind);
    if (!f.ids.length) say("wrong", L["pr.unknown"]);
    else if (f.ids.length === 1) say("wrong", L["pr.wrong"] + " " + text(f.ids[0]));
    else say("wrong", L["pr.wrong_many"], h("ul", {}, ...f.ids.map((id) => rich("li", text(id)))));
    e.feedback.dataset.mistakes = f.ids.join(" ") || "unknown";
    e.actions.hidden = false;
  }

  // Which of the lesson's formulas was used: a menu of formulas typeset as the card shows them, in
  // this tab's order; once one is named, what it was and which are right.
  function which(s, meta, q) {
    const said = s.ledger.named[s.skey + ":" + s.step];
    menu(meta, q.formulas, said ? { said, picked: null } : null, s.ledger.seed + 7 * s.step + 1, (id) => dispatch({ type: "formula", id }));
  }

  // The formula menu. ``done``: {said: "right" | "wrong" | null (not judged yet), picked: the id
  // named, when known}; null while nothing is named.
  function menu(meta, f, done, seed, pick) {
    const L = meta.labels;
    e.which.hidden = false;
    e.which.dir = meta.dir;
    e.whichAsk.textContent = L["pr.which"];
    e.whichMenu.setAttribute("aria-label", L["pr.which"]);
    const order = choiceOrder(f.menu.length, seed);
    e.whichMenu.replaceChildren(...order.map((k) => {
      const id = f.menu[k];
      const math = h("span", { class: "bp-math" });
      setTex(math, meta.formulas[id], false);
      const b = h("button", { type: "button", class: "bp-btn bp-q-which-btn", "data-id": id, disabled: Boolean(done),
        "aria-pressed": done?.picked ? String(done.picked === id) : undefined, onclick: () => pick(id) },
      h("span", { class: "bp-badge", text: id }), math);
      if (done?.said && f.right.includes(id)) b.classList.add("bp-q-which-right");
      if (done?.picked === id) b.classList.add("bp-q-which-picked");
      return b;
    }));
    const said = done?.said;
    e.whichSaid.className = "bp-q-which-said" + (said ? " bp-q-which-" + said : "");
    e.whichSaid.textContent = said ? fill(L[said === "right" ? "pr.which_right" : "pr.which_wrong"], { ids: f.right.join(", ") }) : "";
  }

  // Practice's choices in place of the box: each a value as the table shows it, in this tab's own
  // order for this step; a tap answers with it, judged and diagnosed as a typed answer is.
  function choose(s, q, seed = s.ledger.seed + s.step) {
    e.form.hidden = e.hint.hidden = true;
    e.choices.hidden = false;
    setRich(e.ask, q.ask_choose || q.ask);
    e.choices.setAttribute("aria-label", q.box);
    const order = choiceOrder(q.choices.length, seed);
    e.choices.replaceChildren(...order.map((k) => {
      const [label, text] = q.choices[k];
      return h("button", { type: "button", class: "bp-btn bp-q-choice", dir: "ltr", text: label.replace("-", "−"),
        "data-answer": text, onclick: () => dispatch({ type: "answer", text }) });
    }));
  }

  // A student's card in the room: the box (or the choices) until the answer is sent, then what
  // became of it; once the teacher reveals the answers, the bars, this answer's bar and the right
  // value. A follow-up is judged here at once, on the phone's own numbers (``q`` is its own question).
  function room(s, meta, q, CL) {
    const cls = s.cls, rq = cls.room.q, L = meta.labels, key = roundKey(rq);
    const { box, lines: keys, answer } = studentQuestion(cls);
    e.form.hidden = e.hint.hidden = !box;
    if (box && rq.choices && q.choices?.length) choose(s, q, cls.seed + s.step); // a different order on each phone
    else if (rq.choices && q.ask_choose) setRich(e.ask, q.ask_choose); // asked as choices: said so after the tap too
    const words = [];
    // What was typed and not sent: not a number (said, what was typed as text), or right to fewer figures.
    const f = box && s.feedback && s.feedback.index === s.step ? s.feedback : null;
    if (f?.kind === "bad") words.push(f.key === "pr.not_number" ? h("p", { text: fill(L["pr.not_number"], { text: f.text }) }) : L[f.key]);
    else if (f?.kind === "short") words.push(L["pr.short"]);
    if (f?.kind === "bad") e.input.setAttribute("aria-invalid", "true");
    else e.input.removeAttribute("aria-invalid");
    const verdict = isFollowup(rq) ? cls.verdicts[key] : null;
    if (verdict && answer !== null) {
      const text = (id) => mistakeText(L.mistakes, id, q.kind);
      if (verdict.right) words.push(q.right);
      else if (!verdict.ids.length) words.push(L["pr.unknown"]);
      else if (verdict.ids.length === 1) words.push(L["pr.wrong"] + " " + text(verdict.ids[0]));
      else words.push(L["pr.wrong_many"], h("ul", {}, ...verdict.ids.map((id) => rich("li", text(id)))));
    }
    words.push(...keys.map((k) => CL[k]));
    if (answer !== null) words.push(fill(CL["cl.your_answer"], { v: String(parseAnswer(answer) ?? "?") }));
    const rounds = roundsShown(cls);
    let mine = null;
    if (rq.phase === "revealed" && !isTold(rq)) words.push(CL["cl.split_phone"]); // peer instruction: talk it over
    if (isTold(rq)) {
      if (!verdict?.right) words.push(q.shown); // the right value, once the room is told it
      if (answer !== null && hasSent(cls, rq)) {
        const v = judge(q, parseAnswer(answer));
        mine = v.right ? "right" : v.ids.length ? v.ids.join("+") : "other";
      }
    }
    const tone = verdict ? (verdict.right ? " bp-q-right" : " bp-q-wrong") : f ? " bp-q-" + f.kind : "";
    e.feedback.className = "bp-q-feedback bp-c-feedback" + tone;
    e.feedback.replaceChildren(...lines(...words));
    if (verdict) e.feedback.dataset.mistakes = verdict.right ? "right" : verdict.ids.join(" ") || "unknown";
    else delete e.feedback.dataset.mistakes;
    // "Which formula?": once the number is sent; marked right or wrong once the answers are revealed.
    const picked = cls.named[key];
    if (asksFormula(cls) && q.formulas && (picked !== undefined || rq.phase === "open")) { // none named by the reveal: too late
      const said = picked === undefined || !isTold(rq) ? null : q.formulas.right.includes(picked) ? "right" : "wrong";
      menu(meta, q.formulas, picked === undefined ? null : { said, picked }, cls.seed + 7 * s.step + 1,
        (id) => dispatch({ type: "classFormula", id }));
    }
    const blocks = rounds ? histogram(meta, CL, rq, rounds, mine) : [];
    if (rq.which && rounds && rq.formulas && q.formulas) blocks.push(formulaBlock(meta, CL, rq, rounds, q.formulas.right, picked));
    e.bars.hidden = !blocks.length;
    e.bars.replaceChildren(...blocks);
  }

  // After the step is drawn: the given numbers fitted to the card's width.
  function refit() {
    if (question && !e.given.hidden) fit(e.given, null, question.given_lines);
  }

  return { el: e, render, refit, focusInput: () => {
    if (!e.choices.hidden) e.choices.querySelector("button")?.focus();
    else { e.input.focus(); e.input.select(); }
  } };
}
