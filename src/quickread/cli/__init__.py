"""The command line: thin Typer commands that call the stages. Commands are registered explicitly here."""

from __future__ import annotations

import typer

from quickread.cli import (
    archive_commands,
    digest_commands,
    group_commands,
    labelled_commands,
    newsroom_commands,
    serve_commands,
)

app = typer.Typer(
    name="quickread",
    help="Group news articles into stories and write grounded Quick Read digests.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("digest")(digest_commands.digest_command)
app.command("batch-digest")(digest_commands.batch_digest_command)
app.command("digest-groups")(labelled_commands.digest_groups_command)
app.command("ingest")(newsroom_commands.ingest_command)
app.command("add-feed")(newsroom_commands.add_feed_command)
app.command("remove-feed")(newsroom_commands.remove_feed_command)
app.command("import-opml")(newsroom_commands.import_opml_command)
app.command("export-opml")(newsroom_commands.export_opml_command)
app.command("fetch")(newsroom_commands.fetch_command)
app.command("watch")(newsroom_commands.watch_command)
app.command("status")(newsroom_commands.status_command)
app.command("search")(newsroom_commands.search_command)
app.command("list-stories")(newsroom_commands.stories_command)
app.command("show")(newsroom_commands.show_command)
app.command("serve")(serve_commands.serve_command)
app.command("group")(group_commands.group_command)
app.command("stories")(group_commands.digest_stories_command)
app.command("archive")(archive_commands.archive_command)
app.command("archive-import")(archive_commands.archive_import_command)
