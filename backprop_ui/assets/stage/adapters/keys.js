// The keys: one listener on the document hands them to the stage on the page, whoever hosts it.

let listening = false;

export function listenKeys(active) {
  if (listening) return;
  listening = true;
  document.addEventListener("keydown", (ev) => active()?.key(ev));
  // A button activates on the release of Space: on the stage, Space has already played or paused.
  document.addEventListener("keyup", (ev) => {
    if (ev.key === " " && ev.target instanceof Element && ev.target.closest(".bp-stage button")) ev.preventDefault();
  });
}
