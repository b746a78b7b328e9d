"""API keys: `Authorization: Bearer <key>`, configured as SHA-256 digests, compared in constant
time.

Keys are 32 random bytes (`newsstore keys create`). A plain SHA-256 of such a token is the usual
practice: salts and slow hashes defend low-entropy passwords against guessing, and nobody can
enumerate 2**256 tokens. Only digests are configured, so a leaked config leaks no key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.config import Settings
from app.domain_errors import Forbidden, Unauthorized

# auto_error=False: the problem+json answers below replace FastAPI's own 403.
_bearer = HTTPBearer(auto_error=False, description="An API key from `newsstore keys create`.")
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def new_key() -> str:
    return secrets.token_urlsafe(32)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def key_matches(key: str, digests: frozenset[str]) -> bool:
    """Compares against every digest, without stopping at the first match."""
    presented = key_digest(key)
    matched = False
    for digest in digests:
        matched |= hmac.compare_digest(presented, digest)
    return matched


def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def require_write_key(request: Request, credentials: BearerDep) -> None:
    settings = _settings(request)
    if not settings.write_keys:
        raise Forbidden(
            "writes are disabled: no API key is configured. Run `newsstore keys create` and put "
            "the digest it prints in NEWSSTORE_API_KEY_HASHES"
        )
    _check(credentials, settings.write_keys)


async def require_read_key(request: Request, credentials: BearerDep) -> None:
    """Reads are open unless NEWSSTORE_READ_KEY_HASHES is set; a write key reads too."""
    settings = _settings(request)
    if settings.read_keys:
        _check(credentials, settings.read_keys | settings.write_keys)


def _check(credentials: HTTPAuthorizationCredentials | None, digests: frozenset[str]) -> None:
    if credentials is None:
        raise Unauthorized("this endpoint needs an API key: send `Authorization: Bearer <key>`")
    if not key_matches(credentials.credentials, digests):
        raise Unauthorized("the API key is not valid")
