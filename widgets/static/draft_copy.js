// The reflection box's browser side (an anywidget ES module; Python: widgets/draft_copy.py).
//
// - The status line ("Saved at 10:42 · 12 words") is shown here, from the kernel's
//   `text` and `kind`.
// - While what is in the box is not yet confirmed saved by the kernel (`saved_text`,
//   `saved_revision`), a copy is kept in this tab's sessionStorage, never localStorage:
//   the browser deletes it when the tab is closed.
// - Every 2 s a "ping" goes to the kernel; with no "pong" within a few seconds, or when
//   the kernel connection says it is dead or disconnected, the status says the text is
//   not saved.
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
const LOST_KEPT = "Not saved: connection lost — your text is kept in this tab";
const LOST_NOT_KEPT =
  "Not saved: connection lost — this browser cannot keep a copy, so copy your text " +
  "somewhere safe before you leave this page";
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

async function render({ model, el, host, signal }) {
  const status = document.createElement("div");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  el.classList.add("cg-draft-copy");
  el.append(status);

  const key = model.get("storage_key");
  dropOtherPeoplesCopies(model.get("owner_prefix"));
  const textarea = await host.getModel(model.get("textarea"));

  let confirmed = { text: model.get("saved_text"), revision: model.get("saved_revision") };
  let online = true;
  let kept = true; // false when the browser refused to store the copy
  let heard = false; // no pong yet: the kernel may still be running the page's cells
  let pendingSince = null;
  let lastPing = 0;

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

  function send(content) {
    try {
      model.send(content);
      return true;
    } catch {
      return false; // the kernel connection is gone
    }
  }

  function lose() {
    if (online) {
      online = false;
      show();
    }
  }

  function regain() {
    pendingSince = null;
    heard = true;
    if (!online) {
      online = true;
      show();
      const text = textarea.get("value");
      if (text !== confirmed.text) send({ kind: "resend", text });
    }
  }

  function tick() {
    const now = Date.now();
    const patience = heard ? LOST_AFTER_MS : FIRST_ANSWER_MS;
    if (pendingSince !== null && now - pendingSince > patience) lose();
    if (now - lastPing >= PING_EVERY_MS) {
      lastPing = now;
      if (pendingSince === null) pendingSince = now;
      if (!send({ kind: "ping" })) lose();
    }
  }

  function onKernelStatus(_kernel, state) {
    if (DEAD_KERNEL.has(state)) lose();
  }

  function onConnection(_kernel, state) {
    if (state !== "connected") lose();
  }

  model.on("change:text", show);
  model.on("change:kind", show);
  model.on("change:saved_revision", () => {
    confirmed = { text: model.get("saved_text"), revision: model.get("saved_revision") };
    keep();
  });
  model.on("change:saved_text", () => {
    confirmed = { text: model.get("saved_text"), revision: model.get("saved_revision") };
    keep();
  });
  model.on("msg:custom", (msg) => {
    if (msg && msg.kind === "pong") regain();
  });
  textarea.on("change:value", keep);

  const kernel = model.widget_manager?.kernel;
  kernel?.statusChanged?.connect?.(onKernelStatus);
  kernel?.connectionStatusChanged?.connect?.(onConnection);
  const timer = window.setInterval(tick, TICK_MS);
  const onVisible = () => {
    if (document.visibilityState === "visible") lastPing = 0; // check now, not in 2 s
  };
  document.addEventListener("visibilitychange", onVisible);
  signal?.addEventListener("abort", () => {
    window.clearInterval(timer);
    document.removeEventListener("visibilitychange", onVisible);
    kernel?.statusChanged?.disconnect?.(onKernelStatus);
    kernel?.connectionStatusChanged?.disconnect?.(onConnection);
  });

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
  tick();
}

export default { render };
