"""Agendas of steps, question steps (cards, themes, card votes, insights), a workshop's own
determinant list, and saved templates.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('step',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=True),
    sa.Column('prompt', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'id')
    )
    op.create_table('template',
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_template_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('insight',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id', 'step_id'], ['step.workshop_id', 'step.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('insight', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_insight_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id', 'step_id'], ['step.workshop_id', 'step.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('card',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['participant.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id', 'step_id'], ['step.workshop_id', 'step.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('card', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_card_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('card_vote',
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.String(length=16), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['card.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('participant_id', 'card_id')
    )
    with op.batch_alter_table('card_vote', schema=None) as batch_op:
        batch_op.create_index('ix_card_vote_budget', ['participant_id', 'step_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_card_vote_workshop_id'), ['workshop_id'], unique=False)

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('step_id', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('determinants', sa.JSON(), nullable=True))

    with op.batch_alter_table('strategy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('added_by', sa.Integer(), nullable=True))

    _scaling_agenda_for_existing_workshops()



def downgrade():
    with op.batch_alter_table('strategy', schema=None) as batch_op:
        batch_op.drop_column('added_by')
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('determinants')
        batch_op.drop_column('step_id')

    with op.batch_alter_table('card_vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_card_vote_workshop_id'))
        batch_op.drop_index('ix_card_vote_budget')

    op.drop_table('card_vote')
    with op.batch_alter_table('card', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_card_workshop_id'))

    op.drop_table('card')
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_workshop_id'))

    op.drop_table('theme')
    with op.batch_alter_table('insight', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_insight_workshop_id'))

    op.drop_table('insight')
    with op.batch_alter_table('template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_template_workshop_id'))

    op.drop_table('template')
    op.drop_table('step')


SCALING = ('lobby', 'actors', 'ownership', 'determinants', 'strategies', 'actions', 'closed')


def _scaling_agenda_for_existing_workshops():
    """Workshops made before agendas ran the fixed sequence: they get it as their agenda, with
    the step of their current phase as the current step (a few statements, however many)."""
    conn = op.get_bind()
    workshop = sa.table('workshop', sa.column('id', sa.Integer), sa.column('phase', sa.String),
                        sa.column('step_id', sa.String))
    step = sa.table('step', sa.column('workshop_id', sa.Integer), sa.column('id', sa.String),
                    sa.column('kind', sa.String), sa.column('position', sa.Integer))
    for n, kind in enumerate(SCALING, start=1):
        conn.execute(step.insert().from_select(
            ['workshop_id', 'id', 'kind', 'position'],
            sa.select(workshop.c.id, sa.literal(f's{n}'), sa.literal(kind), sa.literal(n - 1))))
    current = sa.case({kind: f's{n}' for n, kind in enumerate(SCALING, start=1)},
                      value=workshop.c.phase, else_='s1')
    conn.execute(workshop.update().values(step_id=current))
