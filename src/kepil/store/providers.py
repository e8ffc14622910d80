"""The registry of health organisations (providers) and their purchase contracts with the Fund.

`migrant-care-rules` 9 and the monitoring read a provider's licence, palliative flag and contracts; the
attachment registry reads whether a PHC organisation has a contract covering PHC on a day
(`phc-attachment-rules` 4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kepil.errors import InvalidInput, KepilError
from kepil.i18n import Text
from kepil.law.care import CARE_KINDS
from kepil.reference.regions import region
from kepil.store import audit
from kepil.store.db import reading, transaction
from kepil.store.models import Attachment, Provider, PurchaseContract, attachment_in_force
from kepil.store.validation import IsoDate, reraise, text_error

Id = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")]


# An event of the organisation that frees its attached people to attach elsewhere (phc-attachment-rules 10);
# the codes are those of kepil.law.phc_attachment_rules.application.ORGANISATION_EVENTS.
class ProviderEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Literal["phc_refusal_or_reorganisation", "volume_not_placed", "privatisation"] = Field(
        description="10.6, 10.7 or 10.9 of phc-attachment-rules"
    )
    date: IsoDate = Field(description="the day it took effect")


class ProviderIn(BaseModel):
    """A health organisation as registered (created or replaced whole)."""

    model_config = ConfigDict(extra="forbid")

    id: Id
    name: Annotated[str, Field(min_length=1, max_length=300)]
    region: str = Field(description="region code (kepil.reference.regions), ISO 3166-2 code or Kazakh name")
    atu: Annotated[str, Field(min_length=1, max_length=80)] = Field(
        description="administrative-territorial unit (phc-attachment-rules 2.1)"
    )
    rural: bool = False
    phc: bool = False
    palliative: bool = False
    mis_integrated: bool = False
    licence_number: Annotated[str, Field(max_length=64)] | None = None
    licence_valid_from: IsoDate | None = None
    licence_valid_until: IsoDate | None = None
    gp_positions: Annotated[int, Field(ge=0, le=100_000)] | None = None
    border_neighbour_atus: list[Annotated[str, Field(min_length=1, max_length=80)]] = Field(
        default_factory=list,
        description="ATUs whose border-area residents may attach here (phc-attachment-rules 8)",
    )
    newly_commissioned: bool = Field(
        default=False, description="a newly commissioned PHC facility (2.8, ground 10.8)"
    )
    events: list[ProviderEvent] = Field(
        default_factory=list,
        description="refusal/reorganisation, volumes not placed, privatisation (10.6-10.9)",
    )
    address: Annotated[str, Field(min_length=1, max_length=300)] | None = Field(
        default=None, description="contact: the postal address"
    )
    phone: Annotated[str, Field(min_length=3, max_length=32, pattern=r"^[0-9+() -]+$")] | None = Field(
        default=None, description="contact: a telephone number"
    )
    email: Annotated[str, Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")] | None = Field(
        default=None, description="contact: an e-mail address"
    )

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        try:
            return region(value).code
        except InvalidInput as e:
            raise reraise(e) from None

    @model_validator(mode="after")
    def _licence_term(self) -> ProviderIn:
        a, b = self.licence_valid_from, self.licence_valid_until
        if a and b and b < a:
            raise text_error(
                Text(
                    "лицензияның аяқталу күні басталу күнінен бұрын",
                    "срок лицензии заканчивается раньше, чем начинается",
                    "the licence ends before it starts",
                )
            )
        return self


class ContractIn(BaseModel):
    """A purchase contract of services with the Fund."""

    model_config = ConfigDict(extra="forbid")

    number: Annotated[str, Field(min_length=1, max_length=64)]
    start: IsoDate
    end: IsoDate
    care_kinds: list[str] = Field(min_length=1, description="kinds of care (shared/contracts/coverage.md)")
    sum_tiyn: Annotated[int, Field(ge=0, lt=2**63)] = Field(description="the contract's sum in tiyn")

    @field_validator("care_kinds")
    @classmethod
    def _kinds(cls, value: list[str]) -> list[str]:
        unknown = [k for k in value if k not in CARE_KINDS]
        if unknown:
            raise text_error(
                Text(
                    f"белгісіз көмек түрі: {', '.join(unknown)}; мүмкіндері: {', '.join(CARE_KINDS)}",
                    f"неизвестный вид помощи: {', '.join(unknown)}; допустимы: {', '.join(CARE_KINDS)}",
                    f"unknown kind of care: {', '.join(unknown)}; one of: {', '.join(CARE_KINDS)}",
                )
            )
        if len(set(value)) != len(value):
            raise text_error(Text("түр екі рет аталған", "вид указан дважды", "a kind is listed twice"))
        return value

    @model_validator(mode="after")
    def _term(self) -> ContractIn:
        if self.end < self.start:
            raise text_error(
                Text(
                    "шарт басталмай тұрып аяқталады",
                    "договор заканчивается раньше, чем начинается",
                    "the contract ends before it starts",
                )
            )
        return self


# What a provider's own key may change (issue 14): its name and contact data. Every other fact is regulated
# — the licence (migrant-care-rules 9, the licence penalty of the monitoring, classifier 10.x), PHC and
# MIS integration (phc-attachment-rules 4), palliative care, the region, ATU, rural status and GP positions
# (79.4), border areas (8), new facilities and events (10.6-10.9) — and set by an admin only, as contracts
# are (POST …/contracts is admin-only).
SELF_SERVICE_FIELDS = frozenset({"id", "name", "address", "phone", "email"})
REGULATED_TEXT = Text(
    "«{field}» реттелетін дерек: оны тек әкімші өзгертеді; жеткізуші атауы мен байланыс деректерін ғана "
    "өзгерте алады (тізілімдегі мәнді GET арқылы алып, өзгертпей жіберіңіз)",
    "«{field}» — регулируемый факт: его меняет только администратор; поставщик может менять лишь "
    "наименование и контактные данные (получите значение реестра через GET и отправьте его без изменений)",
    "`{field}` is a regulated fact set by an admin only; a provider may change its name and contact data "
    "(send the registry's value, as GET returns it, unchanged)",
)


class RegulatedFact(KepilError):
    """A provider's own key tried to change a regulated fact of its record (403 naming the field)."""

    def __init__(self, field: str) -> None:
        self.field = field
        self.texts = REGULATED_TEXT.format(field=field)
        super().__init__(self.texts.en)

    def text(self, lang: str = "en") -> str:
        return self.texts[lang]


