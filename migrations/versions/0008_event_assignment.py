"""How an event's link places newcomers: they choose their group, or go to the emptiest one.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # In place, not batch mode: copying the event table would cascade to its groups.
    op.add_column('event', sa.Column('assignment', sa.String(length=8), server_default='choose', nullable=False))


def downgrade():
    op.drop_column('event', 'assignment')
