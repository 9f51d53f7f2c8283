"""Settings: one class, ``SUPPLE_`` prefix, offline defaults, data in the user's data folder."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return user_data_path("supple", appauthor=False)


class Settings(BaseSettings):
    """Every setting can be given as an environment variable, e.g. ``SUPPLE_DATABASE_URL``."""

    model_config = SettingsConfigDict(env_prefix="SUPPLE_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir, description="Folder for the database and media.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL of the store; default: SQLite file 'supple.db' in data_dir."
    )
    profile: str | None = Field(default=None, description="Profile to use when --profile is not given.")
    timer_scale: float = Field(
        default=1.0, gt=0, le=1.0, description="Multiplies every timer of the guided session (tests use 0.01)."
    )
    # Clinic mode (issue 17, docs/clinic.md). Off by default: home mode has no accounts and no login.
    clinic: bool = Field(default=False, description="Clinic mode: accounts, login and roles (see docs/clinic.md).")
    clinic_session_idle_minutes: int = Field(
        default=30, ge=1, le=1440, description="Clinic mode: a session ends after this many minutes without use."
    )
    clinic_session_absolute_hours: int = Field(
        default=12, ge=1, le=720, description="Clinic mode: a session ends this many hours after login, used or not."
    )
    clinic_login_max_failures: int = Field(
        default=5, ge=1, le=100, description="Clinic mode: failed logins for one e-mail before it is throttled."
    )
    clinic_login_window_minutes: int = Field(
        default=15, ge=1, le=1440, description="Clinic mode: how long failed logins count towards throttling."
    )

    clinic_reauth_minutes: int = Field(
        default=10,
        ge=1,
        le=60,
        description="Clinic mode: changing the e-mail, password or second factor needs the password and a code "
        "given within this many minutes.",
    )
    clinic_secret_key: SecretStr | None = Field(
        default=None,
        description="Clinic mode: the key the second-factor secrets are encrypted with (base64url, 32 bytes; "
        "several comma-separated, newest first, to rotate; then 'supple clinic reseal'); the web workers' form "
        "tokens are derived from it too. Default: the file 'clinic-secret.key' in data_dir, made by 'supple clinic "
        "init'. Keep it out of the database's backups.",
    )
    clinic_setup_hours: int = Field(
        default=72, ge=1, le=720, description="Clinic mode: how long the one-time password of a new account works."
    )

    jobs_concurrency: int = Field(
        default=1, ge=1, le=32, description="Clinic mode: jobs one 'supple worker' runs at once."
    )
    jobs_heartbeat_seconds: float = Field(
        default=10.0, gt=0, le=300, description="Clinic mode: how often a worker says it is alive, in seconds."
    )
    jobs_stalled_seconds: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="Clinic mode: a worker silent this many seconds is taken as dead and its jobs run again.",
    )

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'supple.db'}"
