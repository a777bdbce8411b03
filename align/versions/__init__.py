"""Several versions of one text (the language versions of an article) aligned and checked together.

Modules, by concern: :mod:`.joint` (the joint rows of versions aligned to one pivot), :mod:`.types`
(:class:`MultiAlignment`, column labels), :mod:`.pivot` (the most central version), :mod:`.pipeline`
(align every version to the pivot, flag), :mod:`.crosscheck` (flags from the versions' agreement) and
:mod:`.grouping` (which documents of a folder are versions of one article).
"""

from align.versions.crosscheck import CROSS_FLAG_CODES, CrossCheckConfig, cross_check, odd_one_out
from align.versions.grouping import GroupedDocument, group_documents
from align.versions.joint import JointRow, joint_rows
from align.versions.pipeline import align_versions, choose_pivot, encode_once, flag_versions, version_vectors
from align.versions.pivot import centrality, most_central
from align.versions.types import MultiAlignment, version_labels

__all__ = [
    "CROSS_FLAG_CODES",
    "CrossCheckConfig",
    "GroupedDocument",
    "JointRow",
    "MultiAlignment",
    "align_versions",
    "centrality",
    "choose_pivot",
    "cross_check",
    "encode_once",
    "flag_versions",
    "group_documents",
    "joint_rows",
    "most_central",
    "odd_one_out",
    "version_labels",
    "version_vectors",
]
