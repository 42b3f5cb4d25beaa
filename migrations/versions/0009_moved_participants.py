"""Where a participant the organiser moved went: their old token can be exchanged for it.

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # In place, not batch mode: copying the participant table would cascade to what people added.
    op.add_column('participant', sa.Column('moved_to', sa.Integer(), nullable=True))


def downgrade():
    op.drop_column('participant', 'moved_to')
