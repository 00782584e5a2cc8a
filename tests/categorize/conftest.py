"""One text encoder for the whole session: loading it takes a few seconds."""

from __future__ import annotations

import pytest

from focuscoach.core.categorize.encoder import UseEncoder, shared_encoder


@pytest.fixture(scope="session")
def encoder() -> UseEncoder:
    return shared_encoder()
