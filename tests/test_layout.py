"""The source layout's size rule (docs/architecture.md): small modules named for what they do."""

from __future__ import annotations

from pathlib import Path

import fairs

LIMIT = 310  # "no module over ~300 lines"


def test_no_module_is_over_about_three_hundred_lines():
    root = Path(fairs.__file__).parent
    sizes = {
        str(p.relative_to(root)): len(p.read_text(encoding="utf-8").splitlines())
        for p in root.rglob("*.py")
        # Migration scripts are frozen history (the first one carries the seeded directions), not modules.
        if "migrations" not in p.relative_to(root).parts
    }
    assert len(sizes) > 100
    assert {name: n for name, n in sizes.items() if n > LIMIT} == {}
