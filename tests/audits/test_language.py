import pytest
from django.core.management import CommandError, call_command

from casequality.audits.language import PHRASES, phrase

# Each boundary of the table, on it and either side of it (k of n compared exactly).
BOUNDARIES = [
    (0, 1000, "none"),
    (1, 1000, "very few"),
    (99, 1000, "very few"),
    (100, 1000, "few"),
    (199, 1000, "few"),
    (200, 1000, "around a quarter"),
    (299, 1000, "around a quarter"),
    (300, 1000, "around one-third"),
    (369, 1000, "around one-third"),
    (370, 1000, "well under half"),
    (449, 1000, "well under half"),
    (450, 1000, "just under half"),
    (479, 1000, "just under half"),
    (480, 1000, "half"),
    (520, 1000, "half"),
    (521, 1000, "just over half"),
    (569, 1000, "just over half"),
    (570, 1000, "well over half"),
    (609, 1000, "well over half"),
    (610, 1000, "just under two-thirds"),
    (1289, 2000, "just under two-thirds"),
    (1290, 2000, "two-thirds"),
    (689, 1000, "two-thirds"),
    (690, 1000, "just under three-quarters"),
    (729, 1000, "just under three-quarters"),
    (730, 1000, "three-quarters"),
    (769, 1000, "three-quarters"),
    (770, 1000, "well over three-quarters"),
    (849, 1000, "well over three-quarters"),
    (850, 1000, "the great majority"),
    (949, 1000, "the great majority"),
    (950, 1000, "nearly all"),
    (999, 1000, "nearly all"),
    (1000, 1000, "all"),
]


@pytest.mark.parametrize(("k", "n", "words"), BOUNDARIES)
def test_phrase_at_every_boundary(k, n, words):
    assert phrase(k, n) == words


@pytest.mark.parametrize(
    ("k", "n", "words"),
    [
        # The 2013 report's own figures.
        (25, 47, "just over half"),
        (1, 2, "half"),
        (13, 25, "half"),  # exactly 52%: still half
        (12, 25, "half"),  # exactly 48%
        (2, 3, "two-thirds"),
        (3, 4, "three-quarters"),
        (1, 3, "around one-third"),
        (1, 4, "around a quarter"),
        (1, 9, "few"),
    ],
)
def test_phrase_of_familiar_fractions(k, n, words):
    assert phrase(k, n) == words


def test_every_phrase_is_reachable_in_order():
    seen = [phrase(k, 2000) for k in range(2001)]
    assert list(dict.fromkeys(seen)) == list(PHRASES)


@pytest.mark.parametrize(("k", "n"), [(0, 0), (3, 2), (-1, 4), (1.5, 3)])
def test_phrase_rejects_impossible_shares(k, n):
    with pytest.raises(ValueError):
        phrase(k, n)


def test_phrase_command(capsys):
    call_command("phrase", "25", "47")
    assert capsys.readouterr().out == "just over half\n"
    with pytest.raises(CommandError, match="n must be at least 1"):
        call_command("phrase", "1", "0")
