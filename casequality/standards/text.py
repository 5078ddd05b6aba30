"""Text checks the rules use: similarity, names of children, word counts, reading grade.

All of them work offline. Similarity is rapidfuzz's Indel ratio; reading grade is
textstat's Flesch-Kincaid grade, pinned to a release whose syllable counts come from
packaged dictionaries (docs/decisions/0010-reading-grade.md).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

_SPACE = re.compile(r"\s+")
# A word: letters (any alphabet), with inner apostrophes or hyphens (O'Neil, Smith-Jones).
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def normalise(text: str | None) -> str:
    """Lower case, white space folded to single spaces, trimmed."""
    return _SPACE.sub(" ", text or "").strip().lower()


def similarity(a: str | None, b: str | None) -> float:
    """Normalised Indel similarity of two texts, 0 to 1 (rapidfuzz `fuzz.ratio` / 100).

    Two empty texts are 1.0 (identical); callers decide whether an empty text counts.
    """
    return fuzz.ratio(normalise(a), normalise(b)) / 100.0


def words(text: str | None) -> list[str]:
    """The words of a text, lower case, in order."""
    return _WORD.findall(text.lower()) if text else []


def word_count(text: str | None) -> int:
    """How many words a text has (numbers are not words)."""
    return len(_WORD.findall(text)) if text else 0


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

    def __len__(self) -> int:
        return len(self._names)

    def add(self, case_id: str, name: str | None) -> None:
        self.remove(case_id)
        key = full_name_key(name)
        if key is None:
            return
        self._names[case_id] = key
        self._cases.setdefault(key, set()).add(case_id)

    def remove(self, case_id: str) -> None:
        key = self._names.pop(case_id, None)
        if key is not None:
            ids = self._cases.get(key)
            if ids is not None:
                ids.discard(case_id)
                if not ids:
                    del self._cases[key]

    def key_of(self, case_id: str) -> tuple[str, str] | None:
        return self._names.get(case_id)

    def names_in(self, text: str | None) -> set[tuple[str, str]]:
        """The indexed full names that a text contains (adjacent whole words)."""
        ws = words(text)
        found = set()
        cases = self._cases
        for pair in zip(ws, ws[1:]):
            if pair in cases:
                found.add(pair)
        return found

    def others_named(self, text: str | None, case_id: str, own: tuple[str, str] | None) -> list[tuple[str, str]]:
        """Full names of other children in `text`, unless the text also names this child.

        A name that is this child's own (shared with another child) does not count.
        """
        if not text:
            return []
        ws = words(text)
        cases = self._cases
        others = []
        for pair in zip(ws, ws[1:]):
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
