// The key table: what each key does in which state, and the shortcut names the buttons carry.
import assert from "node:assert/strict";
import { test } from "node:test";
import { KEYMAP, keyAction, keysOf, shortcuts } from "../../backprop_ui/assets/stage/core/keys.js";

const plain = { present: false, blank: false, teaching: false };

test("the arrows, the remote's PageDown and PageUp, Home, End and Space move and play", () => {
  for (const [key, type] of [["ArrowRight", "next"], ["PageDown", "next"], ["ArrowLeft", "prev"], ["PageUp", "prev"],
    ["Home", "home"], ["End", "end"], [" ", "play"], ["p", "present"], ["P", "present"]]) {
    assert.equal(keyAction(key, plain).type, type, key);
  }
  assert.equal(keyAction("x", plain), null);
  assert.equal(keyAction("P", plain, true), null); // Shift+P is a capital in a box, not presentation mode
});

test("B and . blank the projector, and only while presenting; Escape unblanks, then leaves presenting", () => {
  assert.equal(keyAction("b", plain), null);
  assert.deepEqual(keyAction(".", { ...plain, present: true }), { type: "blank" });
  assert.deepEqual(keyAction("Escape", { ...plain, present: true, blank: true }), { type: "blank", on: false });
  assert.deepEqual(keyAction("Escape", { ...plain, present: true }), { type: "present", on: false });
  assert.equal(keyAction("Escape", plain), null);
});

test("while blanked, a remote's next or back first brings the picture back", () => {
  for (const key of ["ArrowRight", "PageDown", "ArrowLeft", "PageUp", " "]) {
    assert.deepEqual(keyAction(key, { ...plain, present: true, blank: true }), { type: "blank", on: false });
  }
});

test("every class action has a key, for the teacher only", () => {
  const teaching = { ...plain, present: true, teaching: true };
  for (const [key, type] of [["q", "classAsk"], ["R", "classReveal"], ["c", "classClose"], ["L", "classLock"], ["j", "classJoin"]]) {
    assert.equal(keyAction(key, teaching).type, type, key);
    assert.equal(keyAction(key, plain), null, key);
  }
});

test("each button names the keys the table binds to it", () => {
  assert.equal(shortcuts("next"), "ArrowRight PageDown");
  assert.equal(shortcuts("prev"), "ArrowLeft PageUp");
  assert.equal(shortcuts("play"), "Space");
  assert.equal(shortcuts("present"), "P");
  assert.equal(shortcuts("reveal"), "R");
  assert.equal(keysOf(["home", "end"]), "Home End");
  const buttons = new Set(KEYMAP.map((row) => row.button).filter(Boolean));
  for (const b of buttons) assert.ok(shortcuts(b).length > 0, b);
});
