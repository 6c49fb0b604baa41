"""Settings from the environment (prefix ASSISTANT_) or a .env file."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .resources import default_dir


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    layouts_dir: Path | None = None  # further layout_*.yaml files (a newer official layout), beside the packaged ones
    # Resource folders: the copies shipped in the package (or the checkout's folders in an editable install).
    prompts_dir: Path = Field(default_factory=lambda: default_dir("prompts"))
    corpus_dir: Path = Field(default_factory=lambda: default_dir("corpus"))
    evals_dir: Path = Field(default_factory=lambda: default_dir("evals"))
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
    # Retrieval's domain thesaurus and intent words (a YAML file like assistant/knowledge/data/thesaurus.yaml);
    # None: the packaged one. Article themes (条旨) live beside each corpus document as NAME.themes.yaml.
    thesaurus_path: Path | None = None
    # Drafting model: any OpenAI-compatible endpoint (OpenAI, DeepSeek, Qwen, GLM, vLLM, Ollama …).
    # Nothing configured → the offline drafter.
    openai_base_url: str | None = Field(None, validation_alias=AliasChoices("OPENAI_BASE_URL", "ASSISTANT_OPENAI_BASE_URL"))
    openai_api_key: str | None = Field(None, validation_alias=AliasChoices("OPENAI_API_KEY", "ASSISTANT_OPENAI_API_KEY"))
    model: str = "gpt-4o-mini"
    temperature: float = 0.3
    timeout: float = 60.0  # seconds per request (connect, and between two pieces of a streamed reply)
    draft_deadline: float = 60.0  # seconds for a whole draft: every request, retry and the repair round
    max_tokens: int = 2000  # the longest reply asked of the model (a section is a few hundred characters)
    check_deadline: float = 60.0  # seconds per file checked in the UI's worker process
    check_memory_mb: int = 1536  # memory of that worker beyond what it holds at start
    max_retries: int = 2  # retries on 429, 5xx, timeouts and dropped connections, with backoff
    retry_backoff: float = 1.0  # seconds before the first retry; doubles each time

    @property
    def model_configured(self) -> bool:
        return bool(self.openai_base_url or self.openai_api_key)


def get_settings() -> Settings:
    return Settings()
