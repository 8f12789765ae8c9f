"""POST /log/sync: where the logger's outbox sends a finished workout.

The browser signs in with the web cookie, not a bearer token, so the API's
idempotency middleware (which keys on the bearer identity) does not see these
requests. This route honours the same `Idempotency-Key`s in the same store
(`idempotency_keys`, per user, kept 7 days) the same way, inside the
request's one transaction: the key is held by a lock of that transaction,
the workout created and the answer stored in the same commit. A retry (a lost
answer, the online event racing the periodic retry, a second tab) gets a 409
while the first runs, then the replayed answer; never a second workout.
Answers are JSON (problem+json for a refusal): the caller is a script.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from spotter.context import Context
from spotter.idempotency import repository as idempotency
from spotter.idempotency.middleware import VALID_KEY
from spotter.kit.errors import ConflictError, ProblemError, problem_response
from spotter.web.deps import WebContext, attempt
from spotter.workouts import service as workouts_service
from spotter.workouts.schemas import WorkoutIn, WorkoutOut

router = APIRouter()

KEY_FIELD = "header.Idempotency-Key"
KEPT_HEADERS = ("content-type", "location")


def _invalid(field: str, message: str) -> JSONResponse:
    return problem_response(
        422, f"Invalid input: {field}", errors=[{"field": field, "message": message}]
    )


def _parse(raw: bytes, own_id: str | None) -> WorkoutIn | JSONResponse:
    try:
        data = json.loads(raw)
    except ValueError:
        return _invalid("body", "The body must be JSON.")
    if not isinstance(data, dict):
        return _invalid("body", "The body must be a JSON object.")
    # A trainee's logger logs their own workouts; a trainer's names the
    # trainee in the body (the service checks that they are linked).
    if own_id is not None:
        data["traineeId"] = own_id
    try:
        # JSON mode: the strict input model reads dates and ids from their text.
        return WorkoutIn.model_validate_json(json.dumps(data))
    except ValidationError as exc:
        errors = [
            {"field": ".".join(["body", *(str(p) for p in e["loc"])]), "message": e["msg"]}
            for e in exc.errors()
        ]
        fields = ", ".join(sorted({e["field"] for e in errors}))
        return problem_response(422, f"Invalid input: {fields}", errors=errors)


def _replay(stored: idempotency.StoredAnswer, digest: str) -> Response:
    if stored.request_hash != digest:
        return _invalid(KEY_FIELD, "This Idempotency-Key was used with a different request.")
    headers = {**stored.headers, "Idempotent-Replayed": "true"}
    return Response(stored.body, status_code=stored.status, headers=headers)


async def _created(ctx: Context, body: WorkoutIn) -> JSONResponse:
    outcome = await attempt(ctx.session, lambda: workouts_service.create(ctx, body))
    if isinstance(outcome, ProblemError):
        return problem_response(
            outcome.status, outcome.detail, title=outcome.title, **outcome.extra
        )
    workout, records = outcome
    out = WorkoutOut.model_validate(workout).model_copy(
        update={"personal_records": [r.as_json() for r in records]}
    )
    return JSONResponse(
        out.model_dump(mode="json", by_alias=True),
        status_code=201,
        headers={"Location": f"/history/{workout.id}"},
    )


async def _hold(ctx: Context, key: str) -> Response | None:
    """The key is held by this transaction until it ends (an advisory lock),
    as the API's middleware holds it: a second send meanwhile gets a 409."""
    holder = await idempotency.authenticate_and_hold(
        ctx.session, ctx.principal.session_id, ctx.user_id, key
    )
    if holder.role is None:
        return problem_response(401, "This session has ended; sign in again.")
    if not holder.held:
        return problem_response(
            409,
            "A request with this Idempotency-Key is still being processed.",
            headers={"Retry-After": "1"},
        )
    return None


async def _store(ctx: Context, key: str, path: str, digest: str, response: Response) -> None:
    """Keep a success for retries. A refusal (4xx) stores nothing: a retry
    runs again, as through the API."""
    kept = {k: v for k, v in response.headers.items() if k.lower() in KEPT_HEADERS}
    was_stored = await idempotency.store(
        ctx.session,
        ctx.user_id,
        key,
        path=path,
        request_hash=digest,
        status=response.status_code,
        headers=kept,
        body=bytes(response.body),
    )
    if not was_stored:
        # Another request stored its answer first: undo ours (the error
        # rolls the transaction back); the retry replays that answer.
        raise ConflictError("This workout was just saved by another request; retry.")


@router.post("/log/sync")
async def sync_workout(
    request: Request,
    ctx: WebContext,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    if idempotency_key is None or not VALID_KEY.match(idempotency_key):
        return _invalid(
            KEY_FIELD, "Send the key made when the workout was finished (1-255 characters)."
        )
    raw = await request.body()
    body = _parse(raw, None if ctx.is_trainer else str(ctx.user_id))
    if isinstance(body, JSONResponse):
        return body
    path = request.url.path
    digest = hashlib.sha256(b"\n".join([path.encode(), b"", raw])).hexdigest()
    if refused := await _hold(ctx, idempotency_key):
        return refused
    stored = await idempotency.stored_answer(ctx.session, ctx.user_id, idempotency_key)
    if stored is not None:
        return _replay(stored, digest)
    response = await _created(ctx, body)
    if response.status_code < 400:
        await _store(ctx, idempotency_key, path, digest, response)
    return response
