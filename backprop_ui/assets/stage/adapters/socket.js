// The room's websocket (backprop_ui/class_routes.py): it says hello as the teacher (with the
// secret) or as a student (with the browser's voter id), turns each message of the room into an
// action for the stage, and comes back by itself after a drop: 0.5 s, 1 s, 2 s, then every 4 s.

import { voterId } from "./storage.js";

const ACTIONS = { state: "room", ack: "ack", refused: "refused", gone: "gone" };

export function connect(info, dispatch) {
  let ws = null, retry = 0, timer = null, closed = false;

  function open() {
    if (closed) return;
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + info.ws;
    const socket = (ws = new WebSocket(url));
    socket.onopen = () => {
      retry = 0;
      socket.send(JSON.stringify(info.teacher ? { t: "hello", role: "teacher", secret: info.secret } : { t: "hello", role: "student", voter: voterId() }));
      dispatch({ type: "offline", down: false });
    };
    socket.onmessage = (ev) => {
      let msg = null;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      const type = msg && ACTIONS[msg.t];
      if (type === "room") msg.at = performance.now(); // the think time counts down from here
      if (type) dispatch({ type, msg });
      if (msg?.t === "gone" || (msg?.t === "refused" && msg.what === "hello" && msg.why !== "unavailable")) closed = true;
    };
    socket.onclose = () => {
      if (ws !== socket || closed) return;
      dispatch({ type: "offline", down: true });
      timer = setTimeout(open, Math.min(4000, 500 * 2 ** retry++));
    };
  }

  open();
  return {
    send(msg) {
      if (ws && ws.readyState === WebSocket.OPEN) {
        ws.send(JSON.stringify(msg));
        return true;
      }
      return false;
    },
    close() {
      closed = true;
      clearTimeout(timer);
      ws?.close();
    },
    get down() { return !ws || ws.readyState !== WebSocket.OPEN; },
  };
}
