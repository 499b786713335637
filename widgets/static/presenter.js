// The presenter view (an anywidget ES module; Python: widgets/presenter.py).
//
// One slide at a time in large type, for a projector. Every word is set as text
// (textContent), never as HTML. Keys, while the screen has focus (it takes focus when
// it opens; click it or Tab to it otherwise): Right, Space or Page Down the next slide;
// Left or Page Up the previous one; Home and End; F freezes the screen (new posts wait
// until it is unfrozen); B blanks it. The slide is a live region, so a screen reader
// reads each new slide. New data keeps the screen on the same slide (by its key).

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function render({ model, el: root }) {
  const screen = el("section", "cg-present");
  screen.tabIndex = 0;
  screen.setAttribute("role", "region");
  screen.setAttribute("aria-roledescription", "presentation");
  screen.setAttribute("aria-label", `Presenter view: ${model.get("title")}`);
  const slide = el("div", "cg-present-slide");
  slide.setAttribute("aria-live", "polite");
  const blank = el("div", "cg-present-blank", "The screen is blank. Press B to show it again.");
  blank.hidden = true;
  const bar = el("div", "cg-present-controls");
  const where = el("p", "cg-present-where");
  where.setAttribute("aria-live", "polite");
  const button = (label, action) => {
    const b = el("button", "cg-present-button", label);
    b.type = "button";
    b.addEventListener("click", () => { action(); screen.focus(); });
    bar.appendChild(b);
    return b;
  };

  let index = 0;
  let frozen = false;
  let shown = model.get("slides");

  const draw = () => {
    index = Math.max(0, Math.min(index, shown.length - 1));
    const s = shown[index];
    slide.replaceChildren();
    if (!s) return;
    slide.appendChild(el("h2", "cg-present-title", s.title));
    if (s.note) slide.appendChild(el("p", "cg-present-note", s.note));
    if (s.items.length) {
      const list = el("ul", "cg-present-items");
      for (const item of s.items) list.appendChild(el("li", "", item));
      slide.appendChild(list);
    }
    if (s.bars.length) {
      const list = el("ul", "cg-present-bars");
      for (const [label, value, of] of s.bars) {
        const row = el("li", "cg-present-bar");
        row.appendChild(el("span", "cg-present-bar-label", `${label}: ${value}`));
        const meter = el("span", "cg-present-bar-meter");
        meter.setAttribute("aria-hidden", "true");
        const fill = el("span", "cg-present-bar-fill");
        fill.style.width = `${of ? Math.round((100 * value) / of) : 0}%`;
        meter.appendChild(fill);
        row.appendChild(meter);
        list.appendChild(row);
      }
      slide.appendChild(list);
    }
    if (!s.items.length && !s.bars.length && s.empty) {
      slide.appendChild(el("p", "cg-present-empty", s.empty));
    }
    where.textContent = `Slide ${index + 1} of ${shown.length}` +
      (frozen ? " · frozen: new posts wait" : "");
    freezeButton.textContent = frozen ? "Unfreeze (F)" : "Freeze (F)";
    freezeButton.setAttribute("aria-pressed", String(frozen));
  };
  const go = (to) => { index = to; draw(); };
  const toggleFreeze = () => {
    frozen = !frozen;
    if (!frozen) take();
    draw();
  };
  const toggleBlank = () => {
    blank.hidden = !blank.hidden;
    slide.hidden = !blank.hidden;
    blankButton.setAttribute("aria-pressed", String(!blank.hidden));
  };
  const take = () => {
    const key = shown[index] ? shown[index].key : null;
    shown = model.get("slides");
    const same = shown.findIndex((s) => s.key === key);
    if (same >= 0) index = same;
  };

  button("Previous (←)", () => go(index - 1));
  button("Next (→)", () => go(index + 1));
  const freezeButton = button("Freeze (F)", toggleFreeze);
  const blankButton = button("Blank (B)", toggleBlank);
  blankButton.setAttribute("aria-pressed", "false");
  bar.appendChild(where);

  screen.addEventListener("keydown", (event) => {
    if (event.target !== screen || event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key;
    if (key === "ArrowRight" || key === "PageDown" || key === " ") go(index + 1);
    else if (key === "ArrowLeft" || key === "PageUp") go(index - 1);
    else if (key === "Home") go(0);
    else if (key === "End") go(shown.length - 1);
    else if (key === "f" || key === "F") toggleFreeze();
    else if (key === "b" || key === "B" || key === ".") toggleBlank();
    else return;
    event.preventDefault();
  });
  model.on("change:slides", () => { if (!frozen) { take(); draw(); } });

  screen.appendChild(slide);
  screen.appendChild(blank);
  root.appendChild(screen);
  root.appendChild(bar);
  draw();
  setTimeout(() => screen.focus(), 0);
}

export default { render };
