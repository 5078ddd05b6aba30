"""Text checks the rules use: similarity, names of children, word counts, reading grade.

All of them work offline. Similarity is rapidfuzz's Indel ratio; reading grade is
textstat's Flesch-Kincaid grade, pinned to a release whose syllable counts come from
packaged dictionaries (docs/decisions/0007-reading-grade.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from functools import lru_cache

from rapidfuzz import fuzz

from casequality.cases.vocabulary import word_count, words  # noqa: F401 (the rules count words so)


def normalise(text: str | None) -> str:
    """Lower case, white space folded to single spaces, trimmed."""
    return " ".join((text or "").lower().split())


def similarity(a: str | None, b: str | None) -> float:
    """Normalised Indel similarity of two texts, 0 to 1 (rapidfuzz `fuzz.ratio` / 100).

    Two empty texts are 1.0 (identical); callers decide whether an empty text counts.
    """
    return fuzz.ratio(normalise(a), normalise(b)) / 100.0


def similar_at_least(a_normalised: str, b_normalised: str, threshold: float) -> float | None:
    """The similarity of two normalised texts if it is at least `threshold`, else None.

    Cheap when the texts differ: lengths alone bound the similarity, and rapidfuzz stops
    early below the cut-off.
    """
    la, lb = len(a_normalised), len(b_normalised)
    if la + lb == 0:
        return 1.0
    if 2 * min(la, lb) / (la + lb) < threshold:
        return None
    score = fuzz.ratio(a_normalised, b_normalised, score_cutoff=threshold * 100.0)
    return score / 100.0 if score and score >= threshold * 100.0 else None


def count_words(tokens: list[str]) -> int:
    """How many of a text's `name_tokens` are words: all but numbers and lone dashes or
    quotes (the same count as `word_count` but for tokens like "2012-13"), at C speed."""
    return (
        len(tokens)
        - sum(map(str.isdigit, tokens))
        - tokens.count("-")
        - tokens.count("--")
        - tokens.count("'")
        - tokens.count("\u2019")
    )


# A word for name look-ups: letters and digits with apostrophes and hyphens.
_NAME_WORD = re.compile(r"[\w'\u2019-]+")


# The same tokens for a text in ASCII, at C speed: every other byte becomes a space.
_ASCII_WORD_BYTES = bytes(c if c < 128 and (chr(c).isalnum() or chr(c) in "_'-") else 32 for c in range(256))


def name_tokens(text: str) -> list[str]:
    """A text's words for name look-ups, lower case: the runs of letters, digits, `_`,
    apostrophes and hyphens (`_NAME_WORD`)."""
    lowered = text.lower()
    if lowered.isascii():
        # What the regular expression finds, four to five times faster (most texts).
        return lowered.encode().translate(_ASCII_WORD_BYTES).decode().split()
    return _NAME_WORD.findall(lowered)


def _bare(token: str) -> str:
    """A token without quotes or a possessive: "'jones's" -> "jones"."""
    token = token.replace("\u2019", "'").strip("'-")
    return token[:-2] if token.endswith("'s") else token


def mentions_word(text: str | None, stem: str) -> bool:
    """Whether a word of the text starts with `stem` ("victim" finds Victims, victim's)."""
    return any(w.startswith(stem) for w in words(text))


def full_name_key(name: str | None) -> tuple[str, str] | None:
    """A child's full name for matching: the first and last words of the name, lower case."""
    ws = words(name)
    if len(ws) < 2:
        return None
    return ws[0], ws[-1]


class NameIndex:
    """Children's full names, (first, last) lower case -> the case ids of the children.

    A text is checked by looking up each of its adjacent word pairs, so the cost is the
    length of the text, whatever the number of children.
    """

    def __init__(self) -> None:
        self._cases: dict[tuple[str, str], set[str]] = {}
        self._names: dict[str, tuple[str, str]] = {}
        self._firsts: dict[str, int] = {}  # first name -> how many indexed names start with it

    def __len__(self) -> int:
        return len(self._names)

    def add(self, case_id: str, name: str | None) -> None:
        self.remove(case_id)
        key = full_name_key(name)
        if key is None:
            return
        self._names[case_id] = key
        ids = self._cases.setdefault(key, set())
        if not ids:
            self._firsts[key[0]] = self._firsts.get(key[0], 0) + 1
        ids.add(case_id)

    def remove(self, case_id: str) -> None:
        key = self._names.pop(case_id, None)
        if key is not None:
            ids = self._cases.get(key)
            if ids is not None:
                ids.discard(case_id)
                if not ids:
                    del self._cases[key]
                    left = self._firsts[key[0]] - 1
                    if left:
                        self._firsts[key[0]] = left
                    else:
                        del self._firsts[key[0]]

    def key_of(self, case_id: str) -> tuple[str, str] | None:
        return self._names.get(case_id)

    def others_named(
        self, text: str | None, case_id: str, own: tuple[str, str] | None, tokens: list[str] | None = None
    ) -> list[tuple[str, str]]:
        """Full names of other children in `text`, unless the text also names this child.

        A name that is this child's own (shared with another child) does not count.
        Costs one pass over the text's words, whatever the number of children.
        """
        if not text:
            return []
        if tokens is None:
            tokens = name_tokens(text)
        cases = self._cases
        marked = "'" in text or "-" in text or "\u2019" in text
        if not marked and self._firsts.keys().isdisjoint(tokens):
            return []
        # Every pair of adjacent words the loop below could look up, at C speed: each word
        # as written or bare (quotes and a possessive taken off), the next one bare. Most
        # texts hold none of the index's names (a first name alone is common), and then
        # no other child is named, whatever this child's own name.
        if marked:
            bare = [_bare(t) if ("'" in t or "-" in t or "\u2019" in t) else t for t in tokens]
            nexts = bare[1:]
            if cases.keys().isdisjoint(zip(tokens, nexts)) and cases.keys().isdisjoint(zip(bare, nexts)):
                return []
        elif cases.keys().isdisjoint(zip(tokens, tokens[1:])):
            return []
        firsts: AbstractSet[str] = self._firsts.keys()
        if own is not None and own[0] not in firsts:
            firsts = set(firsts) | {own[0]}  # this child is not indexed: still see their name
        others = []
        last = len(tokens) - 1
        for i, word in enumerate(tokens):
            if i == last:
                break
            if word not in firsts:
                if not ("'" in word or "-" in word or "\u2019" in word):
                    continue
                word = _bare(word)
                if word not in firsts:
                    continue
            following = tokens[i + 1]
            if "'" in following or "-" in following or "\u2019" in following:
                following = _bare(following)
            pair = (word, following)
            if pair == own:
                return []
            ids = cases.get(pair)
            if ids and (len(ids) > 1 or case_id not in ids) and pair not in others:
                others.append(pair)
        return others

    @classmethod
    def of(cls, names: Iterable[tuple[str, str]]) -> NameIndex:
        """An index of (case id, child's name) pairs."""
        index = cls()
        for case_id, name in names:
            index.add(case_id, name)
        return index


@lru_cache(maxsize=4096)
def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade of a text (textstat), rounded to one decimal place."""
    import textstat  # imported on first use: it loads a pronouncing dictionary

    return round(float(textstat.flesch_kincaid_grade(text)), 1)


# Words common in written Welsh that are not English words (function words, the future
# "bydd-" forms, a plan's everyday nouns). A text is taken as Welsh when at least
# WELSH_SHARE of its words are among them (and at least two are), or it has a letter only
# Welsh writes (ŵ, ŷ). English text has next to none of them; a bilingual text is mostly
# over the share. The record has no language field (docs/case-format.md), so this is the
# rulebook's documented reading: docs/decisions/0052-rules-traced-to-current-guidance.md.
WELSH_WORDS = frozenset(
    """
    mae yn yr y ac gyda bydd byddi byddwn byddwch byddan fydd fyddi ti chi dy ddim eich ein
    ni di wyt rwyt rydych rydw rwy dw ydy ydw oes sut beth neu ond efo hefyd gan fel wedi
    wythnos ysgol cartref gweithiwr cynllun helpu siarad gweld cwrdd dydd bob gyda'r i'r o'r
    a'r nhw
    """.split()
)
WELSH_SHARE = 0.2
_WELSH_TOKEN = re.compile(r"[a-zâêîôûŵŷäëïöüẅÿáéíóúẃýàèìòùẁỳ']+")


def looks_welsh(text: str | None) -> bool:
    """Whether a text reads as written in Welsh (wholly or in part): see WELSH_WORDS.
    PLAN-007 asks it of every intervention plan's child's version in every sweep, so the
    words are counted by C loops where they can be (40 % less CPU a text than one Python
    loop over every word, the same answers: docs/benchmarks/sweep.md, 7 December 2026)."""
    lowered = (text or "").lower()
    if "ŵ" in lowered or "ŷ" in lowered:
        return True  # a letter only Welsh writes (always inside one of the words)
    tokens = [t for t in (t.strip("'") for t in _WELSH_TOKEN.findall(lowered)) if t]
    hits = sum(map(WELSH_WORDS.__contains__, tokens))
    # A word with an apostrophe counts by its part before it ("gyda'r" by "gyda").
    hits += sum(1 for t in tokens if "'" in t and t not in WELSH_WORDS and t.split("'")[0] in WELSH_WORDS)
    return hits >= 2 and hits / len(tokens) >= WELSH_SHARE
