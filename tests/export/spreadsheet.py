"""Reading a summary CSV back the way a spreadsheet would: tables of rows, numbers as numbers."""

import csv
import io

from workshop.export.csvfile import DELIMITER, FORMULA_START


def read_csv(text: str, language: str) -> dict[str, list[dict]]:
    """Parse a summary CSV back into {table: [{column: value}]}."""
    result: dict[str, list[dict]] = {}
    columns: list[str] = []
    for row in csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=DELIMITER):
        if not row:
            columns = []
            continue
        key, cells = row[0], row[1:]
        if not columns:
            columns = cells
            result[key] = []
            continue
        result[key].append({c: parse_number(v, language) for c, v in zip(columns, cells, strict=True)})
    return result


def parse_number(text: str, language: str):
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    candidate = text.replace(",", ".") if language == "nl" else text
    try:
        return int(candidate)
    except ValueError:
        pass
    try:
        return float(candidate)
    except ValueError:
        return None if text == "" else text
