"""Stories follow the story index's regrouping: a membership revision, and the story a merged story went into.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

The story index now moves earlier articles between stories and ends stories by merging them into others
(``group.index.Assignment.moved`` and ``merged``). A move can leave a story's article count as it was, so
"stale" can no longer be "article_count differs from digested_count": each story counts the changes of its
membership (``revision``) and remembers the revision its digest was built from (``digested_revision``). A
merged story keeps its row and its digest versions (history) and points at the story it went into
(``merged_into``), so that its page can redirect there.

An existing database keeps its stale stories stale: those whose count differs from the digested count start
at revision 1, the others at 0 (digested).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("stories", sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("stories", sa.Column("digested_revision", sa.Integer(), nullable=False, server_default="0"))
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its reference inline only (Alembic's add_column would ALTER a constraint,
        # which SQLite cannot; batch mode would copy the table and drop the full-text triggers on it).
        op.execute("ALTER TABLE stories ADD COLUMN merged_into INTEGER REFERENCES stories (id)")
    else:
        op.add_column(
            "stories",
            sa.Column(
                "merged_into",
                sa.Integer(),
                sa.ForeignKey("stories.id", name=op.f("fk_stories_merged_into_stories")),
                nullable=True,
            ),
        )
    op.create_index(op.f("ix_stories_merged_into"), "stories", ["merged_into"], unique=False)
    op.execute("UPDATE stories SET revision = 1 WHERE article_count != digested_count")


def downgrade() -> None:
    op.drop_index(op.f("ix_stories_merged_into"), table_name="stories")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_stories_merged_into_stories"), "stories", type_="foreignkey")
    op.drop_column("stories", "merged_into")
    op.drop_column("stories", "digested_revision")
    op.drop_column("stories", "revision")
