"""Ranking, key-point selection, lede, headline and grounding checks."""
