"""``import align``: its public names load on first use (PEP 562), and the import stays without the readers."""

from __future__ import annotations

import subprocess
import sys

import pytest

import align


@pytest.mark.parametrize("name", align.__all__)
def test_public_names_resolve_and_are_listed(name: str) -> None:
    assert name in dir(align)  # listed before first use too (completion, help())
    assert getattr(align, name) is not None
    assert name in dir(align)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'read_documents'"):
        align.read_documents  # noqa: B018


def test_import_align_leaves_the_readers_unloaded() -> None:
    code = (
        "import sys, align; print('align.readers' in sys.modules, 'langcodes' in sys.modules);"
        "from align import Bead, read_document; print(Bead.__module__, read_document.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False", "align.types", "align.readers"]
