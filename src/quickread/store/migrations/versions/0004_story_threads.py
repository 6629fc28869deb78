"""Threads: links between the stories of one developing matter told on different days.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

A story is one event; its follow-ups (the vote after the strike, the next primary) are stories of their own.
``story_links`` holds the links ``group.threads.thread_links`` found between an earlier and a later story,
each with its similarity; the story page lists a story's nearest links each way ("Earlier in this thread" /
"Later in this thread"). A link names both stories by id: a merged story keeps its row (migration 0003), and
the newsroom deletes its links when it recomputes the threads of the stories a pass touched.

An existing database starts with no links; the next pass that digests a story links it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_links",
        sa.Column("earlier_id", sa.Integer(), nullable=False),
        sa.Column("later_id", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["earlier_id"], ["stories.id"], name=op.f("fk_story_links_earlier_id_stories")
        ),
        sa.ForeignKeyConstraint(["later_id"], ["stories.id"], name=op.f("fk_story_links_later_id_stories")),
        sa.PrimaryKeyConstraint("earlier_id", "later_id", name=op.f("pk_story_links")),
    )
    op.create_index(op.f("ix_story_links_later_id"), "story_links", ["later_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_story_links_later_id"), table_name="story_links")
    op.drop_table("story_links")
