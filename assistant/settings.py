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
    # Knowledge base: an embedded Chroma under data_dir, or a shared Chroma server when chroma_host is set.
    chroma_host: str | None = None
    chroma_port: int = 8000
    collection: str = "nianbao"
    # Embeddings: offline hashing embedding unless an OpenAI-compatible endpoint is configured.
    embedding_base_url: str | None = None
    embedding_model: str | None = None
    embedding_api_key: str | None = None


def get_settings() -> Settings:
    return Settings()
