"""Question texts are Markdown (CommonMark), rendered on the server for the test page and the admin.

markdown-it-py with raw HTML disabled (an author's `<script>` is shown as text), links limited to
safe schemes (markdown-it's own validation), and code blocks highlighted by Pygments with CSS
classes (`tests_app/static/tests_app/code.css`), so no script or inline style reaches the page.
"""

from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound


def _highlight(code: str, language: str, _attrs: object) -> str:
    """A fenced block with a known language, as Pygments' classed spans; "" lets markdown-it escape it."""
    try:
        lexer = get_lexer_by_name(language.strip()) if language.strip() else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return ""
    return highlight(code, lexer, HtmlFormatter(nowrap=True, classprefix="tok-"))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "highlight": _highlight, "langPrefix": "language-"})


def markdown_render(text: str) -> SafeString:
    """The question's Markdown as HTML that is safe to insert (no raw HTML, no scripts)."""
    return mark_safe(_parser().render(text or ""))


def code_css() -> str:
    """The Pygments theme for the classes `markdown_render` emits (written to code.css)."""
    return HtmlFormatter(classprefix="tok-", style="default").get_style_defs("pre code")
