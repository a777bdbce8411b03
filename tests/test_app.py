"""The review app driven headlessly with Streamlit's AppTest, against real SQLite files and the real alignment."""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import ja_en_pairs, moved_last
from seed_review import app_on_seed_db, finish_jobs, session_cache_dir
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from align.embedding_cache import EmbeddingCache
from align.errors import InputError
from align.flagging import flag_alignment
from align.mqm import mqm_score, source_words
from align.pipeline import align_and_flag
from align.quality import post_edit_scores
from align.readers import document_from_text
from align.review_start import CORPORA, MAX_UPLOAD_BYTES, SEED_NAME, SEED_PAIR, cached_encoder, read_upload
from align.review_store import ReviewStore
from align.types import Flag, join_segments

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.fixture
def env(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the aligned seed review as the app's database; the session's warm embedding cache."""
    return app_on_seed_db(tmp_path_factory.getbasetemp(), tmp_path, monkeypatch)


def _app(reviewer: str = "Tester") -> AppTest:
    """The app in a new browser session; its address names ``reviewer`` (without a name nothing is saved)."""
    at = AppTest.from_file(APP, default_timeout=120)
    if reviewer:
        at.query_params["reviewer"] = reviewer
    finish_jobs(at.run())  # a fresh database: the seed review is aligned in the background
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    return "\n".join(str(t.value) for t in at.text)


def _component_html(at: AppTest, name: str) -> str:
    """The HTML an inline component (bead_table, bead_text) receives to draw."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == name]
    data = json.loads(element.proto.json)
    if "rows" in data:  # the bead table: its start and its rows, which the browser replaces one by one
        return data["head"] + "<tbody>" + "".join(row for _, row in data["rows"]) + "</tbody></table>"
    return data["html"]


def _panel_text(at: AppTest) -> str:
    """The open bead's source and target as the panel shows them (its HTML's text)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", _component_html(at, "bead_text")))


def _open(at: AppTest, *toggles: str) -> None:
    """Open the panel's forms (err_open: the error form, pe_open: the post-edit)."""
    for key in toggles:
        at.toggle(key=key).set_value(True)
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def _table(at: AppTest) -> pd.DataFrame:
    """The bead table as the browser receives it (the HTML the table component draws), parsed back."""
    markup = _component_html(at, "bead_table")
    table = pd.read_html(io.StringIO(markup), flavor="lxml")[0]
    table = table.rename(columns={"align.": "score"})  # the alignment confidence
    table["score"] = pd.to_numeric(table["score"], errors="coerce")  # "edited" beads have no score
    return table


def _go(at: AppTest, bead: int) -> None:
    at.number_input(key="bead_input").set_value(bead).run()
    assert not at.exception, [e.value for e in at.exception]


def test_first_start_aligns_the_sample_and_shows_it(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "fresh.sqlite3"
    monkeypatch.setenv("ALIGN_DB", str(db))
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(session_cache_dir(tmp_path_factory.getbasetemp())))
    at = _app()
    store = ReviewStore(db)
    (info,) = store.list_reviews()
    assert info.name == SEED_NAME and info.beads > 50
    assert "ニュース" in _panel_text(at) and "notizia" in _panel_text(at)  # bead 0, both sides
    table = _table(at)
    assert len(table) == 50 and table["bead"].tolist() == list(range(50))
    assert table["source"][0] == "ニュース" and table["target"][0] == "notizia"
    # the app says where the work is saved (markdown-escaped in the caption)
    assert any(str(db.resolve()) in str(c.value).replace("\\", "") for c in at.caption)
    store.close()


def test_start_a_second_review_from_the_corpora_folder(env: Path) -> None:
    at = _app()
    at.button(key="new_open_btn").click().run()  # the form is drawn only when asked for
    at.selectbox(key="new_src").set_value(SEED_PAIR[1])
    at.selectbox(key="new_tgt").set_value(SEED_PAIR[0])
    finish_jobs(at.button(key="new_go").click().run())
    assert not at.exception, [e.value for e in at.exception]
    store = ReviewStore(env)
    reviews = store.list_reviews()
    assert len(reviews) == 2
    new = next(r for r in reviews if r.name != SEED_NAME)
    assert (new.src_lang, new.tgt_lang) == ("it", "ja") and new.beads > 50
    assert at.session_state["review"] == new.id  # the new review is the one on screen
    assert "new_src" not in [w.key for w in at.selectbox]  # and the form is closed again
    assert _table(at)["source"].str.contains("notizia").any()
    store.close()


def test_annotate_post_edit_and_mark_correct_are_stored(env: Path) -> None:
    at = _app()
    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    _go(at, 5)
    bead = store.beads(rid)[5]
    tgt_text = " ".join(store.documents(rid)[1].segments[i].text for i in bead.tgt)
    at.text_input(key="reviewer").input("Aiko").run()
    _open(at, "err_open")
    at.selectbox(key="err_category").select("accuracy/omission").run()
    at.selectbox(key="err_severity").select("critical").run()
    at.selectbox(key="err_span_side").select("tgt").run()
    at.text_input(key="err_span_text").input(tgt_text[:6]).run()
    at.text_input(key="err_comment").input("the date is missing").run()
    at.button(key="add_error").click().run()
    assert not at.error, [e.value for e in at.error]
    ((ann, _),) = store.annotations(bead.id)
    assert (ann.category, ann.severity, ann.comment, ann.reviewer) == (
        "accuracy/omission",
        "critical",
        "the date is missing",
        "Aiko",
    )
    assert (ann.span_side, ann.span_start, ann.span_end) == ("tgt", 0, 6)
    assert store.bead(bead.id).status == "has_errors"
    assert at.query_params["reviewer"] == "Aiko"  # remembered for next time, in this browser's address

    _open(at, "pe_open")
    at.text_area(key="pe_text").input("Testo rivisto.").run()
    at.button(key="save_pe").click().run()
    assert store.bead(bead.id).post_edit == "Testo rivisto."

    _go(at, 6)
    at.button(key="mark_correct").click().run()
    assert store.beads(rid)[6].status == "correct"
    assert at.session_state["bead"] == 7  # "correct, next" moves on
    at.button(key="mark_correct").click().run()
    assert at.session_state["bead"] == 8
    _go(at, 4)
    at.button(key="next_unreviewed").click().run()
    assert at.session_state["bead"] == 8  # skips 5 (has errors), 6 and 7 (correct)
    info = store.review(rid)
    assert (info.reviewed, info.with_errors) == (3, 1)
    store.close()


def test_fix_the_alignment_and_undo_keep_the_errors(env: Path) -> None:
    at = _app()
    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    before = [(b.src, b.tgt) for b in store.beads(rid)]
    _go(at, 10)
    _open(at, "err_open")
    at.text_input(key="err_comment").input("wrong tense").run()
    at.button(key="add_error").click().run()
    ann_id = store.annotations(store.beads(rid)[10].id)[0][0].id

    assert "merge_next" not in [b.key for b in at.button]  # the tools are drawn only when asked for
    at.toggle(key="fix_open").set_value(True).run()
    at.button(key="merge_next").click().run()
    after = store.beads(rid)
    assert len(after) == len(before) - 1
    assert (after[10].src, after[10].tgt) == (before[10][0] + before[11][0], before[10][1] + before[11][1])
    ((ann, note),) = store.annotations(after[10].id)
    # Said plainly, the bead it was on and that bead's sentences ("was on bead 10: 10 ↔ 10" read as bead numbers)
    src, tgt = (", ".join(map(str, ids)) for ids in before[10])
    s_src, s_tgt = ("s" if len(ids) > 1 else "" for ids in before[10])
    said = (
        f"Moved here by merging beads: it was on bead 10 (source sentence{s_src} {src}, target sentence{s_tgt} {tgt})."
    )
    assert ann.id == ann_id and note == said
    assert said in _texts(at)  # the reviewer sees where the error went

    at.button(key="detach_tgt_last").click().run()
    assert len(store.beads(rid)) == len(before)
    # The flags are recomputed, not just cleared: the detached target sentence is an addition now.
    detached = store.beads(rid)[11]
    assert (detached.src, detached.tgt) == ((), before[11][1][-1:])
    assert "addition" in [f.code for f in detached.flags] and detached.risk > 0
    assert [b.flags for b in store.beads(rid)] == _expected_flags(store, rid)
    at.button(key="undo").click().run()
    at.button(key="undo").click().run()
    assert [(b.src, b.tgt) for b in store.beads(rid)] == before
    assert [b.flags for b in store.beads(rid)] == _expected_flags(store, rid)
    assert [a.id for a, _ in store.annotations(store.beads(rid)[10].id)] == [ann_id]
    # Z undoes this browser's own actions, latest first: after the two edits, the error added before them.
    assert "an error on bead 10" in at.button(key="undo").help
    store.close()


def _expected_flags(store: ReviewStore, rid: int) -> list[list[Flag]]:
    """The flags of the stored alignment as the flagging pass computes them (vectors from the session cache)."""
    al = store.alignment(rid)
    enc = cached_encoder(store.review(rid).model)
    return flag_alignment(al, enc.encode(al.src.texts), enc.encode(al.tgt.texts))


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_quality_view_shows_mqm_post_edits_and_reference(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served = _capture_downloads(monkeypatch)
    at = _app()
    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    _go(at, 5)
    _open(at, "err_open", "pe_open")
    at.selectbox(key="err_severity").select("critical").run()
    at.button(key="add_error").click().run()
    at.selectbox(key="err_category").select("style").run()
    at.selectbox(key="err_severity").select("minor").run()
    at.button(key="add_error").click().run()
    at.text_area(key="pe_text").input("Testo rivisto dal revisore.").run()
    at.button(key="save_pe").click().run()
    _go(at, 6)
    at.button(key="mark_correct").click().run()
    at.radio(key="view").set_value("Quality").run()
    assert not at.exception, [e.value for e in at.exception]

    src, tgt = store.documents(rid)
    beads = store.beads(rid)
    words = source_words("\n".join(join_segments(src, beads[i].src) for i in (5, 6)), src.lang)
    expected = mqm_score(store.review_annotations(rid), words)
    assert expected.penalty == 26.0 and expected.source_words == words > 0
    shown = _metrics(at)
    assert shown["MQM penalty per 1,000 source words"] == f"{expected.per_thousand_words:.2f}"
    assert shown["Pairs evaluated"] == f"2 of {len(beads)}"
    charts = " ".join(c.proto.spec for c in at.get("vega_lite_chart"))
    assert "Errors by category" in charts and "Errors by severity" in charts
    pe = post_edit_scores([join_segments(tgt, beads[5].tgt)], ["Testo rivisto dal revisore."], tgt.lang)
    assert shown["HTER (document)"] == f"{pe.hter:.2f}"
    (table,) = (d.value for d in at.dataframe)  # the per-pair post-edit table
    assert table["bead"].tolist() == [5] and table["post-edit"].iloc[0] == "Testo rivisto dal revisore."
    assert any("tok:13a" in c.value for c in at.code)  # the signatures are shown

    at.number_input(key="w_critical").set_value(50.0).run()
    heavier = mqm_score(store.review_annotations(rid), words, {"minor": 1, "major": 5, "critical": 50})
    assert _metrics(at)["MQM penalty per 1,000 source words"] == f"{heavier.per_thousand_words:.2f}"
    data = json.loads(served[next(n for n in served if n.endswith(".quality.json"))])
    assert data["mqm"]["per_thousand_words"] == pytest.approx(heavier.per_thousand_words)
    assert data["post_edit"]["per_bead"][0]["bead"] == 5
    csv = pd.read_csv(io.BytesIO(served[next(n for n in served if n.endswith(".quality.csv"))]))
    assert {"mqm", "post_edit", "post_edit_bead"} <= set(csv["section"])

    # The review's own target as the "reference": perfect scores through the reference alignment.
    it = (CORPORA / SEED_PAIR[1]).read_bytes()
    at.file_uploader(key="ref_up").set_value(("it.txt", it, "text/plain")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    shown = _metrics(at)
    assert (shown["BLEU"], shown["chrF"], shown["TER"]) == ("100.00", "100.00", "0.00")
    store.close()


def test_filters_and_search_narrow_the_table(env: Path) -> None:
    at = _app()
    at.text_input(key="f_text").input("altman").run()
    table = _table(at)
    assert 0 < len(table) < 50
    assert all("altman" in (s + t).lower() for s, t in zip(table["source"], table["target"], strict=True))
    at.text_input(key="f_text").input("").run()
    at.multiselect(key="f_status").select("correct").run()
    assert len(_table(at)) == 0
    at.multiselect(key="f_status").unselect("correct").run()
    at.slider(key="f_score").set_value((0.0, 0.5)).run()
    scores = _table(at)["score"]
    assert len(scores) < 50 and (scores.dropna() <= 0.5).all()


def test_two_sessions_conflict_is_shown_not_overwritten(env: Path) -> None:
    alice, bob = _app(), _app()
    for at, name in ((alice, "Alice"), (bob, "Bob")):
        at.text_input(key="reviewer").input(name).run()
        _go(at, 3)
        _open(at, "err_open", "pe_open")
    store = ReviewStore(env)
    bead = store.beads(store.list_reviews()[0].id)[3]
    # Bob starts a post-edit while Alice saves hers
    bob.text_area(key="pe_text").input("Bob's post-edit").run()
    alice.text_area(key="pe_text").input("Alice's post-edit").run()
    alice.button(key="save_pe").click().run()
    bob.button(key="save_pe").click().run()
    assert any("Not saved" in e.value and "Alice" in e.value for e in bob.error)
    assert store.bead(bead.id).post_edit == "Alice's post-edit"
    assert bob.text_area(key="pe_text").value == "Bob's post-edit"  # his draft is not lost
    bob.button(key="save_pe").click().run()  # saving again, knowingly, replaces it
    assert store.bead(bead.id).post_edit == "Bob's post-edit"

    # a verdict clicked on a stale screen is refused too
    alice.text_input(key="err_comment").input("Alice's error").run()
    bob.run()
    alice.button(key="add_error").click().run()
    bob.button(key="mark_correct").click().run()
    assert any("Not saved" in e.value and "Alice" in e.value for e in bob.error)
    assert store.bead(bead.id).status == "has_errors"
    assert [a.comment for a, _ in store.annotations(bead.id)] == ["Alice's error"]
    store.close()


def _capture_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """File name → bytes of every download button the app renders."""
    served: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self, path_or_data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        if filename:
            served[filename] = bytes(path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    return served


def test_export_downloads_csv_and_tmx_with_the_review(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served = _capture_downloads(monkeypatch)
    at = _app()
    _go(at, 2)
    _open(at, "err_open")
    at.selectbox(key="err_category").select("terminology").run()
    at.text_input(key="err_comment").input('=HYPERLINK("http://x") wrong term').run()
    at.button(key="add_error").click().run()
    at.button(key="add_error").click().run()  # a second error on the same pair
    _go(at, 4)
    at.button(key="mark_correct").click().run()
    at.radio(key="view").set_value("Export").run()
    at.checkbox(key="excel").check().run()
    assert not at.exception
    csv_name = next(n for n in served if n.endswith(".csv"))
    data = served[csv_name]
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    for col in ("status", "error_category", "severity", "comment", "post_edit", "reviewer", "updated_at"):
        assert col in table.columns
    assert table.loc[2, "error_category"] == "terminology | terminology"
    assert table.loc[2, "comment"].startswith("'=HYPERLINK")  # neutralised: shown as text, never run
    assert table.loc[4, "status"] == "correct"
    tmx = served[next(n for n in served if n.endswith(".tmx"))].decode("utf-8")
    assert tmx.count("<tu>") + tmx.count("<tu ") == 1


def test_document_markup_is_shown_as_text(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from align.embedding_cache import EmbeddingCache
    from align.readers import document_from_text
    from align.review_start import start_review

    cache = session_cache_dir(tmp_path_factory.getbasetemp())
    db = tmp_path / "markup.sqlite3"
    src = document_from_text("<script>alert('x')</script> **Bold** claim.\n\n[link](http://example.com) here.", "en")
    tgt = document_from_text("<img src=x onerror=alert(1)> Affermazione **grassetto**.\n\n# Titolo qui.", "it")
    store = ReviewStore(db)
    start_review(store, src, tgt, encoder=cached_encoder(None, EmbeddingCache(cache / "embeddings.sqlite3")), name="x")
    monkeypatch.setenv("ALIGN_DB", str(db))
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(cache))
    at = _app()
    assert "<script>alert('x')</script> **Bold** claim." in _panel_text(at)  # verbatim, as text
    rendered = " ".join(str(m.value) for m in at.markdown) + " ".join(str(c.value) for c in at.caption)
    for raw in ("<script>", "<img", "**Bold**", "[link]", "# Titolo"):
        assert raw not in rendered
    for name in ("bead_table", "bead_text"):  # the components' HTML escapes the documents' markup
        markup = _component_html(at, name)
        assert "<script" not in markup and "<img" not in markup and "&lt;script&gt;" in markup
    assert _table(at)["source"][0].startswith("<script>alert('x')</script> **Bold** claim.")  # shown as text
    store.close()


def test_uploads_are_limited_and_must_be_text() -> None:
    with pytest.raises(InputError, match=r"too large.*5 MiB"):
        read_upload(b"a" * (MAX_UPLOAD_BYTES + 1), "big.txt")
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    with pytest.raises(InputError):
        read_upload(png, "picture.png")
    doc = read_upload(b"Una frase. Un'altra frase.", "ok.txt")
    assert doc.lang == "it" and len(doc.segments) == 2


def test_a_moved_pair_is_shown_flagged_and_drawn_without_a_box(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = ja_en_pairs(12)
    en = [e for _, e in rows]
    src = document_from_text("\n".join(j for j, _ in rows), "ja", presplit=True, name="facts.ja")
    tgt = document_from_text("\n".join(moved_last(en, 4)), "en", presplit=True, name="facts.en")
    cache_dir = session_cache_dir(tmp_path_factory.getbasetemp())
    db = tmp_path / "moved.sqlite3"
    store = ReviewStore(db)
    cache = EmbeddingCache(cache_dir / "embeddings.sqlite3")
    rid = store.create_review(align_and_flag(src, tgt, cached_encoder(None, cache)), "moved sentence")
    cache.close()
    monkeypatch.setenv("ALIGN_DB", str(db))
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(cache_dir))
    at = _app()
    assert at.session_state["review"] == rid
    table = _table(at)
    moved = table[table["target"] == en[4]]
    assert moved["source"].tolist() == [rows[4][0]]  # paired where the source sentence stands
    _go(at, int(moved["bead"].item()))
    assert any("stands elsewhere in the translation" in str(m.value) for m in at.markdown)  # the flag's note
    at.radio(key="view").set_value("Heat map").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("moved elsewhere" in str(c.value) for c in at.caption)
    store.close()


def _review_frame(db: Path) -> pd.DataFrame:
    store = ReviewStore(db)
    frame = store.bead_frame(store.list_reviews()[0].id)
    store.close()
    return frame


def test_navigation_stays_within_the_filters(env: Path) -> None:
    frame = _review_frame(env)
    omitted = frame.loc[frame["flags"].map(lambda codes: "omission" in codes), "bead"].tolist()
    assert len(omitted) >= 2 and omitted[1] > omitted[0] + 1  # a bead between them that the filter hides
    at = _app()
    _go(at, omitted[0])
    at.selectbox(key="f_flag").select("omission").run()
    at.button(key="next").click().run()
    assert at.session_state["bead"] == omitted[1]  # ▶: the next bead the filter shows
    at.button(key="prev").click().run()
    assert at.session_state["bead"] == omitted[0]
    at.button(key="mark_correct").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["bead"] == omitted[1]  # "correct, next" too

    matches = frame.loc[(frame["src_text"] + frame["tgt_text"]).str.lower().str.contains("altman"), "bead"].tolist()
    at.selectbox(key="f_flag").select("").run()
    at.text_input(key="f_text").input("altman").run()
    _go(at, matches[0])
    at.button(key="mark_correct").click().run()
    assert at.session_state["bead"] == matches[1]
    at.button(key="mark_correct").click().run()
    _go(at, matches[0])
    at.button(key="next_unreviewed").click().run()
    assert at.session_state["bead"] == matches[2]  # skips the two marked correct, stays in the matches
    at.button(key="next_flagged").click().run()
    assert at.session_state["bead"] in matches


def test_drafts_belong_to_their_bead(env: Path) -> None:
    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    beads = store.beads(rid)
    tgt_doc = store.documents(rid)[1]
    word = join_segments(tgt_doc, beads[62].tgt).split()[0]
    at = _app()
    _go(at, 62)
    _open(at, "err_open", "pe_open")
    # Typed on bead 62 but not saved; then ▶ (the typed values reach the server with the click).
    at.text_input(key="err_comment").input("a draft for 62")
    at.selectbox(key="err_span_side").select("tgt")
    at.text_input(key="err_span_text").input(word)
    at.text_area(key="pe_text").input("post-edit draft for 62")
    at.button(key="next").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["bead"] == 63
    # the post-edit draft left behind is not dropped without a word
    warnings = [w.value.replace("\\", "") for w in at.warning]  # shown markdown-escaped
    assert any("bead 62" in w and "post-edit" in w for w in warnings), warnings
    assert not at.session_state["err_open"]  # the form opens where there is a draft, not here
    _open(at, "err_open", "pe_open")
    assert at.text_input(key="err_comment").value == ""
    assert at.text_input(key="err_span_text").value == ""
    assert at.selectbox(key="err_span_side").value == ""
    # bead 63 has no post-edit: its box starts with the machine translation to correct
    assert at.text_area(key="pe_text").value == join_segments(tgt_doc, beads[63].tgt) and not beads[63].post_edit
    at.button(key="add_error").click().run()
    ((ann, _),) = store.annotations(beads[63].id)
    assert (ann.comment, ann.span_side) == ("", None)  # nothing of bead 62's draft
    at.button(key="prev").click().run()
    assert at.session_state["bead"] == 62  # the drafts are back with their bead, the forms open on them
    assert at.session_state["err_open"] and at.session_state["pe_open"]
    assert at.text_input(key="err_comment").value == "a draft for 62"
    assert at.text_input(key="err_span_text").value == word
    assert at.text_area(key="pe_text").value == "post-edit draft for 62"
    at.button(key="save_pe").click().run()
    assert store.bead(beads[62].id).post_edit == "post-edit draft for 62"
    assert store.annotations(beads[62].id) == []
    store.close()


def test_span_text_without_a_side_is_refused_beside_the_form(env: Path) -> None:
    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    bead = store.beads(rid)[5]
    fragment = join_segments(store.documents(rid)[1], bead.tgt)[:6]
    at = _app()
    _go(at, 5)
    _open(at, "err_open")
    at.text_input(key="err_span_text").input(fragment)
    at.text_input(key="err_comment").input("wrong word")
    at.button(key="add_error").click().run()
    assert store.annotations(bead.id) == []  # not saved without its span
    form = at.get_by_key("error_form")
    assert any("side" in e.value for e in form.error), [e.value for e in at.error]
    assert at.text_input(key="err_span_text").value == fragment  # the draft is kept to fix
    at.selectbox(key="err_span_side").select("tgt").run()
    at.button(key="add_error").click().run()
    ((ann, _),) = store.annotations(bead.id)
    assert (ann.span_side, ann.span_start, ann.span_end, ann.comment) == ("tgt", 0, 6, "wrong word")
    store.close()


def test_the_reviewer_name_belongs_to_the_browser_session(env: Path) -> None:
    alice, bob = _app(), _app()
    alice.text_input(key="reviewer").input("Alice").run()
    bob.text_input(key="reviewer").input("Bob").run()
    # Alice reloads the page: a new session on the same address (its query string)
    again = AppTest.from_file(APP, default_timeout=120)
    again.query_params = dict(alice.query_params)
    again.run()
    assert again.text_input(key="reviewer").value == "Alice"
    assert _app(reviewer="").text_input(key="reviewer").value == ""  # someone else's browser: no name yet
    _go(again, 3)
    again.button(key="mark_correct").click().run()
    _go(bob, 4)
    bob.button(key="mark_correct").click().run()
    store = ReviewStore(env)
    beads = store.beads(store.list_reviews()[0].id)
    assert (beads[3].updated_by, beads[4].updated_by) == ("Alice", "Bob")
    store.close()


def test_review_names_render_as_text_in_the_sidebar(env: Path) -> None:
    from markdown_it import MarkdownIt

    store = ReviewStore(env)
    seed = store.list_reviews()[0]
    name = "**Bold** [link](http://example.com) _it_ `code` <b>x</b>"
    store.create_review(store.alignment(seed.id), name)
    store.close()
    at = _app()
    labels = [p.proto.text for p in at.sidebar.get("progress")]
    rendered = [re.sub(r"<[^>]+>", "", html.unescape(MarkdownIt().renderInline(t))) for t in labels]

    # The whole name, as plain text (not cut at 40 characters any more: the sidebar wraps it); only the <b> tags
    # drop out, as the text's own markup is escaped, not rendered.
    assert f"{re.sub(r'<[^>]+>', '', name)}: 0%" in rendered and f"{seed.name}: 0%" in rendered, rendered


def test_score_colours_tell_doubtful_from_sure_pairs() -> None:
    from review_app.state import score_hue

    # Nearly every confidence is above 0.5: the colours must part 0.6, 0.8 and 1.0 plainly (hue 0 red … 120 green).
    hues = [score_hue(x) for x in (0.0, 0.6, 0.8, 0.9, 1.0)]
    assert hues == sorted(hues) and hues[0] == 0 and hues[-1] == 120
    assert hues[2] - hues[1] >= 30 and hues[4] - hues[2] >= 50


def test_a_flagged_bead_never_looks_like_the_all_clear(env: Path) -> None:
    """A green "1.00" on a heavily flagged bead read as "fine": the number is the alignment's confidence only.
    Table and panel mark a flagged bead as risky (orange to red), and name the number "alignment"."""
    frame = _review_frame(env)
    sure = frame["score"].round(2) == 1.0
    flagged = frame[sure & frame["flags"].map(bool)].sort_values("risk").iloc[-1]
    clear = frame[sure & ~frame["flags"].map(bool)].iloc[0]
    at = _app()
    markup = _component_html(at, "bead_table")
    assert '<th title="alignment confidence: ' in markup and ">align.</th>" in markup

    def cell(pos: int) -> tuple[int, str, str]:
        found = re.search(
            rf'<tr data-bead="{pos}"[^>]*><td class="num">{pos}</td><td class="num" '
            r'style="background-color: hsl\((\d+),[^"]*"[^>]*>([^<]*)</td>.*?<td>(.*?)</td>',
            _component_html(at, "bead_table"),
        )
        assert found, pos
        return int(found.group(1)), found.group(2), found.group(3)

    for pos in (int(flagged["bead"]), int(clear["bead"])):
        _go(at, pos)
        hue, shown, flag_cell = cell(pos)
        header = " ".join(str(m.value) for m in at.markdown if f"Bead {pos}" in str(m.value))
        assert shown == "1.00" and "alignment 1.00" in header, header
        if pos == int(flagged["bead"]):
            assert hue <= 35, hue  # orange to red, never green
            assert "⚑" in flag_cell and "check the translation" in flag_cell
            assert "⚑ risky:" in header and "badge[" in header
        else:
            assert hue == 120 and flag_cell == ""
            assert "no flags" in header and "risky" not in header


def test_approve_every_shown_bead_in_one_action_and_undo_it(env: Path) -> None:
    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    at = _app()
    _go(at, 5)
    _open(at, "err_open")
    at.button(key="add_error").click().run()  # a bead with an error is never approved
    at.slider(key="f_score").set_value((0.95, 1.0)).run()
    before = store.bead_frame(rid)
    shown = before[before["score"].round(2).between(0.95, 1.0) | before["score"].isna()]  # the scores as shown
    todo = (shown["status"] == "unreviewed") & (shown["n_errors"] == 0)
    expected = set(shown.loc[todo & (shown["flags"].map(len) == 0), "id"])  # flagged ones only when asked for
    assert 5 < len(expected) < len(before) - 5
    at.button(key="approve_view").click().run()
    assert not at.exception, [e.value for e in at.exception]
    after = store.bead_frame(rid).set_index("id")["status"]
    assert set(after[after == "correct"].index) == expected  # exactly the shown, unreviewed, error-free ones
    assert after[before.loc[before["bead"] == 5, "id"].item()] == "has_errors"
    assert at.session_state["approve_pop"] is False  # the popover closed: it no longer covers the message
    assert any("marked correct" in s.value for s in at.success)
    at.button(key="undo").click().run()  # Z: the approval is one action, undone at once
    assert store.bead_frame(rid).set_index("id")["status"].to_dict() == before.set_index("id")["status"].to_dict()
    assert "an error on bead 5" in at.button(key="undo").help  # next in line: the error added before it
    store.close()


def test_a_write_to_one_bead_rereads_that_bead_only(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from review_app.state import bead_frame

    full_read = ReviewStore.bead_frame
    reads: list[int] = []

    def counted(self: ReviewStore, review_id: int) -> pd.DataFrame:
        reads.append(review_id)
        return full_read(self, review_id)

    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    at = _app()
    _go(at, 5)
    _open(at, "err_open", "pe_open")
    monkeypatch.setattr(ReviewStore, "bead_frame", counted)
    at.text_input(key="err_comment").input("a wrong term").run()
    steps = [
        lambda: at.button(key="add_error").click().run(),
        lambda: at.text_area(key="pe_text").input("Testo rivisto.").run(),
        lambda: at.button(key="save_pe").click().run(),
        lambda: at.button(key=next(b.key for b in at.button if b.key.startswith("del_"))).click().run(),
        lambda: at.button(key="mark_correct").click().run(),
        lambda: at.button(key="mark_errors").click().run(),
        lambda: at.button(key="add_error").click().run(),
    ]
    for step in steps:
        step()
        assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
        # What the app shows is what the store holds, every column of every bead ...
        pd.testing.assert_frame_equal(bead_frame(store, store.review(rid)), full_read(store, rid))
    assert reads == []  # ... without reading the whole review again after a write to one bead
    assert store.beads(rid)[6].status == "has_errors" and store.beads(rid)[5].status == "correct"
    store.close()


def _pe_box(at: AppTest) -> str:
    return at.text_area(key="pe_text").value


def test_a_saved_post_edit_never_comes_back_as_an_empty_draft(env: Path) -> None:
    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    bead = store.beads(rid)[5]
    at = _app()
    _go(at, 5)
    _open(at, "pe_open")
    at.text_area(key="pe_text").input("Testo rivisto.").run()
    at.button(key="save_pe").click().run()
    # The box closed, J and K: its widget was not drawn, and what it held then is nobody's draft.
    at.toggle(key="pe_open").set_value(False).run()
    at.button(key="next").click().run()
    assert not at.warning, [w.value for w in at.warning]  # no "post-edit not saved" for bead 5
    at.button(key="prev").click().run()
    assert at.session_state["bead"] == 5 and at.session_state["pe_open"]
    assert _pe_box(at) == "Testo rivisto."
    assert not any("draft" in str(c.value) for c in at.caption)
    at.button(key="save_pe").click().run()
    assert store.bead(bead.id).post_edit == "Testo rivisto."
    # Merged with the next pair and the merge undone: the saved post-edit is back in the box, not a draft.
    at.toggle(key="fix_open").set_value(True).run()
    at.button(key="merge_next").click().run()
    assert not at.warning, [w.value for w in at.warning]  # no false "not saved" warning after the merge
    at.button(key="undo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.beads(rid)[5].post_edit == "Testo rivisto." and at.session_state["bead"] == 5
    assert _pe_box(at) == "Testo rivisto."
    at.button(key="next").click().run()
    at.button(key="prev").click().run()
    assert not at.warning, [w.value for w in at.warning]
    assert _pe_box(at) == "Testo rivisto."
    # An emptied box is a slip: saving it is refused beside the button, the stored text stays.
    at.text_area(key="pe_text").input("").run()
    at.button(key="save_pe").click().run()
    assert store.beads(rid)[5].post_edit == "Testo rivisto."
    assert any("empty" in e.value for e in at.error), [e.value for e in at.error]
    store.close()


def test_correct_next_saves_the_post_edit_typed_on_the_pair_first(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served = _capture_downloads(monkeypatch)
    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    at = _app()
    _go(at, 6)
    _open(at, "pe_open")
    at.text_area(key="pe_text").input("Testo corretto a mano.")  # typed, not saved: it arrives with the click
    at.button(key="mark_correct").click().run()
    bead = store.beads(rid)[6]
    assert (bead.status, bead.post_edit) == ("correct", "Testo corretto a mano.")  # not the MT in the TMX
    assert at.session_state["bead"] == 7
    said = [s.value.replace("\\", "") for s in at.success]  # shown markdown-escaped
    assert any("post-edit was saved" in m for m in said), said
    at.radio(key="view").set_value("Export").run()
    tmx = served[next(n for n in served if n.endswith(".tmx"))].decode("utf-8")
    assert "Testo corretto a mano." in tmx
    at.radio(key="view").set_value("Review pairs").run()
    at.button(key="undo").click().run()  # one action, one undo: the verdict and the post-edit
    bead = store.beads(rid)[6]
    assert (bead.status, bead.post_edit, at.session_state["bead"]) == ("unreviewed", "", 6)

    # When the post-edit cannot be saved (someone stored another meanwhile), the pair is not marked.
    _open(at, "pe_open")
    at.text_area(key="pe_text").input("Mia versione.").run()
    store.set_post_edit(bead.id, "La versione di Ugo.", expected_version=None, reviewer="Ugo")
    at.button(key="mark_correct").click().run()
    bead = store.beads(rid)[6]
    assert (bead.status, bead.post_edit, at.session_state["bead"]) == ("unreviewed", "La versione di Ugo.", 6)
    verdict = [e.value.replace("\\", "") for e in at.error]
    assert any("Not marked correct" in e and "Ugo" in e for e in verdict), verdict
    assert _pe_box(at) == "Mia versione."  # the reviewer's text is still there
    store.close()


def test_deleting_an_error_says_what_became_of_the_pair_and_undo_brings_it_back(env: Path) -> None:
    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    bead = store.beads(rid)[8]
    word = join_segments(store.documents(rid)[1], bead.tgt).split()[0]
    at = _app()
    at.text_input(key="reviewer").input("Dora").run()
    _go(at, 8)
    _open(at, "err_open")
    at.selectbox(key="err_category").select("terminology").run()
    at.selectbox(key="err_span_side").select("tgt").run()
    at.text_input(key="err_span_text").input(word).run()
    at.text_input(key="err_comment").input("wrong term").run()
    at.button(key="add_error").click().run()
    ((ann, _),) = store.annotations(bead.id)
    at.button(key=f"del_{ann.id}").click().run()
    assert store.annotations(bead.id) == [] and store.bead(bead.id).status == "unreviewed"
    said = [s.value.replace("\\", "") for s in at.success]
    assert any("deleted" in m and "unreviewed again" in m and "Undo" in m for m in said), said
    at.button(key="undo").click().run()
    ((back, _),) = store.annotations(bead.id)
    assert back == ann  # the same error: its id and creation time too, not a copy
    assert store.bead(bead.id).status == "has_errors"
    store.close()


def test_has_errors_opens_the_form_and_the_error_sets_the_status(env: Path) -> None:
    store = ReviewStore(env)
    bead = store.beads(store.list_reviews()[0].id)[9]
    at = _app()
    _go(at, 9)
    at.button(key="mark_errors").click().run()
    assert at.session_state["err_open"] and at.text_input(key="err_comment") is not None
    assert store.bead(bead.id).status == "unreviewed"  # no "has errors" without an error that says which
    at.text_input(key="err_comment").input("a name is misspelt").run()
    at.button(key="add_error").click().run()
    assert store.bead(bead.id).status == "has_errors"
    store.close()


def test_next_likely_error_moves_on_from_the_riskiest_bead(env: Path) -> None:
    frame = _review_frame(env)
    risky = (
        frame[(frame["risk"] > 0) & (frame["status"] == "unreviewed")]
        .sort_values(["risk", "bead"], ascending=[False, True])["bead"]
        .tolist()
    )
    assert len(risky) >= 3
    at = _app()
    _go(at, risky[0])
    at.button(key="next_flagged").click().run()
    assert at.session_state["bead"] == risky[1]  # not the open bead again
    _go(at, risky[-1])
    at.button(key="next_flagged").click().run()
    assert at.session_state["bead"] == risky[0]  # round to the riskiest


def test_undo_is_this_browsers_own_and_never_someone_elses(env: Path) -> None:
    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    at = _app()
    at.text_input(key="reviewer").input("Mine").run()
    # Someone else merges two pairs: not this browser's to undo.
    before = [(b.src, b.tgt) for b in store.beads(rid)]
    from align.editing import merge_with_next

    store.edit_alignment(store.beads(rid)[20].id, merge_with_next, expected_version=None, reviewer="Other")
    at.run()
    assert at.button(key="undo").help == "nothing of yours to undo"
    _go(at, 3)
    at.button(key="mark_correct").click().run()
    assert "correct on bead 3" in at.button(key="undo").help
    bead = store.beads(rid)[3]
    store.set_status(bead.id, "has_errors", expected_version=None, reviewer="Other")  # they change the verdict since
    at.button(key="undo").click().run()
    said = [e.value.replace("\\", "") for e in at.error]
    # A whole sentence: it stopped at "... by Other at 2026-11-30T16:42:56 since".
    assert any(
        e.startswith("Not undone (correct on bead 3): bead 3's verdict was changed by Other at ")
        and e.endswith("after your change, so undoing yours would overwrite theirs; what is stored now is shown")
        for e in said
    ), said
    assert store.bead(bead.id).status == "has_errors"  # their verdict stays
    assert len(store.beads(rid)) == len(before) - 1  # and their merge
    store.close()


def test_undo_survives_a_reload_and_stays_the_reviewers_own(env: Path) -> None:
    """The undo history was the browser session's: a reload lost it. Kept per reviewer and review by the
    server, the same reviewer can still undo after a reload; another reviewer never sees it."""
    store = ReviewStore(env)
    beads = store.beads(store.list_reviews()[0].id)
    ana = _app("Ana")
    _go(ana, 3)
    ana.button(key="mark_correct").click().run()
    ben = _app("Ben")
    _go(ben, 6)
    ben.button(key="mark_correct").click().run()
    assert store.bead(beads[3].id).status == store.bead(beads[6].id).status == "correct"

    again = _app("Ana")  # a reload: a new session of the same reviewer
    assert "correct on bead 3" in again.button(key="undo").help
    again.button(key="undo").click().run()
    assert store.bead(beads[3].id).status == "unreviewed"
    assert store.bead(beads[6].id).status == "correct"  # Ben's verdict is not Ana's to undo
    assert again.button(key="undo").help == "nothing of yours to undo"  # and Ana has nothing left to undo
    assert "correct on bead 6" in _app("Ben").button(key="undo").help  # Ben, reloaded, still has his
    assert _app("Cy").button(key="undo").help == "nothing of yours to undo"  # a third reviewer has nothing
    store.close()


def test_undo_compares_only_the_field_it_undoes(env: Path) -> None:
    """Someone else's change of another field does not block an undo; a change of the same field does."""
    from align.types import Annotation

    store = ReviewStore(env)
    bead = store.beads(store.list_reviews()[0].id)[4]
    at = _app()
    at.text_input(key="reviewer").input("Mine").run()
    _go(at, 4)
    at.button(key="mark_correct").click().run()
    store.set_post_edit(bead.id, "Their text.", expected_version=None, reviewer="Other")
    at.button(key="undo").click().run()  # my verdict, after their post-edit
    assert not at.error, [e.value for e in at.error]
    assert (store.bead(bead.id).status, store.bead(bead.id).post_edit) == ("unreviewed", "Their text.")

    _go(at, 4)
    _open(at, "pe_open")
    at.text_area(key="pe_text").input("My text.").run()
    at.button(key="save_pe").click().run()
    assert store.bead(bead.id).post_edit == "My text."
    store.add_annotation(bead.id, Annotation("terminology", "minor", "theirs"), reviewer="Other")
    at.button(key="undo").click().run()  # my post-edit, after their error
    assert not at.error, [e.value for e in at.error]
    after = store.bead(bead.id)
    assert (after.post_edit, after.status) == ("Their text.", "has_errors")
    assert [a.comment for a, _ in store.annotations(bead.id)] == ["theirs"]  # their error stays

    at.text_area(key="pe_text").input("My text again.").run()
    at.button(key="save_pe").click().run()
    assert store.bead(bead.id).post_edit == "My text again."
    store.set_post_edit(bead.id, "Their second text.", expected_version=None, reviewer="Other")
    at.button(key="undo").click().run()  # my post-edit, after theirs: refused, theirs stays
    refused = [e.value.replace("\\", "") for e in at.error]
    assert any("Not undone" in e and "post-edit was changed by Other" in e for e in refused), refused
    assert store.bead(bead.id).post_edit == "Their second text."
    store.close()


def test_the_score_filter_keeps_the_scores_it_shows(env: Path) -> None:
    frame = _review_frame(env)
    at = _app()
    at.slider(key="f_score").set_value((1.0, 1.0)).run()
    table = _table(at)
    ones = frame[frame["score"].round(2) == 1.0]
    assert (frame["score"] < 1.0).loc[ones.index].any()  # e.g. 0.9998, shown as 1.00
    assert table["bead"].tolist() == ones["bead"].tolist()[: len(table)] and len(table) == min(50, len(ones))
    assert (table["score"] == 1.0).all()


def test_a_post_edit_conflict_names_who_wrote_the_post_edit(env: Path) -> None:
    """The refusal credits the post-edit's author and time, not whoever touched the bead last (an error)."""
    from align.types import Annotation

    store = ReviewStore(env)
    bead = store.beads(store.list_reviews()[0].id)[3]
    at = _app()
    at.text_input(key="reviewer").input("Bob").run()
    _go(at, 3)
    _open(at, "pe_open")
    at.text_area(key="pe_text").input("Bob's post-edit").run()
    store.set_post_edit(bead.id, "Alice's post-edit", expected_version=None, reviewer="Alice")
    store.add_annotation(bead.id, Annotation("terminology", "minor", "a term"), reviewer="Carol")  # last, elsewhere
    written = store.bead(bead.id)
    assert (written.updated_by, written.post_edit_by) == ("Carol", "Alice")
    at.button(key="save_pe").click().run()
    said = [e.value.replace("\\", "") for e in at.error]
    refusal = next(e for e in said if "Not saved" in e)
    assert "by Alice at " + written.post_edit_at[:19] in refusal and "Carol" not in refusal, refusal
    assert store.bead(bead.id).post_edit == "Alice's post-edit"
    store.close()


def test_the_csv_download_is_the_command_lines_export(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same review gives the same CSV from the app and from `python -m align export`, per-error columns
    included, and the export view names every column the file has."""
    from align.cli import main
    from align.review_store import REVIEW_COLUMNS

    served = _capture_downloads(monkeypatch)
    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    word = join_segments(store.documents(rid)[1], store.beads(rid)[8].tgt).split()[0]
    at = _app()
    at.text_input(key="reviewer").input("Aiko").run()
    _go(at, 8)
    _open(at, "err_open")
    at.selectbox(key="err_span_side").select("tgt").run()
    at.text_input(key="err_span_text").input(word).run()
    at.text_input(key="err_comment").input("a | in the comment").run()
    at.button(key="add_error").click().run()
    at.text_input(key="reviewer").input("Luca").run()
    at.button(key="add_error").click().run()  # a second error, without a span, by someone else
    at.radio(key="view").set_value("Export").run()
    shown = " ".join(str(m.value) for m in at.markdown)
    assert all(f"`{c}`" in shown for c in REVIEW_COLUMNS), shown
    for excel in (False, True):
        at.checkbox(key="excel").set_value(excel).run()
        assert not at.exception, [e.value for e in at.exception]
        app_csv = served[next(n for n in served if n.endswith(".csv"))]
        out = tmp_path / f"cli-{excel}.csv"
        assert main(["export", "--db", str(env), "--review", str(rid), "-o", str(out), "-q", *["--excel"] * excel]) == 0
        assert app_csv == out.read_bytes()
        row = pd.read_csv(io.BytesIO(app_csv), encoding="utf-8-sig", keep_default_na=False).loc[8]
        assert (row["error_reviewer"], row["error_text"]) == ("Aiko | Luca", f"{word} | ")
        assert row["error_span"].startswith("tgt:") and row["error_span"].endswith(" | ")
    store.close()


def test_undo_goes_back_through_this_browsers_own_actions_in_order(env: Path) -> None:
    """An error, then a post-edit on the same bead: Z undoes the post-edit, Z again the error (the browser's own
    later actions, the post-edit and its undo, never block undoing its earlier ones)."""
    store = ReviewStore(env)
    bead = store.beads(store.list_reviews()[0].id)[7]
    at = _app()
    at.text_input(key="reviewer").input("Rita").run()
    _go(at, 7)
    _open(at, "err_open")
    at.text_input(key="err_comment").input("major grammar").run()
    at.button(key="add_error").click().run()
    _open(at, "pe_open")
    at.text_area(key="pe_text").input("PE7").run()
    at.button(key="save_pe").click().run()
    assert (store.bead(bead.id).post_edit, store.bead(bead.id).status) == ("PE7", "has_errors")
    at.button(key="undo").click().run()
    assert not at.error, [e.value for e in at.error]
    assert store.bead(bead.id).post_edit == bead.post_edit
    at.button(key="undo").click().run()
    assert not at.error, [e.value for e in at.error]
    assert store.annotations(bead.id) == [] and store.bead(bead.id).status == bead.status
    store.close()


def test_a_filter_that_hides_the_open_bead_opens_its_first_bead(env: Path) -> None:
    frame = _review_frame(env)
    omitted = frame.loc[frame["flags"].map(lambda codes: "omission" in codes), "bead"].tolist()
    outside = next(b for b in frame["bead"] if b not in omitted)
    at = _app()
    _go(at, outside)
    at.selectbox(key="f_flag").select("omission").run()
    assert at.session_state["bead"] == omitted[0]  # not left on a bead the filter hides
    said = [m.value for m in at.success]
    assert any(f"Bead {outside} is not among the filtered beads" in m and f"bead {omitted[0]}" in m for m in said)
    _go(at, omitted[1])
    at.selectbox(key="f_category").select("").run()  # a change that keeps the open bead in view: it stays
    at.text_input(key="f_text").input(" ").run()
    assert at.session_state["bead"] == omitted[1]


def _one_sided_review(store: ReviewStore, name: str) -> tuple[int, int]:
    """A copy of the seed review whose first 1-1 bead is split into a 1-0 and a 0-1 bead (the aligner sure, confidence
    1.0, and unflagged) → (the review's id, the 1-0 bead's position)."""
    from dataclasses import replace as copy_with

    from align.types import Bead

    seed = store.alignment(store.list_reviews()[0].id)
    k = next(i for i, b in enumerate(seed.beads) if len(b.src) == len(b.tgt) == 1)
    b = seed.beads[k]
    beads = [*seed.beads[:k], Bead(b.src, (), 1.0), Bead((), b.tgt, 1.0), *seed.beads[k + 1 :]]
    flags = [*(seed.flags or [])[:k], [], [], *(seed.flags or [])[k + 1 :]]
    return store.create_review(copy_with(seed, beads=beads, flags=flags), name), k


def test_a_bead_with_an_empty_side_shows_no_score_and_its_tmx_omission_is_said(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 1-0 and a 0-1 bead (the aligner is sure nothing matches: confidence 1.0) are not a perfect pairing:
    their score reads "–", uncoloured; approved, they cannot go into a TMX, and the export says so."""
    from align.cli import main

    store = ReviewStore(env)
    rid, k = _one_sided_review(store, "one-sided")
    lone = store.beads(rid)[k : k + 2]
    for bead in [*lone, store.beads(rid)[k + 2]]:  # and a pair with both sides, that does go in
        store.set_status(bead.id, "correct", expected_version=bead.version, reviewer="Ana")
    at = _app()
    at.selectbox(key="review").select(rid).run()
    _go(at, k)
    markup = _component_html(at, "bead_table")
    for pos in (k, k + 1):
        cell = re.search(
            rf'<tr data-bead="{pos}"[^>]*><td class="num">{pos}</td><td class="num" style="([^"]*)"[^>]*>([^<]*)<',
            markup,
        )
        assert cell and cell.group(2) == "–" and "hsl(120" not in cell.group(1), cell
    assert "alignment – (one side is empty)" in " ".join(str(m.value) for m in at.markdown)
    at.radio(key="view").set_value("Export").run()
    said = [w.value for w in at.warning]
    assert any("2 approved pairs are left out of the TMX" in w for w in said), said
    out = tmp_path / "one-sided.tmx"
    assert main(["export", "--db", str(env), "--review", str(rid), "-o", str(out)]) == 0
    assert "2 approved beads left out of the TMX: a side is empty" in capsys.readouterr().err
    assert store.tmx_table(rid)["bead"].tolist() == [k + 2] and out.read_text(encoding="utf-8").count("<tu>") == 1
    store.close()


def test_a_tmx_with_only_one_sided_approved_beads_says_why_it_is_empty(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the only approved beads are a 1-0 and a 0-1, the TMX has nothing in it: the app and the CLI say why
    (the app said only "no pair ... is marked correct", which read as if the approvals were lost)."""
    from align.cli import main

    store = ReviewStore(env)
    seed_rid = store.list_reviews()[0].id
    rid, k = _one_sided_review(store, "only one-sided approved")
    for bead in store.beads(rid)[k : k + 2]:
        store.set_status(bead.id, "correct", expected_version=bead.version, reviewer="Ana")
    at = _app()
    at.selectbox(key="review").select(rid).run()
    at.radio(key="view").set_value("Export").run()
    said = " ".join(w.value for w in at.warning)
    assert "Nothing to export as TMX: the only approved pairs (2) have an empty side" in said, said
    assert not at.info and not [b for b in at.get("download_button") if "TMX" in str(b.proto.label)]
    out = tmp_path / "empty.tmx"
    for quiet in ([], ["-q"]):  # an error, so said even with -q
        assert main(["export", "--db", str(env), "--review", str(rid), "-o", str(out), *quiet]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert err == [
            f"error: nothing to export to {out}: the only approved beads (2) have an empty side (1-0 or 0-1), and a "
            "translation unit needs a source and a target (a post-edit written for a bead without a target puts it in)"
        ], err
    assert not out.exists()
    untouched = store.create_review(store.alignment(seed_rid), "nothing approved")
    assert main(["export", "--db", str(env), "--review", str(untouched), "-o", str(out)]) == 2
    assert "error: nothing to export to" in capsys.readouterr().err
    store.close()


def test_a_reload_comes_back_to_the_open_review_and_bead(env: Path) -> None:
    """The address keeps the open review and bead (?review=ID&bead=N): a reload is not sent back to bead 0."""
    store = ReviewStore(env)
    first = store.list_reviews()[0].id
    other = store.create_review(store.alignment(first), "a second review")
    store.close()
    at = _app()
    at.selectbox(key="review").select(other).run()
    _go(at, 17)
    at.button(key="next").click().run()
    assert (at.query_params["review"], at.query_params["bead"]) == (str(other), "18")
    again = AppTest.from_file(APP, default_timeout=120)  # the reload: a new session on the same address
    again.query_params = dict(at.query_params)
    again.run()
    assert not again.exception, [e.value for e in again.exception]
    assert (again.session_state["review"], again.session_state["bead"]) == (other, 18)
    assert "**Bead 18** of" in " ".join(str(m.value) for m in again.markdown)
    again.selectbox(key="review").select(first).run()  # another review opens at its first bead
    assert again.session_state["bead"] == 0 and again.query_params["review"] == str(first)


def test_streamlit_run_from_the_project_skips_the_full_collection_after_each_run() -> None:
    """`streamlit run` in this folder reads .streamlit/config.toml: no gc.collect(2) after every script run (it
    held the server for 50-90 ms after each click, delaying the end of the page: see README, review speed)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    ask = "from streamlit import config; print(config.get_option('runner.postScriptGC'))"
    shown = subprocess.run([sys.executable, "-c", ask], cwd=root, capture_output=True, text=True, timeout=120)
    assert shown.stdout.strip() == "False", (shown.stdout, shown.stderr[-2000:])


def test_a_refused_verdict_shows_what_is_stored_and_asks_no_reload(env: Path) -> None:
    """Ben's screen shows bead 4 unreviewed; Ana marks it correct; Ben's "Correct, next" is refused. His screen then
    shows it correct, and the message says so instead of asking him to reload a page that is no longer behind."""
    ana, ben = _app(reviewer="Ana"), _app(reviewer="Ben")
    for at in (ana, ben):
        _go(at, 4)
    ana.button(key="mark_correct").click().run()
    ben.button(key="mark_correct").click().run()
    said = " ".join(str(e.value) for e in ben.error)
    assert "Not saved" in said and "reload" not in said and "What is stored now is shown" in said, said
    assert ben.session_state["bead"] == 4
    head = [str(m.value) for m in ben.markdown if str(m.value).startswith("**Bead 4**")]
    assert head and "✓ correct" in head[0], head
    # The same after Ana merged beads 6 and 7 under Ben's open bead 6: the new pair is shown, no reload asked for.
    for at in (ana, ben):
        _go(at, 6)
    ana.toggle(key="fix_open").set_value(True).run()
    ana.button(key="merge_next").click().run()
    ben.button(key="mark_correct").click().run()
    said = " ".join(str(e.value).replace("\\", "") for e in ben.error)
    # Not "bead 6 no longer exists" (it said so while the merged bead 6 was on screen): the one Ben had was replaced.
    assert "bead 6 as you loaded it was replaced: Ana changed the alignment there (merge" in said, said
    assert "no longer exists" not in said and "reload" not in said and "What is stored now is shown" in said, said
    store = ReviewStore(env)
    merged = store.beads(store.list_reviews()[0].id)[6]
    store.close()
    head = [str(m.value) for m in ben.markdown if str(m.value).startswith("**Bead 6**")]
    assert head and f"· {len(merged.src)}-{len(merged.tgt)} ·" in head[0], head


def test_nothing_is_saved_without_a_reviewer_name(env: Path) -> None:
    """Work done with an empty name was saved crediting nobody (status_by empty in the export, "someone" in
    another browser's conflict message): every change is refused, with a message that points at the name field."""
    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    before = store.revision(rid)
    at = _app(reviewer="")
    _go(at, 30)
    at.button(key="mark_correct").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["bead"] == 30  # not marked, not moved on
    assert any("type your name in the sidebar" in str(e.value) for e in at.error), [e.value for e in at.error]
    assert store.beads(rid)[30].status == "unreviewed" and store.revision(rid) == before
    at.text_input(key="reviewer").input("Ines").run()
    at.button(key="mark_correct").click().run()
    bead = store.beads(rid)[30]
    assert (bead.status, bead.updated_by) == ("correct", "Ines")
    store.close()


def test_a_post_edit_draft_survives_a_reload(env: Path) -> None:
    """An unsaved post-edit was lost on reload (the draft lived in the browser session): the reloaded page
    opens the bead with the draft in its box, still a draft, and saving it stores it."""
    at = _app(reviewer="Pia")
    _go(at, 30)
    _open(at, "pe_open")
    at.text_area(key="pe_text").input("Bozza non salvata.").run()  # a click outside the box: typed, not saved
    again = AppTest.from_file(APP, default_timeout=120)  # the reload: a new session on the same address
    again.query_params = dict(at.query_params)
    again.run()
    assert not again.exception, [e.value for e in again.exception]
    assert again.session_state["bead"] == 30 and again.session_state["pe_open"]
    assert _pe_box(again) == "Bozza non salvata."
    assert any("draft" in str(c.value) for c in again.caption)
    again.button(key="save_pe").click().run()
    store = ReviewStore(env)
    assert store.beads(store.list_reviews()[0].id)[30].post_edit == "Bozza non salvata."
    store.close()


def test_drafts_survive_a_server_restart_and_stay_the_reviewers_own(env: Path) -> None:
    """Drafts were held by the server process only: a restart lost a typed comment, span and post-edit. Kept in
    the review store per bead and reviewer, the restarted server gives them back to that reviewer alone."""
    import streamlit as st

    store = ReviewStore(env)
    beads = store.beads(store.list_reviews()[0].id)
    word = join_segments(store.documents(store.list_reviews()[0].id)[1], beads[40].tgt).split()[0]
    at = _app(reviewer="Ida")
    _go(at, 40)
    _open(at, "err_open", "pe_open")
    at.text_input(key="err_comment").input("non salvato")
    at.selectbox(key="err_span_side").select("tgt")
    at.text_input(key="err_span_text").input(word)
    at.text_area(key="pe_text").input("Bozza prima del riavvio.")
    at.button(key="next").click().run()  # typed, not saved; the next bead opens
    assert at.session_state["bead"] == 41
    st.cache_resource.clear()  # the server restarts: everything it held in memory is gone

    other = _app(reviewer="Ugo")
    _go(other, 40)
    assert not other.session_state["err_open"] and not other.session_state["pe_open"]  # not Ugo's drafts
    again = _app(reviewer="Ida")
    _go(again, 40)
    assert again.session_state["err_open"] and again.session_state["pe_open"]
    assert again.text_input(key="err_comment").value == "non salvato"
    assert (again.selectbox(key="err_span_side").value, again.text_input(key="err_span_text").value) == ("tgt", word)
    assert _pe_box(again) == "Bozza prima del riavvio."
    again.button(key="add_error").click().run()
    again.button(key="save_pe").click().run()
    ((ann, _),) = store.annotations(beads[40].id)
    assert (ann.comment, ann.span_side, ann.reviewer) == ("non salvato", "tgt", "Ida")
    assert store.bead(beads[40].id).post_edit == "Bozza prima del riavvio."
    assert store.drafts("Ida") == {} and store.drafts("Ugo") == {}  # saved: no draft is left behind
    store.close()


def test_an_address_naming_no_such_review_says_so(env: Path) -> None:
    """?review=999 opened another review without a word (the address rewritten): it now says why."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"review": "999", "bead": "4", "reviewer": "Tester"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any(e.startswith("Review 999 does not exist; shown instead: ") for e in errors), errors
    assert at.query_params["review"] != "999" and at.session_state["bead"] == 0


def test_an_upload_of_one_segment_per_line_is_read_as_lines(env: Path) -> None:
    """The form had no "one segment per line" option (the CLI's --presplit): lines holding two sentences were split."""
    en = "The museum opened in May. It was crowded.\nTickets cost ten euros.\nThe café closes at six. Dogs are fine.\n"
    it = "Il museo ha aperto a maggio. Era pieno.\nIl biglietto costa dieci euro.\nIl bar chiude alle sei. Cani sì.\n"
    at = _app()
    at.button(key="new_open_btn").click().run()
    at.radio(key="new_from").set_value("upload two files").run()
    at.file_uploader(key="new_src_up").set_value(("museum.txt", en.encode(), "text/plain"))
    at.file_uploader(key="new_tgt_up").set_value(("museo.txt", it.encode(), "text/plain"))
    at.text_input(key="new_src_lang").input("en")
    at.text_input(key="new_tgt_lang").input("it")
    at.checkbox(key="new_presplit").check()
    finish_jobs(at.button(key="new_go").click().run())
    assert not at.exception, [e.value for e in at.exception]
    store = ReviewStore(env)
    new = next(r for r in store.list_reviews() if r.name != SEED_NAME)
    src, tgt = store.documents(new.id)
    assert [x.text for x in src.segments] == en.splitlines() and [x.text for x in tgt.segments] == it.splitlines()
    store.close()


def test_the_bead_list_marks_post_edited_beads(env: Path) -> None:
    """A post-edited bead is marked ✎ in the bead list's status cell (with its tooltip): after post-editing a few
    beads a reviewer could not find them again in the list, which shows the machine translation, although the TMX
    exports the post-edits (a new user's session)."""
    from review_app.table import bead_table_parts

    store = ReviewStore(env)
    rid = store.list_reviews()[0].id
    beads = store.beads(rid)
    store.set_post_edit(beads[3].id, "una traduzione corretta a mano", expected_version=None, reviewer="Tester")
    page = store.bead_frame(rid).iloc[:10]
    store.close()
    _, rows = bead_table_parts(page, 0)
    status = {bead: row.split('<td class="num"', 3)[3].split("</td>", 1)[0] for bead, row in rows}
    assert "✎" in status[3] and "post-edited" in status[3]
    assert not any("✎" in cell for bead, cell in status.items() if bead != 3)
