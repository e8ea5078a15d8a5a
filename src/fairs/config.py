"""Settings from the environment (prefix FAIRS_), with a secret key kept in a local file."""

from __future__ import annotations

import os
import secrets
import sys
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from fairs.i18n import LOCALES

PLACEHOLDER_SECRETS = {"", "changeme", "secret", "change-me"}


def user_data_dir() -> Path:
    """Where an installed `fairs` keeps its files unless told otherwise: the user's own application-data
    folder (%LOCALAPPDATA%\\fairs on Windows, $XDG_DATA_HOME/fairs or ~/.local/share/fairs elsewhere), never
    the current directory of whatever shell started it."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "fairs"


class Settings(BaseSettings):
    """Every knob of the application; read once per process."""

    model_config = SettingsConfigDict(env_prefix="FAIRS_", env_file=".env", extra="ignore")

    # The folder of the defaults below (the SQLite file, the generated key, export scratch space).
    data_dir: Path = Field(default_factory=user_data_dir)
    database_url: str = ""  # empty: the SQLite file fairs.db in data_dir
    secret_key: str = ""
    secret_key_file: Path | None = None  # None: .fairs_secret in data_dir
    base_url: str = "http://127.0.0.1:8000"
    timezone: str = "Europe/Minsk"
    coupon_validity_days: int = 30
    followup_days: int = Field(default=14, ge=1, le=366)  # unredeemed this many days after issue
    default_locale: str = "ru"
    demo: bool = False
    session_max_age_seconds: int = 12 * 3600
    token_ttl_minutes: int = 12 * 60
    page_size: int = 50
    log_level: str = "INFO"
    export_dir: Path | None = (
        None  # scratch (None: exports-data in data_dir): a workbook is written here first
    )
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)  # larger request bodies get 413
    # Hot units of work run at once per process on PostgreSQL (docs/performance.md: more threads only queue
    # on the interpreter lock and stretch every request).
    db_threads: int = Field(default=4, ge=1, le=64)
    # Refused coupon look-ups, redeems and binds (unknown or refused codes) a user may make in the window
    # before the next is answered 429 (services/coupons/throttle.py); successful ones are never counted.
    scan_failure_limit: int = Field(default=30, ge=1)
    scan_failure_window_seconds: int = Field(default=300, ge=1)
    # Memory of one argon2id password hash, in KiB: the default is RFC 9106's low-memory profile (64 MiB).
    # Lower it only where passwords guard nothing, such as a test run (the hashes carry their parameters,
    # so a password hashed with one value is still verified after a change).
    password_hash_memory_kib: int = Field(default=65536, ge=32)  # argon2: at least 8 KiB per lane (4)

    @model_validator(mode="after")
    def _files_in_data_dir(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'fairs.db').as_posix()}"
        if self.secret_key_file is None:
            self.secret_key_file = self.data_dir / ".fairs_secret"
        if self.export_dir is None:
            self.export_dir = self.data_dir / "exports-data"
        return self

    @field_validator("base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in LOCALES:
            raise ValueError(f"default_locale must be one of {', '.join(LOCALES)}")
        return value

    @field_validator("coupon_validity_days")
    @classmethod
    def _positive_validity(cls, value: int) -> int:
        if not 1 <= value <= 366:
            raise ValueError("coupon validity must be between 1 and 366 days")
        return value

    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated once into `secret_key_file` (mode 0600)."""
        if self.secret_key and self.secret_key not in PLACEHOLDER_SECRETS:
            return self.secret_key
        path = self.secret_key_file
        if path.exists():
            value = path.read_text().strip()
            if len(value) >= 32:
                return value
        value = secrets.token_urlsafe(48)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value)
        path.chmod(0o600)
        return value


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (tests clear this cache to change them)."""
    return Settings()
