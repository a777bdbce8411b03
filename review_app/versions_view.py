"""Versions of one text in the app: start a review set, see one row per unit with each version in its column.

A review set is one pairwise review per version against the pivot (:mod:`align.review_store.versions`). The
grid shows the joint rows, computed from each version's current beads; choosing a row and a version opens
that version's pairwise review at the row's first bead, where verdicts, errors, post-edits and alignment
fixes work as in any review (and change the grid).
"""

from __future__ import annotations

import functools
import io

import pandas as pd
import streamlit as st

from align.encoders.base import reporting
from align.errors import AlignError
from align.exporters import write_table
from align.pairing import same_content
from align.readers import read_document
from align.review_start import CORPORA, MAX_UPLOAD_BYTES, corpus_files, read_upload
from align.review_store import ReviewStore, SetInfo
from align.versions import MultiAlignment, align_versions
from align.versions.crosscheck import unrelated_warnings
from review_app import jobs
from review_app.grid_scroll import scroll_grid_to
from review_app.login import may
from review_app.state import flash, get_encoder, get_store, go_to, md_escape

#: Badge per verdict in a grid cell.
_MARK = {"correct": "✓", "has_errors": "✗", "unreviewed": ""}
#: Grid column widths in pixels: the pivot's text, another version's, and its flags (wrapped: "✗ consensus_number"
#: on two lines). The pivot and two versions fill the main area beside the sidebar in a 1280 px window.
PIVOT_WIDTH, TEXT_WIDTH, FLAG_WIDTH = 260, 225, 110
#: Row height in pixels: above 4rem Streamlit wraps a cell's text, here three lines (a sentence of about 100
#: characters), where one line cut a sentence after about 25; four lines left room for four rows in 1440 x 900.
ROW_HEIGHT = 68
#: The grid's height: the window's less what stands above it (the set's line, the versions and the row to open)
#: and a margin, so that it shows as many rows as the window has room for (ten in 1440 x 900, seven in 1280 x 720);
#: the exports and the chosen cell's flag notes are below it.
_GRID_CSS = """<style>
.st-key-set_grid [data-testid="stDataFrame"], .st-key-set_grid [data-testid="stDataFrameResizable"] {
  height: max(300px, calc(100vh - 215px)) !important;
}
</style>"""
#: Versions shown beside the pivot when a set is opened: ten side by side were unreadable; others are chosen.
DEFAULT_SHOWN = 3


def versions_sidebar(store: ReviewStore) -> int | None:
    """The sidebar's "Versions of one text" part: open a set, or start one. → the set whose grid to show, or None
    (none open, or a cell's review opened from the set is shown: then with the way back to the grid)."""
    s = st.session_state
    sets = store.list_review_sets()
    _read_address(store, sets)
    if "_set_address_error" in s:
        st.error(md_escape(s.pop("_set_address_error")), icon="⚠️")
    if not sets and not may("create"):  # a reviewer with no set of theirs: no empty heading
        s.pop("set_open", None)
        st.query_params.pop("set", None)
        return None
    with st.sidebar:
        st.subheader("Versions of one text")
        if "_open_set" in s:
            s["set_open"] = s.pop("_open_set")
        if sets:
            labels = {x.id: f"{x.name} — {', '.join(x.labels)}, {x.reviewed}/{x.beads} reviewed" for x in sets}
            options = [0, *labels]
            if s.get("set_open") not in options:
                s["set_open"] = 0
            st.selectbox("Open a version set", options, key="set_open", format_func=lambda k: labels.get(k, "— none —"))
        if may("create"):  # with accounts, only admins start reviews (the store refuses others)
            if s.get("set_new_open"):
                new_set_form(store)
                st.button("Cancel", key="set_cancel", on_click=s.update, kwargs={"set_new_open": False})
            else:
                new = {"set_new_open": True}
                st.button("Start a version review…", key="set_new_btn", on_click=s.update, kwargs=new)
    chosen = int(s["set_open"]) if s.get("set_open") else None
    cell = _open_cell(chosen)
    # The open set is kept in the address (?set=ID), so that a reload or a bookmark comes back to it; with a cell's
    # review open from it also its row (?set_row=R, the review and bead are the review's own ?review=&bead=).
    if chosen is not None and st.query_params.get("set") != str(chosen):
        st.query_params["set"] = str(chosen)
    elif chosen is None:
        st.query_params.pop("set", None)
    if cell is None:
        st.query_params.pop("set_row", None)
        return chosen
    if st.query_params.get("set_row") != str(cell["row"]):
        st.query_params["set_row"] = str(cell["row"])
    name = next((x.name for x in sets if x.id == chosen), "")
    with st.container(key="set_back_row", horizontal=True, vertical_alignment="center"):
        st.button("← back to the set grid", key="set_back", on_click=_back_to_grid, args=(cell,))
        st.caption(md_escape(f"Row {cell['row']} of the version set {name}, version {cell['version']}"))
    return None


