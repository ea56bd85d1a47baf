// The think time's countdown, on the projector and the phones: a line that counts the seconds
// down from what the room's last message said (the server's clock decides; this one only counts).
// Every line shown is repainted by one timer, which stops when no line is left.

import { thinkLeft } from "../core/room.js";
import { digits, fill } from "./dom.js";

const lines = new Set();
let timer = null;

const clock = (meta, t) => digits(meta, Math.floor(t / 60)) + ":" + digits(meta, String(t % 60).padStart(2, "0"));

function paint(el) {
  const { meta, CL, think, at } = el.bpThink;
  const left = thinkLeft(think, performance.now() - at);
  const text = left > 0 ? fill(CL["cl.think_left"], { t: clock(meta, left) }) : CL["cl.think_up"];
  if (el.textContent !== text) el.textContent = text;
  el.classList.toggle("bp-c-think-up", left === 0);
  el.dataset.left = left;
}

function tick() {
  for (const el of lines) {
    if (!el.isConnected || el.closest("[hidden]")) lines.delete(el); // not on screen: no longer counted
    else paint(el);
  }
  if (!lines.size) {
    clearInterval(timer);
    timer = null;
  }
}

// Shows ``room``'s think time on ``el`` (hidden when none is set).
export function showThink(el, meta, CL, room) {
  const think = room?.think;
  el.hidden = !think;
  if (!think) {
    lines.delete(el);
    return;
  }
  el.dir = meta.dir;
  el.bpThink = { meta, CL, think, at: room.at ?? performance.now() };
  paint(el);
  lines.add(el);
  timer ??= setInterval(tick, 250);
}
