"""The summary as one CSV file for Excel: every table of the report, one after the other.

`;`-separated, the first column naming the table on every row; each table starts
with a row of column names and ends with an empty row. Decimals follow the
workshop's language, dates are ISO (Excel reads both), and no cell that people
typed can run as a formula.
"""

import csv
import io
from datetime import date

from .tables import tables
from .words import Words

DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(summary: dict) -> str:
    t = Words(summary["workshop"]["language"])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    for table in tables(summary):
        writer.writerow([table.key, *table.columns])
        for row in table.rows:
            writer.writerow([table.key, *(cell(v, t) for v in row)])
        writer.writerow([])
    return out.getvalue()


def cell(value, t: Words) -> str:
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, date):
        return value.isoformat()
    return t.number(value)


def inert(text: str) -> str:
    """Text a participant typed never runs as a spreadsheet formula (CSV injection): a cell that
    would start one gets a leading apostrophe, which Excel hides."""
    return "'" + text if text.startswith(FORMULA_START) else text
