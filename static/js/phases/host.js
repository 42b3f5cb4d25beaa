// Shows the current step's view, picked by the step's kind and built the first time that
// step comes up (one view per step: two question steps are two views). A kind this browser
// has no view for yet shows an empty section; the header above still gives its wording.

import { clear, h } from "../dom.js";
import { currentStep } from "../steps.js";
import { VIEWS } from "./index.js";

function blank(ctx) {
  return { el: h("section", { class: `phase phase-${ctx.step.kind}` }), update() {} };
}

export class PhaseHost {
  constructor(ctx, container) {
    this.ctx = ctx;
    this.container = container;
    this.views = new Map();
    this.current = null;
  }

  reset() {
    this.views.clear();
    this.current = null;
    clear(this.container);
  }

  update(state) {
    const step = currentStep(state.workshop, this.ctx.vocab);
    let view = this.views.get(step.id);
    if (!view) {
      view = (VIEWS[step.kind] || { create: blank }).create({ ...this.ctx, step });
      this.views.set(step.id, view);
      this.container.append(view.el);
    }
    if (this.current !== step.id) {
      for (const [id, other] of this.views) other.el.hidden = id !== step.id;
      this.current = step.id;
    }
    view.update(state);
  }
}
