"""joins_open setting per workshop; participants removed by the facilitator

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    # ALTER TABLE ... ADD COLUMN, never a copy of the table (see 0002).
    op.add_column('workshop', sa.Column('joins_open', sa.Boolean(), nullable=False,
                                        server_default=sa.true()))
    op.add_column('participant', sa.Column('removed', sa.Boolean(), nullable=False,
                                           server_default=sa.false()))


def downgrade():
    op.drop_column('participant', 'removed')
    op.drop_column('workshop', 'joins_open')
