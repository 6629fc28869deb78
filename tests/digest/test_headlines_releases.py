"""Headlines of untitled and press-release stories: whole clauses over cuts, titles without their decks.

Texts are openings and titles of real congressional releases (demo/congress_press_2019q1, public domain),
shortened where the rest plays no part.
"""

from __future__ import annotations

import time

from quickread.digest.build import digest
from quickread.digest.headline import sentence_headline
from quickread.digest.headline_cuts import shorten, whole_clause
from quickread.digest.headline_titles import title_headline
from quickread.text.article import build_article


def test_a_release_title_ends_before_its_deck() -> None:
    # a deck in sentence case
    assert title_headline(
        "Rounds, Colleagues Introduce Bipartisan Legislation to Protect Veterans’ Economic Security "
        "Bipartisan reform amends current bankruptcy law to better support veterans and their families"
    ) == ("Rounds, Colleagues Introduce Bipartisan Legislation to Protect Veterans’ Economic Security")
    # a deck that opens with a person
    assert title_headline(
        "Isakson, Perdue, Carter Secure Full Funding for Savannah Harbor Deepening President Trump’s budget "
        "keeps Savannah Harbor Expansion Project on track in 2020"
    ) == ("Isakson, Perdue, Carter Secure Full Funding for Savannah Harbor Deepening")
    # a deck in title case that opens with the title's own name again
    assert title_headline(
        "Senator David Perdue Announces Committee Assignments For 116th Congress Perdue To Continue Serving "
        "On Armed Services, Banking, Budget, Agriculture Committees"
    ) == ("Senator David Perdue Announces Committee Assignments For 116th Congress")
    # a sentence-case title keeps its lower-case words
    assert title_headline("Conservative groups hold rally in Washington claiming elections were stolen") == (
        "Conservative groups hold rally in Washington claiming elections were stolen"
    )


def test_a_pull_quote_is_no_title() -> None:
    assert (
        title_headline(
            "“I have two children. I want them safe at school, at work, and in our community.” share: f t"
        )
        is None
    )


def test_a_title_yields_to_another_that_is_its_deck_or_shorter() -> None:
    text = "Washington, D.C. – Today, the House passed S. 47, the Natural Resources Management Act."
    gardner = build_article(
        id="gardner",
        raw_text=text,
        title="House Passes Gardner-Led Public Lands Package Bill Heads to President’s Desk to be Signed "
        "into Law",
    )
    burr = build_article(
        id="burr",
        raw_text="Senator Richard Burr praised the House vote to save the Land and Water Conservation Fund.",
        title="Burr Praises House Vote to Save Land and Water Conservation Fund",
    )
    assert (
        digest([gardner, burr]).headline == "Burr Praises House Vote to Save Land and Water Conservation Fund"
    )
    maloney = build_article(
        id="maloney",
        raw_text="Congresswoman Carolyn Maloney sent a letter on official funds for hygiene products.",
        title="Maloney Denied Use of Official Funds to Purchase Feminine Hygiene Products in June Letter "
        "Also Asks House Admin to Make Such Products Available in House Office Supply Store",
    )
    deck = build_article(
        id="deck",
        raw_text="Congresswoman Carolyn Maloney asked House Administration to stock hygiene products.",
        title="Letter Also Asks House Admin to Make Such Products Available in House Office Supply Store",
    )
    assert digest([maloney, deck]).headline == (
        "Maloney Denied Use of Official Funds to Purchase Feminine Hygiene Products in June"
    )


def test_a_statement_headline_is_the_clause_before_its_quote() -> None:
    dingell = (
        "Today, Congresswoman Debbie Dingell (D-MI) made the following statement after shootings at mosques "
        "in New Zealand: “Unprecedented act of violence in another house of worship."
    )
    assert sentence_headline([dingell], dingell) == (
        "Congresswoman Debbie Dingell (D-MI) made the following statement after shootings at mosques in New "
        "Zealand"
    )
    # a quote after a full stop the splitter did not see
    gallego = (
        "Rep. Ruben Gallego (D-AZ) released the following statement on the summit. “What happens in Korea "
        "affects us and the entire world."
    )
    assert sentence_headline([gallego], gallego) == (
        "Rep. Ruben Gallego (D-AZ) released the following statement on the summit"
    )


