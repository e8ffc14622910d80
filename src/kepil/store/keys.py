"""API keys and roles. A key is shown once when created; only the SHA-256 of its secret is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, select

from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.store import audit
from kepil.store.db import reading, transaction
from kepil.store.models import ApiKey, Provider
from kepil.store.providers import unknown_provider

ROLES = ("registrar", "provider", "analyst", "fund", "admin")
# registrar: attachments of its own PHC organisation; provider: its own provider record and contracts, its
# own monitoring defects and objections (monitoring-rules 26); analyst: reads everything; fund: the Fund's
# monitoring staff — reads monitoring, answers objections, notices, unscheduled monitoring, refunds, the
# review worklist and experts' findings (monitoring-rules 26, 53, 53-1); admin: everything. Roles tied to
# one organisation need --organisation.
ORGANISATION_ROLES = frozenset({"registrar", "provider"})
PREFIX = "kepil_"
# Keys revoked by this process: the service's key cache (kepil.api.auth) drops them at once; other
# processes see the revocation when their cache entry expires (KEY_CACHE_SECONDS).
revoked_here: set[str] = set()


@dataclass(frozen=True, slots=True)
class Principal:
    key_id: str
    role: str
    organisation_id: str | None

    @property
    def actor(self) -> str:
        return f"key:{self.key_id}"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(
    engine: Engine,
    role: str,
    organisation_id: str | None = None,
    label: str | None = None,
    actor: str = "cli",
) -> tuple[str, str]:
    """A new key: returns (key id, the full key to hand over). Nothing is stored that could rebuild it."""
    if role not in ROLES:
        roles = ", ".join(ROLES)
        raise InvalidInput(
            "--role",
            Text(f"{role!r} рөлі жоқ; рөлдер: {roles}", f"нет роли {role!r}; роли: {roles}",
                 f"{role!r} is not one of: {roles}"),
        )  # fmt: skip
    if role in ORGANISATION_ROLES and not organisation_id:
        raise InvalidInput(
            "--organisation",
            Text(f"{role} кілті бір ұйымға тиесілі: --organisation беріңіз",
                 f"ключ {role} принадлежит одной организации: укажите --organisation",
                 f"a {role} key belongs to one organisation: give --organisation"),
        )  # fmt: skip
    if role not in ORGANISATION_ROLES and organisation_id:
        raise InvalidInput(
            "--organisation",
            Text(f"{role} кілті ұйымға байланбайды", f"ключ {role} не привязан к организации",
                 f"a {role} key is not tied to an organisation"),
        )  # fmt: skip
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    with transaction(engine) as s:
        if organisation_id is not None and s.get(Provider, organisation_id) is None:
            raise unknown_provider(organisation_id, "--organisation")
        row = ApiKey(
            id=key_id, secret_sha256=_digest(secret), role=role, organisation_id=organisation_id, label=label
        )
        s.add(row)
        s.flush()
        after = audit.snapshot(row)
        after.pop("secret_sha256")
        audit.record(s, actor, "create", "api_key", key_id, after=after)
    return key_id, f"{PREFIX}{key_id}.{secret}"


def authenticate(engine: Engine, key: str) -> Principal | None:
    """The principal of a valid, unrevoked key; None for anything else."""
    if not key.startswith(PREFIX) or "." not in key:
        return None
    key_id, _, secret = key.removeprefix(PREFIX).partition(".")
    with reading(engine) as s:
        row = s.get(ApiKey, key_id)
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.secret_sha256, _digest(secret)):
            return None
        return Principal(row.id, row.role, row.organisation_id)


def revoke(engine: Engine, key_id: str, actor: str = "cli") -> None:
    with transaction(engine) as s:
        row = s.get(ApiKey, key_id)
        if row is None:
            missing = Text(f"{key_id} кілті жоқ", f"нет ключа {key_id}", f"no key {key_id}")
            raise InvalidInput("key_id", missing)
        if row.revoked_at is None:
            row.revoked_at = dt.datetime.now(dt.UTC)
            audit.record(s, actor, "revoke", "api_key", key_id)
    revoked_here.add(key_id)


def list_keys(engine: Engine) -> list[ApiKey]:
    with reading(engine) as s:
        return list(s.scalars(select(ApiKey).order_by(ApiKey.created_at)))


def actors(engine: Engine, names: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """Who each `key:ID` actor of an audit or a finding is: {actor: (role, organisation id)} — one query
    for a page's actors; an actor that is not a key (`cli`) or a key no longer stored is left out."""
    ids = {a.split(":", 1)[1] for a in names if a.startswith("key:")}
    if not ids:
        return {}
    with reading(engine) as s:
        q = select(ApiKey.id, ApiKey.role, ApiKey.organisation_id).where(ApiKey.id.in_(sorted(ids)))
        rows = s.execute(q)
        return {f"key:{i}": (role, org) for i, role, org in rows}