def set_grid_open(store: ReviewStore) -> bool:
    """Whether this run shows a version set's grid (not a pair's review): asked by the sidebar's "Open review"
    box, drawn before the set's part, which then names no review. A review chosen there while a cell's review
    opened from the set is shown leaves the set."""
    s = st.session_state
    _read_address(store, store.list_review_sets())
    chosen = s["_open_set"] if "_open_set" in s else s.get("set_open")
    cell = s.get("set_cell")
    if cell and cell["set"] == chosen and s.get("review") != cell["review"]:
        s.pop("set_cell")
        s["_open_set"] = 0
        return False
    return bool(chosen) and not (cell and cell["set"] == chosen)


def review_box_in_set(store: ReviewStore, ids: list[int], labels: dict[int, str]) -> bool:
    """The sidebar's "Open review" box while a set's grid is shown: it names no review (it named the last pair's,
    as if that were open); choosing one closes the set and opens it. → False where the usual box is to be drawn."""
    s = st.session_state
    if not set_grid_open(store):
        return False
    s["review"] = s.get("review")  # kept (not drawn, its widget state would go): the review shown once the set closes
    st.selectbox(
        "Open review",
        ids,
        index=None,
        key="review_in_set",
        format_func=labels.__getitem__,
        placeholder="— a version set is open —",
        on_change=lambda: s.update({"_open_review": s["review_in_set"], "_open_set": 0}),
    )
    return True


def _open_cell(chosen: int | None) -> dict[str, object] | None:
    """The cell whose review was opened from the set ``chosen`` and is shown now; None once the reviewer left
    it (another set or none chosen, another review opened)."""
    s = st.session_state
    cell = s.get("set_cell")
    if cell and (cell["set"] != chosen or s.get("review") != cell["review"]):
        s.pop("set_cell")
        return None
    return cell


def _back_to_grid(cell: dict[str, object]) -> None:
    """Back to the set's grid at the row and version the cell's review was opened from."""
    s = st.session_state
    s.pop("set_cell", None)
    s.pop("_set_cell", None)  # the grid is drawn anew, without a selection: a click on the same cell is new
    s.pop("_grid_scrolled", None)  # and at its top: scrolled to the row again
    # The set chosen anew: in Chromium the sidebar's set box came back empty on this run (AppTest kept it).
    s.update({"set_row": cell["row"], "set_version": cell["version"], "_open_set": cell["set"]})


def _read_address(store: ReviewStore, sets: list[SetInfo]) -> None:
    """Once per session (a reload, a bookmark): open the set its address names, and the cell's review it names."""
    s = st.session_state
    if "_set_address_read" not in s:
        s["_set_address_read"] = True
        _open_set_from_address(store, sets)


def _open_set_from_address(store: ReviewStore, sets: list[SetInfo]) -> None:
    """Open the set ``?set=ID`` names; one that does not exist, or (accounts) is not all the reviewer's, is
    not opened, and the page says so (the address is rewritten, which alone would look like a lost bookmark).
    With ``?set_row=R`` and a ``?review=`` of one of its versions: that review, opened from the set's row R."""
    q = st.query_params
    wanted = q.get("set", "")
    if not wanted:
        return
    info = next((x for x in sets if wanted.isdigit() and x.id == int(wanted)), None)
    if info is not None:
        st.session_state["_open_set"] = info.id
        row, rid = q.get("set_row", ""), q.get("review", "")
        version = next((x for x, r in info.reviews.items() if rid.isdigit() and r == int(rid)), None)
        if row.isdigit() and version is not None:
            st.session_state["set_cell"] = {"set": info.id, "row": int(row), "version": version, "review": int(rid)}
        return
    raw = getattr(store, "_store", store)  # with accounts: is the set there at all, or only not theirs?
    exists = wanted.isdigit() and any(x.id == int(wanted) for x in raw.list_review_sets())
    why = "is not assigned to you (all its versions' reviews must be)" if exists else "does not exist"
    # Said in the main area by versions_sidebar: this may run inside the sidebar's drawing.
    st.session_state["_set_address_error"] = f"Version set {wanted} {why}; none is open."
    q.pop("set_row", None)  # a row of the set not opened would stay in the address, with no set to belong to


