"""Follow-ups made before the action review (0007) get their review items.

Since 0007 a follow-up gets its review items when it is made: one per action of the earlier
workshop that it carries over. Follow-ups stored before that have none, so their action review
is empty although the actions it should go through are in the database. Each follow-up without
review items whose earlier workshop is still there gets the items it would get if it were made
now: which actions, in which order, and what each item keeps are `workshop.domain.review`'s
`carried_over` and `item`, the functions `operations.create` uses, applied here to plain rows
(that module is pure: no models, no Flask, no database). What was agreed then was not kept
before 0007, so an item keeps the earlier action as it is stored now.

Only this migration has to find the follow-up's action that continues an item (`action_id`),
as a new follow-up makes that copy beside the item: a follow-up made before 0007 copied the
same actions, in the same order, with the same titles. So each item is continued by the first
of the follow-up's actions (by id) with the action's title that no earlier item took, and by
none when there is no such action (it was removed or renamed): an outcome then brings the
action back, as for an action removed by hand. No new actions are made here.

A follow-up that has review items, or whose earlier workshop is gone, is left alone, so running
this again changes nothing; so is one none of whose actions continues an item: nothing says when
0007 ran, and such a follow-up was made since, while nothing of the earlier workshop was open
(those open now were added or reopened after it, and are not its to review). Downgrade is a no-op: review items made here cannot be told from
those made with a follow-up since, nor from the outcomes and notes given to them after this
upgrade, and 0009's schema has the table too.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

from workshop.domain import review

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

workshop = sa.table('workshop', sa.column('id', sa.Integer), sa.column('code', sa.String),
                    sa.column('follow_up_of', sa.String))
action = sa.table('action', sa.column('id', sa.Integer), sa.column('workshop_id', sa.Integer),
                  sa.column('title', sa.String), sa.column('owner_actor_id', sa.Integer),
                  sa.column('due', sa.Date), sa.column('status', sa.String))
actor = sa.table('actor', sa.column('id', sa.Integer), sa.column('workshop_id', sa.Integer),
                 sa.column('name', sa.String))
review_item = sa.table('review_item', sa.column('workshop_id', sa.Integer), sa.column('title', sa.String),
                       sa.column('owner', sa.String), sa.column('due', sa.Date),
                       sa.column('status', sa.String), sa.column('action_id', sa.Integer))


def upgrade():
    conn = op.get_bind()
    earlier = workshop.alias('earlier')
    follow_ups = conn.execute(
        sa.select(workshop.c.id, earlier.c.id)
        .join(earlier, earlier.c.code == workshop.c.follow_up_of)
        .where(~sa.exists().where(review_item.c.workshop_id == workshop.c.id))
        .order_by(workshop.c.id)).all()
    for follow_up_id, earlier_id in follow_ups:
        items = review_items(conn, follow_up_id, earlier_id)
        if any(i["action_id"] is not None for i in items):
            conn.execute(review_item.insert(), items)


def downgrade():
    pass


def review_items(conn, follow_up_id: int, earlier_id: int) -> list[dict]:
    carried = review.carried_over(conn.execute(sa.select(action).where(action.c.workshop_id == earlier_id)))
    owners = dict(conn.execute(sa.select(actor.c.id, actor.c.name)
                               .where(actor.c.workshop_id == earlier_id)).all())
    copies = conn.execute(sa.select(action.c.id, action.c.title)
                          .where(action.c.workshop_id == follow_up_id).order_by(action.c.id)).all()
    continued = continuing([a.title for a in carried], copies)
    return [{"workshop_id": follow_up_id, **review.item(a, owners.get(a.owner_actor_id), copy)}
            for a, copy in zip(carried, continued, strict=True)]


def continuing(titles: list[str], copies: list) -> list[int | None]:
    """For each carried-over action's title, in order, the id of the first of the follow-up's
    actions (`copies`: id and title, by id) with that title not taken by an earlier one."""
    free = list(copies)
    result = []
    for title in titles:
        match = next((c for c in free if c.title == title), None)
        if match is not None:
            free.remove(match)
        result.append(match.id if match is not None else None)
    return result
