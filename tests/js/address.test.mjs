// The address: the browser writes the view keys it owns as links.VIEW writes them (Python wrote the cases).
import assert from "node:assert/strict";
import { test } from "node:test";
import { offlineHref, viewFrom, viewQuery, viewSearch, withView, withoutClass } from "../../backprop_ui/assets/stage/core/address.js";
import { fixture } from "./helpers.mjs";

const { codec, cases } = fixture("address.json");

test("each value the stage owns is written as the view table writes it", () => {
  assert.ok(cases.length >= 24);
  for (const c of cases) {
    const got = Object.fromEntries(Object.entries(viewQuery(codec, c.view)).filter(([, v]) => v !== null));
    assert.deepEqual(got, c.query, JSON.stringify(c.view));
  }
});

test("the address keeps the server's order: scenario keys, view keys in the table's order, then any other", () => {
  const href = "http://h/?class=K7P3QX&lang=en&x=0.1,0.2&p=xor&step=4";
  const out = withView(href, codec, { step: 9, present: true, practice: "all" });
  assert.equal(out, "http://h/?p=xor&x=0.1,0.2&step=10&lang=en&present=1&practice=1&class=K7P3QX");
  assert.equal(withView(out, codec, { step: 0, present: false, practice: "watch" }), "http://h/?p=xor&x=0.1,0.2&lang=en&class=K7P3QX");
});

test("the server's view keys are kept as they are (language, a tab's network, a worksheet's kind)", () => {
  const out = withView("http://h/?tab=0123456789abcdef&lang=en&sheet=quiz", codec, { step: 2, present: false, practice: "watch" });
  assert.equal(out, "http://h/?step=3&lang=en&tab=0123456789abcdef&sheet=quiz");
});

test("a class that ended leaves the address without its code and secret", () => {
  assert.equal(withoutClass("http://h/?p=xor&class=K7P3QX&teach=s3cret&lang=en"), "http://h/?p=xor&lang=en");
});

test("a file keeps its view in its fragment: written and read back the one way links write it", () => {
  const views = [
    { step: 0, present: false, practice: "watch" },
    { step: 4, present: true, practice: "all" },
    { step: 39, present: false, practice: "output" },
    { step: 1, present: true, practice: "delta" },
  ];
  for (const view of views) {
    const text = viewSearch(codec, view);
    const back = { step: 0, present: false, practice: "watch", ...viewFrom(codec, text) };
    assert.deepEqual(back, view, text);
  }
  assert.equal(viewSearch(codec, { step: 4, present: true, practice: "all" }), "step=5&present=1&practice=1");
  assert.equal(viewSearch(codec, { step: 0, present: false, practice: "watch" }), "");
});

test("a file's fragment says every part of the view, defaults too, so the saved view does not come back", () => {
  const home = { step: 0, present: false, practice: "watch" };
  assert.equal(viewSearch(codec, home, true), "step=1&present=0&practice=0");
  assert.deepEqual(viewFrom(codec, viewSearch(codec, home, true)), home);
  assert.deepEqual(viewFrom(codec, "present=0&practice=watch"), { present: false, practice: "watch" });
  assert.deepEqual(viewFrom(codec, "practice=all"), { practice: "all" });
});

test("a fragment's value that cannot be read is left out, never guessed", () => {
  assert.deepEqual(viewFrom(codec, "step=0&present=yes&practice=<b>"), {});
  assert.deepEqual(viewFrom(codec, "step=1234567"), {});
  assert.deepEqual(viewFrom(codec, "step=12&lang=en&class=K7P3QX"), { step: 11 });
});

test("the one-file download opens at the view on screen, with the scenario's keys first", () => {
  assert.equal(offlineHref("/export/walk.html?p=xor&lang=en", codec, { step: 4, present: true, practice: "watch" }),
    "/export/walk.html?p=xor&step=5&lang=en&present=1");
  assert.equal(offlineHref("/api/walk/abc/offline", codec, { step: 0, present: false, practice: "all" }),
    "/api/walk/abc/offline?practice=1");
});
