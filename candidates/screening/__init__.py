"""AI screening of CVs: text extraction, the offline analyzer, any OpenAI-compatible model.

`candidate_analyze` and `application_screen` are the entry points other code calls.
"""

from candidates.screening.services import application_screen, candidate_analyze

__all__ = ["application_screen", "candidate_analyze"]
