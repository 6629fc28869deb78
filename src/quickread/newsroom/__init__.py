"""The long-running newsroom: ingest and fetch passes, and keeping stories and their digests current."""
