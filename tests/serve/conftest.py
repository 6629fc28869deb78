"""Fixtures for the web tests, defined in site_fixture.py so test modules can import its names too."""

from tests.serve.site_fixture import client, live_site, site_data

__all__ = ["client", "live_site", "site_data"]
