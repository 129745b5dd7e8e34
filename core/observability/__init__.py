"""Observability shared by every process: request ids, log redaction and formats, process metrics."""
