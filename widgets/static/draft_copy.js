// The reflection box's browser side (an anywidget ES module; Python: widgets/draft_copy.py).
//
// - The status line ("Saved at 10:42 · 12 words") is shown here, from the kernel's
//   `text` and `kind`.
// - While what is in the box is not yet confirmed saved by the kernel (`saved_text`,
//   `saved_revision`), a copy is kept in this tab's sessionStorage, never localStorage:
//   the browser deletes it when the tab is closed.
// - Every 2 s a "ping" goes to the kernel (one for the whole page, however many boxes it
//   has: they share one kernel); with no "pong" within a few seconds, or when the kernel
//   connection says it is dead or disconnected, every box says its text is not saved.
// - After a reload (a new kernel), a copy left by the earlier page is handed to the
//   kernel ("restore", with the stored draft revision it grew from), which saves it with
//   the usual conflict rules; after a reconnect to the same kernel it is sent again
//   ("resend"). The copy is deleted once the kernel confirms it saved that text.
//
// Nothing here uses innerHTML: every word on the page is set as text.

const PING_EVERY_MS = 2000;
const LOST_AFTER_MS = 4000;
// Before the first answer the kernel may still be running the page's cells (it answers
// only between them), so allow longer.
const FIRST_ANSWER_MS = 30000;
const TICK_MS = 500;
const KEY_PREFIX = "cg-draft:";
const LOST_KEPT =
  "Not saved: connection lost — your text is kept in this tab. When the connection is " +
  "back, reload the page to save it.";
const LOST_NOT_KEPT =
  "Not saved: connection lost — this browser cannot keep a copy, so copy your text " +
  "somewhere safe before you leave this page.";
const DEAD_KERNEL = new Set(["dead", "restarting", "autorestarting", "terminating"]);

function readCopy(key) {
  try {
    const copy = JSON.parse(window.sessionStorage.getItem(key) ?? "null");
    return copy && typeof copy.text === "string" && Number.isInteger(copy.base) ? copy : null;
  } catch {
    return null;
  }
}

function writeCopy(key, copy) {
  try {
    window.sessionStorage.setItem(key, JSON.stringify(copy));
    return true;
  } catch {
    return false; // storage full or switched off
  }
}

function dropCopy(key) {
  try {
    window.sessionStorage.removeItem(key);
  } catch {
    // storage switched off: there is nothing to delete
  }
}

// Copies someone else left in this tab (another person signed in here before): never
// handed to this person's kernel, and not left readable either.
function dropOtherPeoplesCopies(ownerPrefix) {
  try {
    const storage = window.sessionStorage;
    for (let i = storage.length - 1; i >= 0; i -= 1) {
      const key = storage.key(i);
      if (key && key.startsWith(KEY_PREFIX) && !key.startsWith(ownerPrefix)) {
        storage.removeItem(key);
      }
    }
  } catch {
    // storage switched off
  }
}

// The page's heartbeat, shared by every box on it. Each box joins with its own
// { send(content) -> bool, lose(), regain() }; the first box still on the page pings.
function pagePulse() {
  if (window.__commongroundPulse) return window.__commongroundPulse;
  const boxes = new Set();
  let online = true;
  let heard = false; // no pong yet: the kernel may still be running the page's cells
  let pendingSince = null;
  let lastPing = 0;

  function lose() {
    if (!online) return;
    online = false;
    for (const box of boxes) box.lose();
  }

  function answered() {
    pendingSince = null;
    heard = true;
    if (online) return;
    online = true;
    for (const box of boxes) box.regain();
  }

  function tick() {
    const [pinger] = boxes;
    if (!pinger) return;
    const now = Date.now();
    const patience = heard ? LOST_AFTER_MS : FIRST_ANSWER_MS;
    if (pendingSince !== null && now - pendingSince > patience) lose();
    if (now - lastPing >= PING_EVERY_MS) {
      lastPing = now;
      if (pendingSince === null) pendingSince = now;
      if (!pinger.send({ kind: "ping" })) lose();
    }
  }

  let watched = null;
  function watch(kernel) {
    if (!kernel || watched === kernel) return;
    watched = kernel;
    kernel.statusChanged?.connect?.((_k, state) => {
      if (DEAD_KERNEL.has(state)) lose();
    });
    kernel.connectionStatusChanged?.connect?.((_k, state) => {
      if (state !== "connected") lose();
    });
  }

  window.setInterval(tick, TICK_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") lastPing = 0; // check now, not in 2 s
  });
  window.__commongroundPulse = {
    join(box, kernel) {
      boxes.add(box);
      watch(kernel);
      if (!online) box.lose();
      tick();
      return () => boxes.delete(box);
    },
    answered,
  };
  return window.__commongroundPulse;
}

async function render({ model, el, host, signal }) {
  const status = document.createElement("div");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  el.classList.add("cg-draft-copy");
  el.append(status);

  const key = model.get("storage_key");
  if (!key) {
    // Not yet told whose draft this is (the kernel binds it before the page is sent,
    // so this is never seen in use): keep no copy.
    status.textContent = model.get("text");
    return;
  }
  dropOtherPeoplesCopies(model.get("owner_prefix"));
  const textarea = await host.getModel(model.get("textarea"));

  let confirmed = { text: model.get("saved_text"), revision: model.get("saved_revision") };
  let online = true;
  let kept = true; // false when the browser refused to store the copy

  function show() {
    if (online) {
      status.className = `cg-status cg-${model.get("kind")}`;
      status.textContent = model.get("text");
    } else {
      status.className = "cg-status cg-problem cg-offline";
      status.textContent = kept ? LOST_KEPT : LOST_NOT_KEPT;
    }
  }

  function keep() {
    const text = textarea.get("value");
    if (text === confirmed.text) {
      dropCopy(key);
      kept = true;
    } else {
      kept = writeCopy(key, { text, base: confirmed.revision, at: Date.now() });
    }
    if (!online) show();
  }

  function onSaved() {
    confirmed = { text: model.get("saved_text"), revision: model.get("saved_revision") };
    keep();
  }

  function send(content) {
    try {
      model.send(content);
      return true;
    } catch {
      return false; // the kernel connection is gone
    }
  }

  const box = {
    send,
    lose() {
      online = false;
      show();
    },
    regain() {
      online = true;
      show();
      const text = textarea.get("value");
      if (text !== confirmed.text) send({ kind: "resend", text });
    },
  };

  const pulse = pagePulse();
  model.on("change:text", show);
  model.on("change:kind", show);
  model.on("change:saved_revision", onSaved);
  model.on("change:saved_text", onSaved);
  model.on("msg:custom", (msg) => {
    if (msg && msg.kind === "pong") pulse.answered();
  });
  textarea.on("change:value", keep);

  show();
  const earlier = readCopy(key);
  if (earlier && earlier.text === confirmed.text) {
    dropCopy(key);
  } else if (earlier) {
    // Text typed on an earlier page of this tab that its kernel never confirmed.
    confirmed = { text: confirmed.text, revision: earlier.base };
    send({ kind: "restore", text: earlier.text, base: earlier.base });
  } else {
    keep();
  }
  const leave = pulse.join(box, model.widget_manager?.kernel);
  signal?.addEventListener("abort", leave);
}

export default { render };
