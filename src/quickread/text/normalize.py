"""Normalisation of raw article text into paragraphs.

Quote marks and dashes are kept as the outlet wrote them: quotes are later checked character for character
against this text, so normalisation must not invent characters. Only whitespace and Unicode composition
change.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def split_paragraphs(raw: str) -> list[str]:
    """Split text into non-empty paragraphs: every line break ends a paragraph.

    Outlets and data sets disagree on blank lines (seed files use one line per paragraph, Multi-News uses
    " \\n \\n ", Wikinews a blank line), so any run of line breaks is one paragraph boundary.
    """
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", _ZERO_WIDTH.sub("", text))
    paragraphs = []
    for line in text.split("\n"):
        cleaned = _SPACES.sub(" ", line).strip()
        if cleaned:
            paragraphs.append(cleaned)
    return paragraphs


def squash_quotes(text: str) -> str:
    """Map typographic quote marks to ASCII and collapse whitespace, for verbatim comparison only."""
    table = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'"})
    return _SPACES.sub(" ", text.translate(table).replace("\n", " ")).strip()
