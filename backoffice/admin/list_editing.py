"""Lists edited in place (`list_editable`) name each input: Django renders them without a label,
which screen readers announce as a bare checkbox or number (axe: "Form elements must have labels")."""

from django import forms
from django.http import HttpRequest


class LabelledListEditing:
    """Mixed into a ModelAdmin with `list_editable`: each input is labelled "<field>: <row>"."""

    def get_changelist_form(self, request: HttpRequest, **kwargs) -> type[forms.ModelForm]:
        form = super().get_changelist_form(request, **kwargs)

        class Labelled(form):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"

        return Labelled
