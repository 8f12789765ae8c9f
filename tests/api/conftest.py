from __future__ import annotations

import httpx
import pytest_asyncio

from tests.api.helpers import ApiPersonas, create_api_personas


@pytest_asyncio.fixture(scope="module")
async def personas(client: httpx.AsyncClient) -> ApiPersonas:
    """Trainer A (trainees A1, A2), trainer B (trainee B1) and an outsider,
    signed up and linked through the API."""
    return await create_api_personas(client)
