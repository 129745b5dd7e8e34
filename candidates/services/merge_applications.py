"""Two records of one person that both applied to a vacancy: one person has one application per
vacancy, so the merged record's application joins the kept record's (its interviews, analyses,
history, scheduled messages, hh.ru response, rule runs… move onto it) and is removed; its values are
kept with the merge, and an undo recreates it with the same id and moves its rows back."""

from django.db import models

from candidates.models import Application, Candidate, CandidateMerge
from candidates.services.merge_rows import rows_move

JOINED = "joined_applications"  # the key in CandidateMerge.moved


def application_relations() -> list[tuple[str, type[models.Model], str]]:
    return [
        (f"{r.related_model._meta.label}.{r.field.name}", r.related_model, r.field.name)
        for r in Application._meta.related_objects
    ]


def _snapshot(application: Application) -> dict:
    values = {}
    for field in Application._meta.concrete_fields:
        value = field.value_from_object(application)
        values[field.attname] = None if value is None else field.value_to_string(application)
    return values


def _restored(values: dict) -> Application:
    application = Application()
    for field in Application._meta.concrete_fields:
        raw = values.get(field.attname)
        target = field.target_field if field.is_relation else field
        setattr(application, field.attname, None if raw is None else target.to_python(raw))
    return application


def applications_join(*, kept: Candidate, merged: Candidate) -> dict:
    """Join each application of `merged` to a vacancy `kept` applied to as well (call before the
    candidate's rows move); returns what an undo needs, per removed application id."""
    joined = {}
    for theirs in Application.objects.filter(candidate=merged, vacancy__applications__candidate=kept):
        ours = Application.objects.get(candidate=kept, vacancy_id=theirs.vacancy_id)
        rows = rows_move(application_relations(), theirs, ours)
        joined[str(theirs.pk)] = {"into": ours.pk, "rows": rows, "fields": _snapshot(theirs)}
        theirs.delete()
    return joined


def applications_split(*, merge: CandidateMerge) -> None:
    """The undo: recreate each joined application (the merged candidate's again) and move its rows back."""
    for values in (merge.moved.get(JOINED) or {}).values():
        application = _restored(values["fields"])
        created_at = application.created_at
        application.save(force_insert=True)
        Application.objects.filter(pk=application.pk).update(created_at=created_at)  # not "now"
        ours = Application.objects.get(pk=values["into"])
        rows_move(application_relations(), ours, application, only=values["rows"])
