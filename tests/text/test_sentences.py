from __future__ import annotations

import json

from conftest import DEMO_CORPUS
from quickread.text.article import build_article
from quickread.text.sentences import sentence_spans


def _sentences(paragraph: str) -> list[str]:
    return [paragraph[s.start : s.end] for s in sentence_spans(paragraph)]


def test_abbreviations_dates_and_initials_stay_inside_sentences() -> None:
    text = (
        "The U.S. military said on Jan. 5 at 3 a.m. that Lt. Gen. J.R. Smith had arrived. "
        "Since Oct. 7, a group has carried out more than 100 attacks on U.S. bases. "
        "He left."
    )
    assert _sentences(text) == [
        "The U.S. military said on Jan. 5 at 3 a.m. that Lt. Gen. J.R. Smith had arrived.",
        "Since Oct. 7, a group has carried out more than 100 attacks on U.S. bases.",
        "He left.",
    ]


def test_offices_bills_and_bracketed_states_end_no_sentence() -> None:
    # the congress demo's releases: nupunkt split "WASHINGTON - U.S. | Senator Debbie Stabenow ..."
    text = (
        "WASHINGTON - U.S. Senator Debbie Stabenow (D-MI) met U.N. Secretary General Ban Ki-moon. "
        "The House voted on H.J.Res. 46 and on H.R. 8 on Tuesday. "
        "Prices rose fast in the U.S. The rest of the world followed. "
        "Sens. Mike Rounds (R-S.D.) and John Thune (R-S.D.), and Gov. Kristi Noem (R-S.D.) spoke."
    )
    assert _sentences(text) == [
        "WASHINGTON - U.S. Senator Debbie Stabenow (D-MI) met U.N. Secretary General Ban Ki-moon.",
        "The House voted on H.J.Res. 46 and on H.R. 8 on Tuesday.",
        "Prices rose fast in the U.S.",
        "The rest of the world followed.",
        "Sens. Mike Rounds (R-S.D.) and John Thune (R-S.D.), and Gov. Kristi Noem (R-S.D.) spoke.",
    ]


def test_a_quote_that_ends_a_sentence_ends_it() -> None:
    text = (
        "Sudani said the U.S. had bypassed the government, which is “the body authorized to impose the law.” "
        "He added that the force was part of the state."
    )
    sentences = _sentences(text)
    assert len(sentences) == 2
    assert sentences[0].endswith("law.”")


def test_sentence_offsets_point_into_the_article_text_on_the_whole_demo_corpus() -> None:
    for line in DEMO_CORPUS.read_text(encoding="utf-8").splitlines()[:120]:
        record = json.loads(line)
        article = build_article(id=record["id"], raw_text=record["text"], title=record["title"])
        assert article.sentences, record["id"]
        for sentence in article.sentences:
            assert article.text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip()
