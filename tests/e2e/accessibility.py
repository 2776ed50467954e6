"""Accessibility checks with axe-core (from the npm registry, pinned in tests/e2e/package.json and
package-lock.json) in a page that Playwright drives:

    from .accessibility import axe_violations, describe_violations

    violations = axe_violations(page, within=PLUGIN_MARKUP)
    assert violations == [], describe_violations(violations)

``make e2e-deps`` (a dependency of ``make e2e``) installs axe-core into tests/e2e/node_modules/ where npm is
on the machine; without it the ``browser`` fixture skips the browser tests before they start.
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
INSTALL_COMMAND = "make e2e-deps  (that is: npm ci --prefix tests/e2e --no-audit --no-fund)"

# The plugin's own markup on the shop, the order page, the widget's page and the control panel.
PLUGIN_MARKUP = [".oicmeetup-announcement", ".oicmeetup-top", ".oicmeetup-shop", ".oicmeetup-order",
                 "#oicmeetup-registration"]


class AxeNotInstalled(RuntimeError):
    """axe-core is not in tests/e2e/node_modules/."""

    def __init__(self):
        super().__init__(f"axe-core is not installed ({AXE_JS.relative_to(HERE.parents[1])} is missing): "
                         f"run {INSTALL_COMMAND}")


def axe_installed() -> bool:
    return AXE_JS.is_file()


# Runs in the page: axe over the whole document (context and rules as axe's defaults), then keeps the
# nodes of the wanted impacts that lie inside one of the `within` selectors (across shadow roots, too).
_RUN = """
async ({within, impacts, options}) => {
  const inside = (element) => {
    for (let el = element; el; ) {
      if (within.some((selector) => el.closest(selector))) return true;
      const root = el.getRootNode();
      el = root instanceof ShadowRoot ? root.host : null;
    }
    return false;
  };
  const rank = {minor: 1, moderate: 2, serious: 3, critical: 4};
  const result = await window.axe.run(document, {...options, elementRef: true});
  const found = [];
  for (const violation of result.violations) {
    const nodes = violation.nodes.filter((node) =>
      impacts.includes(node.impact || violation.impact) && (!within.length || (node.element && inside(node.element))));
    if (!nodes.length) continue;
    const impact = nodes.map((n) => n.impact || violation.impact)
      .reduce((a, b) => (rank[b] || 0) > (rank[a] || 0) ? b : a);
    found.push({
      id: violation.id, impact, help: violation.help, helpUrl: violation.helpUrl,
      nodes: nodes.map((n) => ({target: n.target, html: n.html, impact: n.impact || violation.impact,
                                 failureSummary: n.failureSummary})),
    });
  }
  return found;
}
"""


def _inject(page):
    if page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        return
    try:
        page.add_script_tag(path=str(AXE_JS))
    except Exception:  # noqa: BLE001 - tried once more below, past the page's Content-Security-Policy
        pass
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # pretix's Content-Security-Policy (script-src: its static files) blocks the inline <script> that
        # add_script_tag writes; a script evaluated through the browser's DevTools protocol is not subject to it.
        page.evaluate(f"() => {{ {AXE_JS.read_text(encoding='utf-8')}\n }}")
    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        raise RuntimeError(f"axe-core could not be loaded into {page.url}")


def axe_violations(page, within=None, impacts=("serious", "critical"), *, options=None) -> list[dict]:
    """The axe-core violations on the page as it is now, as dicts: ``id``, ``impact`` (the highest of the
    nodes kept), ``help``, ``helpUrl`` and ``nodes`` (each with ``target``, axe's CSS selectors for the
    node, ``html``, ``impact`` and ``failureSummary``).

    within: CSS selectors; if given, only nodes inside an element matching one of them count (for the
    plugin's own markup: ``PLUGIN_MARKUP``). impacts: the node impacts that count. options: passed to
    ``axe.run`` (e.g. ``{"rules": {"color-contrast": {"enabled": False}}}``).
    Raises AxeNotInstalled when axe-core is missing.
    """
    if not AXE_JS.is_file():
        raise AxeNotInstalled()
    if isinstance(within, str):
        within = [within]
    _inject(page)
    return page.evaluate(_RUN, {"within": list(within or []), "impacts": list(impacts), "options": options or {}})


def describe_violations(violations) -> str:
    """A readable list for an assertion message: one line per violation, one indented line per node."""
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}  {node['html'][:200]}")
    return "\n".join(lines)
