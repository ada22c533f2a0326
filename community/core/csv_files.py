"""CSV files to download, as spreadsheets open them safely: UTF-8 with a byte order mark, so
names in any script survive, and text that would run as a formula kept as text."""

import csv
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should show it: text starting like a formula is quoted,
    anything else passes unchanged."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_download(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A private, uncached CSV attachment; the rows are written as they come (make unsafe text
    cells safe with `safe_cell`)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # Django's header encodes a name in any script (RFC 6266's filename*), which a quoted name
    # alone would garble.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
