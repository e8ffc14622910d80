"""The attached population per general-practitioner position (`program-2026-2028` 79.4; parameter
access_gp_panel_size): an access criterion of the Program, read against the attachment registry's counts.

79.4: "жалпы практика дәрігерінің бір лауазымына шаққанда тіркелген халықтың саны (ауылдың медицина
ұйымдарын қоспағанда) аралас халықтың 1700 - 2000 адамынан аспайды" — the attached population per GP
position (rural medical organisations excepted) does not exceed 1,700–2,000 people of mixed population.

reading: the clause gives a ceiling as a band and does not say what places an organisation at 1,700 or at
2,000. So:
- "over": more than 2,000 per position — above the ceiling on every reading; the criterion is not met;
- "within": 1,700 to 2,000 (both included) — inside the band the clause gives; met on its upper bound;
- "under": fewer than 1,700 — met on every reading (the clause sets no floor; "under" says there is room);
- "not_applicable": a rural medical organisation, which 79.4 excepts (the ratio is still computed);
- "unknown": the number of GP positions is not known, or there are neither positions nor attached people.
An organisation with attached people and no GP position at all is "over" (per_gp None: no finite ratio).
`meets` is True for within and under, False for over, None otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kepil.errors import InvalidInput
from kepil.i18n import Text
from kepil.law import parameters
from kepil.law.citation import Citation

STATUSES: tuple[str, ...] = ("within", "over", "under", "not_applicable", "unknown")
CLAUSE = Citation("program-2026-2028", "79.4")

_NEGATIVE = Text(
    "теріс емес бүтін сан күтілді, берілгені: {value}",
    "ожидалось неотрицательное целое число, получено: {value}",
    "expected a non-negative whole number, got {value}",
)


@dataclass(frozen=True, slots=True)
class PanelReport:
    organisation_id: str
    attached: int
    gp_positions: int | None
    per_gp: float | None  # attached people per GP position
    rural: bool
    min: int  # the band of 79.4 on the date
    max: int
    status: str  # STATUSES
    meets: bool | None = None  # the criterion is met (within, under), not met (over), or not judged
    basis: tuple[Citation, ...] = (CLAUSE,)


def _count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(field, _NEGATIVE.format(value=repr(value)))
    return value


def panel_report(
    organisation_id: str, attached: int, gp_positions: int | None, rural: bool, on: dt.date
) -> PanelReport:
    """79.4 for one organisation on `on`; LawNotInForce outside the Program's term."""
    band = parameters.value("access_gp_panel_size", on)
    low, high = int(band["min"]), int(band["max"])
    attached = _count(attached, "attached")
    if gp_positions is not None:
        gp_positions = _count(gp_positions, "gp_positions")
    per_gp = attached / gp_positions if gp_positions else None

    status: str
    if rural:
        status = "not_applicable"
    elif gp_positions is None or (gp_positions == 0 and attached == 0):
        status = "unknown"
    elif per_gp is None or per_gp > high:
        status = "over"
    elif per_gp < low:
        status = "under"
    else:
        status = "within"
    meets = {"within": True, "under": True, "over": False}.get(status)
    return PanelReport(organisation_id, attached, gp_positions, per_gp, rural, low, high, status, meets)
