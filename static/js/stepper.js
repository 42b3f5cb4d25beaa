// The console's agenda: every step with its state (done, current, to come), one click to
// move the room to any of them, and the "next" button that says where it leads. Going back
// more than one step, or leaving a step where people are still voting, asks first.

import { leaveWarning } from "./agenda.js";
import { h, keyed, setText } from "./dom.js";
import { t } from "./i18n.js";
import { agenda, currentIndex, currentStep, nextStep, stepTitle } from "./steps.js";
import { confirm } from "./ui.js";

export function stepper(ctx, onEdit) {
  const list = h("ol", { class: "stepper" });
  const edit = onEdit ? h("button", { type: "button", class: "btn btn-small btn-block agenda-toggle", "aria-expanded": "false",
    "aria-controls": "agenda-editor", text: t("ui.agenda.edit") }) : null;
  edit?.addEventListener("click", () => edit.setAttribute("aria-expanded", String(onEdit())));
  const next = h("button", { type: "button", class: "btn btn-primary btn-block" });
  const hint = h("p", { class: "hint" });
  const el = h("nav", { class: "console-nav card", "aria-label": t("ui.console.phases") },
    h("h2", { class: "card-title", text: t("ui.console.phases") }), list, next, hint, edit);
  let target = null;
  next.addEventListener("click", () => target && goTo(ctx, target.id));

  return {
    el,
    update(s) {
      const steps = agenda(s.workshop, ctx.vocab);
      const current = currentIndex(s.workshop, steps);
      keyed(list, steps, (step) => step.id, (step) => h("li", {},
        h("button", { type: "button", class: "step", dataset: { phase: step.kind, step: step.id },
          on: { click: () => goTo(ctx, step.id) } },
        h("span", { class: "step-mark", "aria-hidden": "true" }), h("span", { class: "step-name" }))), (li, step) => {
        const i = steps.findIndex((x) => x.id === step.id);
        const button = li.firstChild;
        const name = stepTitle(step);
        button.classList.toggle("done", i < current);
        button.classList.toggle("current", i === current);
        setText(button.querySelector(".step-mark"), i < current ? "✓" : i === current ? "▶" : String(i + 1));
        setText(button.querySelector(".step-name"), name);
        if (i === current) button.setAttribute("aria-current", "step");
        else button.removeAttribute("aria-current");
        button.title = t(i === current ? "ui.step.current" : "ui.step.go", { phase: name }); // a description: the name stays the visible text
      });
      target = nextStep(s.workshop, ctx.vocab);
      next.hidden = !target;
      hint.hidden = !target;
      if (target) {
        setText(next, t("ui.step.next", { phase: stepTitle(target) }));
        setText(hint, target.kind === "closed" ? t("ui.step.next_close") : t("ui.step.next_hint"));
      }
    },
  };
}

/** Move the room to a step: closing asks first, and a running countdown ends with its step. */
async function goTo(ctx, id) {
  const s = ctx.store.state;
  const step = s && agenda(s.workshop, ctx.vocab).find((x) => x.id === id);
  if (!step || step.id === currentStep(s.workshop, ctx.vocab).id) return;
  if (step.kind === "closed" && !await confirm({ title: t("ui.close.title"), text: t("ui.close.text"), action: t("ui.close.confirm") })) return;
  const steps = agenda(s.workshop, ctx.vocab);
  const warning = step.kind === "closed" ? null
    : leaveWarning(s, steps, currentIndex(s.workshop, steps), steps.indexOf(step));
  if (warning && !await confirm({
    title: t(`ui.step.confirm.${warning.reason}`, { phase: stepTitle(step), count: warning.count }),
    text: t(`ui.step.confirm.${warning.reason}.text`, { done: warning.done, total: warning.total }),
    action: t("ui.step.confirm.go", { phase: stepTitle(step) }), kind: "primary" })) return;
  if (s.workshop.timer?.ends_at) await ctx.send("timer:set", { seconds: 0 });
  // A server with an agenda moves by step id; one without knows only phases.
  if (s.workshop.agenda) ctx.send("step:set", { step: step.id });
  else ctx.send("phase:set", { phase: step.kind });
}
