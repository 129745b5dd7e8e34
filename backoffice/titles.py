"""Page titles that read right in Russian.

Django builds them by putting the model's name into a sentence ("Change %s" -> "Изменить %s"), which
leaves the noun in the nominative where Russian needs another case ("Изменить кандидат"). Our
titles never inflect the name: "Кандидат: Иван Петров" with "Редактирование" under it,
"Добавление: кандидат", and the plural name over a list. The back-office site gives every model
admin registered on it these titles (BackofficeSite.register).
"""

from django.contrib import admin
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def form_titles(*, verbose_name: str, obj: object | None, add: bool, can_change: bool) -> dict:
    """The title and subtitle of a model's add, change or view page."""
    name = capfirst(str(verbose_name))
    if add or obj is None:
        return {"title": _("Adding: %(model)s") % {"model": verbose_name}, "subtitle": None}
    return {
        "title": _("%(model)s: %(object)s") % {"model": name, "object": obj},
        "subtitle": _("Editing") if can_change else _("Viewing"),
    }


class GrammaticalTitles:
    """Mixed in before a ModelAdmin class: grammatical titles on its list, add and change pages."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            form_titles(
                verbose_name=self.opts.verbose_name,
                obj=obj,
                add=add,
                can_change=self.has_change_permission(request, obj),
            )
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)  # a title given as extra context still wins
        changelist.title = capfirst(str(self.opts.verbose_name_plural))
        return changelist


def titled(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    if issubclass(admin_class, GrammaticalTitles):
        return admin_class
    attrs = {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__}
    return type(admin_class.__name__, (GrammaticalTitles, admin_class), attrs)
