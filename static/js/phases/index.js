// One view module per step kind: each exports `create(ctx)` → {el, update(state)}.

import * as actions from "./actions.js";
import * as actors from "./actors.js";
import * as closed from "./closed.js";
import * as determinants from "./determinants.js";
import * as info from "./info.js";
import * as lobby from "./lobby.js";
import * as ownership from "./ownership.js";
import * as question from "./question.js";
import * as review from "./review.js";
import * as strategies from "./strategies.js";

export const VIEWS = { lobby, info, question, actors, ownership, determinants, strategies, review, actions, closed };
