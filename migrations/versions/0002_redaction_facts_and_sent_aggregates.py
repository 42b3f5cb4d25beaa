"""Events keep the facts of their redaction; sent aggregates get a table of their own;
operation acks can be pruned by age.

- event.participant_data (the participants' copy) becomes event.redaction (what every
  viewer's copy is made from): a stored participants' copy meant vote counts were hidden.
- workshop.sent_tallies / sent_ratings / tallies_sent_at / ratings_sent_at move to
  sent_aggregate (one row per workshop and kind), so a new aggregate needs no new columns.
- operation.created_at gets an index.

Columns are dropped with ALTER TABLE ... DROP COLUMN (SQLite 3.35+), never by copying
the workshop table: with foreign keys on, dropping the old copy would cascade.

Revision ID: 0002
Revises: 0001
"""
import json

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

workshop = sa.table('workshop', sa.column('id', sa.Integer), sa.column('sent_tallies', sa.JSON),
                    sa.column('sent_ratings', sa.JSON), sa.column('tallies_sent_at', sa.Float),
                    sa.column('ratings_sent_at', sa.Float))
event = sa.table('event', sa.column('participant_data', sa.JSON), sa.column('redaction', sa.JSON))
sent_aggregate = sa.table('sent_aggregate', sa.column('workshop_id', sa.Integer), sa.column('kind', sa.String),
                          sa.column('data', sa.JSON), sa.column('sent_at', sa.Float))


def _loaded(value):
    return json.loads(value) if isinstance(value, str) else (value or {})


def upgrade():
    op.create_table(
        'sent_aggregate',
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('sent_at', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('workshop_id', 'kind'),
    )
    connection = op.get_bind()
    rows = []
    for w in connection.execute(sa.select(workshop)):
        rows.append({"workshop_id": w.id, "kind": "votes", "sent_at": w.tallies_sent_at or 0.0,
                     "data": {"tallies": _loaded(w.sent_tallies), "ranks": {}}})
        rows.append({"workshop_id": w.id, "kind": "ratings", "sent_at": w.ratings_sent_at or 0.0,
                     "data": _loaded(w.sent_ratings)})
    if rows:
        connection.execute(sent_aggregate.insert(), rows)
    for column in ('sent_tallies', 'sent_ratings', 'tallies_sent_at', 'ratings_sent_at'):
        op.drop_column('workshop', column)

    op.add_column('event', sa.Column('redaction', sa.JSON(), nullable=True))
    # An event without a participants' copy may hold a JSON null rather than SQL NULL.
    stored = event.c.participant_data.is_not(None) & (sa.cast(event.c.participant_data, sa.Text) != 'null')
    connection.execute(event.update().where(stored).values(redaction={"votes_hidden": True}))
    op.drop_column('event', 'participant_data')

    op.create_index('ix_operation_created_at', 'operation', ['created_at'], unique=False)


def downgrade():
    op.drop_index('ix_operation_created_at', table_name='operation')
    op.add_column('event', sa.Column('participant_data', sa.JSON(), nullable=True))
    op.drop_column('event', 'redaction')
    op.add_column('workshop', sa.Column('sent_tallies', sa.JSON(), nullable=False, server_default='{}'))
    op.add_column('workshop', sa.Column('sent_ratings', sa.JSON(), nullable=False, server_default='{}'))
    op.add_column('workshop', sa.Column('tallies_sent_at', sa.Float(), nullable=False, server_default='0'))
    op.add_column('workshop', sa.Column('ratings_sent_at', sa.Float(), nullable=False, server_default='0'))
    op.drop_table('sent_aggregate')