def new_set_form(store: ReviewStore) -> None:
    """Three or more versions from corpora/ or uploads, and the pivot the others are aligned to."""
    s = st.session_state
    source = st.radio("Versions from", ["corpora/ folder", "upload files"], key="set_from", horizontal=True)
    if source == "corpora/ folder":
        st.multiselect("Versions (3 or more)", corpus_files(), key="set_files")
        names = list(s.get("set_files") or [])
    else:
        limit = f"plain text, up to {MAX_UPLOAD_BYTES // 2**20} MiB each"
        st.file_uploader(f"Versions, 3 or more ({limit})", key="set_uploads", accept_multiple_files=True)
        names = [u.name for u in s.get("set_uploads") or []]
    st.selectbox("Pivot (the others are aligned to it)", ["auto: the most central", *names], key="set_pivot")
    st.text_input("Name", key="set_name", placeholder="e.g. the article's title")
    running = jobs.running()  # one alignment at a time per browser, as the pair form
    if running:
        st.caption("An alignment is running (see the main area): wait for it to finish before starting another.")
    if st.button("Align the versions", key="set_go", type="primary", disabled=len(names) < 3 or running):
        if running:
            st.warning("An alignment is running already: wait for it to finish.")
            return
        try:
            if source == "corpora/ folder":
                docs = [read_document(CORPORA / n) for n in names]
            else:
                docs = [read_upload(u.getvalue(), u.name) for u in s["set_uploads"]]
            for i, j in same_content(docs):  # the command line refuses a file given twice as well
                raise AlignError(f"{docs[i].name} is the same text as {docs[j].name}: give each version once")
        except AlignError as exc:
            st.error(md_escape(str(exc)))
            return
        pivot = names.index(s["set_pivot"]) if s["set_pivot"] in names else "auto"
        name, reviewer, encoder = s.get("set_name") or ", ".join(names), s.get("reviewer", ""), get_encoder("bundled")

        def work(report: jobs.Progress) -> int:
            def on_batch(n_done: int, total: int, desc: str, share: float) -> None:
                report(None, f"Encoding sentences: {n_done:,} of {total:,}")

            with reporting(on_batch):
                multi = align_versions(docs, encoder, pivot=pivot)
            report(None, "Storing the set")
            return store.create_review_set(multi, name, reviewer=reviewer)

        # In the background (review_app.jobs): in the page's run, a click anywhere lost the set without a word.
        jobs.follow(jobs.start(f"Aligning {len(docs)} versions of {name}", "set", work))
        st.rerun()


def set_grid(store: ReviewStore, set_id: int, multi: MultiAlignment) -> pd.DataFrame:
    """One row per joint row: per version its text, and a ``⚑`` column with its flags and verdict."""
    status = store.cell_statuses(set_id, multi)
    data: dict[str, list[str]] = {}
    for v, label in enumerate(multi.labels):
        data[label] = [multi.text(row, v) for row in multi.rows]
        data[f"⚑ {label}"] = [
            " ".join(
                [
                    _MARK[status[r][v] or "unreviewed"],
                    *dict.fromkeys(f.code for f in multi.flags[r][v]),
                ]
            ).strip()
            for r in range(len(multi.rows))
        ]
    return pd.DataFrame(data)


@st.cache_resource(show_spinner=False, max_entries=8)
def _set_state(
    path: str, set_id: int, revision: tuple[str, tuple[int, ...]]
) -> tuple[SetInfo, MultiAlignment, pd.DataFrame]:
    """The set's info, alignment and grid at one revision, shared by every run and session: a rerun that
    changed nothing in the set (choosing columns, a row, a version) reads nothing but the revision."""
    store = get_store(path)
    multi = store.set_alignment(set_id)
    return store.review_set(set_id), multi, set_grid(store, set_id, multi)


def set_state(store: ReviewStore, set_id: int) -> tuple[SetInfo, MultiAlignment, pd.DataFrame]:
    """:func:`_set_state` at the set's current revision. Callers must not modify what it returns."""
    return _set_state(store.url, set_id, store.set_revision(set_id))