def regulated_change(stored: dict[str, Any] | None, data: ProviderIn) -> str | None:
    """The first regulated field whose value `data` changes (None: only name and contacts differ). A
    record that does not exist yet is all regulated facts: only an admin registers a provider."""
    if stored is None:
        return "id"
    new = data.model_dump(mode="json")
    for name, value in new.items():
        if name not in SELF_SERVICE_FIELDS and value != stored.get(name):
            return name
    return None


def unknown_provider(provider_id: str, field: str = "organisation_id") -> InvalidInput:
    return InvalidInput(
        field,
        Text(
            f"{provider_id} ұйымы тізілімде жоқ",
            f"организации {provider_id} нет в реестре",
            f"no organisation {provider_id} in the registry",
        ),
    )


class NotFound(LookupError):
    """A path names a record that does not exist (404)."""


def put_provider(engine: Engine, data: ProviderIn, actor: str) -> tuple[dict[str, Any], bool]:
    """Create or replace a provider; returns (the record, created)."""
    with transaction(engine) as s:
        return _put(s, data, actor)


def put_providers(engine: Engine, rows: Iterable[ProviderIn], actor: str) -> tuple[int, int]:
    """Create or replace many providers in one transaction (all or none); returns (created, replaced)."""
    created = replaced = 0
    with transaction(engine) as s:
        for data in rows:
            _, new = _put(s, data, actor)
            created, replaced = created + new, replaced + (not new)
    return created, replaced


def _put(s: Session, data: ProviderIn, actor: str) -> tuple[dict[str, Any], bool]:
    """Create or replace one provider in the session; returns (the record, created)."""
    row = s.get(Provider, data.id)
    before = audit.snapshot(row) if row is not None else None
    values = data.model_dump()
    values["events"] = [e.model_dump(mode="json") for e in data.events]  # JSON column: ISO dates
    if row is None:
        row = Provider(**values)
        s.add(row)
    else:
        for key, value in values.items():
            setattr(row, key, value)
    s.flush()
    after = audit.snapshot(row)
    audit.record(s, actor, "create" if before is None else "update", "provider", data.id, before, after)
    return after, before is None


