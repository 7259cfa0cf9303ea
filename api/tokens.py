"""API tokens: shown once when made, kept only as a SHA-256 digest.

A token is "kdl_" and 43 URL-safe characters (256 random bits). Its digest is the look-up key
(unique index), so checking a token is one indexed query and the table leaks nothing usable;
the first characters are kept beside it so the administrator can tell tokens apart.
"""

import hashlib
import secrets

PREFIX = "kdl_"
SHOWN_CHARACTERS = 8


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def shown_part(token: str) -> str:
    return token[: len(PREFIX) + SHOWN_CHARACTERS]
