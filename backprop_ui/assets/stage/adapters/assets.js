// plotly.js and KaTeX, from this app's own server (their addresses come with the stage's data):
// each is loaded once per page, however often the stage is mounted.

// One promise per script for the page: stage.py's loader may have started them already.
const scripts = (window.__bpScripts ??= {});

export function loadScript(url) {
  if (!scripts[url]) {
    scripts[url] = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = url;
      s.async = true;
      s.onload = () => resolve();
      s.onerror = () => { delete scripts[url]; reject(new Error("could not load " + url)); };
      document.head.appendChild(s);
    });
  }
  return scripts[url];
}

export function loadStyle(url) {
  if (!url) return; // in the page already (a file that holds everything)
  if (!document.querySelector(`link[data-bp="${url}"]`)) {
    const l = document.createElement("link");
    l.rel = "stylesheet";
    l.href = url;
    l.dataset.bp = url;
    document.head.appendChild(l);
  }
}

// A window of a big walk (routes.py), or null if the server no longer has the walk.
export async function fetchWindow(token, k) {
  const r = await fetch(`/api/walk/${token}/${k}`);
  return r.ok ? r.json() : null;
}
