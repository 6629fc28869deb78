"""The words and patterns of an attribution ("X said", "said X", "according to X"), the outlets."""

from __future__ import annotations

import re

from quickread.analyze.names import alias_key

VERB = (
    r"(?:said|says|say|added|adds|told|tells|wrote|writes|stated|explained|noted|continued|argued|insisted|"
    r"warned|asked|replied|declared|announced|tweeted|posted|commented|remarked|acknowledged|admitted|"
    r"claimed|stressed|urged|recalled|concluded|responded|cautioned|predicted|promised|vowed|conceded|"
    r"complained|observed|emphasi[sz]ed|reiterated|confirmed|spoke|(?:was|were|is|are) quoted as saying|"
    # session 7: the present tense of feature writing ("notes Adelman", "she recalls") and verbs of
    # manner ("Colbert teased", "ripped Rep. ..."); "recalls him saying" is guarded (``QUOTING_ANOTHER``).
    # Audit: 6 withheld quotes gained their right speaker, no wrong one.
    r"notes|explains|argues|contends|contended|insists|warns|admits|claims|recalls|asks|replies|agreed|"
    r"concurred|joked|jokes|quipped|teased|cried|shouted|yelled|pleaded|boasted|testified|ripped)"
)
# "“...,” she recalls him saying", "he heard her say": the words are the other person's.
QUOTING_ANOTHER = re.compile(
    r"\s+(?:him|her|them|[A-Z][\w'’-]*)\s+(?:saying|say|said|tell|telling|asking|ask)\b"
)
_NP = r"[^,;:“”\"‘()]{1,90}?"  # ’ stays: it is the possessive in "the minister’s office"
# "“...,” a statement from the prime minister’s office said." / "“...,” said Smith, the spokesman."
# "X has said “...”", "X had argued Tuesday “...”": the auxiliary belongs to the verb, not to the speaker's
# phrase (before a quote only: after one, "“Title,” Meyer has insisted that ..." starts a new sentence).
_BEFORE_VERB = r"(?:also |later |then |further |has |had |have )?"
# "“...,” Catherine Ashton, the EU foreign policy chief, said": the name, its apposition, the verb. With the
# asides and the auxiliaries below, 10 withheld audit quotes gained their right speaker, no wrong one.
_APPOSITION = r"(?:,\s*(?P<apposition>[^,;:“”\"‘()]{1,100}),)?"
AFTER_SPEAKER_VERB = re.compile(
    rf"^[,.!?]?\s*(?P<np>{_NP}){_APPOSITION},?\s+(?:also |later |then |further )?{VERB}\b"
)
# The phrase ends at a comma, a preposition, a bracket or the sentence's end; a full stop before more words
# is an abbreviation inside the name ("said D.C. Council member Phil Mendelson", "said Mayor Stephanie A.
# Miner"), the sentence ending after it (audit: 2 gained, and 9 unjudged speakers cut at an initial made
# whole).
AFTER_VERB_SPEAKER = re.compile(
    rf"^[,.!?]?\s*{VERB}\s+(?P<np>{_NP})(?=\s+(?:on|in|at|during|to|after)\b|\s*\(|[,;]|\.(?!\s*\w)|\s*$)"
)
# "“...” — Claire Danes, asked how ...": a name after a dash signs the quote.
AFTER_DASH_NAME = re.compile(r"^[,.!?]?\s*[—–]\s*(?P<np>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)+)(?=[,.;]|\s*$)")
ACCORDING_TO = re.compile(rf"[Aa]ccording to\s+(?P<np>{_NP})(?=[,.;]|\s*$)")
# "Sudani said:" / "He added that" / "Sudani said Friday that the U.S. had ..., which is “"
BEFORE_SPEAKER_VERB = re.compile(rf"(?P<np>{_NP}),?\s+{_BEFORE_VERB}{VERB}\b")
NP_EDGE_WORDS = re.compile(r"^(?:and|but|that|while|as|so|then|however|meanwhile)\s+", re.IGNORECASE)
_OUTLETS = {"nbc", "bbc", "cnn", "reuters", "ap", "afp", "cbs", "abc", "fox news", "associated press"}
_OUTLETS |= {"new york times", "washington post", "guardian", "nbc news", "cbs news", "abc news"}
# A party tag or an age set in a speaker's name: "Rep. Raul Grijalva (D-AZ)", "Brad Fischetti, 43,".
_ASIDE = re.compile(r"(?<=[\w.]) \([DRI]-[\w .-]{1,20}\)|(?<=[a-z]), \d{1,3}(?=,|$)")
# Before a full stop, these make it a title's or an initial's, not a sentence's end ("Lt. Jon Hubbard").
NOT_AFTER_TITLE = (
    r"(?<!\b(?:Mr|Ms|Dr|St|Lt|Jr|Sr))(?<!\b(?:Mrs|Sen|Rep|Gov|Gen|Col|Adm|Sgt))(?<!\bCapt)(?<!\b[A-Z])"
)
POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "its", "our", "my", "your"})
# An article or a possessive before a word: "the University", "her Miss Delaware contract", "the claims".
ARTICLES_AND_POSSESSIVES = frozenset({"the", "a", "an"}) | POSSESSIVE_DETERMINERS
DETERMINERS = {"a", "an", "the", "one", "two", "three", "several", "some", "many", "another", "his", "her"}


def without_asides(text: str) -> str:
    """The text with a party tag ("Steny Hoyer (D-Md.)") and an age ("Fischetti, 43,") blanked out, offsets
    kept: the attribution patterns then read "said Steny Hoyer, the bill's author" and "Fischetti said"."""
    return _ASIDE.sub(lambda aside: " " * len(aside.group(0)), text)


def is_outlet(phrase: str) -> bool:
    """News media an article credits for its information: not the speaker of a quote."""
    return alias_key(phrase) in _OUTLETS or phrase.split()[-1].lower() in ("media", "reports", "reported")
