"""Screenshots of every step of the default, XOR and Mazur walks: fa and en, normal and presentation
mode, 1280 × 720 and a 390 × 844 phone, presentation mode also at 1024 × 768 and 1920 × 1080; and the
README's three pictures. ``make shots``.

Starts the app on a free loopback port, drives Debian's Chromium and writes PNGs to the
git-ignored ``shots/`` (``shots/readme/`` for the README's, to copy to docs/screenshots by hand; ``--readme`` takes only those).
A tool for looking: open the pictures and look. It also measures every step as the fit tests do (``make test``
checks the steps that start a phase; this checks them all) and exits 1, naming each step, if anything sticks out.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from backprop_core import PRESETS  # noqa: E402
from tests.e2e.conftest import _free_port, open_app, start_server, stop_server  # noqa: E402
from tests.helpers import fits_screen, go  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SIZES = {"desktop": (1280, 720), "phone": (390, 844), "projector-1024": (1024, 768), "projector-1920": (1920, 1080)}
WALKS = {name: len(PRESETS[name].trace()) for name in ("tiny", "xor", "mazur")}


def main(readme_only: bool = False) -> None:
    out = ROOT / "shots"
    out.mkdir(exist_ok=True)
    misfits: list[str] = []
    port = _free_port()
    proc = start_server(port)
    server = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for preset, steps in {} if readme_only else WALKS.items():
                for lang in ("fa", "en"):
                    for present in (False, True):
                        for device, (width, height) in SIZES.items():
                            if present and device == "phone":
                                continue  # nobody projects from a phone
                            if not present and device.startswith("projector"):
                                continue
                            phone = device == "phone"
                            context = browser.new_context(
                                viewport={"width": width, "height": height}, has_touch=phone, is_mobile=phone,
                                reduced_motion="reduce",
                            )  # fmt: skip
                            page = context.new_page()
                            query = f"?p={preset}&lang={lang}" + ("&present=1" if present else "")
                            open_app(page, server, query)
                            folder = out / f"{preset}-{lang}-{'present' if present else 'normal'}-{device}"
                            folder.mkdir(exist_ok=True)
                            for i in range(steps):
                                go(page, i)
                                box = fits_screen(page)
                                # What the fit tests hold a screen to; on a phone the page scrolls and a wide
                                # formula scrolls sideways in its own box, by design.
                                card_top = page.evaluate(
                                    "document.querySelector('.bp-card').getBoundingClientRect().top"
                                )
                                bad = not phone and (
                                    box["cut"]
                                    or box["figure"] > height
                                    or (present and (box["overflow"] > 0 or box["card"] > height))
                                    or (not present and card_top >= 500)
                                )
                                if bad:
                                    misfits.append(f"{folder.name} step {i + 1}: {box}")
                                page.screenshot(path=str(folder / f"step-{i + 1:02d}.png"))
                            context.close()
                            print(folder)
            readme = out / "readme"
            readme.mkdir(exist_ok=True)
            for name, query in (("main-fa", ""), ("main-en", "?lang=en"), ("present-fa", "?present=1")):
                context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
                page = context.new_page()
                open_app(page, server, query + ("&" if query else "?") + "step=5")
                fits_screen(page)  # settled, and the layout still
                page.screenshot(path=str(readme / f"{name}.png"))
                context.close()
            print(readme)
            browser.close()
    finally:
        stop_server(proc)
    for line in misfits:
        print("does not fit:", line)
    if misfits:
        sys.exit(1)


if __name__ == "__main__":
    main(readme_only="--readme" in sys.argv[1:])
