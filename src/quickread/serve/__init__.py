"""The web front page: server-rendered pages, a JSON API and Atom/JSON feeds over the repository."""
