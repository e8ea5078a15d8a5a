"""The README's configuration table names every setting, with the default the code really has."""

from __future__ import annotations

import re
from pathlib import Path

from fairs.config import Settings

README = Path(__file__).resolve().parents[1] / "README.md"
ROW = re.compile(r"^\| `FAIRS_([A-Z_]+)` \| ([^|]+) \|")
# Defaults the table words instead of printing them.
WORDED = {
    "secret_key": "generated",
    "demo": "off",
    "data_dir": "the user's data folder",
    "database_url": "FAIRS_DATA_DIR/fairs.db",
    "secret_key_file": "FAIRS_DATA_DIR/.fairs_secret",
    "export_dir": "FAIRS_DATA_DIR/exports-data",
}


def _table() -> dict[str, str]:
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[match[1].lower()] = match[2].strip().strip("`")
    return rows


def test_every_setting_is_in_the_readme_with_its_default() -> None:
    table = _table()
    assert sorted(table) == sorted(Settings.model_fields)
    for name, field in Settings.model_fields.items():
        default = WORDED.get(name, str(field.default))
        assert table[name] == default, name
