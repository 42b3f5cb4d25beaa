"""Events: parallel workshops (groups) with one plenary; the event log's table becomes
`log_entry`, so "event" names the meeting everywhere.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.rename_table('event', 'log_entry')
    if op.get_bind().dialect.name == 'postgresql':
        # Index names are unique per schema: the new `event` table needs `event_pkey`.
        op.execute('ALTER INDEX event_pkey RENAME TO log_entry_pkey')
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('slides', sa.JSON(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('plenary_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_owner_id'), ['owner_id'], unique=False)
    if op.get_bind().dialect.name == 'sqlite':
        # In place: copying the table (batch mode) would cascade-delete the rows that refer to it.
        op.execute('ALTER TABLE workshop ADD COLUMN event_id INTEGER '
                   'REFERENCES event (id) ON DELETE SET NULL')
    else:
        op.add_column('workshop', sa.Column('event_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_workshop_event_id', 'workshop', 'event', ['event_id'], ['id'],
                              ondelete='SET NULL')
    op.create_index('ix_workshop_event_id', 'workshop', ['event_id'], unique=False)


def downgrade():
    op.drop_index('ix_workshop_event_id', table_name='workshop')
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint('fk_workshop_event_id', 'workshop', type_='foreignkey')
    op.drop_column('workshop', 'event_id')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_owner_id'))
    op.drop_table('event')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER INDEX log_entry_pkey RENAME TO event_pkey')
    op.rename_table('log_entry', 'event')
