from django import template
from django.utils.safestring import SafeString

from tests_app.markdown import markdown_render

register = template.Library()


@register.filter
def question_markdown(text: str) -> SafeString:
    """{{ question.text|question_markdown }}: the question's Markdown as safe HTML."""
    return markdown_render(text)
