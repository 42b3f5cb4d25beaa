"""A workshop's vote tallies and score histograms counted from an index alone.

The aggregates of a vote or a score are read again with nearly every one (`votes.changed`,
`ratings.changed`): each strategy's votes and each determinant's histogram. With the counted
columns in an index after the workshop's (and the strategy's or the determinant's), the
database answers both from the index, in its order, without reading a table row or sorting.

Revision ID: 0011
Revises: 0009
"""
from alembic import op


revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_vote_tally', 'vote', ['workshop_id', 'strategy_id', 'count'])
    op.create_index('ix_rating_scores', 'rating', ['workshop_id', 'determinant', 'score'])


def downgrade():
    op.drop_index('ix_rating_scores', table_name='rating')
    op.drop_index('ix_vote_tally', table_name='vote')
