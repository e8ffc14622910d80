"""The store on SQLite and PostgreSQL: migrations, providers and purchase contracts, keys, the audit log,
and that a failed write leaves nothing behind."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from kepil.errors import InvalidInput
from kepil.store import audit
from kepil.store.db import StoreUnavailable, make_engine, reading, transaction
from kepil.store.keys import authenticate, create_key, revoke
from kepil.store.migrate import current, ensure_current, head, upgrade
from kepil.store.models import AuditEntry, Provider, PurchaseContract
from kepil.store.providers import (
    ContractIn,
    NotFound,
    ProviderIn,
    add_contract,
    contracts,
    get_provider,
    has_contract_for,
    list_providers,
    put_provider,
)


def provider(pid: str = "PHC-1", **kw: object) -> ProviderIn:
    base: dict[str, object] = {
        "id": pid,
        "name": "Emhana 1",
        "region": "astana",
        "atu": "astana-esil",
        "phc": True,
    }
    base.update(kw)
    return ProviderIn.model_validate(base)


def test_migrations_reach_head_and_run_twice(store) -> None:  # type: ignore[no-untyped-def]
    assert current(store) == head()
    assert upgrade(store) == (head(), head())
    ensure_current(store)


def test_a_database_without_the_schema_is_refused_with_the_fix(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kepil.store.db import StoreNotReady

    with pytest.raises(StoreNotReady, match="kepil db upgrade"):
        ensure_current(make_engine(f"sqlite:///{tmp_path / 'empty.db'}"))


def test_provider_create_replace_and_audit(store) -> None:  # type: ignore[no-untyped-def]
    out, created = put_provider(store, provider(gp_positions=3), "key:a")
    assert created and out["region"] == "astana" and out["gp_positions"] == 3
    out, created = put_provider(store, provider(gp_positions=4), "key:b")
    assert not created and out["gp_positions"] == 4
    with reading(store) as s:
        log = audit.entries(s, "provider", "PHC-1")
    assert [(e.action, e.actor) for e in log] == [("update", "key:b"), ("create", "key:a")]
    assert log[0].before["gp_positions"] == 3 and log[0].after["gp_positions"] == 4
    assert get_provider(store, "PHC-1")["name"] == "Emhana 1"
    with pytest.raises(NotFound):
        get_provider(store, "nope")


def test_provider_region_given_by_kazakh_name_is_stored_as_its_code(store) -> None:  # type: ignore[no-untyped-def]
    out, _ = put_provider(store, provider(region="Астана қаласы"), "t")
    assert out["region"] == "astana"
    assert [p["id"] for p in list_providers(store, "astana", phc=True)] == ["PHC-1"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("region", "atlantis"), ("id", "has space"), ("gp_positions", -1), ("licence_valid_from", "2026-13-01")],
)
def test_provider_bad_values_name_their_field(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as e:
        provider(**{field: value})
    assert e.value.errors()[0]["loc"][0] == field


def test_contract_term_kinds_and_sum_in_tiyn(store) -> None:  # type: ignore[no-untyped-def]
    put_provider(store, provider(), "t")
    c = ContractIn(
        number="42",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        care_kinds=["phc"],
        sum_tiyn=12_345_678_901,
    )
    out = add_contract(store, "PHC-1", c, "t")
    assert out["sum_tiyn"] == 12_345_678_901
    assert [x["number"] for x in contracts(store, "PHC-1", dt.date(2026, 12, 31))] == ["42"]
    assert contracts(store, "PHC-1", dt.date(2027, 1, 1)) == []
    with reading(store) as s:
        assert has_contract_for(s, "PHC-1", "phc", dt.date(2026, 6, 1))
        assert not has_contract_for(s, "PHC-1", "inpatient", dt.date(2026, 6, 1))
        assert not has_contract_for(s, "PHC-1", "phc", dt.date(2027, 1, 1))
    with pytest.raises(InvalidInput) as e:
        add_contract(store, "PHC-1", c, "t")
    assert e.value.field == "number"
    with pytest.raises(NotFound):
        add_contract(store, "nope", c, "t")


@pytest.mark.parametrize(
    "bad",
    [
        {"care_kinds": ["surgery"]},
        {"care_kinds": []},
        {"end": "2025-12-31"},
        {"sum_tiyn": -1},
        {"sum_tiyn": 1.5},
    ],
)
def test_contract_bad_values_are_refused(bad: dict[str, object]) -> None:
    body: dict[str, object] = {
        "number": "1",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "care_kinds": ["phc"],
        "sum_tiyn": 1,
    }
    body.update(bad)
    with pytest.raises(ValidationError):
        ContractIn.model_validate(body)


def test_a_failed_write_leaves_nothing_written(store) -> None:  # type: ignore[no-untyped-def]
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction(store) as s:
        s.add(Provider(id="X", name="x", region="astana", atu="a", border_neighbour_atus=[]))
        audit.record(s, "t", "create", "provider", "X")
        s.flush()
        raise Boom
    with reading(store) as s:
        assert s.get(Provider, "X") is None
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert s.scalar(select(func.count()).select_from(PurchaseContract)) == 0


def test_keys_store_only_a_hash_and_can_be_revoked(store) -> None:  # type: ignore[no-untyped-def]
    put_provider(store, provider(), "t")
    key_id, key = create_key(store, "registrar", "PHC-1")
    who = authenticate(store, key)
    assert who is not None and who.role == "registrar" and who.organisation_id == "PHC-1"
    assert authenticate(store, key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert authenticate(store, "not-a-key") is None
    from kepil.store.models import ApiKey

    with reading(store) as s:
        row = s.get(ApiKey, key_id)
        assert row is not None and key.split(".", 1)[1] not in row.secret_sha256
    revoke(store, key_id)
    assert authenticate(store, key) is None


@pytest.mark.parametrize(
    ("role", "org", "field"),
    [
        ("root", None, "--role"),
        ("registrar", None, "--organisation"),
        ("admin", "PHC-1", "--organisation"),
        ("provider", "nope", "--organisation"),
    ],
)
def test_key_roles_are_checked(store, role: str, org: str | None, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as e:
        create_key(store, role, org)
    assert e.value.field == field


def test_an_unreachable_server_is_store_unavailable() -> None:
    engine = make_engine("postgresql://postgres@127.0.0.1:1/none")
    with pytest.raises(StoreUnavailable), reading(engine) as s:
        s.execute(select(1))


def test_the_migrations_build_exactly_the_models(store) -> None:  # type: ignore[no-untyped-def]
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from kepil.store.models import Base

    with store.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
