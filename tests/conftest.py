from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "reports" / "2021_大庆市公共资源交易中心.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_tables(seed_text: str) -> str:
    from tests.factory import seed_tables_text

    return seed_tables_text(seed_text)
