"""A sentence cut into a headline: its headline form (no dateline, opening time phrase, introduced quote or
trailing attribution), the test that a form or a cut reads as a headline, the cut where its main clause
ends, and the cut with "…" after a content word; with the word limits they keep to."""

from __future__ import annotations

import re

from quickread.digest.headline_titles import MIN_HEADLINE_WORDS, cut_run_on, title_case
from quickread.digest.standalone import Fitness, fitness
from quickread.text.event_dates import WEEKDAY_PATTERN

_TRAILING_ATTRIBUTION = re.compile(r",[^,]{0,80}\b(?:said|says|told|reported|announced)\b[^,]*$")
# A press release's dateline left in its first sentence: "Walnut Creek, CA – ", "WASHINGTON, D.C. — ",
# "RALEIGH, N.C. (Jan. 28, 2019) - ", "(Washington, D.C.) – ": up to five capitalised words, an optional
# parenthesis, then a dash.
_LEADING_DATELINE = re.compile(
    r"^(?:\([A-Z][\w.'’, ]{1,40}\)|[A-Z][\w.'’]*(?:[ ,]+[A-Z][\w.'’]*){0,4}\.?(?:\s*\([^()]{1,40}\))?)"
    r"(?:\s*[–—]+\s*|\s*-+\s+|\s+-+\s*)(?=[A-Z0-9“\"])"
)
_LEADING_TIME = re.compile(
    rf"^(?:(?:Today|Yesterday|Tonight|Earlier today|This (?:morning|afternoon|evening|week)|"
    rf"Last (?:week|night)|(?:On )?{WEEKDAY_PATTERN}(?:,? [A-Z][a-z]+\.? \d{{1,2}}(?:, \d{{4}})?)?),\s+"
    rf"|(?:Today|Yesterday)\s+(?=[A-Z]))"
)
# Phrases that open a circumstance (when, why, in answer to what) after a whole clause.
# "released the following statement" is no circumstance.
_CIRCUMSTANCE = re.compile(
    r"(?<!\bthe) (?:in response to|following|after|ahead of|during|in honor of|on behalf of) "
)
# A release's announcement that says only that there is a statement ("X released the following statement"):
# no headline by itself; what the statement is about comes after it ("... after voting no on H.R. 8").
_BARE_STATEMENT = re.compile(
    r"\b(?:the following|a|this) statements?(?: today| this \w+)?$|\bthe following$", re.IGNORECASE
)
# An opening adverbial clause ("Following a vote Friday, ...", "In an effort to keep children safe, ..."):
# the main clause after it is the news, and a cut before its comma would leave only the circumstance.
_LEADING_CLAUSE = re.compile(
    r"^(?:Following|After|Before|In|As|While|When|On|With|Despite|Since|Amid|Ahead of|Thanks to|Under)\b"
    r"[^,]{0,90},\s+(?=[A-Z])"
)
# The quote a statement introduces ("X released the following statement after ...: “The ...", or after a
# full stop the sentence splitter did not see: "... Kim Jung Un. “What happens ..."): the headline is the
# clause before it.
_INTRODUCED_QUOTE = re.compile(r"[:.]\s+[“\"]")
# Where a main clause ends and what only describes or adds to it begins: a relative or appositive clause
# after a comma or dash (", which ...", ", a resolution to ...", " – a historic bill ..."), a participle
# after a comma (", urging ..."), "where ..." after a noun, or a circumstance ("after ...", "in response
# to ..."). A cut there leaves a whole clause and needs no "…".
_CLAUSE_END = re.compile(
    r",\s+(?:which|who|whose|including|a|an|the|urging|calling|marking|making)\s"
    r"|\s+[–—-]+\s+|\s+where\s"
    r"|(?<!\bthe) (?:in response to|following|after|ahead of|during|in honor of|on behalf of) "
)
# A purpose ("... passed the Paycheck Fairness Act to give women ...", "... H.J.Res 46 to terminate ..."):
# after a name, a number or an amount, "to" and a verb add why; after "X joined Y" they say what was done.
_PURPOSE = re.compile(
    r"(?<=[A-Za-z0-9’']),?\s+to\s+(?!(?:the|a|an|his|her|its|their|our|this|that|these|those|be|date|"
    r"serve)\b)[a-z]"
)
# A verb whose object "to" + verb completes ("joined Y to introduce", "urging William Barr to", "invited
# students throughout the district to", "committing the House to"), with no "to" + verb after it yet.
_ASKS_WHOM = re.compile(
    r"\b(?:join|urg|ask|call|invit|commit|encourag|press|push|direct|order|allow|requir|help|lead|led|want|"
    r"told|tell|persuad|permit|authoriz|enabl|forc|expect|appoint|nominat|select|chose|choos)\w*\b"
    r"(?!.*\bto\s+[a-z])(?=.*$)"
)
_DASH = re.compile(r"\s[–—-]+\s")
_AMOUNT_OR_NAME = re.compile(r"^(?:[A-Z0-9$]|(?:million|billion|trillion)$)")
# What a clause cut may not end on: a word that needs what follows it.
_DANGLING_END = re.compile(
    r"\b(?:a|an|the|of|to|for|in|on|at|by|with|from|into|onto|upon|as|and|or|but|nor|that|which|who|whose|"
    r"his|her|its|their|our|this|these|those|is|was|are|were|be|been|than|regarding|about|against|between|"
    r"toward|towards|over|under|per|via|across|among|amid|including|such|after|before|following|during|"
    r"since|until|upon|without|within|through|throughout|like|unlike|whether|if|because|while|when|where)$",
    re.IGNORECASE,
)
# A preposition of several words ("in response to", "on behalf of", "ahead of"): no cut inside it.
_INSIDE_PREPOSITION = re.compile(
    r"(?:\b(?:in|on) \w+|\b(?:ahead|because|instead|regardless|prior|according|due|thanks|as well))"
    r" (?:to|of|as)$"
)
# A word that can be a finite verb of a press release's main clause: "passed", "was named", "held", "voted"
# (past tense in "-ed" or one of the common irregular ones). A clause cut must keep one: "Congressman James
# P. McGovern (D-MA)" before ", Chairman of ..." is only the subject.
_VERB = re.compile(
    r"\b(?:\w+ed|is|was|are|were|has|have|had|will|held|led|met|won|lost|made|put|sent|took|gave|got|"
    r"brought|sought|fought|wrote|spoke|read|chose|rose|left|paid|said|told|began|became|took|drew|hit|"
    r"cut|set|let|ran|came|went|saw|heard|found|kept|bought|built|meant|stood|sold|signs|passes|"
    r"introduces|announces|joins|votes|calls|urges|releases|issues)\b"
)
HEADLINE_MAX_WORDS = 14
# A whole sentence may run a little longer than a cut one: it needs no "…" and says all it meant to.
WHOLE_SENTENCE_MAX_WORDS = 16
# A whole clause (a sentence, or one cut where its main clause ends) is still preferred to a sentence cut
# with "…" up to this length: press-release subjects are long ("U.S. Representative Norma J. Torres (D-CA)"
# is six words), and on the 40 editor-judged demo stories an 18-word whole clause read as a headline where
# the 14-word cut did not. Words in brackets are not counted (see headline_words).
WHOLE_CLAUSE_MAX_WORDS = 18


