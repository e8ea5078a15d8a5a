"""No module of `src/fairs` reads or writes another library's private attributes.

A name with one leading underscore is a library's own business: the next minor release may rename it, and
the code that used it breaks silently. Allowed: our own private names (defined somewhere in `src/fairs`),
and the names that libraries document as public despite the underscore (namedtuple's and SQLAlchemy
Row's `_mapping`, `_asdict`, `_fields`, `_replace`). Writing to an object's `__dict__` is refused too.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "fairs"
PUBLIC_BY_CONTRACT = {"_mapping", "_asdict", "_fields", "_replace", "_make"}


def _trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in SRC.rglob("*.py")}


def _own_private_names(trees: dict[Path, ast.Module]) -> set[str]:
    names: set[str] = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                    names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
    return {name for name in names if name.startswith("_") and not name.startswith("__")}


def test_no_private_attribute_of_another_library() -> None:
    trees = _trees()
    own = _own_private_names(trees)
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            name = node.attr
            where = f"{path.relative_to(SRC.parent)}:{node.lineno} .{name}"
            if name == "__dict__" and isinstance(node.ctx, ast.Load):
                parent_writes = False  # reading vars() is harmless; writes show as calls on it below
                for other in ast.walk(tree):
                    if (
                        isinstance(other, ast.Call)
                        and isinstance(other.func, ast.Attribute)
                        and other.func.value is node
                        and other.func.attr in ("update", "__setitem__", "setdefault", "pop", "clear")
                    ):
                        parent_writes = True
                if parent_writes:
                    found.append(where)
                continue
            if not name.startswith("_") or name.startswith("__"):
                continue
            if name in PUBLIC_BY_CONTRACT or name in own:
                continue
            found.append(where)
    assert found == []


def test_the_check_sees_a_private_attribute(tmp_path: Path) -> None:
    """The walk above does find such an access (so an empty result means something)."""
    tree = ast.parse("x = engine._connections\nobj.__dict__.update(values)\n")
    attrs = [node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)]
    assert "_connections" in attrs and "__dict__" in attrs
