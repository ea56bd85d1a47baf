// Reading and judging a student's answer. backprop_core/practice.py is the reference: the
// node tests (tests/js) check both agree on every question of the four examples.

export const LEVELS = ["watch", "output", "delta", "all"];
const DIGITS = { "۰": 0, "۱": 1, "۲": 2, "۳": 3, "۴": 4, "۵": 5, "۶": 6, "۷": 7, "۸": 8, "۹": 9,
  "٠": 0, "١": 1, "٢": 2, "٣": 3, "٤": 4, "٥": 5, "٦": 6, "٧": 7, "٨": 8, "٩": 9 };
const MINUSES = ["-", "\u2212", "\u2013"];

// A number as typed: Persian or Arabic-Indic digits, ٫ or . (or / between digits) as the point,
// a leading minus, an optional exponent. null for anything else (the rules of practice.parse_answer).
export function parseAnswer(text) {
  let s = String(text).trim().replace(/[۰-۹٠-٩]/g, (d) => String(DIGITS[d])).replace(/٫/g, ".").replace(/ /g, "")
    .replace(/(?<=\d)\/(?=\d)/g, "."); // ۰/۵۹۳۳: the point as most Iranian students write it
  let sign = 1;
  if (MINUSES.includes(s[0])) { sign = -1; s = s.slice(1); } else if (s[0] === "+") s = s.slice(1);
  s = s.toLowerCase();
  const e = s.indexOf("e");
  const mantissa = e < 0 ? s : s.slice(0, e);
  let exponent = e < 0 ? null : s.slice(e + 1);
  if (!/^(\d+\.?\d*|\.\d+)$/.test(mantissa)) return null;
  if (exponent !== null) {
    if (MINUSES.includes(exponent[0])) exponent = "-" + exponent.slice(1);
    if (!/^[+-]?\d+$/.test(exponent)) return null;
  }
  const value = sign * Number(mantissa + (exponent !== null ? "e" + exponent : ""));
  return Number.isFinite(value) ? value : null;
}

// Right to the digits typed, but with fewer than 4 significant figures ("0.008" for 0.008027): not
// wrong, only short (practice.too_short).
export function tooShort(text, value) {
  const x = parseAnswer(text);
  if (x === null) return false;
  const s = String(text).trim().replace(/[۰-۹٠-٩]/g, (d) => String(DIGITS[d])).replace(/٫/g, ".").replace(/ /g, "")
    .replace(/(?<=\d)\/(?=\d)/g, ".").replace(/^[+\-\u2212\u2013]+/, "").toLowerCase();
  const e = s.indexOf("e");
  const mantissa = e < 0 ? s : s.slice(0, e);
  const power = e < 0 ? 0 : Number(s.slice(e + 1).replace(/[\u2212\u2013]/, "-"));
  const [whole, decimals = ""] = mantissa.split(".");
  if ((whole + decimals).replace(/^0+/, "").length >= 4) return false;
  const unit = 10 ** (power - decimals.length);
  return Math.abs(x - value) <= 0.5 * unit * (1 + 1e-9);
}

// Right, or the mistakes whose number it is (the nearest such number), or unknown (no ids):
// practice.judge on a question record {value, tol, candidates: [[value, tol, ids], …]}.
export function judge(q, x) {
  if (!Number.isFinite(x)) return { right: false, ids: [] };
  if (Math.abs(x - q.value) <= q.tol) return { right: true, ids: [] };
  let best = null;
  for (const [v, t, ids] of q.candidates) {
    const gap = Math.abs(x - v);
    if (gap <= t && (!best || gap < best.gap)) best = { gap, ids };
  }
  return { right: false, ids: best ? best.ids : [] };
}

// Whether the fading level asks a question of the given level (practice.asks).
export function levelAsks(questionLevel, level) {
  return level !== "watch" && LEVELS.includes(questionLevel) && LEVELS.indexOf(questionLevel) <= LEVELS.indexOf(level);
}

// The level after this one, or null at the last.
export function nextLevel(level) {
  return LEVELS[LEVELS.indexOf(level) + 1] ?? null;
}

// A mistake's sentence: the one for this kind of question if there is one (bias_left_out.Delta),
// else the mistake's own.
export function mistakeText(mistakes, id, kind) {
  return mistakes[id + "." + kind] ?? mistakes[id];
}
