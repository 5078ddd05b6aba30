"""Text checks: similarity, names of children, word counts, reading grade."""

from __future__ import annotations

import socket

import pytest

from casequality.standards.text import (
    NameIndex,
    full_name_key,
    mentions_word,
    normalise,
    reading_grade,
    similarity,
    word_count,
)


def test_normalising_folds_case_and_white_space():
    assert normalise("  Jay   SPENDS\n\tevenings ") == "jay spends evenings"


def test_similarity_is_the_indel_ratio_of_the_normalised_texts():
    # "abcd" to "abce": one deletion and one insertion over 8 characters.
    assert similarity("ABCD", "abce") == pytest.approx(0.75)
    assert similarity("Same  text", "same text") == 1.0


def test_similarity_of_unrelated_texts_is_low():
    assert similarity("Jay lives with his mother.", "Court ordered twelve months of supervision.") < 0.5


def test_word_count_counts_words_not_numbers_or_punctuation():
    assert word_count("He's 15 - and lives with O'Neil-Smith, his uncle.") == 7
    assert word_count(None) == 0


def test_a_word_stem_matches_any_ending_and_case():
    assert mentions_word("Inform the VICTIM'S family", "victim")
    assert not mentions_word("Inform the police", "victim")


def test_a_full_name_is_the_first_and_last_words_of_the_name():
    assert full_name_key("Kim Ann Jones") == ("kim", "jones")
    assert full_name_key("Madonna") is None


def test_the_name_index_finds_another_childs_full_name_as_adjacent_whole_words():
    index = NameIndex.of([("C1", "Jay Smith"), ("C2", "Kim Jones"), ("C3", "Lee Kim")])
    assert index.others_named("He was seen with kim jones.", "C1", ("jay", "smith")) == [("kim", "jones")]
    assert index.others_named("Kimberly Jones and Kim Jonesy", "C1", ("jay", "smith")) == []


def test_the_name_index_ignores_a_text_that_also_names_this_child():
    index = NameIndex.of([("C1", "Jay Smith"), ("C2", "Kim Jones")])
    assert index.others_named("Kim Jones and Jay Smith were arrested.", "C1", ("jay", "smith")) == []


def test_the_name_index_forgets_a_childs_old_name():
    index = NameIndex.of([("C2", "Kim Jones")])
    index.add("C2", "Kim Brown")
    assert index.others_named("with Kim Jones", "C1", None) == []
    assert index.others_named("with Kim Brown", "C1", None) == [("kim", "brown")]


def test_plain_words_read_at_a_low_grade_and_long_words_at_a_high_one():
    assert reading_grade("You will meet Sam every week. We will talk about school.") <= 3
    assert (
        reading_grade(
            "The multidisciplinary intervention programme necessitates comprehensive "
            "engagement with educational establishments."
        )
        > 12
    )


def test_reading_grade_works_without_a_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    reading_grade.cache_clear()
    assert reading_grade("Sam will help you find a job. You can call Sam at any time.") < 6


def test_the_name_index_finds_a_possessive_or_quoted_full_name():
    index = NameIndex.of([("C1", "Jay Smith"), ("C2", "Kim O'Neil")])
    assert index.others_named("He stays at Kim O’Neil's flat.", "C1", ("jay", "smith")) == [("kim", "o'neil")]
    assert index.others_named("'Kim O'Neil' was there.", "C1", ("jay", "smith")) == [("kim", "o'neil")]


def test_a_text_naming_this_child_is_exempt_even_when_the_child_is_not_indexed():
    index = NameIndex.of([("C2", "Kim Jones")])
    assert index.others_named("Jay Smith met Kim Jones.", "C1", ("jay", "smith")) == []


def test_counting_a_texts_tokens_gives_its_word_count():
    from casequality.standards.text import count_words, name_tokens

    text = "He's 15 - and lives with O'Neil-Smith, his uncle (since 2012)."
    assert count_words(name_tokens(text)) == word_count(text) == 8


def test_a_name_between_dashes_or_curly_quotes_is_still_found():
    index = NameIndex.of([("C1", "Jay Smith"), ("C2", "Kim Jones")])
    assert index.others_named("A note -Kim Jones- left.", "C1", ("jay", "smith")) == [("kim", "jones")]
    assert index.others_named("At \u2018Kim Jones\u2019s\u2019 flat.", "C1", ("jay", "smith")) == [("kim", "jones")]


def test_a_first_name_alone_names_no_other_child():
    index = NameIndex.of([("C1", "Jay Smith"), ("C2", "Kim Jones"), ("C3", "Jay Brown")])
    assert index.others_named("Jay's friend Kim said Jay was at home.", "C1", ("jay", "smith")) == []


@pytest.mark.parametrize(
    "text",
    [
        "He's 15 - and lives with O'Neil-Smith, his uncle (since 2012).",
        "tab\tnew\nline\x1cfile_sep__under_score ' -- 'quoted' end-",
        "Kim O\u2019Neil's caf\u00e9 in Malm\u00f6, 2012\u201313",
        "\u212aelvin sign lowers to ASCII",
        "",
    ],
)
def test_a_texts_tokens_are_the_runs_of_letters_digits_apostrophes_and_hyphens(text):
    import re

    from casequality.standards.text import name_tokens

    assert name_tokens(text) == re.findall(r"[\w'\u2019-]+", text.lower())
