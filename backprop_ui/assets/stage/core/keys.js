// The keys of the stage, as one table: what each key does, and the accessible names' shortcut
// lists are read from it (views/controls.js), so the two cannot disagree. A key press and a
// button press are the same action.

// [keys, action, when]: ``when`` says in which state the key acts (none: always).
export const KEYMAP = [
  { keys: ["ArrowRight", "PageDown"], action: { type: "next" }, button: "next" },
  { keys: ["ArrowLeft", "PageUp"], action: { type: "prev" }, button: "prev" },
  { keys: ["Home"], action: { type: "home" }, button: "reset" },
  { keys: ["End"], action: { type: "end" } },
  { keys: [" "], name: "Space", action: { type: "play" }, button: "play" },
  { keys: ["p", "P"], name: "P", action: { type: "present" }, button: "present", plain: true },
  { keys: ["b", "B", "."], name: "B", action: { type: "blank" }, when: (s) => s.present },
  { keys: ["Escape"], action: { type: "blank", on: false }, when: (s) => s.blank },
  { keys: ["Escape"], action: { type: "present", on: false }, when: (s) => s.present && !s.blank },
  // The live class's teacher: letters, so they act even with a button focused.
  { keys: ["q", "Q"], name: "Q", action: { type: "classAsk" }, button: "ask", when: (s) => s.teaching },
  { keys: ["r", "R"], name: "R", action: { type: "classReveal" }, button: "reveal", when: (s) => s.teaching },
  { keys: ["c", "C"], name: "C", action: { type: "classClose" }, button: "close", when: (s) => s.teaching },
  { keys: ["a", "A"], name: "A", action: { type: "classTell" }, button: "tell", when: (s) => s.teaching },
  { keys: ["f", "F"], name: "F", action: { type: "classFollowup" }, button: "followup", when: (s) => s.teaching },
  { keys: ["m", "M"], name: "M", action: { type: "classChoices" }, button: "choices", when: (s) => s.teaching },
  { keys: ["l", "L"], name: "L", action: { type: "classLock" }, button: "lock", when: (s) => s.teaching },
  { keys: ["j", "J"], name: "J", action: { type: "classJoin" }, button: "code", when: (s) => s.teaching },
];

// While the screen is blanked, a remote's next or back (or Space) first brings the picture back.
const UNBLANK = ["ArrowRight", "PageDown", "ArrowLeft", "PageUp", " "];

// The action for a key in a state ({present, blank, teaching}), or null.
// ``shift``: the Shift key is down (Shift+P is not P: it types a capital in a box).
export function keyAction(key, state, shift = false) {
  if (state.blank && UNBLANK.includes(key)) return { type: "blank", on: false };
  for (const row of KEYMAP) {
    if (!row.keys.includes(key)) continue;
    if (row.plain && shift) continue;
    if (row.when && !row.when(state)) continue;
    return row.action;
  }
  return null;
}

// The aria-keyshortcuts of a button: every key bound to it, in the table's order.
export function shortcuts(button) {
  return KEYMAP.filter((row) => row.button === button)
    .flatMap((row) => (row.name ? [row.name] : row.keys))
    .filter((k, i, all) => all.indexOf(k) === i)
    .join(" ");
}

// The keys of some actions, as aria-keyshortcuts writes them: ["home", "end"] -> "Home End".
export function keysOf(types) {
  return KEYMAP.filter((row) => types.includes(row.action.type)).flatMap((row) => (row.name ? [row.name] : row.keys)).join(" ");
}
