"""axe-core (vendored by axe-playwright-python) on a Playwright page: WCAG 2.1 A/AA rules only, and a
test fails on any serious or critical violation, listing each rule with the elements it found."""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = frozenset({"serious", "critical"})


def axe_violations(
    page, *, impacts: frozenset[str] = BLOCKING, exclude: list[str] | None = None
) -> list[dict]:
    """The violations of the page as it is now, at the given impacts (`exclude`: CSS selectors)."""
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['impact']} {violation['id']}: {violation['help']} -> {targets}")
    return "\n".join(lines)


def assert_accessible(page, **kwargs) -> None:
    """Fails with a readable list when axe finds a serious or critical WCAG 2.1 AA violation."""
    violations = axe_violations(page, **kwargs)
    assert not violations, f"axe on {page.url}:\n{describe(violations)}"
