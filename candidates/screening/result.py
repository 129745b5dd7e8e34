from dataclasses import dataclass, field

MAX_COMMENT_CHARS = 2000


@dataclass(frozen=True)
class AnalysisResult:
    """What an analyzer answers; the orchestration stores it as an AIAnalysis."""

    backend: str
    rating: int | None
    comment: str
    breakdown: list[dict] = field(default_factory=list)
    model: str = ""
    error: str = ""


def comment_bound(text: str, limit: int = MAX_COMMENT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
