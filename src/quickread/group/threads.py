"""Threads: the stories of one developing matter on different days (the shutdown, then the vote that ends it).

A story is one event; its follow-ups are stories of their own. ``thread_links`` says which stories of a
period continue one another. Precision first: a wrong "Earlier in this thread" is a claim the page makes,
and saying much the same words is not enough (two storms, two offices' art competitions, two bills on PFAS
all read alike). So a link needs the two stories to name the same specific thing, centrally (in an
article's headline or opening):

- the same bill or resolution ("H.R. 8", "S. 47", "H.J.Res. 46", "S.Res. 12", however written), or
- SHARED_RARE_NAMES of the same rare proper names: names that at most RARE_STORIES stories of those weeks
  name anywhere (a storm and the island it nears, a company and its plant's town, a court case's
  parties), never a word any article of the period writes in lower case, a date, a member's party and
  state, or a word of an outlet's own name or furniture (a member's town, committee or press contact);

and, as well, their articles must say enough of the same (SAME_MATTER).

Links are direct judgements, pair by pair, never chained: a reader who follows "Earlier in this thread" from
the Senate vote reaches the House vote, and from there the bill's introduction, but no page claims that the
vote continues a story only a chain of links connects it to.

Pure: no I/O, no clock. The caller gives every live story of the period (merged stories have gone into the
story they merged with and are not given), each with its articles as ``thread_article`` reads them; the
term weights and the rarity of names are those of the stories given.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from quickread.group.features import ArticleTerms, CorpusStatistics, SparseVector, article_terms, stem
from quickread.model import Article

# Similarity = WORD_SHARE x word cosine + (1 - WORD_SHARE) x name-and-number cosine of the two stories' mean
# article vectors: grouping's mix (GroupOptions.word_share), so a thread weighs "who and where" as an event
# does.
WORD_SHARE = 0.6
# The similarity two stories that name the same specific thing still need: a modest bar, since the shared
# bill or names carry the decision. Set on the demo as `make run` builds it (1,867 live stories) by reading
# every pair sharing a bill or rare names: below 0.25 they were mostly chance (a town two offices' releases
# mention, a contact, an agency), while the bill stages (introduction, votes, signing) mostly score 0.25-0.85.
SAME_MATTER = 0.25
# A name is rare when at most this many stories name it anywhere among those first reported within
# THREAD_DAYS of both stories (the two themselves included): a storm, a plant or a case is named by the few
# stories about it, while a name in more stories is a person or a body in the news for many matters
# ("Mnuchin", "Venezuela", "EPA") or a subject shared by separate matters ("PFAS").
RARE_STORIES = 3
# Rare names two stories must share centrally when they share no bill. One is not enough: read on the demo,
# a single shared rare name was as often chance as one matter (a press contact, a town, an agency's
# acronym, a reporter's name in two interviews, an office's subcommittee); two (Sterigenics and
# Willowbrook, Humberto and Bermuda, Rusal and EuroSibEnergo) seldom are.
SHARED_RARE_NAMES = 2
# What is central to an article: its headline, and the opening sentences of its text up to this many words
# (a lede is 25-45 words; a press release may put a dateline or a contact line before it). What is central
# to one of a story's articles is central to the story.
OPENING_WORDS = 60
# A follow-up more than this many days after the story it continues is a new chapter the reader reaches
# through the stories in between (each links to its neighbours in time).
THREAD_DAYS = 21
# A story lists at most this many earlier and this many later stories, the nearest in time (then the most
# similar): a page that lists a whole bill's history would bury the story itself.
NEIGHBOURS = 3
# An outlet's furniture (see _outlet_furniture): a term in at least FURNITURE_SHARE of the outlet's articles,
# when it has FURNITURE_MIN_ARTICLES or more, and FURNITURE_LIFT times as common there as in the others'.
# Without it one office's releases on a hearing and on a bill linked through "Glenbeulah" and "Hood River".
FURNITURE_MIN_ARTICLES = 4
FURNITURE_SHARE = 0.3
FURNITURE_LIFT = 5.0

_OUTLET_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]")
# A capitalised word as features.article_terms finds names (its names are the ones never written in lower
# case in the article), when no other capitalised word follows it: the head of the name.
_NAME_HEAD = re.compile(r"\b([A-Z][A-Za-z'’\-]*[A-Za-z])\b(?![ \u00a0]+[A-Z])")
_LOWER_WORD = re.compile(r"(?<![A-Za-z'’\-])[a-z][a-z'\-]*[a-z]")
# Dates are no specific thing two stories share, though written capitalised.
_CALENDAR = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
# "R-IL", "D-Pomona": a member's party and state or town, said of the member, not of a matter.
_PARTY_AND_STATE = re.compile(r"[rdi]-")
_WORD = re.compile(r"\S+")
# A bill or resolution of the U.S. Congress, as releases and news write it: "H.R. 8", "H.R.8", "HR 8",
# "S. 47", "S.47", "H.J.Res. 46", "H. J. Res. 46", "H.Res.6", "S.Res. 12", "H.Con.Res. 1". A Senate bill
# needs its period ("S 7" is too often something else); no letter or period may come before ("U.S. 30" is
# a highway).
_BILL = re.compile(
    r"(?<![A-Za-z.])"
    r"(?:(?P<chamber>[HS])\.?\s?(?:(?P<kind>J|C|(?i:Con))\.?\s?)?(?i:Res)\.?"
    r"|(?P<house>H)\.?\s?R\.?"
    r"|(?P<senate>S)\.)"
    r"\s?(?P<number>\d{1,5})\b"
)


@dataclass(frozen=True, slots=True)
class CentralMentions:
    """What an article names in its headline and opening: the specific things a thread can share."""

    bills: frozenset[str]  # as written in one form: "H.R. 8", "S. 47", "H.J.Res. 46"
    names: frozenset[str]  # the head word of each name, lower case, without a possessive: "humberto", "barr"


@dataclass(frozen=True, slots=True)
class ThreadArticle:
    source: str  # the outlet
    terms: ArticleTerms  # features.article_terms of the article
    central: CentralMentions
    named: frozenset[str]  # every name it writes (ArticleTerms.names, without possessives): for rarity
    lowercase: frozenset[str]  # every word it writes in lower case: a name another article writes so is none


@dataclass(frozen=True, slots=True)
class ThreadStory:
    """What thread linking needs of one live story."""

    key: str
    first_date: dt.date  # its first report: a thread is ordered by it
    articles: tuple[ThreadArticle, ...]


@dataclass(frozen=True, slots=True)
class ThreadLink:
    earlier: str  # story key
    later: str
    similarity: float
    shared: tuple[str, ...]  # what both name centrally: bills as written in one form, names in lower case


def thread_article(article: Article) -> ThreadArticle:
    """The article as thread linking reads it."""
    terms = article_terms(article)
    text = f"{article.title}\n{article.text}"
    return ThreadArticle(
        source=article.source,
        terms=terms,
        central=central_mentions(article, terms),
        named=frozenset(_without_possessive(name) for name in terms.names if not name.startswith("#")),
        lowercase=frozenset(_LOWER_WORD.findall(text)),
    )


def central_mentions(article: Article, terms: ArticleTerms) -> CentralMentions:
    """The bills and the names (of ``terms.names``) in the article's headline and opening.

    A name of several words is taken by its last ("Tropical Storm Humberto": humberto; "Carlos Trujillo":
    trujillo): a first name or a title alone ("Carlos", "Hurricane") names nobody in particular.
    """
    opening = [article.title]
    words = 0
    for sentence in article.sentences:
        if words >= OPENING_WORDS:
            break
        opening.append(sentence.text)
        words += len(_WORD.findall(sentence.text))
    text = "\n".join(opening)
    bills = frozenset(_bill_name(match) for match in _BILL.finditer(text))
    names = {
        _without_possessive(match.group(1).lower().replace("’", "'"))
        for match in _NAME_HEAD.finditer(text)
        if match.group(1).lower().replace("’", "'") in terms.names
    }
    return CentralMentions(
        bills=bills, names=frozenset(name for name in names - _CALENDAR if not _PARTY_AND_STATE.match(name))
    )


def _without_possessive(name: str) -> str:
    return name[:-2] if name.endswith("'s") else name.rstrip("'")


def _bill_name(match: re.Match[str]) -> str:
    number = match["number"].lstrip("0") or "0"
    if match["house"]:
        return f"H.R. {number}"
    if match["senate"]:
        return f"S. {number}"
    kind = {"j": "J.", "c": "Con.", "con": "Con."}.get((match["kind"] or "").lower(), "")
    return f"{match['chamber'].upper()}.{kind}Res. {number}"


def thread_links(stories: Sequence[ThreadStory]) -> list[ThreadLink]:
    """The thread links among ``stories``: ordered by the later story's date, then the earlier's.

    A link joins two different stories first reported on different days, at most THREAD_DAYS apart, that
    name the same bill or the same rare name centrally and whose similarity reaches SAME_MATTER; each story
    keeps its NEIGHBOURS nearest links in time each way, and a link is kept when both of its stories keep
    it, so that the two pages agree. Raises ValueError when a key is given twice or a story has no articles.
    """
    repeated = sorted(key for key, count in Counter(story.key for story in stories).items() if count > 1)
    if repeated:
        raise ValueError(f"thread stories given twice: {repeated[:5]}")
    empty = [story.key for story in stories if not story.articles]
    if empty:
        raise ValueError(f"thread stories without articles: {empty[:5]}")
    if len(stories) < 2:
        return []
    ordered = sorted(stories, key=lambda story: (story.first_date, story.key))
    furniture = _outlet_furniture([article for story in ordered for article in story.articles])
    shared = _sharing_pairs(ordered, furniture)
    if not shared:
        return []
    vectors = _story_vectors(ordered, furniture)
    pairs = sorted(shared)
    rows = np.array([earlier for earlier, _ in pairs])
    columns = np.array([later for _, later in pairs])
    words = np.asarray(vectors.words[rows].multiply(vectors.words[columns]).sum(axis=1)).ravel()
    names = np.asarray(vectors.names[rows].multiply(vectors.names[columns]).sum(axis=1)).ravel()
    scores = WORD_SHARE * words + (1.0 - WORD_SHARE) * names
    candidates = [
        ThreadLink(
            ordered[earlier].key, ordered[later].key, round(float(score), 4), tuple(sorted(shared[pair]))
        )
        for pair, earlier, later, score in zip(pairs, rows, columns, scores, strict=True)
        if score >= SAME_MATTER
    ]
    first_date = {story.key: story.first_date for story in ordered}
    return _nearest(candidates, first_date)


def _sharing_pairs(
    ordered: Sequence[ThreadStory], furniture: dict[str, frozenset[str]]
) -> dict[tuple[int, int], set[str]]:
    """The pairs (earlier, later: positions in ``ordered``) first reported 1 to THREAD_DAYS days apart that
    name the same bill, or SHARED_RARE_NAMES of the same rare names, centrally, with what they share."""
    days = [story.first_date.toordinal() for story in ordered]
    central: dict[str, list[int]] = {}  # a bill or a name -> the stories naming it centrally, in date order
    rarity: dict[str, list[int]] = {}  # a name -> the days of the stories naming it anywhere, sorted
    lowercase = {word for story in ordered for article in story.articles for word in article.lowercase}
    for position, story in enumerate(ordered):
        things: set[str] = set()
        for article in story.articles:
            own = furniture.get(article.source, frozenset())
            things |= article.central.bills
            things |= {name for name in article.central.names if name not in own and name not in lowercase}
        for thing in things:
            central.setdefault(thing, []).append(position)
    for position, story in enumerate(ordered):
        named = {name for article in story.articles for name in article.named}
        for name in named:
            if name in central and len(central[name]) > 1:
                rarity.setdefault(name, []).append(days[position])
    found: dict[tuple[int, int], set[str]] = {}
    for thing, positions in central.items():
        name_days = rarity.get(thing)  # None for a bill: a bill is specific however often it is named
        for index, earlier in enumerate(positions):
            for count, later in enumerate(positions[index + 1 :], start=2):
                gap = days[later] - days[earlier]
                if gap > THREAD_DAYS:
                    break
                if name_days is not None:
                    # The stories between the two are in their window too: past RARE_STORIES none is rare.
                    if count > RARE_STORIES:
                        break
                    since = bisect.bisect_left(name_days, days[later] - THREAD_DAYS)
                    until = bisect.bisect_right(name_days, days[earlier] + THREAD_DAYS)
                    if until - since > RARE_STORIES:
                        continue
                if gap > 0:
                    found.setdefault((earlier, later), set()).add(thing)
    bills = {bill for story in ordered for article in story.articles for bill in article.central.bills}
    return {
        pair: things for pair, things in found.items() if things & bills or len(things) >= SHARED_RARE_NAMES
    }


def _nearest(candidates: Iterable[ThreadLink], first_date: dict[str, dt.date]) -> list[ThreadLink]:
    """The links both of whose stories keep them among their NEIGHBOURS nearest in time on that side."""
    later_of: dict[str, list[ThreadLink]] = {}
    earlier_of: dict[str, list[ThreadLink]] = {}
    for link in candidates:
        later_of.setdefault(link.earlier, []).append(link)
        earlier_of.setdefault(link.later, []).append(link)

    def gap(link: ThreadLink) -> tuple[int, float, str, str]:
        days = (first_date[link.later] - first_date[link.earlier]).days
        return (days, -link.similarity, link.earlier, link.later)

    kept_later = {link for links in later_of.values() for link in sorted(links, key=gap)[:NEIGHBOURS]}
    kept_earlier = {link for links in earlier_of.values() for link in sorted(links, key=gap)[:NEIGHBOURS]}
    kept = kept_later & kept_earlier
    return sorted(
        kept, key=lambda link: (first_date[link.later], first_date[link.earlier], link.later, link.earlier)
    )


@dataclass(frozen=True, slots=True)
class _StoryVectors:
    words: Any  # sparse rows, one per story, unit length
    names: Any


def _story_vectors(stories: Sequence[ThreadStory], furniture: dict[str, frozenset[str]]) -> _StoryVectors:
    """Each story's mean article vector, unit length, without its outlets' own furniture."""
    statistics = CorpusStatistics()
    for story in stories:
        for article in story.articles:
            statistics.count(article.terms)
    word_rows: list[SparseVector] = []
    name_rows: list[SparseVector] = []
    for story in stories:
        words: SparseVector = {}
        names: SparseVector = {}
        for article in story.articles:
            own = furniture.get(article.source, frozenset())
            vectors = statistics.vectors(
                ArticleTerms(
                    words={t: n for t, n in article.terms.words.items() if t not in own},
                    names={t: n for t, n in article.terms.names.items() if t not in own},
                )
            )
            _add(words, vectors.words)
            _add(names, vectors.names)
        word_rows.append(_unit(words))
        name_rows.append(_unit(names))
    return _StoryVectors(_matrix(word_rows), _matrix(name_rows))


def _outlet_furniture(articles: Sequence[ThreadArticle]) -> dict[str, frozenset[str]]:
    """Per outlet, the terms that say who writes rather than what happened: the words of its own name
    ("David Perdue": david, perdue), and the terms it uses in most of its articles that others seldom use
    (a member's home town, district, committee and press contact). Two releases of one office share these
    whatever they are about."""
    by_outlet: dict[str, list[ThreadArticle]] = {}
    for article in articles:
        by_outlet.setdefault(article.source, []).append(article)
    everywhere: Counter[str] = Counter()
    for article in articles:
        everywhere.update(article.terms.words.keys() | article.terms.names.keys())
    furniture: dict[str, frozenset[str]] = {}
    for outlet, own in by_outlet.items():
        tokens = {token.lower() for token in _OUTLET_TOKEN.findall(outlet)}
        terms = tokens | {stem(token) for token in tokens}
        if len(own) >= FURNITURE_MIN_ARTICLES:
            used: Counter[str] = Counter()
            for article in own:
                used.update(article.terms.words.keys() | article.terms.names.keys())
            others = max(1, len(articles) - len(own))
            terms |= {
                term
                for term, count in used.items()
                if count >= FURNITURE_SHARE * len(own)
                and count / len(own) >= FURNITURE_LIFT * (everywhere[term] - count) / others
            }
        furniture[outlet] = frozenset(terms)
    return furniture


def _add(total: SparseVector, vector: SparseVector) -> None:
    for term, value in vector.items():
        total[term] = total.get(term, 0.0) + value


def _unit(vector: SparseVector) -> SparseVector:
    norm = float(np.sqrt(sum(value * value for value in vector.values()))) or 1.0
    return {term: value / norm for term, value in vector.items()}


def _matrix(rows: Sequence[SparseVector]) -> Any:
    # Imported here, as in group.grouping: scikit-learn costs about 0.8 s to import.
    from sklearn.feature_extraction import DictVectorizer

    return DictVectorizer(dtype=np.float32, sort=False).fit_transform(rows).tocsr()
