"""A "sentence" with no full stop for pages on end: cut into bounded pieces, digested in seconds."""

from __future__ import annotations

import time

from quickread.analyze.models import load_models
from quickread.pipeline import quick_read
from quickread.text.article import build_article
from quickread.text.sentences import MAX_SENTENCE_CHARS, ends_sentence, sentence_spans


def test_sentence_spans_cut_a_sentence_without_full_stops() -> None:
    paragraph = "Officials said " + ", ".join(f"{n} troops" for n in range(150_000)) + " were sent."
    assert len(paragraph) > 1_000_000
    started = time.perf_counter()
    spans = sentence_spans(paragraph)
    assert time.perf_counter() - started < 5
    assert max(span.end - span.start for span in spans) <= MAX_SENTENCE_CHARS
    pieces = [paragraph[span.start : span.end] for span in spans]
    assert all(piece == piece.strip() and piece for piece in pieces)
    assert " ".join(pieces) == paragraph  # cut at spaces only: no character lost
    assert not any(ends_sentence(piece) for piece in pieces[:-1])
    # a real long sentence is left whole
    real = "The council said " + ", ".join(f"{n} families" for n in range(100)) + " were moved."
    assert [(s.start, s.end) for s in sentence_spans(real)] == [(0, len(real))]


def test_a_giant_sentence_is_cut_and_digested_in_seconds() -> None:
    models = load_models()
    text = "Officials said " + ", ".join(f"{n % 97 + 2} troops" for n in range(4000)) + " were sent."
    first = build_article(id="a", raw_text="Troops\n\n" + text, title="Troops", source="Outlet A")
    second = build_article(
        id="b",
        raw_text="Troops\n\n" + text.replace("Officials", "Ministers"),
        title="Troops",
        source="Outlet B",
    )
    assert len(text) > 40_000 and len(first.sentences) > 10
    started = time.perf_counter()
    digest = quick_read([first, second], models=models)
    assert time.perf_counter() - started < 20  # 34 s on an idle box before (minutes on a busy one)
    assert all(len(point.text) <= MAX_SENTENCE_CHARS for point in digest.key_points)
