"""Faults in a real browser: the connection drops during autoplay; the server restarts under a link.

Chromium's offline emulation (``context.set_offline`` or CDP ``Network.emulateNetworkConditions``)
does not close an open websocket: it only holds its messages back, and they all arrive when
the emulation ends. So the drop here is real: the browser talks to the app through a small
TCP relay, and an outage closes every connection through it and refuses new ones.

What the app does (Streamlit 1.67 and the stage in the browser), as these tests pin down:
- The stage needs no server to step: during an outage autoplay goes on, keys and buttons step,
  and the stage says the connection is down (Streamlit's modal "Connection error" dialog,
  which would make the page inert, is set aside while the stage is on the page).
- A dropped connection comes back to the same server session (Streamlit keeps a session
  120 s after its websocket closes); the step is the browser's, so nothing moves back.
- A restarted server has no session: the page reconnects by itself within a second of the
  new process being healthy and the new session reads the address bar, which the stage keeps
  in step; so scenario, λ and step come back, also on a reload.
"""

from __future__ import annotations

import contextlib
import re
import select
import socket
import threading

from playwright.sync_api import expect

from .conftest import _free_port, expect_step, open_app, start_server, stop_server, wait_ready

STEP = re.compile(r"step (\d+) / (\d+)")

# Every text the status line shows, in order, with the time; "" while there is no status line.
RECORD = """() => { window.__seen = [];
  const note = () => { const e = document.querySelector('.bp-status');
    const t = e ? e.innerText : '';
    if (window.__seen.at(-1)?.[1] !== t) window.__seen.push([Math.round(performance.now()), t]); };
  note();
  new MutationObserver(note).observe(document.body, {subtree: true, childList: true, characterData: true}); }"""


class Relay:
    """A TCP relay to a local port that can fail like a network: every connection cut, new ones refused."""

    def __init__(self, port: int):
        self.target = ("127.0.0.1", port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.lock = threading.Lock()
        self.open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if not self.up:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while True:
                ready, _, _ = select.select([a, b], [], [], 1.0)
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (b if sock is a else a).sendall(data)
        except (OSError, ValueError):
            return
        finally:
            self._close([a, b])

    def _close(self, socks) -> None:
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def cut(self) -> None:
        self.up = False
        with self.lock:
            socks, self.open = self.open, []
        self._close(socks)

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


def steps(seen: list) -> list[int]:
    return [int(m.group(1)) for _, text in seen if (m := STEP.search(text))]


def test_a_dropped_connection_does_not_stop_autoplay(page, server):
    """The network drops for a few seconds mid-autoplay: the walk goes on to the end all the same, the
    stage says the connection is down, no dialog covers it, and afterwards the same session is back."""
    relay = Relay(int(server.rsplit(":", 1)[1]))
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws))
    try:
        url = f"http://127.0.0.1:{relay.port}"
        open_app(page, url, "?p=xor&step=16&lang=en")  # the last 24 steps: enough to play through an outage
        line = page.locator(".bp-status")
        expect(line).to_contain_text("step 16 / 40")
        page.locator(".bp-speed").select_option("0.5")
        page.evaluate(RECORD)
        page.keyboard.press("Space")
        page.wait_for_function("() => window.__backpropStage.shown >= 17", timeout=30_000)

        relay.cut()
        notice = page.locator(".bp-notice")
        expect(notice).to_contain_text("connection to the server is down", timeout=20_000)
        expect(page.get_by_role("dialog")).to_have_count(0)  # set aside: nothing covers the stage
        at_cut = page.evaluate("window.__backpropStage.shown")
        page.wait_for_function(f"() => window.__backpropStage.shown >= {at_cut + 4}", timeout=20_000)

        relay.restore()
        expect(notice).to_be_empty(timeout=30_000)
        assert len(sockets) >= 2  # a new websocket: the connection really was dropped and made again
        expect(line).to_contain_text("step 40 / 40", timeout=60_000)
        expect(page.locator(".bp-play")).to_have_attribute("aria-pressed", "false")
        wait_ready(page)

        seen = page.evaluate("window.__seen")
        walked = steps(seen)
        assert walked == sorted(walked), seen  # one way only, across the outage
        assert set(walked) >= set(range(18, 41)), seen  # every step from there on was shown
        assert all(text == "" or "/ 40" in text for _, text in seen), seen
        assert page.locator('[data-testid="stException"]').count() == 0
        expect(page.locator(".st-key-sizes_text input")).to_have_value("2, 2, 1")
        page.wait_for_function("() => location.search.includes('step=40')")
        assert "p=xor" in page.url
    finally:
        relay.close()


def test_a_stopped_server_does_not_stop_the_walk_and_a_restarted_one_gives_back_the_link(page):
    """The server goes away mid-walk: the student still steps (keys, Next, the phase bar, presenting), the
    stage says the connection is down and the inputs are disabled. The server restarts on the same port: the
    page reconnects to the new process by itself and shows the same step and λ (the address bar carried
    them), goes on from there, and a reload opens there too."""
    port = _free_port()
    proc = start_server(port)
    url = f"http://127.0.0.1:{port}"
    try:
        open_app(page, url, "?p=xor&lam=0.5&step=3&lang=en")
        line = page.locator(".bp-status")
        expect_step(page, 3)
        lam = page.locator(".st-key-lam input")
        expect(lam).to_have_value("0.5")  # a waiting check: a number box shows 0 for a moment first

        stop_server(proc)
        notice = page.locator(".bp-notice")
        expect(notice).to_contain_text("connection to the server is down", timeout=20_000)
        expect(lam).to_be_disabled()
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        expect_step(page, 7)
        page.locator(".bp-next").click()
        expect_step(page, 8)
        page.locator(".bp-phase[data-phase=hidden_delta]").click()
        expect(line).to_contain_text("backward pass")
        page.keyboard.press("p")  # presenting works offline too
        page.wait_for_function("() => document.documentElement.classList.contains('bp-presenting')")
        page.keyboard.press("p")
        page.wait_for_function("() => !document.documentElement.classList.contains('bp-presenting')")
        page.keyboard.press("Home")
        expect_step(page, 1)
        for _ in range(7):
            page.keyboard.press("ArrowRight")
        expect_step(page, 8)
        seen = line.inner_text()

        proc = start_server(port)
        expect(notice).to_be_empty(timeout=30_000)
        wait_ready(page)
        expect_step(page, 8)
        expect(line).to_have_text(seen)
        expect(lam).to_be_enabled()
        expect(lam).to_have_value("0.5")
        page.wait_for_function("() => location.search === '?p=xor&lam=0.5&step=8&lang=en'")
        page.locator(".bp-next").click()  # the new process holds the walk at that step
        expect_step(page, 9)
        page.wait_for_function("() => location.search.includes('step=9')")
        wait_ready(page)
        nine = line.inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0

        page.reload()
        page.wait_for_selector(".bp-status:not(:empty)", timeout=30_000)
        wait_ready(page)
        expect(line).to_have_text(nine)
        expect(page.locator(".st-key-lam input")).to_have_value("0.5")
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert page.get_by_text("Part of the link was ignored").count() == 0
    finally:
        stop_server(proc)
