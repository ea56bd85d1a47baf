"""Faults in a real browser: the connection drops during autoplay; the server restarts under a link.

Chromium's offline emulation (``context.set_offline`` or CDP ``Network.emulateNetworkConditions``)
does not close an open websocket: it only holds its messages back, and they all arrive when
the emulation ends. So the drop here is real: the browser talks to the app through a small
TCP relay, and an outage closes every connection through it and refuses new ones.

What the app does (Streamlit 1.67), as these tests pin down:
- During an outage the page keeps the last step it drew; after about 3 s Streamlit's modal
  "Connection error / Streamlit server is not responding" covers it and the inputs are
  disabled. Autoplay stops (the browser's timer asks for reruns it cannot send).
- A dropped connection comes back to the same server session (Streamlit keeps a session
  120 s after its websocket closes): same step, same scenario, and autoplay goes on by
  itself to the last step.
- A restarted server has no session: the page reconnects by itself within a second of the
  new process being healthy and the new session reads the address bar, which the app keeps
  in sync with the step; so scenario, λ and step come back, also on a reload.
"""

from __future__ import annotations

import contextlib
import re
import select
import socket
import threading

from playwright.sync_api import expect

from .conftest import _free_port, open_app, start_server, stop_server, wait_ready

CONNECTION_ERROR = "Connection error"  # Streamlit's own dialog while it cannot reach the server
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


def test_a_dropped_connection_during_autoplay_resumes_on_the_same_walk(page, server):
    """The network drops for a few seconds mid-autoplay: the last step stays, a dialog says so, and
    after reconnecting the same session walks on from there to the end (never back to step 1)."""
    relay = Relay(int(server.rsplit(":", 1)[1]))
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws))
    try:
        url = f"http://127.0.0.1:{relay.port}"
        open_app(page, url, "?p=xor&lang=en")
        line = page.locator(".bp-status")
        expect(line).to_contain_text("step 1 / 40")
        page.locator(".bp-speed").select_option("0.25")  # fastest: 0.25 s per step
        expect(page.locator(".bp-speed")).to_have_value("0.25")
        wait_ready(page)
        line.click()  # away from the slider, which would take Space itself
        wait_ready(page)
        page.evaluate(RECORD)
        page.keyboard.press("Space")
        page.wait_for_function(
            "() => +(/step (\\d+) \\//.exec(document.querySelector('.bp-status').innerText)?.[1]) >= 4",
            timeout=30_000,
        )

        relay.cut()
        # What the student sees: Streamlit's dialog over the last step it drew, which stays.
        dialog = page.get_by_role("dialog")
        expect(dialog).to_contain_text(CONNECTION_ERROR, timeout=20_000)
        frozen = line.inner_text()
        seen_before = page.evaluate("window.__seen.length")
        page.wait_for_timeout(1_500)  # the outage lasts a little longer: nothing moves meanwhile
        assert page.evaluate("window.__seen.length") == seen_before and line.inner_text() == frozen
        frozen_step = int(STEP.search(frozen).group(1))
        assert frozen_step >= 4

        relay.restore()
        expect(dialog).to_have_count(0, timeout=30_000)
        assert len(sockets) >= 2  # a new websocket: the connection really was dropped and made again
        expect(line).to_contain_text("step 40 / 40", timeout=60_000)  # autoplay went on by itself
        expect(page.locator(".bp-play")).to_contain_text("Play", timeout=10_000)
        wait_ready(page)

        seen = page.evaluate("window.__seen")
        walked = steps(seen)
        after = steps(seen[seen_before:])
        assert walked == sorted(walked), seen  # one way only, across the outage
        assert min(after) >= frozen_step, seen  # never back: the session (and its step) survived
        assert len(set(after)) >= 10, seen  # and it walked on, step by step
        # The same scenario throughout: XOR's 40 steps over its 4 examples.
        assert all(text == "" or "/ 40" in text for _, text in seen), seen
        assert {int(m) for _, text in seen for m in re.findall(r"example \d+ of (\d+)", text)} == {4}, seen
        assert page.locator('[data-testid="stException"]').count() == 0
        expect(page.locator(".st-key-sizes_text input")).to_have_value("2, 2, 1")
        page.wait_for_function("() => location.search.includes('step=40')")
        assert "p=xor" in page.url
        print("\nstatus line over the outage:", [(t, text[-14:]) for t, text in seen])
    finally:
        relay.close()


def test_a_restarted_server_gives_back_the_linked_scenario_and_step(page):
    """A shared link, a step further, then the server restarts on the same port: the page reconnects
    to the new process by itself and shows the same step and λ (the address bar carried them), also
    after a reload."""
    port = _free_port()
    proc = start_server(port)
    url = f"http://127.0.0.1:{port}"
    try:
        open_app(page, url, "?p=xor&lam=0.5&step=7&lang=en")
        line = page.locator(".bp-status")
        expect(line).to_contain_text("step 7 / 40")
        page.locator(".bp-next").click()
        expect(line).to_contain_text("step 8 / 40")
        page.wait_for_function("() => location.search.includes('step=8')")
        wait_ready(page)
        seen, link = line.inner_text(), page.url
        lam = page.locator(".st-key-lam input")
        expect(lam).to_have_value("0.5")  # a waiting check: a number box shows 0 for a moment first
        assert "lam=0.5" in link

        stop_server(proc)
        # What the student sees meanwhile: Streamlit's dialog over the last step, inputs disabled.
        dialog = page.get_by_role("dialog")
        expect(dialog).to_contain_text(CONNECTION_ERROR, timeout=20_000)
        assert line.inner_text() == seen
        expect(lam).to_be_disabled()

        proc = start_server(port)
        expect(dialog).to_have_count(0, timeout=30_000)
        wait_ready(page)
        expect(line).to_have_text(seen)
        expect(lam).to_be_enabled()
        expect(lam).to_have_value("0.5")
        assert page.url == link
        page.locator(".bp-next").click()  # the new process holds the walk at that step
        expect(line).to_contain_text("step 9 / 40")
        page.wait_for_function("() => location.search.includes('step=9')")
        wait_ready(page)
        nine = line.inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0

        page.reload()
        page.wait_for_selector(".bp-status", timeout=30_000)
        wait_ready(page)
        expect(line).to_have_text(nine)
        expect(page.locator(".st-key-lam input")).to_have_value("0.5")
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert page.get_by_text("Part of the link was ignored").count() == 0
    finally:
        stop_server(proc)
