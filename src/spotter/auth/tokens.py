"""Access tokens (short-lived JWTs) and refresh tokens (random, stored hashed).

Access tokens are HS256 JWTs whose `kid` names the key that signed them. The
current key signs; previous keys (SPOTTER_PREVIOUS_SECRET_KEYS) still verify,
so rotating SPOTTER_SECRET_KEY signs nobody out: keep the old key listed for
one access-token lifetime, then drop it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from functools import lru_cache

import jwt

from spotter.kit.errors import UnauthorizedError

ALGORITHM = "HS256"
ACCESS_TYPE = "access"


def _derive(secret: str) -> bytes:
    # A key of its own for JWTs, so the same secret can serve other purposes.
    return hashlib.sha256(b"spotter-jwt-v1:" + secret.encode()).digest()


def key_id(secret: str) -> str:
    return hashlib.sha256(b"spotter-kid-v1:" + secret.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    # What the token claimed at sign-in; the account's role is what counts
    # (auth/deps.py reads it with the session's liveness).
    role: str
    session_id: uuid.UUID
    expires_at: dt.datetime


class TokenService:
    def __init__(
        self,
        secret: str,
        previous: list[str],
        *,
        issuer: str,
        audience: str,
        access_ttl: dt.timedelta,
    ) -> None:
        self._signing_kid = key_id(secret)
        self._keys = {key_id(s): _derive(s) for s in [secret, *previous]}
        self.issuer = issuer
        self.audience = audience
        self.access_ttl = access_ttl
        # Every request of a client carries the same token for its lifetime:
        # verifying its signature once per process is enough. The claims are
        # immutable; expiry is checked on every use, and whether the session
        # is still live is the database's answer on every request.
        self._verified = lru_cache(maxsize=4096)(self._verify_access)

    def issue_access(
        self, user_id: uuid.UUID, role: str, session_id: uuid.UUID, now: dt.datetime | None = None
    ) -> str:
        issued = now or dt.datetime.now(dt.UTC)
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": str(user_id),
            "role": role,
            "sid": str(session_id),
            "typ": ACCESS_TYPE,
            "iat": issued,
            "exp": issued + self.access_ttl,
            "jti": secrets.token_hex(8),
        }
        return jwt.encode(
            claims,
            self._keys[self._signing_kid],
            algorithm=ALGORITHM,
            headers={"kid": self._signing_kid},
        )

    def decode_access(self, token: str) -> AccessClaims:
        claims = self._verified(token)
        if claims.expires_at <= dt.datetime.now(dt.UTC):
            raise UnauthorizedError("The access token has expired; refresh it.")
        return claims

    def _verify_access(self, token: str) -> AccessClaims:
        # Raises for a bad token, and lru_cache keeps no failure.
        try:
            header = jwt.get_unverified_header(token)
            key = self._keys.get(str(header.get("kid")))
            if key is None or header.get("alg") != ALGORITHM:
                raise UnauthorizedError("The access token is not valid.")
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "sid", "typ"]},
            )
            if claims["typ"] != ACCESS_TYPE or claims.get("role") not in ("trainer", "trainee"):
                raise UnauthorizedError("The access token is not valid.")
            return AccessClaims(
                user_id=uuid.UUID(claims["sub"]),
                role=claims["role"],
                session_id=uuid.UUID(claims["sid"]),
                expires_at=dt.datetime.fromtimestamp(int(claims["exp"]), dt.UTC),
            )
        except jwt.ExpiredSignatureError as exc:
            raise UnauthorizedError("The access token has expired; refresh it.") from exc
        except (jwt.PyJWTError, ValueError, KeyError, TypeError, OverflowError) as exc:
            raise UnauthorizedError("The access token is not valid.") from exc


def new_refresh_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
