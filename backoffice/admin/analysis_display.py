"""The AI analysis as HR reads it: the requirements that matched, partly matched or are missing,
each with the evidence found in the CV (instead of the stored key/value breakdown)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

OUTCOME_LABELS = {"met": _("Matched"), "partial": _("Partly matched"), "missing": _("Missing")}
NEED_LABELS = {"required": _("required"), "nice to have": _("nice to have")}


@dataclass(frozen=True)
class Requirement:
    criterion: str
    outcome: str  # "met", "partial", "missing"
    need: str
    evidence: str

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])


def _score(item: dict) -> float | None:
    score, top = item.get("raw_score", item.get("score")), item.get("max")
    if not isinstance(score, int | float) or isinstance(score, bool):
        return None
    if isinstance(top, int | float) and top:
        return score / top
    return float(score)


def _need(item: dict) -> str:
    need = str(item.get("required") or "")
    if need in NEED_LABELS:
        return str(NEED_LABELS[need])
    return need  # "3+" years, "B2" English, a seniority name: what the vacancy asks for


def analysis_requirements(breakdown: object) -> list[Requirement]:
    """Matched first, then partly matched, then missing; entries that are not dicts are skipped."""
    if not isinstance(breakdown, list):
        return []
    rows = []
    for item in breakdown:
        if not isinstance(item, dict) or not item.get("criterion"):
            continue
        score = _score(item)
        outcome = "missing" if not score else "met" if score >= 0.99 else "partial"
        evidence = str(item.get("evidence") or item.get("note") or "")
        rows.append(Requirement(str(item["criterion"]), outcome, _need(item), evidence))
    order = {"met": 0, "partial": 1, "missing": 2}
    return sorted(rows, key=lambda row: order[row.outcome])