def get_provider(engine: Engine, provider_id: str) -> dict[str, Any]:
    with reading(engine) as s:
        row = s.get(Provider, provider_id)
        if row is None:
            raise NotFound(provider_id)
        return audit.snapshot(row)


def list_providers(
    engine: Engine,
    region_code: str | None = None,
    phc: bool | None = None,
    limit: int = 1000,
    offset: int = 0,
) -> list[dict[str, Any]]:
    q = select(Provider).order_by(Provider.id).limit(limit).offset(offset)
    if region_code is not None:
        q = q.where(Provider.region == region_code)
    if phc is not None:
        q = q.where(Provider.phc == phc)
    with reading(engine) as s:
        return [audit.snapshot(p) for p in s.scalars(q)]


def atu_organisations(engine: Engine) -> list[tuple[str, str, str]]:
    """(region, administrative-territorial unit, organisation name) of every PHC organisation, ordered: the
    units a registrar chooses a residence from (phc-attachment-rules 2.1, 8), named by who serves them."""
    q = select(Provider.region, Provider.atu, Provider.name).where(Provider.phc.is_(True))
    with reading(engine) as s:
        return [(r, a, n) for r, a, n in s.execute(q.order_by(Provider.region, Provider.atu, Provider.name))]


def organisation_names(engine: Engine, ids: Iterable[str]) -> dict[str, str]:
    """The registry's names of the organisations `ids` (a person's history names a handful)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    with reading(engine) as s:
        rows = s.execute(select(Provider.id, Provider.name).where(Provider.id.in_(wanted)))
        return {pid: name for pid, name in rows}


def add_contract(engine: Engine, provider_id: str, data: ContractIn, actor: str) -> dict[str, Any]:
    with transaction(engine) as s:
        if s.get(Provider, provider_id) is None:
            raise NotFound(provider_id)
        clash = s.scalar(
            select(PurchaseContract.id).where(
                PurchaseContract.provider_id == provider_id, PurchaseContract.number == data.number
            )
        )
        if clash is not None:
            raise InvalidInput(
                "number",
                Text(
                    f"{data.number} нөмірлі шарт бұрыннан бар",
                    f"договор № {data.number} уже есть",
                    f"contract {data.number} already exists for {provider_id}",
                ),
            )
        row = PurchaseContract(provider_id=provider_id, **data.model_dump())
        s.add(row)
        s.flush()
        after = audit.snapshot(row)
        audit.record(s, actor, "create", "purchase_contract", row.id, after=after)
        return after


def contracts(
    engine: Engine, provider_id: str | None = None, on: dt.date | None = None
) -> list[dict[str, Any]]:
    q = select(PurchaseContract).order_by(PurchaseContract.provider_id, PurchaseContract.start)
    if provider_id is not None:
        q = q.where(PurchaseContract.provider_id == provider_id)
    if on is not None:
        q = q.where(PurchaseContract.start <= on, PurchaseContract.end >= on)
    with reading(engine) as s:
        if provider_id is not None and s.get(Provider, provider_id) is None:
            raise NotFound(provider_id)
        return [audit.snapshot(c) for c in s.scalars(q)]


def event_codes(events: list[Any] | None, on: dt.date) -> frozenset[str]:
    """The codes of the events (a provider's `events` column) that took effect by `on`."""
    return frozenset(e["code"] for e in events or () if dt.date.fromisoformat(e["date"]) <= on)


def has_contract_for(session: Session, provider_id: str, kind: str, on: dt.date) -> bool:
    """A purchase contract of the provider in force on `on` that covers `kind` of care."""
    rows = session.scalars(
        select(PurchaseContract.care_kinds).where(
            PurchaseContract.provider_id == provider_id,
            PurchaseContract.start <= on,
            PurchaseContract.end >= on,
        )
    )
    return any(kind in kinds for kinds in rows)


def attached_counts(session: Session, on: dt.date, organisation_id: str | None = None) -> dict[str, int]:
    """People attached to each organisation (or to `organisation_id` only) on `on`."""
    q = (
        select(Attachment.organisation_id, func.count())
        .where(attachment_in_force(on))
        .group_by(Attachment.organisation_id)
    )
    if organisation_id is not None:
        q = q.where(Attachment.organisation_id == organisation_id)
    return {str(row[0]): int(row[1]) for row in session.execute(q).all()}
