// What the browser tests read of a stage, whoever hosts it (adapters/streamlit.js, adapters/page.js):
// window.__backpropStage. Not an interface for the app.

export function testHook(stage) {
  return {
    get step() { return stage.state.step; },
    get shown() { return stage.shownStep; },
    get meta() { return stage.walk?.meta; },
    get playing() { return stage.state.playing; },
    get painted() { return stage.v.figure.painted; },
    get anim() { return stage.v.figure.anim; },
    // The step on screen is whole: drawn, its matrices and spoken line written, its card fitted, no animation.
    get settled() {
      const moves = stage.state.moves;
      return stage.settled === moves && stage.fitted === moves && !stage.v.figure.anim && stage.shownStep === stage.state.step;
    },
    get state() { return stage.state; },
    get data() { return stage.data; },
    get lecture() {
      const cls = stage.state.cls;
      return cls && { room: cls.room, following: cls.following, down: cls.down, info: stage.data.class, seed: cls.seed,
        own: cls.followup?.question ?? null,
        send: (msg) => stage.socket?.send(msg), toggleJoin: (on) => stage.dispatch({ type: "classJoin", on }) };
    },
    go: (i) => stage.dispatch({ type: "jump", to: i }),
    record: (i) => stage.walk?.record(i) ?? null,
    shareLink: () => stage.shareLink(),
    watch: (fn) => stage.watchers.push(fn),
  };
}
