// The worksheet's Print button: the browser's own print dialog (the page's print stylesheet
// leaves out the menu and starts the answer key on a new page). Its words come from Python.
export default function ({ data, parentElement }) {
  let box = parentElement.querySelector(".bp-print-box");
  if (!box) {
    box = document.createElement("div");
    box.className = "bp-print-box";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "bp-print";
    button.addEventListener("click", () => window.print());
    box.appendChild(button);
    parentElement.appendChild(box);
  }
  box.dir = data.dir; // on the right in Persian, where the page starts
  box.style.textAlign = "start";
  const button = box.querySelector("button");
  button.textContent = data.label;
  button.title = data.help;
}
