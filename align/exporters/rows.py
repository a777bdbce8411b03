"""A bead table as plain Python rows: what every exporter writes from.

The command line's pair run builds its table here and never imports pandas (~0.3–0.5 s of CPU a process, a
tenth of what the run does besides encoding on Text+Berg's documents). The app and the review store build
DataFrames; :meth:`Rows.from_frame` takes those, with pandas' missing cells (NaN, None, NaT) as ``None``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

Cell = Any  # str, int, float, bool or None (missing)


@dataclass
class Rows:
    """Columns in order, and one dict per row holding every column (``None`` where a cell is missing)."""

    columns: list[str]
    records: list[dict[str, Cell]] = field(default_factory=list)

    @classmethod
    def from_columns(cls, data: dict[str, Sequence[Cell] | Cell], n: int) -> Rows:
        """``n`` rows from column lists; a column given as one value (not a list) repeats it on every row."""
        cols = {k: v if isinstance(v, (list, tuple, range)) else [v] * n for k, v in data.items()}
        names = list(cols)
        return cls(names, [dict(zip(names, values, strict=True)) for values in zip(*cols.values(), strict=True)])

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Rows:
        columns = [str(c) for c in frame.columns]
        plain = frame.astype(object).where(frame.notna(), None)  # NaN/NaT → None, numpy scalars → Python
        records = [dict(zip(columns, values, strict=True)) for values in plain.itertuples(index=False, name=None)]
        return cls(columns, records)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.records, columns=self.columns)

    def column(self, name: str) -> list[Cell]:
        return [r[name] for r in self.records]

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[dict[str, Cell]]:
        return iter(self.records)

    @property
    def empty(self) -> bool:
        return not self.records


def as_rows(table: Rows | pd.DataFrame) -> Rows:
    return table if isinstance(table, Rows) else Rows.from_frame(table)


def missing(cell: Cell) -> bool:
    """An empty cell: ``None``, NaN, or the empty string."""
    return text(cell) == ""


def text(cell: Cell) -> str:
    """A cell as text; a missing cell as ""."""
    return "" if cell is None or (isinstance(cell, float) and math.isnan(cell)) else str(cell)
