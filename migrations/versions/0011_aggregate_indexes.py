"""A workshop's vote tallies and score histograms counted from an index alone.

The aggregates of a vote or a score are read again with nearly every one (`votes.changed`,
`ratings.changed`): each strategy's votes and each determinant's histogram. With the counted
columns in an index after the workshop's (and the strategy's or the determinant's), the
database answers both from the index, in its order, without reading a table row or sorting.
Each replaces the index on the workshop alone, which it begins with. The comments sent with
the scores (to the facilitator) are read from an index of the scores that have one, by person:
without it every score of the workshop was read for the few with a comment.

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_vote_tally', 'vote', ['workshop_id', 'strategy_id', 'count'])
    op.drop_index('ix_vote_workshop_id', table_name='vote')
    op.create_index('ix_rating_scores', 'rating', ['workshop_id', 'determinant', 'score'])
    op.drop_index('ix_rating_workshop_id', table_name='rating')
    commented = sa.text("comment != ''")
    op.create_index('ix_rating_comments', 'rating', ['workshop_id', 'participant_id'],
                    sqlite_where=commented, postgresql_where=commented)


def downgrade():
    op.drop_index('ix_rating_comments', table_name='rating')
    op.create_index('ix_rating_workshop_id', 'rating', ['workshop_id'])
    op.drop_index('ix_rating_scores', table_name='rating')
    op.create_index('ix_vote_workshop_id', 'vote', ['workshop_id'])
    op.drop_index('ix_vote_tally', table_name='vote')
