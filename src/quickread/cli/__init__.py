"""The command line: thin Typer commands that call the stages. Commands are registered explicitly here."""

from __future__ import annotations

import typer

from quickread.cli import digest_commands, groups_commands

app = typer.Typer(
    name="quickread",
    help="Group news articles into stories and write grounded Quick Read digests.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("digest")(digest_commands.digest_command)
app.command("batch-digest")(digest_commands.batch_digest_command)
app.command("digest-groups")(groups_commands.digest_groups_command)
