// An info step: a slide the facilitator writes (the step's title and its text), large on the
// room display, short on phones (the first lines, the rest behind "read more"), and
// editable in the console. Lines starting with "-", "*" or "•" are bullets.

import { h, clear, setText, toast } from "../dom.js";
import { t } from "../i18n.js";
import { rewordStep } from "../agendaeditor.js";
import { field } from "../ui.js";

/** The slide's text as blocks: {bullets: [text]} for a run of bullet lines, {text} otherwise. Pure. */
export function slideBlocks(text) {
  const blocks = [];
  for (const raw of (text || "").split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const bullet = line.match(/^[-*•]\s*(.*)$/);
    if (bullet) {
      const last = blocks[blocks.length - 1];
      if (last && last.bullets) last.bullets.push(bullet[1]);
      else blocks.push({ bullets: [bullet[1]] });
    } else blocks.push({ text: line });
  }
  return blocks;
}

function render(body, text) {
  clear(body);
  const blocks = slideBlocks(text);
  if (!blocks.length) body.append(h("p", { class: "empty", text: t("ui.info.empty") }));
  for (const block of blocks) {
    body.append(block.bullets ? h("ul", {}, block.bullets.map((line) => h("li", { text: line }))) : h("p", { text: block.text }));
  }
}

export function create(ctx) {
  const body = h("div", { class: "slide-body" });
  const slide = h("article", { class: "slide card" }, body);
  const el = h("section", { class: `phase phase-info info-${ctx.role}` }, slide);
  let more = null;
  if (ctx.role === "participant") {
    more = h("button", { type: "button", class: "btn btn-small btn-quiet slide-more", "aria-expanded": "false", text: t("ui.info.more") });
    more.addEventListener("click", () => {
      const open = slide.classList.toggle("open");
      more.setAttribute("aria-expanded", String(open));
      setText(more, open ? t("ui.info.less") : t("ui.info.more"));
    });
    slide.append(more);
  }
  const form = ctx.role === "console" ? editForm(ctx) : null;
  if (form) el.append(form.el);
  let shown = null;
  return {
    el,
    update(s) {
      const step = s.workshop.agenda?.find((x) => x.id === ctx.step.id) || ctx.step;
      if (step.prompt !== shown) {
        shown = step.prompt;
        render(body, step.prompt);
        if (more) {
          more.hidden = slideBlocks(step.prompt).length <= 3 && (step.prompt || "").length <= 280;
          // Only a slide with "more" is cut short and faded: a short one reads to its last word.
          slide.classList.toggle("clamped", !more.hidden);
        }
      }
      form?.update(step);
    },
  };
}

function editForm(ctx) {
  const title = h("input", { maxlength: 120, autocomplete: "off" });
  const text = h("textarea", { rows: 8, maxlength: 2000 });
  const save = h("button", { type: "submit", class: "btn btn-primary", text: t("ui.info.save") });
  const el = h("form", { class: "card inline-form slide-edit", novalidate: true },
    h("h3", { text: t("ui.info.edit") }), field(t("ui.agenda.title"), title),
    field(t("ui.agenda.prompt.info"), text, t("ui.info.edit.hint")), save);
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ack = await rewordStep(ctx, ctx.step.id, { title: title.value, prompt: text.value });
    if (ack.ok) toast(t("ui.info.saved"));
  });
  return {
    el,
    update(step) {
      title.placeholder = t("phase.info");
      if (!el.contains(document.activeElement)) {
        title.value = step.title || "";
        text.value = step.prompt || "";
      }
      save.disabled = !ctx.editable();
    },
  };
}
