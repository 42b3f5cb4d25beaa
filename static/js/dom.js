// Small DOM helpers: build elements without innerHTML (all data goes in as text).

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "text") el.textContent = value;
    else if (name === "on") for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name === "vars") for (const [k, v] of Object.entries(value)) el.style.setProperty(k, v);
    else if (["value", "checked", "disabled", "selected", "hidden", "open", "required", "htmlFor"].includes(name)) el[name] = value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function setText(el, text) {
  const value = text ?? "";
  if (el.textContent !== value) el.textContent = value;
}

/** Keep `container`'s children in step with `items`, reusing elements by key (no focus lost). */
export function keyed(container, items, keyOf, create, update) {
  const known = container._keyed || (container._keyed = new Map());
  const wanted = new Set();
  let previous = null;
  for (const item of items) {
    const key = String(keyOf(item));
    wanted.add(key);
    let el = known.get(key);
    if (!el) {
      el = create(item);
      el.classList.add("enter");
      known.set(key, el);
    }
    update(el, item);
    const expected = previous ? previous.nextSibling : container.firstChild;
    if (el !== expected) container.insertBefore(el, expected);
    previous = el;
  }
  for (const [key, el] of known) {
    if (!wanted.has(key)) {
      el.remove();
      known.delete(key);
    }
  }
}

export function formatCode(code) {
  return code && code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code || "";
}

export function normalizeCode(text) {
  return (text || "").replace(/[\s-]+/g, "").toUpperCase();
}

let toastTimer = 0;
export function toast(message, kind = "info") {
  const box = document.getElementById("toasts");
  if (!box) return;
  const item = h("p", { class: `toast toast-${kind}`, text: message });
  box.append(item);
  while (box.children.length > 2) box.firstChild.remove();
  clearTimeout(toastTimer);
  setTimeout(() => item.remove(), kind === "error" ? 8000 : 4000);
}

/** A modal built from nodes; resolves with the value of the button pressed ("cancel" on Escape). */
export function openDialog({ title, body = [], actions = [] }) {
  const dialog = document.getElementById("dialog");
  setText(document.getElementById("dialog-title"), title);
  append(clear(document.getElementById("dialog-body")), body);
  const bar = clear(dialog.querySelector(".dialog-actions"));
  for (const action of actions) {
    bar.append(h("button", { type: "submit", value: action.value, class: `btn ${action.kind ? "btn-" + action.kind : ""}`,
      text: action.label, formnovalidate: action.value !== "ok" }));
  }
  return new Promise((resolve) => {
    dialog.returnValue = "cancel";
    dialog.addEventListener("close", () => resolve(dialog.returnValue || "cancel"), { once: true });
    dialog.showModal();
    const first = dialog.querySelector("#dialog-body input, #dialog-body select, #dialog-body textarea");
    (first || bar.lastChild)?.focus();
  });
}
