"""Settings from the environment (prefix FAIRS_), with a secret key kept in a local file."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"", "changeme", "secret", "change-me"}


class Settings(BaseSettings):
    """Every knob of the application; read once per process."""

    model_config = SettingsConfigDict(env_prefix="FAIRS_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./fairs.db"
    secret_key: str = ""
    secret_key_file: Path = Path(".fairs_secret")
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
    export_dir: Path = Path("./exports-data")  # scratch: a background export writes here, then to the DB
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)  # larger request bodies get 413
    # Hot units of work run at once per process on PostgreSQL (docs/performance.md: more threads only queue
    # on the interpreter lock and stretch every request).
    db_threads: int = Field(default=4, ge=1, le=64)
    # Refused coupon look-ups, redeems and binds (unknown or refused codes) a user may make in the window
    # before the next is answered 429 (services/coupons/throttle.py); successful ones are never counted.
    scan_failure_limit: int = Field(default=30, ge=1)
    scan_failure_window_seconds: int = Field(default=300, ge=1)

    @field_validator("base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

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