def grid_columns(cols: list[str], pivot: str) -> dict[str, object]:
    """Column widths for the grid: left to themselves, the columns took the width of their longest text (four
    versions did not fit a 1500 px window) and a flag column that of its header (``numbe…`` for
    ``number_mismatch``). The pivot stays on screen when the grid scrolls sideways."""
    config: dict[str, object] = {}
    for c in cols:
        if c.startswith("⚑ "):
            help_ = f"{c[2:]}: ✓ correct, ✗ has errors, then the cell's flags (choose the row to read them)"
            config[c] = st.column_config.TextColumn(c, width=FLAG_WIDTH, help=help_)
        else:
            config[c] = st.column_config.TextColumn(
                c, width=PIVOT_WIDTH if c == pivot else TEXT_WIDTH, pinned=c == pivot
            )
    return config


def set_view(store: ReviewStore, set_id: int) -> None:
    """The grid, the columns to show, the flags of a chosen cell, and opening that cell's review."""
    s = st.session_state
    try:
        info, multi, grid = set_state(store, set_id)
    except AlignError as exc:  # e.g. deleted in another session meanwhile
        st.error(md_escape(str(exc)))
        return
    st.markdown(
        f"**{md_escape(info.name)}** · pivot {md_escape(info.labels[info.pivot])} · "
        f"{info.reviewed}/{info.beads} beads reviewed, {info.with_errors} with errors",
        help="One row per unit of the text; each version's text in its own column, then its flags (⚑) and "
        "verdict (✓ correct, ✗ has errors). Choose a row and a version to open that version's review "
        "against the pivot at that place: verdicts, errors, post-edits and alignment fixes work there.",
    )
    # Another article among the versions: said above the grid, as the command line says it on stderr (a new user
    # reviewed seed 003's column as a translation; only its cells' outlier_version flags, cut in the ⚑ column, told).
    for warning in unrelated_warnings(multi, multi.labels):
        st.warning(md_escape(warning))
    pivot = info.labels[info.pivot]
    others = [x for x in info.labels if x != pivot]
    # The versions to show and the cell to open share one line above the grid, which has the rest of the window.
    cols_col, row_col, ver_col, go_col = st.columns([5, 1.3, 1.3, 1.8], vertical_alignment="bottom")
    # The pivot is always shown, first and pinned: every row is read against it, also when the grid scrolls sideways.
    # Kept apart from the widget's own state, which Streamlit drops while the widget is not drawn: the choice was
    # lost after a visit to a cell's review.
    kept = [x for x in s.get(f"_set_cols_kept_{set_id}", others[:DEFAULT_SHOWN]) if x in others]
    shown = cols_col.multiselect(
        f"Versions to show beside the pivot {pivot}",
        others,
        default=kept,
        key=f"set_cols_{set_id}",
        help="The grid scrolls sideways when they do not fit; the pivot stays at the left.",
    )
    s[f"_set_cols_kept_{set_id}"] = list(shown)
    if len(others) > len(shown):
        st.caption(md_escape(f"{len(shown)} of {len(others)} versions shown: choose the others above."))
    cols = [pivot, *(c for label in shown for c in (label, f"⚑ {label}"))]
    # The grid's own toolbar download writes its texts as they are: a cell starting with = would be a formula in a
    # spreadsheet. The set's exports below are formula-safe; the toolbar's is hidden.
    st.html("<style>.st-key-set_grid [aria-label='Download as CSV'] { display: none; }</style>" + _GRID_CSS)
    # A new grid per choice of columns: a selection in a column no longer shown made the next click void.
    grid_key = f"set_grid_{set_id}_{'|'.join(shown)}"
    # The boxes are drawn after the grid (a click in it chooses their values) but stand above it, in their columns.
    with st.container(key="set_grid"):
        event = st.dataframe(
            grid[cols],
            height="stretch",  # the container's height (_GRID_CSS): the window's
            row_height=ROW_HEIGHT,
            width="stretch",
            column_config=grid_columns(cols, pivot),
            key=grid_key,
            on_select="rerun",
            selection_mode="single-cell",
        )
    choose_clicked_cell(grid_key, event.selection.get("cells", []), others)
    r = int(row_col.number_input("Row", 0, max(len(multi.rows) - 1, 0), key="set_row", help="or click a cell"))
    scroll = s.get("_grid_scrolled") != (grid_key, r)  # a row typed, or back from its review: into view, once
    s["_grid_scrolled"] = (grid_key, r)
    scroll_grid_to("set_grid", r if scroll else None, ROW_HEIGHT)
    label = ver_col.selectbox("Version", others, key="set_version")
    v = info.labels.index(label)
    for f in multi.flags[r][v] if r < len(multi.rows) else []:
        st.caption(md_escape(f"⚑ {f.code}: {f.message}"))
    if go_col.button("Open this cell's review", key="set_open_cell", type="primary"):
        beads = multi.rows[r].beads[v]
        rid = info.reviews[label]
        # The pivot's row without this version's text: the bead where that text would stand.
        position = beads[0] if beads else _nearest(multi, r, v)
        # The sidebar's selectboxes are drawn already: they take the new values at the top of the next run. The
        # set stays open (in the sidebar and the address) with the way back to this row of its grid.
        cell = {"set": set_id, "row": r, "version": label, "review": rid}
        s.update({"_open_review": rid, "_review_shown": rid, "set_cell": cell, "view": "Review pairs"})
        go_to(position)
        st.rerun()
    if not may("export"):  # with accounts, exports and deletes are the admins' (the store refuses others)
        return
    fmt = st.radio("Export", ["wide CSV", "long CSV", "TMX (approved)"], key="set_fmt", horizontal=True)
    # Made when the button is clicked, not on every run: an export reads the whole set again.
    data = functools.partial(_export, store, set_id, fmt)
    st.download_button("Download", data, file_name=_file_name(info.name, fmt), key="set_dl")
    delete_set_form(store, info)


