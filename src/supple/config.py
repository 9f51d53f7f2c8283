"""Settings: one class, ``SUPPLE_`` prefix, offline defaults, data in the user's data folder."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field
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

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'supple.db'}"
