"""The report as CSV (the tables one after another, each under its title) and as XLSX (a sheet
per table), with the filters written first. Cells that spreadsheet apps would run as formulas are
kept as text."""

import csv
import datetime as dt
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from automation.reports.selectors import Report

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    """Numbers and dates stay typed; text that looks like a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, int | float | dt.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _filter_rows(report: Report, labels: dict[str, str]) -> list[list[str]]:
    return [[_("Filter"), _("Value")], *[[name, value] for name, value in labels.items()]]


def report_csv(report: Report, *, filter_labels: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(_filter_rows(report, filter_labels))
    for table in report.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows([[_safe(cell) for cell in row] for row in table.rows])
    return out.getvalue()


def report_xlsx(report: Report, *, filter_labels: dict[str, str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Filters")[:31]
    for row in _filter_rows(report, filter_labels):
        sheet.append([_safe(cell) for cell in row])
    for table in report.tables:
        sheet = book.create_sheet(table.title[:31])
        sheet.append(table.headers)
        for row in table.rows:
            sheet.append([_safe(cell) for cell in row])
        for index, header in enumerate(table.headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
