"""The data rows as columns, each cell worked on once per distinct value.

A log repeats the same few cells thousands of times (pain 0 to 10, hours in quarters,
'yes'), so every check and parser runs once per distinct cell of a column and its
answer is spread back over the rows with numpy. Reading a 20,000-entry log this way is
several times faster than asking the same questions cell by cell, and the answers are
the same ones: the per-cell functions of cells, dates and values do the work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import zip_longest
from typing import Any

import numpy as np
import pandas as pd

NAT = np.datetime64("NaT", "ns")  # no date


class Distinct:
    """One column (or some of its rows): the distinct cells in order of first appearance."""

    def __init__(self, codes: np.ndarray, uniques: list[Any]) -> None:
        self.codes, self.uniques = codes, uniques

    def some(self, rows: np.ndarray) -> Distinct:
        """The same for only some rows (a boolean mask), without hashing the cells again."""
        if rows.all():
            return self
        codes = self.codes[rows]
        present, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")  # distinct cells in order of appearance
        rank = np.empty(len(order), dtype=np.intp)
        rank[order] = np.arange(len(order))
        return Distinct(rank[inverse].astype(np.intp), [self.uniques[c] for c in present[order]])

    def map(
        self,
        func: Callable[[Any], Any],
        dtype: Any = object,
        only: np.ndarray | None = None,
        otherwise: Any = None,
    ) -> np.ndarray:
        """func of each row's cell, calling func once per distinct cell.

        only: which distinct cells to ask (a mask over uniques); the rest get `otherwise`.
        """
        answers = np.full(len(self.uniques), otherwise, dtype=dtype)
        asked = range(len(self.uniques)) if only is None else np.flatnonzero(only)
        for i in asked:  # one by one: an answer may be a tuple
            answers[i] = func(self.uniques[i])
        return answers[self.codes]

    def blank(self) -> np.ndarray:
        """is_blank of each row's cell (None, NaN, or nothing but spaces)."""
        answers = np.array(
            [
                c is None
                or (c.isspace() or not c if type(c) is str else isinstance(c, float) and c != c)
                for c in self.uniques
            ],
            dtype=bool,
        )
        return answers[self.codes]

    def counts(self) -> np.ndarray:
        """How many rows hold each distinct cell."""
        return np.bincount(self.codes, minlength=len(self.uniques))


class ColumnRows(Sequence):
    """The rows of a table kept as columns, as pandas' CSV reader gives them.

    A row comes back as the list of its cells (trailing blank cells left off, as a row
    that ends early is written); a slice to the end is a view, so the data rows under a
    header are never copied out row by row.
    """

    def __init__(self, columns: list[np.ndarray], start: int = 0) -> None:
        self.columns, self.start = columns, start
        self.stop = len(columns[0]) if columns else 0

    def __len__(self) -> int:
        return self.stop - self.start

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self))
            if step == 1 and stop == len(self):
                return ColumnRows(self.columns, self.start + start)
            return [self[i] for i in range(start, stop, step)]
        if key < 0:
            key += len(self)
        if not 0 <= key < len(self):
            raise IndexError(key)
        cells = [column[self.start + key] for column in self.columns]
        while cells and cells[-1] == "":
            cells.pop()
        return cells


class Grid:
    """Data rows (lists of cells, ragged as files are) as one object array per column."""

    def __init__(self, data: Sequence[list[Any]]) -> None:
        self.n = len(data)
        self.text = isinstance(data, ColumnRows)  # every cell a str: split from CSV text
        if self.text:
            self._columns = [column[data.start :] for column in data.columns]
        else:
            self._columns = [np.array(c, dtype=object) for c in zip_longest(*data)]
        self.width = len(self._columns)
        self._distinct: dict[int, Distinct] = {}

    def column(self, index: int) -> np.ndarray:
        """The column's cells, None where a row is too short to have one."""
        if index < self.width:
            return self._columns[index]
        return np.full(self.n, None, dtype=object)

    def distinct(self, index: int, rows: np.ndarray | None = None) -> Distinct:
        """The column's distinct cells (hashed once per column), for all rows or some."""
        if index not in self._distinct:
            cells = self.column(index)
            text = self.text and index < self.width
            self._distinct[index] = Distinct(*_factorize(cells, text))
        every = self._distinct[index]
        return every if rows is None else every.some(rows)


def _factorize(cells: np.ndarray, text: bool = False) -> tuple[np.ndarray, list[Any]]:
    """(codes, distinct cells). Text-only columns go through pandas' hash table; a
    spreadsheet column can mix True, 1 and 1.0, which compare equal, so it is keyed by
    type as well. text: every cell is known to be a str."""
    if not text:
        filled = cells[cells != None]  # noqa: E711 (elementwise, not identity)
        text = not len(filled) or pd.api.types.infer_dtype(filled, skipna=False) == "string"
    if text:
        codes, uniques = pd.factorize(cells, use_na_sentinel=True)
        uniques = list(uniques)
        if (codes < 0).any():  # None: give it a code of its own
            codes = np.where(codes < 0, len(uniques), codes)
            uniques.append(None)
        return codes.astype(np.intp, copy=False), uniques
    numbers = _numbers_only(cells)
    if numbers is not None:  # a spreadsheet's number column
        codes, uniques = pd.factorize(numbers, use_na_sentinel=True)
        uniques = [float(u) for u in uniques]
        if (codes < 0).any():  # None (or NaN, as blank as None): a code of its own
            codes = np.where(codes < 0, len(uniques), codes)
            uniques.append(None)
        return codes.astype(np.intp, copy=False), uniques
    seen: dict[tuple[type, Any], int] = {}
    codes = np.fromiter(
        (seen.setdefault((type(c), c), len(seen)) for c in cells), dtype=np.intp, count=len(cells)
    )
    uniques = [key[1] for key in seen]
    return codes, uniques


def _numbers_only(cells: np.ndarray) -> np.ndarray | None:
    """The cells as floats (None as NaN) when they are all floats or None and no -0.0
    (which hashes as 0.0); None otherwise."""
    if not set(map(type, cells)) <= {float, type(None)}:
        return None
    numbers = np.array([np.nan if c is None else c for c in cells], dtype=float)
    return None if (np.signbit(numbers) & (numbers == 0)).any() else numbers
