"""The automatic checkers: axe-core in the page, the Nu HTML Checker on the served HTML.

``assert_accessible(page)`` runs axe on whatever the page shows now, so a test
can call it after any interaction (a reply form opened, a failed submission).
"""
import json
import shutil
import subprocess
from functools import cache

import pytest

from .browsing import ROOT

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _missing_tool(path):
    pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make test` (it runs `npm ci`).")


@cache
def _axe_source():
    if not AXE_JS.exists():
        _missing_tool(AXE_JS)
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, tags=AXE_TAGS):
    """Run axe-core on the current document and return its violations (a list of dicts)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    return page.evaluate(
        """async (tags) => {
            const results = await window.axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
            }));
        }""",
        tags,
    )


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
            for reason in (node["summary"] or "").splitlines()[1:3]:
                lines.append(f"      {reason.strip()}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page, when=""):
    """Fail unless axe finds zero violations (WCAG 2.1 A/AA and best practice) on the page as it is now."""
    violations = run_axe(page)
    where = f"{page.url} {when}".strip()
    assert not violations, f"axe found violations on {where}:\n{format_violations(violations)}"


def validate_html(documents):
    """Validate HTML documents with the Nu HTML Checker in one run.

    ``documents`` maps a name to a file path; returns name -> list of error messages.
    """
    if not VNU_JAR.exists():
        _missing_tool(VNU_JAR)
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run `make test` (it installs Debian's default-jre-headless).")
    by_path = {str(path): name for name, path in documents.items()}
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *by_path],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    errors = {name: [] for name in documents}
    for message in report["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            name = by_path.get(_local_path(message.get("url", "")))
            text = f"line {message.get('lastLine', '?')}: {message.get('message')} [{message.get('extract', '').strip()}]"
            errors.setdefault(name or "(unknown)", []).append(text)
    return errors


def _local_path(url):
    return url.removeprefix("file:")