def choose_clicked_cell(grid: str, cells: list[tuple[int, str]], others: list[str]) -> None:
    """A cell clicked in the grid chooses its row, and its version unless it is the pivot's, for the boxes above
    the grid (drawn after this in the run, in their columns, so they show it). Only a new click does: the grid
    keeps its selection over reruns, and the boxes changed by hand since must keep their values."""
    s = st.session_state
    if not cells or (grid, *cells[0]) == s.get("_set_cell"):
        return
    s["_set_cell"] = (grid, *cells[0])
    row, column = cells[0]
    s["set_row"] = int(row)
    s["_grid_scrolled"] = (grid, int(row))  # clicked: on screen already, where the reviewer left the grid
    if column.removeprefix("⚑ ") in others:
        s["set_version"] = column.removeprefix("⚑ ")


def delete_set_form(store: ReviewStore, info: SetInfo) -> None:
    """Delete the set with its versions' reviews; a set holding reviewers' work only once that is confirmed."""
    # Open while its box is ticked: a rerun that draws the page anew folds an expander shut.
    with st.expander("Delete this version set", expanded=bool(st.session_state.get(f"set_delete_sure_{info.id}"))):
        work = info.reviewed
        st.caption(
            md_escape(
                f"Deletes the set and its {len(info.reviews)} version reviews"
                + (f", with the work on them ({work} beads reviewed): export it first." if work else ".")
            )
        )
        sure = st.checkbox("Yes, delete it with its reviews", key=f"set_delete_sure_{info.id}")
        if st.button("Delete the set", key=f"set_delete_{info.id}", disabled=not sure):
            try:
                store.delete_review_set(info.id, force=True)
            except AlignError as exc:
                st.error(md_escape(str(exc)))
                return
            flash("ok", f"Deleted the version set {info.name} and its {len(info.reviews)} version reviews.")
            st.session_state.update({"_open_set": 0})
            st.rerun()


def _nearest(multi: MultiAlignment, r: int, v: int) -> int:
    rows = multi.rows
    later = [b for row in rows[r:] for b in row.beads[v]]
    earlier = [b for row in rows[:r] for b in row.beads[v]]
    return later[0] if later else (earlier[-1] if earlier else 0)


def _file_name(name: str, fmt: str) -> str:
    stem = "".join(c if c.isalnum() else "_" for c in name).strip("_")[:40] or "versions"
    return f"{stem}-{fmt.split()[0]}.{'tmx' if fmt.startswith('TMX') else 'csv'}"


def _export(store: ReviewStore, set_id: int, fmt: str) -> bytes:
    if fmt.startswith("TMX"):
        table, kind = store.set_tmx_table(set_id), "tmx"
    else:
        table, kind = store.set_table(set_id, "long" if fmt.startswith("long") else "wide"), "csv"
    out = io.BytesIO()
    try:
        write_table(table, out, kind, excel=kind == "csv")
    except AlignError:  # e.g. a TMX with nothing approved yet
        return b""
    return out.getvalue()
