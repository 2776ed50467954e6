"""The package's layers, read from the source (no import runs): the meetup core (``meetup/``) imports none of
the features built on it, at module level or inside a function, and no module of the package imports, at
module level, a module that imports it back. A feature that must follow what the core does subscribes to
the core's signals (``meetup/signals.py``)."""
import ast
from pathlib import Path

import pytest

PACKAGE = "pretix_oicmeetup"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE
CORE = f"{PACKAGE}.meetup"
# What the core may import of the package besides itself: the tables and an event's languages. Everything
# else (series, library, posts, render, mail, notices, control, presale, website, reports, api, signals,
# event_copy, ...) is built on the core.
BELOW_CORE = (f"{PACKAGE}.models", f"{PACKAGE}.languages")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in ROOT.rglob("*.py") if "migrations" not in path.parts}


def imported(module: str, node) -> list[str]:
    """The modules an import statement of ``module`` names, relative ones made absolute; for ``from x import
    y``, ``x.y`` too where that is a module of the package."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".")
        if MODULES[module].name != "__init__.py":
            base = base[:-1]  # a module's package; a package's ``.`` is itself
        base = base[:len(base) - node.level + 1]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module
    return [target] + [f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in MODULES]


def all_imports(module: str) -> list[tuple[int, str]]:
    """(line, imported module) of every import of the module, inside functions included."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    return [(node.lineno, name) for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
            for name in imported(module, node)]


def module_level_imports(module: str) -> set[str]:
    """The package's modules that importing ``module`` imports: its statements outside functions (class
    bodies and ``if``/``try`` blocks run on import too), with the packages a module is in."""
    found = set()

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                for name in imported(module, child):
                    parts = name.split(".")
                    # importing a.b.c runs a and a.b first, unless the importer is inside them already
                    found.update(".".join(parts[:i]) for i in range(1, len(parts) + 1)
                                 if not (module + ".").startswith(".".join(parts[:i]) + "."))
            visit(child)

    visit(ast.parse(MODULES[module].read_text(encoding="utf-8")))
    return {name for name in found if name in MODULES and name != module}


def is_within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


@pytest.mark.parametrize("module", sorted(m for m in MODULES if is_within(m, CORE)))
def test_the_meetup_core_imports_nothing_above_it(module):
    above = [(line, name) for line, name in all_imports(module)
             if is_within(name, PACKAGE) and name != PACKAGE and not is_within(name, CORE)
             and not any(is_within(name, allowed) for allowed in BELOW_CORE)]
    assert above == [], f"{module} imports what is built on the core (line, module): {above}"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative), and modules that
    import themselves."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycles_are_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_at_module_level():
    graph = {module: module_level_imports(module) for module in MODULES}
    assert graph[f"{CORE}.store"] >= {f"{CORE}.changes", f"{PACKAGE}.models"}  # the graph is read at all
    assert cycles(graph) == []
