// One statement of the evaluation form (an anywidget ES module; Python: widgets/likert.py).
//
// A <fieldset> whose <legend> is the statement, with native radio buttons: screen readers
// announce the statement as the group's name with each option, Tab enters and leaves the
// group, the arrow keys choose within it. The options stack in one column, so it fits a
// 390 px screen. Every word is set as text (textContent), never as HTML.

function render({ model, el }) {
  // Each group's radios need a name of their own (the module may be loaded once per
  // widget, so a counter here would repeat).
  const id = `cg-likert-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const fieldset = document.createElement("fieldset");
  fieldset.className = "cg-likert";
  const legend = document.createElement("legend");
  legend.textContent = model.get("statement");
  fieldset.appendChild(legend);
  const inputs = [];
  model.get("options").forEach(([label, value], i) => {
    const row = document.createElement("label");
    row.className = "cg-likert-option";
    const input = document.createElement("input");
    input.type = "radio";
    input.name = id;
    input.value = String(value);
    input.id = `${id}-${i}`;
    input.addEventListener("change", () => {
      if (input.checked) {
        model.set("value", value);
        model.save_changes();
      }
    });
    row.appendChild(input);
    row.appendChild(document.createTextNode(` ${label}`));
    fieldset.appendChild(row);
    inputs.push([input, value]);
  });
  const show = () => {
    for (const [input, value] of inputs) input.checked = value === model.get("value");
    for (const [input] of inputs) input.disabled = model.get("disabled");
  };
  model.on("change:value", show);
  model.on("change:disabled", show);
  show();
  el.appendChild(fieldset);
}

export default { render };
