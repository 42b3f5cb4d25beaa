"""What each client event does to a workshop, inside one database transaction.

Each operation gets a `Change` (the locked workshop, who acts, the events to
record) and the validated payload, and returns its ack: the full copy, which the
live layer redacts for the person acting. A refused change raises RuleError before
anything is committed; a change that changes nothing records no event.
"""

from . import agenda, content, control, customise, events, questions, review, votes
from .change import Change

OPERATIONS = {
    "actor:add": content.actor_add,
    "actor:update": content.actor_update,
    "actor:remove": content.actor_remove,
    "ownership:set": content.ownership_set,
    "stage:set": content.stage_set,
    "rating:set": votes.rating_set,
    "strategy:add": content.strategy_add,
    "strategy:remove": content.strategy_remove,
    "vote:cast": votes.vote_cast,
    "vote:retract": votes.vote_retract,
    "action:add": content.action_add,
    "action:update": content.action_update,
    "phase:set": agenda.phase_set,
    "results:show": control.results_show,
    "workshop:lock": control.workshop_lock,
    "workshop:settings": control.workshop_settings,
    "timer:set": control.timer_set,
    "goals:set": control.goals_set,
    "participant:remove": control.participant_remove,
    "participant:move": events.participant_move,
    "agenda:set": agenda.agenda_set,
    "step:set": agenda.step_set,
    "card:add": questions.card_add,
    "card:update": questions.card_update,
    "card:remove": questions.card_remove,
    "card:vote": votes.card_vote,
    "card:unvote": votes.card_unvote,
    "theme:add": questions.theme_add,
    "theme:update": questions.theme_update,
    "theme:remove": questions.theme_remove,
    "insight:add": questions.insight_add,
    "insight:update": questions.insight_update,
    "insight:remove": questions.insight_remove,
    "strategy:update": content.strategy_update,
    "action:remove": content.action_remove,
    "rating:clear": votes.rating_clear,
    "determinants:set": customise.determinants_set,
    "template:save": customise.template_save,
    "review:focus": review.review_focus,
    "review:set": review.review_set,
}

__all__ = ["OPERATIONS", "Change"]
