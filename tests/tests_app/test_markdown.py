"""Question texts in Markdown: CommonMark, raw HTML disabled, code highlighted on the server."""

from pathlib import Path

from tests_app.markdown import code_css, markdown_render

CODE_CSS = Path(__file__).resolve().parents[2] / "tests_app" / "static" / "tests_app" / "code.css"


def test_code_blocks_are_highlighted_with_classes_only():
    html = markdown_render("```python\nimport os\n```")
    assert html.startswith('<pre><code class="language-python"><span class="tok-kn">import</span>')
    assert "style=" not in html


def test_inline_code_and_paragraphs():
    assert markdown_render("Call `f()` **now**.") == "<p>Call <code>f()</code> <strong>now</strong>.</p>\n"


def test_raw_html_and_scripts_are_shown_as_text():
    html = markdown_render('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_unsafe_links_are_not_links():
    assert "href" not in markdown_render("[x](javascript:alert(1))")


def test_an_unknown_language_is_escaped_plain_code():
    assert markdown_render("```nosuchlang\na < b\n```") == (
        '<pre><code class="language-nosuchlang">a &lt; b\n</code></pre>\n'
    )


def test_the_committed_stylesheet_matches_the_highlighter():
    assert code_css() in CODE_CSS.read_text()
