"""Google ID tokens, verified against Google's published keys (a JWKS)."""

from __future__ import annotations

from dataclasses import dataclass

import anyio.to_thread
import jwt
from jwt import PyJWKClient, PyJWKClientConnectionError, PyJWKClientError

from spotter.kit.errors import ProblemError, UnauthorizedError

ISSUERS = ("accounts.google.com", "https://accounts.google.com")


@dataclass(frozen=True)
class GoogleIdentity:
    subject: str
    email: str
    name: str | None
    picture: str | None


class GoogleNotConfiguredError(ProblemError):
    status = 404

    def __init__(self) -> None:
        super().__init__("Google sign-in is not enabled on this server.")


class GoogleVerifier:
    def __init__(self, client_ids: list[str], jwks_url: str, cooldown: float = 30) -> None:
        self.client_ids = client_ids
        # Keys are cached for an hour; a token naming an unknown `kid` makes
        # PyJWKClient fetch the set again (Google rotates its keys), at most
        # once per cooldown so forged kids cannot hammer Google.
        self._jwks = PyJWKClient(
            jwks_url, cache_keys=True, lifespan=3600, timeout=10, cooldown_duration=cooldown
        )

    async def verify(self, id_token: str) -> GoogleIdentity:
        if not self.client_ids:
            raise GoogleNotConfiguredError()
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as exc:
            raise UnauthorizedError("The Google token is not valid.") from exc
        if header.get("alg") != "RS256":
            raise UnauthorizedError("The Google token is not valid.")
        try:
            signing_key = await anyio.to_thread.run_sync(
                self._jwks.get_signing_key_from_jwt, id_token
            )
        except PyJWKClientConnectionError as exc:
            raise ProblemError(
                "Google's keys could not be fetched; try again.", status=503
            ) from exc
        except (PyJWKClientError, jwt.PyJWTError) as exc:
            raise UnauthorizedError("The Google token is not valid.") from exc
        try:
            claims = jwt.decode(
                id_token,
                signing_key.key,
                algorithms=["RS256"],
                audience=self.client_ids,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise UnauthorizedError("The Google token has expired.") from exc
        except jwt.PyJWTError as exc:
            raise UnauthorizedError("The Google token is not valid.") from exc
        if claims.get("iss") not in ISSUERS:
            raise UnauthorizedError("The Google token was not issued by Google.")
        if claims.get("email_verified") not in (True, "true") or not claims.get("email"):
            raise UnauthorizedError("Google has not verified this email address.")
        return GoogleIdentity(
            subject=str(claims["sub"]),
            email=str(claims["email"]).strip().lower(),
            name=claims.get("name"),
            picture=claims.get("picture"),
        )
