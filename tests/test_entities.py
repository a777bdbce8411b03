"""Names across scripts: katakana, and names that Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai and
Hangul write by sound, matched to their Latin spelling on real sentences of the news set."""

from __future__ import annotations

from align.entities import katakana_names


def test_katakana_names_joined_by_a_middle_dot() -> None:
    # ・ (U+30FB) joins the parts of a foreign name: both parts are names, the place before の is not.
    assert katakana_names(["リスボンのペドロ・サントス市長が新しい自転車道を開通させた。"]) == {"ペドロ", "サントス"}
    assert katakana_names(["チームはリソースを増やした。"]) == frozenset()