def test_an_opening_cut_where_its_main_clause_ends_needs_no_ellipsis() -> None:
    # a purpose after a name
    assert whole_clause(
        "The House of Representatives passed the Paycheck Fairness Act to give women the tools they need to "
        "ensure they earn equal pay for equal work"
    ) == ("The House of Representatives passed the Paycheck Fairness Act")
    # a dash's aside is left out whole, not cut inside
    assert whole_clause(
        "Congresswoman Debbie Dingell (D-MI) and the Health Subcommittee passed a dozen bills – some "
        "bipartisan – that will lower prescription drug prices and make healthcare more affordable"
    ) == ("Congresswoman Debbie Dingell (D-MI) and the Health Subcommittee passed a dozen bills")
    # "that" after a year describes it
    assert whole_clause(
        "Congresswoman Debbie Dingell (D-MI) released the following statement after the President released a "
        "budget proposal for fiscal year 2020 that expands the deficit and military spending"
    ) == (
        "Congresswoman Debbie Dingell (D-MI) released the following statement after the President released a "
        "budget proposal for fiscal year 2020"
    )
    # an appositive after the subject leaves no clause: no cut
    assert (
        whole_clause(
            "Congressman James P. McGovern (D-MA), Chairman of the House Rules Committee, joined nearly 240 "
            "other Members of Congress in introducing the Equality Act of 2019 – a historic bill to state "
            "unequivocally that LGBTQ Americans deserve the full protections"
        )
        is None
    )
    # "X joined Y to introduce ...": what was done comes after "to"
    assert (
        whole_clause(
            "Congresswoman Elise Stefanik joined Representative Kathleen Rice to introduce the Younger Onset "
            "Alzheimer’s Act, which would allow Americans living with younger onset Alzheimer’s to access "
            "support services"
        )
        == "Congresswoman Elise Stefanik joined Representative Kathleen Rice to introduce the Younger Onset "
        "Alzheimer’s Act"
    )


def test_a_background_sentence_in_the_lede_is_no_headline() -> None:
    mcgovern = build_article(
        id="mcgovern",
        raw_text=(
            "Today, Congressman James P. McGovern (D-MA), Chairman of the House Rules Committee, joined "
            "nearly 240 other Members of Congress in introducing the Equality Act of 2019 – a historic bill "
            "to state unequivocally that LGBTQ Americans deserve the full protections guaranteed by the "
            "landmark Civil Rights Act of 1964. The Equality Act extends anti-discrimination protections to "
            "LGBTQ Americans with regard to employment, education, access to credit, jury service, federal "
            "funding, housing, and public accommodations."
        ),
    )
    davis = build_article(
        id="davis",
        raw_text=(
            "U.S. Rep. Susan Davis (CA-53) joined nearly 240 House members in proudly introducing the "
            "Equality Act (H.R. 5). The Equality Act extends anti-discrimination protections to LGBTQ "
            "Americans with regard to employment, education, access to credit, jury service, federal "
            "funding, housing, and public accommodations."
        ),
    )
    result = digest([mcgovern, davis])
    assert result.headline_article is None
    assert result.headline == (
        "U.S. Rep. Susan Davis (CA-53) joined nearly 240 House members in proudly introducing the Equality "
        "Act (H.R. 5)"
    )


def test_a_sentence_split_after_a_bill_prefix_is_no_whole_headline() -> None:
    boyle = (
        "Congressman Brendan F. Boyle (PA-02) released the following statement upon the bipartisan passage "
        "of H.J.Res."
    )
    beyer = (
        "Rep. Beyer this evening voted for H.J. Res. 46, a Joint Resolution sponsored by Rep. Joaquin Castro "
        "(D-TX) to overturn President Trump’s declaration of a national emergency."
    )
    assert sentence_headline([boyle, beyer], boyle) == "Rep. Beyer this evening voted for H.J. Res. 46"


def test_a_cut_with_an_ellipsis_ends_after_a_content_word() -> None:
    assert shorten(
        "Congressman Brendan F. Boyle (PA-02) reintroduced his bill prohibiting President Trump from lifting "
        "economic sanctions on North Korea absent certification that it is improving its human rights record."
    ) == (
        "Congressman Brendan F. Boyle (PA-02) reintroduced his bill prohibiting President Trump from lifting "
        "economic sanctions…"
    )
    # never inside "in response to", never right after the statement it is about
    assert shorten(
        "Representative Sean Patrick Maloney (NY-18) released the following statement in response to the "
        "Environmental Protection Agency’s announcement on drinking water standards."
    ) == (
        "Representative Sean Patrick Maloney (NY-18) released the following statement in response to the "
        "Environmental Protection…"
    )


def test_a_long_hostile_opening_is_cut_fast() -> None:
    # many clause ends and dashes in one sentence: every cut is tried, and it stays linear enough
    sentence = "Congressman X (AB-01) passed the Y Act – " + ", which passed the Z Act – " * 2000 + "end."
    started = time.perf_counter()
    result = sentence_headline([sentence], sentence)
    assert time.perf_counter() - started < 2.0
    assert result.endswith("…") or len(result.split()) <= 18