def headline_words(text: str) -> int:
    """How long ``text`` reads, in words: a party and district tag ("(D-CA)", "(D-Los Angeles County)") is
    read at a glance, not as words."""
    return len(re.sub(r"\([^()]*\)", " ", text).split())


def reads_as_headline(text: str) -> bool:
    """``text`` (a sentence's headline form or a cut of it) reads as a headline: long enough, not a quote
    alone or a bare "X released the following statement", standing alone as an article's opening would
    (no "I", "our" or "He" that points back, no glued section label, balanced quote marks), not ending on a
    word that needs what follows."""
    return (
        MIN_HEADLINE_WORDS <= headline_words(text) <= WHOLE_CLAUSE_MAX_WORDS
        and not _quoted(text)
        and not _BARE_STATEMENT.search(text)
        and not _DANGLING_END.search(text)
        and (_VERB.search(text) is not None or title_case(text))
        and fitness(text + ".", opens_article=True) is Fitness.GOOD
    )


def whole_clause(form: str) -> str | None:
    """``form`` (a headline form) when short enough, else cut where its main clause ends; None when no cut
    leaves a whole clause that reads as a headline. The longest such cut wins: it says the most."""
    if reads_as_headline(form):
        return form
    ends = [m.start() for m in _CLAUSE_END.finditer(form)]
    ends += [m.start() for m in _PURPOSE.finditer(form) if _purpose_follows_a_name(form[: m.start()])]
    # "that" after a name, a number or a year describes it ("a budget proposal for fiscal year 2020 that
    # expands ..."); after a verb it opens what was said ("announced that he is hosting ...")
    ends += [
        m.start()
        for m in re.finditer(r" that ", form)
        if _AMOUNT_OR_NAME.match(form[: m.start()].split()[-1])
    ]
    for end in sorted(ends, reverse=True):
        head = form[:end].rstrip(" ,;")
        if (
            len(_DASH.findall(head)) % 2 == 0  # not inside a dash's aside ("bills – some bipartisan")
            and _VERB.search(head)
            and reads_as_headline(head)
        ):
            return head
    return None


