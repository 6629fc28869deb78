"""JSON from files nobody checked: every way ``json.loads`` can fail becomes an InputError, and JSON Lines are
read one bounded line at a time, so one bad or endless line costs that line, not the file or the memory.

``json.loads`` raises more than JSONDecodeError: ValueError for an integer of over 4,300 digits (Python's
guard against quadratic int parsing), RecursionError for arrays nested thousands deep.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from quickread.ingest.decode import MAX_INPUT_BYTES, decode_bytes
from quickread.ingest.errors import InputError

# One line is one article record: the same cap as a whole article file.
MAX_LINE_BYTES = MAX_INPUT_BYTES
# The rest of an over-long line is read and dropped in pieces this big: memory stays near the line cap.
_DROP_CHUNK_BYTES = 1024 * 1024


def load_json(text: str | bytes, name: str) -> Any:
    """The parsed JSON value, or an InputError naming ``name`` and what is wrong."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = (
            f"line {error.lineno} column {error.colno}" if error.doc.count("\n") else f"column {error.colno}"
        )
        raise InputError(name, f"malformed JSON ({error.msg} at {where})") from None
    except UnicodeDecodeError:
        raise InputError(name, "not UTF-8 text") from None
    except RecursionError:
        raise InputError(name, "malformed JSON (nested too deeply)") from None
    except ValueError as error:
        if "digits" in str(error):
            limit = sys.get_int_max_str_digits()
            raise InputError(name, f"malformed JSON (a number of over {limit:,} digits)") from None
        raise InputError(name, f"malformed JSON ({str(error)[:200]})") from None


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line of a JSON Lines input, read but not yet parsed."""

    number: int
    where: str  # "feed.jsonl line 4": how messages name it
    data: bytes
    problem: str | None = None  # why the line cannot be used (it was over the cap); data is then empty

    def value(self) -> Any:
        """The line's JSON value; InputError naming the line when it is over the cap, not text or not JSON."""
        if self.problem is not None:
            raise InputError(self.where, self.problem)
        text = decode_bytes(self.where, self.data, len(self.data)).rstrip("\r\n")
        return load_json(text, self.where)


def json_lines(handle: IO[bytes], name: str, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[JsonLine]:
    """The non-blank lines of ``handle``, none held in memory beyond ``max_line_bytes``.

    A longer line is read in bounded pieces and dropped, and reading goes on after it; in a stream that is not
    a regular file (a pipe, /dev/zero) the line may never end, so it also ends the reading.
    """
    finite = _is_regular_file(handle)
    number = 0
    while data := handle.readline(max_line_bytes + 1):
        number += 1
        where = f"{name} line {number}"
        if len(data) <= max_line_bytes or data.endswith(b"\n"):
            if data.strip():
                yield JsonLine(number, where, data)
            continue
        problem = f"line over the size limit ({max_line_bytes:,} bytes)"
        if not finite:
            yield JsonLine(number, where, b"", f"{problem}; the rest of the stream is not read")
            return
        while data and not data.endswith(b"\n"):
            data = handle.readline(_DROP_CHUNK_BYTES)
        yield JsonLine(number, where, b"", problem)


def _is_regular_file(handle: IO[bytes]) -> bool:
    try:
        return stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return True  # an in-memory buffer (io.BytesIO): finite
