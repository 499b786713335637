// A labelled list of checkboxes (an anywidget ES module; Python: widgets/checklist.py).
//
// A <fieldset> whose <legend> is the question, with one native checkbox per option inside
// its own <label>: screen readers name the group and each box, Tab moves between boxes and
// Space ticks. The boxes wrap into columns and fit a 390 px screen. Every word is set as
// text (textContent), never as HTML.

function render({ model, el }) {
  const fieldset = document.createElement("fieldset");
  fieldset.className = "cg-checklist";
  const legend = document.createElement("legend");
  fieldset.appendChild(legend);
  const list = document.createElement("div");
  list.className = "cg-checklist-options";
  fieldset.appendChild(list);

  const draw = () => {
    legend.textContent = model.get("legend");
    list.replaceChildren();
    const ticked = new Set(model.get("value"));
    const options = model.get("options");
    if (!options.length) {
      const note = document.createElement("p");
      note.className = "cg-space-note";
      note.textContent = model.get("empty");
      list.appendChild(note);
    }
    for (const [label, value] of options) {
      const row = document.createElement("label");
      row.className = "cg-checklist-option";
      const input = document.createElement("input");
      input.type = "checkbox";
      input.checked = ticked.has(value);
      input.addEventListener("change", () => {
        const now = new Set(model.get("value"));
        if (input.checked) now.add(value); else now.delete(value);
        model.set("value", options.map(([, v]) => v).filter((v) => now.has(v)));
        model.save_changes();
      });
      row.appendChild(input);
      row.appendChild(document.createTextNode(` ${label}`));
      list.appendChild(row);
    }
  };
  model.on("change:options", draw);
  model.on("change:value", draw);
  model.on("change:legend", draw);
  draw();
  el.appendChild(fieldset);
}

export default { render };
