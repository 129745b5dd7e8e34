"""The reports HR exports: time to fill, time per stage, source conversion, rejection reasons."""

from automation.reports.export import report_csv, report_xlsx
from automation.reports.selectors import Report, ReportFilters, Table, report_build

__all__ = ["Report", "ReportFilters", "Table", "report_build", "report_csv", "report_xlsx"]
