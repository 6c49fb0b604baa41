"""Settings from the environment (prefix ASSISTANT_) or a .env file."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    host: str = "127.0.0.1"
    port: int = 7860
    username: str | None = None  # optional login for LAN use
    password: str | None = None


def get_settings() -> Settings:
    return Settings()
