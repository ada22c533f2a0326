"""Dependencies point one way: Django/Wagtail < core apps < content apps < the composition root.

The imports are read from the source with `ast`, without importing anything, so an import inside
a function or behind `if TYPE_CHECKING:` counts as much as one at the top of a module: each is a
place where one part of the house reads another.

- A core app (community.core, members, notifications, moderation, search, listening,
  insight) never imports a content app (forums, events, learning, careers, community.stories),
  nor the composition root above them all (community.home and the project modules: urls, asgi,
  routing, settings...).
- A content app never imports the composition root either, and reaches search only through its
  public face: the `community.search` package and the submodules its `__init__` lists in
  `__all__`.
- No two apps import each other, directly or round a longer loop.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("community", "forums", "events", "learning", "careers")

CORE_APPS = (
    "community.core",
    "community.members",
    "community.notifications",
    "community.moderation",
    "community.search",
    "community.listening",
    "community.insight",
)
CONTENT_APPS = ("forums", "events", "learning", "careers", "community.stories")
SEARCH = "community.search"

CORE, CONTENT, ROOT = "a core app", "a content app", "the composition root"

# Imports known to break the rules, each to be turned round. Remove an entry as soon as its
# import is gone (the second test fails while a stale entry remains); never add one to make a
# new import pass. Each entry: (importing file, imported module).
KNOWN_EXCEPTIONS: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    path: str  # the importing file, relative to the repository
    line: int
    source: str  # the importing module
    target: str  # the imported module, relative imports resolved

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.target}"


@cache
def project_modules() -> dict[str, Path]:
    """Every Python module of the project packages by dotted name (migrations included)."""
    modules: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imports_of(
    module: str, path: Path, *, root: Path = REPO, modules: Collection[str] | None = None
) -> Iterator[Import]:
    """Every import in the module, wherever it stands, with `from x import y` resolved to the
    submodule `x.y` when `y` is one of `modules` (the project's, unless told)."""
    modules = project_modules().keys() if modules is None else modules
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    where = str(path.relative_to(root))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(where, node.lineno, module, alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, level=node.level, package=package)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield Import(
                    where, node.lineno, module, submodule if submodule in modules else base
                )
        elif (name := _imported_by_name(node)) is not None:
            yield Import(where, node.lineno, module, name)


def _imported_by_name(node: ast.AST) -> str | None:
    """The module in `import_module("x.y")`, when it is spelled out in full."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    function = node.func
    called = function.id if isinstance(function, ast.Name) else getattr(function, "attr", None)
    name = getattr(node.args[0], "value", None)
    if called == "import_module" and isinstance(name, str) and not name.startswith("."):
        return name
    return None


def _absolute(name: str | None, *, level: int, package: str) -> str:
    if level == 0:
        return name or ""
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, name] if name else base)


@cache
def all_imports() -> tuple[Import, ...]:
    """Each import once, though `from x import a, b` names the same module twice."""
    found = (i for module, path in project_modules().items() for i in imports_of(module, path))
    return tuple(dict.fromkeys(found))


def _within(module: str, packages: Iterable[str]) -> str | None:
    return next((p for p in packages if module == p or module.startswith(f"{p}.")), None)


def app_of(module: str) -> str | None:
    """The core or content app a module belongs to, if any."""
    return _within(module, CORE_APPS) or _within(module, CONTENT_APPS)


def layer_of(module: str) -> str | None:
    """CORE, CONTENT or ROOT for a module of the project; None for Django, Wagtail and the rest."""
    if _within(module, CORE_APPS):
        return CORE
    if _within(module, CONTENT_APPS):
        return CONTENT
    if _within(module, ["community"]):
        return ROOT  # community.home, urls, asgi, routing, settings, wsgi, bootstrap...
    return None


@cache
def search_public_face() -> frozenset[str]:
    """`community.search` itself and the submodules its `__init__` lists in `__all__`."""
    init = project_modules()[SEARCH]
    exported: list[str] = []
    for node in ast.walk(ast.parse(init.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            exported = list(ast.literal_eval(node.value))
    submodules = {f"{SEARCH}.{name}" for name in exported} & project_modules().keys()
    return frozenset({SEARCH, *submodules})


def broken_rule(found: Import) -> str | None:
    """Why this import goes against the one-way rule, or None when it is fine."""
    source, target = layer_of(found.source), layer_of(found.target)
    if source == CORE and target in (CONTENT, ROOT):
        return f"{CORE} imports {target}"
    if source == CONTENT and target == ROOT:
        return f"{CONTENT} imports {target}"
    if (
        source == CONTENT
        and _within(found.target, [SEARCH])
        and found.target not in search_public_face()
    ):
        return f"{CONTENT} imports search internals (public: {', '.join(sorted(search_public_face()))})"
    return None


def app_loops() -> list[tuple[Import, str]]:
    """The imports that tie apps into loops. Where two apps import each other, the direction
    with fewer imports is named, as the one to turn round; a loop round more apps that remains
    is named whole."""
    edges: dict[tuple[str, str], list[Import]] = {}
    for found in all_imports():
        source, target = app_of(found.source), app_of(found.target)
        if source and target and source != target:
            edges.setdefault((source, target), []).append(found)
    named: list[tuple[Import, str]] = []
    for (source, target), imports in sorted(edges.items()):
        back = edges.get((target, source), [])
        if back and len(imports) <= len(back):
            named += [(i, f"{source} and {target} import each other") for i in imports]
    turned = {(app_of(i.source), app_of(i.target)) for i, _ in named}
    rest = {edge: imports for edge, imports in edges.items() if edge not in turned}
    for group in _loops(rest.keys()):
        why = f"an import loop round {', '.join(sorted(group))}"
        named += [(i, why) for (s, t), imports in rest.items() if {s, t} <= group for i in imports]
    return named


def _loops(edges: Iterable[tuple[str, str]]) -> list[frozenset[str]]:
    """The groups of two or more apps that each reach all the others."""
    following: dict[str, set[str]] = {}
    for source, target in edges:
        following.setdefault(source, set()).add(target)

    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for app in following.get(todo.pop(), set()) - seen:
                seen.add(app)
                todo.append(app)
        return seen

    reach = {app: reachable(app) for app in following}
    groups = {frozenset({a, *(b for b in reach[a] if a in reach.get(b, ()))}) for a in reach}
    return sorted((group for group in groups if len(group) > 1), key=sorted)


def offences() -> list[tuple[Import, str]]:
    found = [(i, why) for i in all_imports() if (why := broken_rule(i))] + app_loops()
    return sorted(set(found), key=lambda pair: (pair[0].path, pair[0].line, pair[0].target))


def _listing(pairs: Iterable[tuple[Import, str]]) -> str:
    return "\n".join(f"  {found}  ({why})" for found, why in pairs)


# -- The rules themselves ------------------------------------------------------------------------


def test_imports_point_one_way():
    unexpected = [(i, why) for i, why in offences() if (i.path, i.target) not in KNOWN_EXCEPTIONS]

    assert not unexpected, "Imports against the one-way rule:\n" + _listing(unexpected)


def test_the_known_exceptions_are_all_still_there():
    remaining = {(i.path, i.target) for i, _ in offences()}
    gone = sorted(KNOWN_EXCEPTIONS - remaining)

    assert not gone, "These imports are gone; take them off KNOWN_EXCEPTIONS:\n" + "\n".join(
        f"  {path} imports {target}" for path, target in gone
    )


# -- The reader the rules rely on ----------------------------------------------------------------


def test_every_kind_of_import_is_read_with_its_line(tmp_path):
    module = tmp_path / "community" / "members" / "views.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "import forums.models\n"
        "from community.stories import pages\n"
        "from .. import home\n"
        "from .models import User\n"
        "\n"
        "def later():\n"
        "    from ..moderation import services\n"
        '    return import_module("learning.pages")\n'
    )
    modules = {"community.stories.pages", "community.home", "community.moderation.services"}

    found = imports_of("community.members.views", module, root=tmp_path, modules=modules)

    assert [str(i) for i in sorted(found, key=lambda i: i.line)] == [
        "community/members/views.py:1 imports forums.models",
        "community/members/views.py:2 imports community.stories.pages",
        "community/members/views.py:3 imports community.home",
        "community/members/views.py:4 imports community.members.models",
        "community/members/views.py:7 imports community.moderation.services",
        "community/members/views.py:8 imports learning.pages",
    ]


def test_the_layers_of_the_house():
    assert layer_of("community.search.documents") == CORE
    assert layer_of("forums.services") == CONTENT
    assert layer_of("community.stories.demo") == CONTENT
    assert layer_of("community.home.models") == ROOT
    assert layer_of("community.urls") == ROOT
    assert layer_of("community.searching") == ROOT
    assert layer_of("wagtail.models") is None


def test_a_core_app_importing_a_content_app_is_named_with_its_file_and_line():
    found = Import("community/search/views.py", 12, "community.search.views", "forums.models")

    assert broken_rule(found) == "a core app imports a content app"
    assert str(found) == "community/search/views.py:12 imports forums.models"


def test_the_search_package_itself_is_public_to_content_apps():
    public = Import("forums/search.py", 1, "forums.search", "community.search")
    assert broken_rule(public) is None
    assert SEARCH in search_public_face()
