"""A full stop after a full month or day name ends a sentence before a capitalised word. sentencex's English
abbreviations hold "May" (beside "Jan", "Jun"), so in a user's 2,000-sentence news pair "... handled 799 thousand
passengers in May. Police in Opole arrested ..." stayed one segment 74 times, and each became a 1-2 bead."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from align.segmenting import split_sentences

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _texts(text: str, lang: str) -> list[str]:
    return [s.text for s in split_sentences(text, lang)]


def test_a_sentence_ending_in_may_ends_before_a_capital() -> None:
    assert _texts(
        "The airport handled 799 thousand passengers in May. Police in Opole arrested 862 suspects.", "en"
    ) == [
        "The airport handled 799 thousand passengers in May.",
        "Police in Opole arrested 862 suspects.",
    ]


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(MONTHS + DAYS),
    nxt=st.sampled_from(["Police", "Researchers", "Schools", "A bridge", "Farmers", "The mayor", "Prices"]),
)
def test_a_full_date_name_and_a_full_stop_end_a_sentence(name: str, nxt: str) -> None:
    """Invariant: "... in <Month or Day>. <Capitalised> ..." is two sentences; an abbreviation before a name is
    not ("Jan. Smith", "Mr. May")."""
    first, second = f"The figures were published in {name}.", f"{nxt} said nothing about them."
    assert _texts(f"{first} {second}", "en") == [first, second]
    assert len(split_sentences("The letter was signed by Jan. Smith and Mr. May in person.", "en")) == 1