def _purpose_follows_a_name(head: str) -> bool:
    """ "to" + verb after ``head`` says why (after a name, a number or an amount), not what was done ("X
    joined Y to introduce ...")."""
    last = head.split()[-1] if head.split() else ""
    last = last.rstrip(",")
    asked_whom = _ASKS_WHOM.search(head) is not None
    return bool(_AMOUNT_OR_NAME.match(last)) and not asked_whom and not last.endswith(")")


def headline_form(sentence: str) -> str:
    """The sentence as a headline: no dateline, opening time phrase, introduced quote, final stop or trailing
    attribution."""
    text = " ".join(sentence.replace("\u00ad", "").split())
    text = _LEADING_DATELINE.sub("", text, count=1)
    text = _LEADING_TIME.sub("", text, count=1)
    text = text[:1].upper() + text[1:]
    text = cut_run_on(text)
    quote = _INTRODUCED_QUOTE.search(text)
    if quote is not None and len(text[: quote.start()].split()) >= MIN_HEADLINE_WORDS:
        text = text[: quote.start()]
    text = text.rstrip(".") if not re.search(r"\b[A-Z]\.[A-Z]\.$", text) else text
    rest = _LEADING_CLAUSE.sub("", text, count=1)
    if len(rest.split()) >= MIN_HEADLINE_WORDS + 1:
        text = rest
    text = _TRAILING_ATTRIBUTION.sub("", text)
    return text[:1].upper() + text[1:]


def shorten(sentence: str) -> str:
    """Cut a sentence to a headline: its headline form, then cut at a clause boundary."""
    text = headline_form(sentence)
    words = text.split()
    if len(words) <= HEADLINE_MAX_WORDS:
        return text
    # "X released the following statement after voting no on H.R. 8: “...”": the clause before the colon
    introduced = text.split(":", 1)[0]
    if ":" in text and MIN_HEADLINE_WORDS <= len(introduced.split()) <= WHOLE_SENTENCE_MAX_WORDS:
        return introduced
    head = " ".join(words[:HEADLINE_MAX_WORDS])
    # Before a phrase that only adds circumstance, the clause is whole: "X released the following statement"
    # | "in response to ...".
    found = [m.start() for m in _CIRCUMSTANCE.finditer(head) if m.start() > len(head) // 2]
    if found and not _BARE_STATEMENT.search(head[: found[-1]]):
        return head[: found[-1]]
    # Else cut where a clause or phrase ends, and say it was cut: "Congressman X (TX-28), a member of the
    # Blue Dog Coalition" reads as whole but is not.
    cut = max(head.rfind(","), head.rfind(";"), head.rfind(" – "), head.rfind(" — "))
    if cut > len(head) // 2:
        return head[:cut] + "…"
    return _cut_before_function_word(text) + "…"


def _cut_before_function_word(text: str) -> str:
    """``text`` cut after at most HEADLINE_MAX_WORDS words (a bracketed tag counts none), after a content word
    and before a function word ("... from lifting economic sanctions | on North Korea"), never on a word that
    needs what follows ("... regarding his opposition to…"); after HEADLINE_MAX_WORDS words when no such
    place lies in the second half."""
    words = text.split()
    counted, depth, cut, last = 0, 0, 0, 0
    for i, word in enumerate(words):
        if depth == 0 and not word.startswith("("):
            counted += 1
        depth = max(0, depth + word.count("(") - word.count(")"))
        if counted > HEADLINE_MAX_WORDS:
            break
        last = i + 1
        following = words[i + 1] if i + 1 < len(words) else ""
        bare = word.rstrip(",;:")
        # after a content word that is no verb: "... Pelosi announced | the ..." leaves out what was announced
        if (
            depth == 0
            and _DANGLING_END.search(following)
            and not _DANGLING_END.search(bare)
            and not _VERB.fullmatch(bare)
            and not _BARE_STATEMENT.search(" ".join(words[: i + 1]))
            and not _INSIDE_PREPOSITION.search(" ".join(words[: i + 2]))
        ):
            cut = i + 1
    if cut <= last // 2:
        cut = last
        while cut > HEADLINE_MAX_WORDS // 2 and _DANGLING_END.search(words[cut - 1]):
            cut -= 1
    return " ".join(words[:cut]).rstrip(",;:")


def _quoted(text: str) -> bool:
    """A quotation alone is no headline: without its speaker it reads as the page's own claim."""
    return text[:1] in "“\"‘'"
