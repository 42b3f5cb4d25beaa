"""The fixed vocabularies of the contract (PROTOCOL.md), in their order of display."""

PHASES = ("lobby", "actors", "ownership", "determinants", "strategies", "actions", "closed")
# What a step of the agenda can be; a workshop's `phase` is its current step's kind.
STEP_KINDS = ("lobby", "info", "actors", "ownership", "determinants", "strategies", "question", "review",
              "actions", "closed")
ACTOR_CATEGORIES = (
    "policy", "funder", "provider", "professional",
    "target_group", "knowledge", "management", "other",
)
AREAS = ("intervention", "supply", "use")
ROLES = ("driver", "accountable", "contributor")
REQUIRED_ROLES = ("driver", "accountable")
STAGES = ("want", "can", "do", "sustain")
DETERMINANTS = ("driver", "funding", "added_value", "timing", "time")
STRATEGY_CATEGORIES = ("dissemination", "financing", "organisation", "monitoring")
ACTION_STATUSES = ("open", "doing", "done")
# What the action review of a follow-up decides about each of last time's open actions.
REVIEW_OUTCOMES = ("done", "doing", "dropped", "carried_over")
LANGUAGES = ("nl", "en")
SCORES = (1, 2, 3, 4, 5)
