"""Starting a review: read two documents, align them (embeddings cached) and store the result.

What the app and the command line share, so neither holds alignment logic: the seed review a fresh
install opens with, the corpus files a review can be started from, and one call that aligns with a
progress callback and stores the review.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.encoders.base import Encoder
from align.readers import document_from_bytes, read_document
from align.review_store import ReviewStore
from align.types import Alignment, Document

#: The repository's corpus folder (next to the package), holding the seed pair.
CORPORA = Path(__file__).resolve().parent.parent / "corpora"
SEED_PAIR = ("openai-exec-departures-2024-09/ja.txt", "openai-exec-departures-2024-09/it.txt")
SEED_NAME = "Sample: OpenAI executive departures (ja ↔ it)"
#: Uploads larger than this are refused with a message (a document to review is rarely over 1 MiB).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: Progress share of the aligner's encoder passes (by their desc): from, to, what the message calls it.
#: The counts are the encoder's: distinct sentences of both files not in the embedding cache yet (a pair of 958 and
#: 1,027 lines said "Embedding sentences: 832 of 1017", read as a count of one file gone wrong), then the groups
#: of neighbouring sentences the second pass checks where a pairing is uncertain.
_PHASES = {
    "embedding": (0.0, 0.8, "Embedding the sentences of both files not embedded before"),
    "refining": (0.8, 0.88, "Checking uncertain groups of sentences"),
}
#: Where the bar stands when the aligner's programmes, the flagging and the storing start: each has a share of its
#: own, so the last encoder batch's time left does not stay on screen while they run (a 1,000-sentence pair
#: said "about 5 s left" for its last half minute).
ALIGNED, FLAGGED = 0.9, 0.97

Progress = Callable[[float, str], None]


def corpus_files(root: Path = CORPORA) -> list[str]:
    """Text files under ``root`` as relative paths, sorted."""
    if not root.is_dir():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.txt"))


def cached_encoder(model: str | None = None, cache: EmbeddingCache | None = None) -> Encoder:
    """The named encoder behind the on-disk embedding cache, so reopening or re-aligning is instant."""
    return CachedEncoder(get_encoder(model), cache or EmbeddingCache())


def read_upload(data: bytes, name: str, lang: str | None = None, *, presplit: bool = False) -> Document:
    """A document from uploaded bytes, refusing oversized ones with a clear message."""
    from align.errors import InputError

    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(
            f"{name}: {len(data) / 2**20:.1f} MiB is too large; uploads are limited to "
            f"{MAX_UPLOAD_BYTES // 2**20} MiB (use the command line for bigger files)"
        )
    return document_from_bytes(data, lang, presplit=presplit, name=name)


def align_with_progress(
    src: Document, tgt: Document, encoder: Encoder, on_progress: Progress | None = None, *, store_next: bool = False
) -> Alignment:
    """Align and flag exactly as the command line does (:func:`align.pipeline.align_and_flag`), telling
    ``on_progress`` (fraction done, message) after every batch the encoder embeds, and when the flagging starts;
    ``store_next``: the caller stores the review next, so the bar stops short of 1.0 for it.

    The encoder's own batches are reported, not re-chunked: encoding the sentences in small batches in
    document order first made the app 2.7 times slower than the CLI (the model pads every batch to its
    longest text, and the CLI's batches are sorted by length).
    """
    from align.encoders.base import reporting
    from align.pipeline import align_and_flag, flags_for

    if on_progress is None:
        return align_and_flag(src, tgt, encoder)
    report = on_progress
    done = 0.0

    def on_batch(n_done: int, total: int, desc: str, share: float) -> None:
        nonlocal done
        # The aligner encodes every sentence once ("embedding"), then some joined neighbours of doubtful
        # pairs ("refining"); the dynamic programme after each pass is quick beside the encoding. The bar moves
        # by the share of characters encoded, not of sentences: the shortest go first, so a time left
        # extrapolated from the sentence count was far too low early on.
        lo, hi, what = _PHASES.get(desc, (done, done, "Encoding"))
        done = max(done, lo + (hi - lo) * share)
        report(done, f"{what}: {n_done:,} of {total:,}" + ("; aligning" if n_done == total else ""))

    report(0.0, "Reading the documents")
    with reporting(on_batch):
        alignment = align_and_flag(src, tgt, encoder, flags=False)
    report(ALIGNED, f"Flagging the {len(alignment.beads):,} pairs")
    alignment.flags = flags_for(alignment, encoder)
    report(FLAGGED if store_next else 1.0, "Storing the review" if store_next else "Done")
    return alignment


def reflag_review(store: ReviewStore, review_id: int, encoder: Encoder) -> None:
    """Recompute and store the flags of a review's current alignment (after an alignment edit or undo).

    Flags are relative to the whole document (medians of length ratio and similarity), so every bead
    is flagged again, not only the changed ones; the vectors come from the embedding cache.
    """
    from align.flagging import risk_score
    from align.pipeline import flags_for
    from align.versions.crosscheck import CROSS_FLAG_CODES

    beads = store.beads(review_id)
    ids = [b.id for b in beads]
    alignment = store.alignment(review_id)
    # A version of a set keeps its beads' cross-version flags (the pairwise ones are recomputed here; the edit
    # itself cleared the flags of the beads it made): they came from the other versions, which did not change.
    flags = [
        own + [f for f in bead.flags if f.code in CROSS_FLAG_CODES]
        for own, bead in zip(flags_for(alignment, encoder), beads, strict=True)
    ]
    # Written only if the alignment is still the one that was flagged (another reviewer may have edited it).
    store.set_flags(review_id, flags, [risk_score(f) for f in flags], expected_ids=ids)


def start_review(
    store: ReviewStore,
    src: Document,
    tgt: Document,
    *,
    encoder: Encoder,
    name: str | None = None,
    reviewer: str = "",
    on_progress: Progress | None = None,
) -> int:
    """Align two documents and store them as a new review; → the review id."""
    alignment = align_with_progress(src, tgt, encoder, on_progress, store_next=True)
    review_id = store_review(store, alignment, name=name, reviewer=reviewer)
    if on_progress is not None:
        on_progress(1.0, "Done")
    return review_id


def review_name(src: Document, tgt: Document) -> str:
    """The name a review gets unless one is given: both files and their languages. Two files of one name (each
    corpora/ folder's ja.txt) are named with their folders: "ja.txt (ja) ↔ ja.txt (ja)" told the review list
    nothing."""
    a, b = Path(src.name), Path(tgt.name)
    if a.name == b.name and a.parent != b.parent:
        a, b = Path(a.parent.name, a.name), Path(b.parent.name, b.name)
    else:
        a, b = Path(a.name), Path(b.name)
    return f"{a.as_posix()} ({src.lang}) ↔ {b.as_posix()} ({tgt.lang})"


def store_review(store: ReviewStore, alignment: Alignment, *, name: str | None = None, reviewer: str = "") -> int:
    """Store an aligned, flagged pair as a new review (risk from its flags); → the review id. The second half
    of :func:`start_review`, for callers that align elsewhere (``python -m align batch`` aligns on workers)."""
    from align.flagging import risk_score

    risks = [risk_score(f) for f in alignment.flags]
    name = name or review_name(alignment.src, alignment.tgt)
    return store.create_review(alignment, name, risks=risks, reviewer=reviewer)


def read_corpus_pair(
    src_rel: str, tgt_rel: str, src_lang: str | None = None, tgt_lang: str | None = None, *, presplit: bool = False
) -> tuple[Document, Document]:
    """Two documents of corpora/; ``presplit``: one segment per line, as the CLI's --presplit."""
    return (
        read_document(CORPORA / src_rel, src_lang, presplit=presplit),
        read_document(CORPORA / tgt_rel, tgt_lang, presplit=presplit),
    )


def ensure_seed_review(store: ReviewStore, encoder: Encoder, on_progress: Progress | None = None) -> int:
    """The sample review, created on first use: what a fresh install opens with."""
    for info in store.list_reviews():
        if info.name == SEED_NAME:
            return info.id
    src, tgt = read_corpus_pair(*SEED_PAIR)
    src.path, tgt.path = SEED_PAIR
    return start_review(store, src, tgt, encoder=encoder, name=SEED_NAME, on_progress=on_progress)
