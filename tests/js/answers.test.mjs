// Reading and judging answers: the browser agrees with backprop_core/practice.py (Python wrote the cases).
import assert from "node:assert/strict";
import { test } from "node:test";
import { judge, levelAsks, mistakeText, nextLevel, parseAnswer, tooShort } from "../../backprop_ui/assets/stage/core/answers.js";
import { fixture } from "./helpers.mjs";

const { parse, judge: judged } = fixture("answers.json");

test("the box reads what practice.parse_answer reads, and refuses what it refuses", () => {
  assert.ok(parse.length > 25);
  for (const [text, expected] of parse) assert.equal(parseAnswer(text), expected, JSON.stringify(text));
});

test("the point written / between digits, as most Iranian students write it", () => {
  assert.equal(parseAnswer("۰/۵۹۳۳"), 0.5933);
  assert.equal(parseAnswer("-۰/۵"), -0.5);
  assert.equal(parseAnswer("1/"), null);
});

test("every question of the four examples, in fa and en, is judged as practice.judge judges it", () => {
  assert.ok(judged.cases.length > 700);
  let wrong = 0;
  for (const c of judged.cases) {
    const v = judge(judged.questions[c.question], c.x);
    assert.equal(v.right, c.right, `${c.question} at ${c.x}`);
    if (!c.right) {
      wrong += 1;
      assert.deepEqual(v.ids, c.ids, `${c.question} at ${c.x}`);
    }
  }
  assert.ok(wrong > 300); // the cases reach the mistakes, not only the right values
});

test("the fading levels ask what practice.asks asks", () => {
  assert.equal(levelAsks("output", "watch"), false);
  assert.equal(levelAsks("output", "output"), true);
  assert.equal(levelAsks("delta", "output"), false);
  assert.equal(levelAsks("all", "all"), true);
  assert.equal(levelAsks("nonsense", "all"), false);
  assert.equal(nextLevel("watch"), "output");
  assert.equal(nextLevel("all"), null);
});

test("a mistake's sentence for this kind of value, else its own", () => {
  const m = { bias_left_out: "a", "bias_left_out.Delta": "b", z_for_a: "c" };
  assert.equal(mistakeText(m, "bias_left_out", "Delta"), "b");
  assert.equal(mistakeText(m, "bias_left_out", "a"), "a");
  assert.equal(mistakeText(m, "z_for_a", "Delta"), "c");
});

test("an answer right to the digits typed but short of 4 figures is short, as practice.too_short says", () => {
  const { short } = fixture("answers.json");
  assert.ok(short.filter(([, , is]) => is).length > 5 && short.filter(([, , is]) => !is).length > 5);
  for (const [text, value, expected] of short) assert.equal(tooShort(text, value), expected, `${text} for ${value}`);
});
