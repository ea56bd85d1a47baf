"""Students without a browser, in a process of their own: ``python -m tests.load.students WS_URL COUNT ARRIVAL_S``.

Each is the room's websocket as the stage uses it: hello as a student, follow every state, answer when
told, send an unacknowledged answer again after a reconnect or while the rooms cannot be read, and come
back after a drop. They arrive spread over ARRIVAL_S seconds. In a hall every student is a phone of its
own; here they share one process, which must not be the test's own (its event loop also drives the
browsers), or their messages would wait for the browsers' and the other way round.

Commands come one JSON object per line on stdin, answers go one per line on stdout:

* ``{"do": "answer", "value": "0.1234", "from": i, "to": j}``: students i to j-1 answer the open question;
* ``{"do": "report"}``: ``{"recv": [{step: ms}…], "steps": [last step…], "acked": n, "reconnects": n}``;
* ``{"do": "stop"}``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time

import websockets


class Student:
    def __init__(self, url: str, index: int):
        self.url, self.voter = url, f"socket-student-{index:04d}"
        self.recv: dict[int, float] = {}
        self.room: dict | None = None
        self.answer: str | None = None
        self.acked = False  # this round's answer
        self.ws = None
        self.reconnects = -1

    async def send_answer(self) -> None:
        q = (self.room or {}).get("q")
        if self.answer is None or self.acked or not q or q["phase"] != "open" or self.ws is None:
            return
        with contextlib.suppress(Exception):
            await self.ws.send(json.dumps({"t": "answer", "q": q["id"], "round": q["round"], "value": self.answer}))

    async def run(self, delay: float) -> None:
        await asyncio.sleep(delay)  # its arrival in the hall
        while True:
            try:
                async with websockets.connect(self.url, open_timeout=20) as ws:
                    self.ws = ws
                    self.reconnects += 1
                    await ws.send(json.dumps({"t": "hello", "role": "student", "voter": self.voter}))
                    async for raw in ws:
                        m = json.loads(raw)
                        if m["t"] == "state":
                            self.recv.setdefault(m["step"], time.time() * 1000)
                            if ((self.room or {}).get("q") or {}).get("round") != (m.get("q") or {}).get("round"):
                                self.acked = False  # a new round
                            self.room = m
                            await self.send_answer()  # not acknowledged before the connection dropped
                        elif m["t"] == "ack":
                            self.acked = True
                        elif m["t"] == "refused" and m["why"] == "unavailable":
                            await asyncio.sleep(1)
                            await self.send_answer()
            except (TimeoutError, OSError, websockets.WebSocketException):
                pass
            self.ws = None
            await asyncio.sleep(0.5)


async def main(url: str, count: int, arrival: float) -> None:
    students = [Student(url, k) for k in range(count)]
    tasks = [asyncio.create_task(s.run(k * arrival / max(1, count))) for k, s in enumerate(students)]
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        cmd = json.loads(line)
        if cmd["do"] == "answer":
            for s in students[cmd["from"] : cmd["to"]]:
                s.answer, s.acked = cmd["value"], False
                await s.send_answer()
            out: dict = {"ok": True}
        elif cmd["do"] == "report":
            out = {
                "recv": [s.recv for s in students],
                "steps": [(s.room or {}).get("step") for s in students],
                "acked": sum(s.acked for s in students),
                "reconnects": sum(max(0, s.reconnects) for s in students),
            }
        else:
            break
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()
    for task in tasks:
        task.cancel()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3])))
