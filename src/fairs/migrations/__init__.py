"""The Alembic migrations, shipped inside the package so an installed `fairs` can migrate its database.

`alembic_config` builds Alembic's configuration in code from this folder's location (no alembic.ini needed);
the repository's alembic.ini points here too, for developers who run `alembic` themselves.
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config

SCRIPTS = Path(__file__).resolve().parent


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration for these scripts, on `url` (else the settings' database)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    if url is not None:
        # ConfigParser interpolates "%": escape it (URL-encoded passwords).
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    return cfg
