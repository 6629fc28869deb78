"""The work folder of an archive run (``DIR/_work``): every stage's finished parts, so that a rerun after a
crash or a kill resumes from them, and files written so that a part is either whole or absent.

Workers read and write it by path, so on a cluster of several machines ``DIR`` must be a folder that every
worker sees at the same path (a shared file system).
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

WORK = "_work"


def work_path(out: str | Path, *parts: str) -> Path:
    return Path(out, WORK, *parts)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it: a killed writer leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_pickle(path: Path, value: object) -> None:
    write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def load_pickle(path: Path) -> Any:
    # Only files this program wrote into its own work folder are unpickled.
    with path.open("rb") as file:
        return pickle.load(file)


def append_frame(path: Path, value: object) -> None:
    """Append one pickled frame; ``frames`` reads them back in order."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as file:
        pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)


def frames(path: Path) -> Iterator[Any]:
    with path.open("rb") as file:
        while True:
            try:
                yield pickle.load(file)
            except EOFError:
                return


def save_json(path: Path, value: object) -> None:
    write_atomically(path, json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8"))


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def clear(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
