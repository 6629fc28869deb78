"""Numbers with what they count: "900 troops in Syria", "nearly 100 people killed", "$5 million", "12%".

Rules over the text, no model: a number (digits or words), the qualifier before it, and the noun after it
(or the casualty verb before it: "killed 84"). A count whose unit cannot be read is dropped rather than
guessed, except when it continues a list ("900 troops in Syria and 2,500 in Iraq").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quickread.model import Article, Citation, Figure, FigureKind, Sentence

_WORD_VALUES = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a thousand": 1000, "a dozen": 12, "dozen": 12,
}  # fmt: skip
_VAGUE = ("dozens", "hundreds", "thousands", "millions", "scores")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_QUALIFIERS = {
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "about": "about", "around": "about",
    "roughly": "about", "approximately": "about", "some": "about", "an estimated": "about",
    "more than": "more than", "over": "more than", "at least": "at least", "up to": "up to",
    "as many as": "up to", "less than": "less than", "fewer than": "less than", "under": "less than",
    "at most": "up to",
}  # fmt: skip
_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "dollars": "USD", "euros": "EUR", "pounds": "GBP"}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WORDS = "|".join(sorted((w for w in _WORD_VALUES if " " not in w), key=len, reverse=True))
_QUALIFIER = "|".join(sorted(_QUALIFIERS, key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w.,/$€£-])(?:(?P<qual>{_QUALIFIER})\s)?(?P<cur>[$€£])?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|a hundred|a thousand|a dozen|{_WORDS}|"
    rf"{'|'.join(_VAGUE)})(?P<scale>\s(?:thousand|million|billion|trillion))?"
    rf"(?P<pct>\s?%|\s(?:percent|per cent))?(?![\w-]|:\d|\.\d)",
    re.IGNORECASE,
)
_DATE = re.compile(
    rf"\b{_MONTH}\s\d{{1,2}}(?:,\s\d{{4}})?\b|\b\d{{1,2}}\s{_MONTH}(?:\s\d{{4}})?\b|\b{_MONTH}\s\d{{4}}\b"
)
_AGO = re.compile(
    rf"\b(?P<num>a|an|one|{_WORDS}|\d+)\s(?P<unit>years?|months?|weeks?|days?|decades?|hours?)\sago\b",
    re.IGNORECASE,
)
_YEAR_BEFORE = re.compile(
    r"(?:\b(?:in|since|of|by|until|from|during|the|early|late|mid|before|after)|,)\s$", re.I
)
_NOT_UNIT = set(
    [
        "in",
        "of",
        "on",
        "at",
        "and",
        "or",
        "to",
        "the",
        "a",
        "an",
        "were",
        "was",
        "are",
        "is",
        "be",
        "been",
        "have",
        "has",
        "had",
        "who",
        "that",
        "which",
        "from",
        "by",
        "for",
        "with",
        "as",
        "more",
        "than",
        "per",
        "times",
        "than",
        "but",
        "if",
        "when",
        "while",
        "after",
        "before",
        "during",
        "into",
        "over",
        "under",
        "since",
        "until",
        "this",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "your",
        "it",
        "they",
        "he",
        "she",
        "we",
        "you",
        "i",
        "would",
        "will",
        "could",
        "should",
        "can",
        "may",
        "might",
        "did",
        "do",
        "does",
        "not",
        "no",
        "also",
        "each",
        "among",
        "between",
        "percent",
    ]
)
_CASUALTY = {"killed", "dead", "injured", "wounded", "missing", "arrested", "displaced", "evacuated", "died"}
_CASUALTY_BEFORE = re.compile(r"\b(?P<verb>killed|killing|injured|injuring|wounded|wounding|left)\s$")
_AM_PM = re.compile(r"\s?(?:a\.m\.|p\.m\.|am\b|pm\b)", re.IGNORECASE)
_PLACE_AFTER = re.compile(r"\s(?:in|at)\s(?:the\s)?[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)*")
_LIST_JOIN = re.compile(r"^[\s\w.'’-]{0,40}(?:,|\band)\s$")


@dataclass(frozen=True, slots=True)
class _Unit:
    text: str
    end: int  # sentence-relative end of the unit words


def find_figures(article: Article) -> list[Figure]:
    figures: list[Figure] = []
    for sentence in article.sentences:
        figures.extend(_sentence_figures(article, sentence))
    return figures


def _sentence_figures(article: Article, sentence: Sentence) -> list[Figure]:
    text = sentence.text
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for match in _DATE.finditer(text):
        taken.append(match.span())
        found.append(
            _figure(article, sentence, match.start(), match.end(), None, FigureKind.DATE, "date", None)
        )
    for match in _AGO.finditer(text):
        taken.append(match.span())
        value = _number_value(match.group("num"))
        unit = match.group("unit").rstrip("s") + "s ago"
        found.append(
            _figure(article, sentence, match.start(), match.end(), value, FigureKind.TIME, unit, None)
        )
    last_count: Figure | None = None
    for match in _NUMBER.finditer(text):
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        if _AM_PM.match(text, match.end()):
            continue
        figure = _number_figure(article, sentence, match, last_count)
        if figure is not None:
            found.append(figure)
            if figure.kind == FigureKind.COUNT:
                last_count = figure
    return sorted(found, key=lambda f: f.citation.start)


def _number_figure(
    article: Article, sentence: Sentence, match: re.Match[str], previous: Figure | None
) -> Figure | None:
    text = sentence.text
    raw = match.group("num")
    value = _number_value(raw)
    if value is not None and match.group("scale"):
        value *= _SCALES[match.group("scale").strip().lower()]
    qualifier = _QUALIFIERS.get((match.group("qual") or "").lower())
    start, end = match.start(), match.end()
    if match.group("pct"):
        return _figure(article, sentence, start, end, value, FigureKind.PERCENT, "%", qualifier)
    if match.group("cur"):
        currency = _CURRENCIES[match.group("cur")]
        return _figure(article, sentence, start, end, value, FigureKind.MONEY, currency, qualifier)
    is_year = raw.isdigit() and len(raw) == 4 and 1800 <= int(raw) <= 2100 and not qualifier
    if is_year and (_YEAR_BEFORE.search(text, 0, start) or not _unit_after(text, end)):
        return _figure(article, sentence, start, end, value, FigureKind.DATE, "year", None)
    unit = _unit_after(text, end)
    if unit is not None and unit.text in _CURRENCIES:
        return _figure(article, sentence, start, unit.end, value, FigureKind.MONEY, _CURRENCIES[unit.text],
                       qualifier)  # fmt: skip
    casualty = _CASUALTY_BEFORE.search(text, max(0, start - 12), start)
    if unit is None and casualty and casualty.group("verb") != "left":
        return _figure(article, sentence, start, end, value, FigureKind.COUNT, "killed" if "kill" in
                       casualty.group("verb") else casualty.group("verb"), qualifier)  # fmt: skip
    if unit is None:
        if previous is None or not _LIST_JOIN.match(text[previous.citation.end - sentence.start : start]):
            return None
        unit = _Unit(previous.unit, end)  # "900 troops in Syria and 2,500 in Iraq": troops again
    elif casualty and casualty.group("verb") != "left" and unit.text.split()[-1] not in _CASUALTY:
        unit = _Unit(f"{unit.text} killed" if "kill" in casualty.group("verb") else unit.text, unit.end)
    if raw.lower() in _VAGUE and not text.startswith(" of", end):
        return None
    place = _PLACE_AFTER.match(text, unit.end)
    phrase_end = place.end() if place else unit.end
    phrase_start = casualty.start() if casualty and casualty.group("verb") != "left" else start
    return _figure(article, sentence, start, phrase_end, value, FigureKind.COUNT, unit.text, qualifier,
                   number_end=end, phrase_start=phrase_start)  # fmt: skip


def _unit_after(text: str, end: int) -> _Unit | None:
    """The counted noun after a number: one word, plus a casualty participle ("people killed")."""
    position = end
    if text.startswith(" of ", position):  # "dozens of people", "hundreds of the protesters"
        position += 3
        if text.startswith(" the ", position):
            position += 4
    words = list(re.finditer(r"\s([A-Za-z][\w'’-]*)", text[position : position + 60]))
    if not words or words[0].start() != 0:
        return None
    head = words[0].group(1)
    at = 0
    if head[:1].isupper() and len(words) > 1 and words[1].start() == words[0].end():
        at, head = 1, words[1].group(1)  # one capitalised modifier: "900 U.S. troops"
    if at == 1 and head in _CASUALTY:  # "eight Mexicans died": the capitalised word is what is counted
        at, head = 0, f"{words[0].group(1)} {head}"
        return _Unit(head, position + words[1].end())
    if head.lower() in _NOT_UNIT or not head[:1].islower():
        return None
    if head in ("square", "cubic") and len(words) > at + 1:  # "160 square miles"
        return _Unit(f"{head} {words[at + 1].group(1)}", position + words[at + 1].end())
    unit_end = position + words[at].end()
    unit = head
    following = words[at + 1] if len(words) > at + 1 else None
    if following and following.start() == words[at].end() and following.group(1) in _CASUALTY:
        unit, unit_end = f"{head} {following.group(1)}", position + following.end()
    return _Unit(unit, unit_end)


def _number_value(raw: str) -> float | None:
    low = raw.lower()
    if low in _WORD_VALUES:
        return float(_WORD_VALUES[low])
    if low in ("a", "an", "one"):
        return 1.0
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None  # "dozens": a quantity without a value


def _figure(
    article: Article,
    sentence: Sentence,
    start: int,
    end: int,
    value: float | None,
    kind: FigureKind,
    unit: str,
    qualifier: str | None,
    number_end: int | None = None,
    phrase_start: int | None = None,
) -> Figure:
    """A figure whose number is text[start:number_end] and whose phrase runs from phrase_start to end."""
    base = sentence.start
    phrase_start = start if phrase_start is None else phrase_start
    text = sentence.text[start : number_end if number_end is not None else end]
    citation = Citation(article.id, sentence.index, base + phrase_start, base + end)
    return Figure(
        text=text,
        value=value,
        unit=unit,
        qualifier=qualifier,
        citation=citation,
        kind=kind,
        phrase=sentence.text[phrase_start:end],
        sentence_text=sentence.text,
    )
