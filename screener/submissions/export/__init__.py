"""CSV export: one row per submission, columns from the questionnaire, safe in Excel.

The export reads plain columns, not ORM objects, and turns each submission into cells
with a plan made once per export from the column list; rows are written as a stream,
so memory stays flat however many submissions there are.

- columns.py: which columns, in which order;
- asked.py: blank for a question not asked, LEFT_BLANK for one asked and left blank;
- cells.py: cells that no spreadsheet runs, and the cells each submission stores;
- writer.py: the CSV itself, streamed;
- dictionary.py: the data dictionary.
"""

from .asked import LEFT_BLANK
from .asked import AnsweredVersions
from .cells import FORMULA_STARTS
from .cells import RowBuilder
from .cells import cells_key
from .cells import encode
from .cells import neutralise
from .cells import stored_cells
from .columns import FIXED_COLUMNS
from .columns import Cell
from .columns import Column
from .columns import columns
from .dictionary import DICTIONARY_HEADER
from .dictionary import dictionary_rows
from .writer import BOM
from .writer import ExportRun
from .writer import refresh_stored_cells
from .writer import selecting
from .writer import write_csv

__all__ = [
    "BOM",
    "DICTIONARY_HEADER",
    "FIXED_COLUMNS",
    "FORMULA_STARTS",
    "LEFT_BLANK",
    "AnsweredVersions",
    "Cell",
    "Column",
    "ExportRun",
    "RowBuilder",
    "cells_key",
    "columns",
    "dictionary_rows",
    "encode",
    "neutralise",
    "refresh_stored_cells",
    "selecting",
    "stored_cells",
    "write_csv",
]
