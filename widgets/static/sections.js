// A page's sections as a navigation (an anywidget ES module; Python: widgets/sections.py).
//
// A <nav> with its own label holding a list of native buttons, one a section: Tab reaches
// each, Enter or Space shows its section, and the section shown is the one marked
// aria-current. The buttons wrap onto more lines on a narrow screen (390 px). Focus stays
// on the button pressed, as in a tab list; the section follows the navigation. Every word
// is set as text (textContent), never as HTML.

function render({ model, el }) {
  const nav = document.createElement("nav");
  nav.className = "cg-sections";
  const list = document.createElement("ul");
  nav.appendChild(list);
  const buttons = new Map();

  const mark = () => {
    for (const [key, button] of buttons) {
      if (key === model.get("current")) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    }
  };
  const draw = () => {
    nav.setAttribute("aria-label", model.get("label"));
    list.replaceChildren();
    buttons.clear();
    for (const [key, label] of model.get("sections")) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.addEventListener("click", () => {
        model.set("current", key);
        model.save_changes();
        mark();
      });
      item.appendChild(button);
      list.appendChild(item);
      buttons.set(key, button);
    }
    mark();
  };
  model.on("change:current", mark);
  model.on("change:sections", draw);
  model.on("change:label", draw);
  draw();
  el.appendChild(nav);
}

export default { render };
