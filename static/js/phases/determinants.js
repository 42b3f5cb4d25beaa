// Determinants: each participant scores how present each ingredient of scaling success is
// (1–5, with a comment); the console and the room display show the histograms, the means
// and the weakest ingredients (every tied one, as the server names them). A participant sees the room's answers once they gave their own.

import { h, keyed, setText, toast } from "../dom.js";
import { has, locale, t } from "../i18n.js";
import { scoreShown } from "../overlay.js";
import { field, nextId } from "../ui.js";

export function formatMean(mean, locale) {
  return mean === null || mean === undefined ? "–"
    : mean.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

export function create(ctx) {
  const list = h("div", { class: "det-list" });
  const progress = h("p", { class: "progress-chip", role: "status" });
  const participant = ctx.role === "participant";
  const wall = ctx.role === "display";
  const el = h("section", { class: "phase phase-determinants" }, participant || wall ? progress : null, list);
  const card = participant ? (d) => scoringCard(ctx, d.key) : wall ? (d) => wallCard(ctx, d.key)
    : (d) => resultCard(ctx, d.key, true);
  return {
    el,
    update(s) {
      const pending = ctx.pending();
      const low = new Set(s.weakest || []); // the server's, ties included
      if (participant) {
        const mine = s.determinants.filter((d) => scoreShown(d, pending)).length;
        const done = mine === s.determinants.length;
        setText(progress, done ? t("ui.determinants.all_done") : t("ui.determinants.progress", { count: mine, total: s.determinants.length }));
        progress.classList.toggle("done", done);
      }
      if (wall) {
        const given = s.determinants.reduce((sum, d) => sum + d.count, 0);
        setText(progress, t("ui.display.scores_given", { count: given, total: s.participants.length * s.determinants.length }));
        progress.hidden = s.workshop.results_visible;
      }
      keyed(list, s.determinants, (d) => d.key, card, (article, d) => article.update(s, d, pending, low.has(d.key)));
    },
  };
}

function histogram() {
  const bars = h("ol", { class: "histogram" });
  for (let score = 1; score <= 5; score++) {
    bars.append(h("li", { class: "hbar" }, h("span", { class: "hbar-count" }), h("span", { class: "hbar-fill" }),
      h("span", { class: "hbar-label", text: String(score) })));
  }
  return bars;
}

/** The room's answers on one determinant: mean and histogram. */
function results() {
  const bars = histogram();
  const mean = h("p", { class: "det-mean" });
  const el = h("div", { class: "det-results", "aria-live": "off" }, mean, bars);
  return {
    el,
    update(d) {
      const max = Math.max(1, ...d.histogram);
      [...bars.children].forEach((bar, i) => {
        bar.style.setProperty("--h", `${(d.histogram[i] / max) * 100}%`);
        setText(bar.querySelector(".hbar-count"), String(d.histogram[i]));
        bar.setAttribute("aria-label", t("ui.determinants.bar", { score: i + 1, count: d.histogram[i] }));
      });
      setText(mean, d.count ? t("ui.determinants.mean", { mean: formatMean(d.mean, locale()), count: d.count }) : t("ui.determinants.no_scores"));
    },
  };
}

/** A determinant's name and help: the facilitator's own wording as typed, a built-in one in
 * the reader's language. Pure. */
export function determinantText(entries, key, field = "label") {
  const own = (entries || []).find((e) => e.key === key)?.[field];
  if (own) return own;
  const builtIn = field === "label" ? `determinant.${key}` : `determinant.${key}.help`;
  return has(builtIn) ? t(builtIn) : field === "label" ? key : "";
}

function heading(ctx, key) {
  const entries = ctx.store.state?.workshop.determinants;
  return [h("h3", { text: determinantText(entries, key) }),
    h("p", { class: "muted det-help", text: determinantText(entries, key, "help") })];
}

/** The wording again on every update: the facilitator may change the list during the session. */
function reword(article, s, key) {
  const label = determinantText(s.workshop.determinants, key);
  const help = determinantText(s.workshop.determinants, key, "help");
  setText(article.querySelector("h3"), label);
  const note = article.querySelector(".det-help");
  setText(note, help);
  note.hidden = !help;
}

/** The console and the room display: the results, with the weakest ingredient marked. */
function resultCard(ctx, key, withComments) {
  const flag = h("p", { class: "weakest", hidden: true }, h("span", { "aria-hidden": "true", text: "▼ " }), t("ui.determinants.weakest"));
  const answers = results();
  // The comments, live, beside the scores: only the facilitator's state carries them.
  const comments = h("ul", { class: "det-comments", "aria-label": t("ui.determinants.comments") });
  const before = h("p", { class: "det-before muted", hidden: true }); // a follow-up: the earlier mean
  const article = h("article", { class: "det-card" }, heading(ctx, key), flag, answers.el, before, comments);
  article.update = (s, d, pending, isWeakest) => {
    reword(article, s, key);
    flag.hidden = !isWeakest;
    article.classList.toggle("is-weakest", isWeakest);
    answers.update(d);
    const earlier = s.earlier?.determinants.find((x) => x.key === d.key);
    before.hidden = !earlier || earlier.mean === null;
    if (!before.hidden) setText(before, t("ui.determinants.before", { mean: formatMean(earlier.mean, locale()), title: s.earlier.title }));
    const said = withComments ? d.comments || [] : [];
    comments.hidden = !said.length;
    keyed(comments, said.map((text, i) => ({ i, text })), (c) => c.i, () => h("li", { class: "det-comment" }),
      (li, c) => setText(li, c.text));
  };
  return article;
}

/**
 * The room display: while results are hidden only how many scored (no histogram, mean or
 * weakest in the page at all); once revealed the results, their bars growing in.
 */
function wallCard(ctx, key) {
  const flag = h("p", { class: "weakest", hidden: true }, h("span", { "aria-hidden": "true", text: "▼ " }), t("ui.determinants.weakest"));
  const count = h("p", { class: "det-progress" });
  const article = h("article", { class: "det-card" }, heading(ctx, key), count);
  let answers = null;
  article.update = (s, d, pending, isWeakest) => {
    const visible = s.workshop.results_visible;
    if (visible && !answers) {
      answers = results();
      article.append(flag, answers.el);
    } else if (!visible && answers) {
      flag.remove();
      answers.el.remove();
      answers = null;
    }
    count.hidden = visible;
    setText(count, visible ? "" : t("ui.display.scored", { count: d.count }));
    // While hidden the card fills up from the bottom as people score: progress, not results.
    article.classList.toggle("waiting", !visible);
    article.style.setProperty("--done", String(Math.min(1, d.count / Math.max(1, s.participants.length))));
    flag.hidden = !(visible && isWeakest);
    article.classList.toggle("is-weakest", visible && isWeakest);
    answers?.update(d);
  };
  return article;
}

/** A participant: their score and comment, then the room's answers. */
function scoringCard(ctx, key) {
  const group = nextId("score");
  const scores = h("fieldset", { class: "scores" },
    h("legend", {}, t("ui.determinants.your_score"), h("span", { class: "visually-hidden", text: `: ${determinantText(ctx.store.state?.workshop.determinants, key)}` })),
    ctx.vocab.scores.map((score) => h("label", { class: "score" },
      h("input", { type: "radio", name: group, value: score, on: { change: () => rate(score) } }),
      h("span", { text: String(score) }))),
    h("p", { class: "scale-ends", "aria-hidden": "true" }, h("span", { text: t("ui.determinants.low") }), h("span", { text: t("ui.determinants.high") })));
  const comment = h("textarea", { rows: 2, maxlength: 2000, placeholder: t("ui.determinants.comment.placeholder") });
  const answers = results();
  const article = h("article", { class: "det-card" }, heading(ctx, key), scores, field(t("ui.determinants.comment"), comment), answers.el);

  function myScore() {
    const d = ctx.store.determinant(key);
    return d ? scoreShown(d, ctx.pending()) : null;
  }

  function rate(score) {
    const payload = { determinant: key, score };
    if (comment.value.trim()) payload.comment = comment.value.trim();
    ctx.send("rating:set", payload);
  }

  comment.addEventListener("change", () => {
    const score = myScore();
    if (!score) {
      toast(t("ui.determinants.score_first"), "error");
      return;
    }
    ctx.send("rating:set", { determinant: key, score, comment: comment.value.trim() }).then((ack) => ack.ok && toast(t("ui.saved")));
  });

  article.update = (s, d, pending) => {
    reword(article, s, key);
    const score = scoreShown(d, pending);
    for (const input of scores.querySelectorAll("input")) {
      input.checked = Number(input.value) === score;
      input.disabled = !ctx.editable();
    }
    comment.disabled = !ctx.editable();
    answers.el.hidden = !(score || s.workshop.results_visible);
    answers.update(d);
  };
  return article;
}
