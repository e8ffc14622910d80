"""One decision request, and bodies answering each status of `POST /v1/coverage/decisions` (200, 422 for a
field, 409, 422 for a body that is not JSON or not an object): the fast paths' tests send them both ways."""

from __future__ import annotations

from typing import Any

import orjson

REQUEST: dict[str, Any] = {
    "id": "r-1",
    "date": "2026-05-10",
    "person": {"iin": "850412312347", "residency": "citizen", "insured": True, "attached": True},
    "service": {"kind": "inpatient", "form": "planned", "icd10": "K80.1", "referral": True},
}
BODIES = [
    orjson.dumps(REQUEST),
    orjson.dumps({**REQUEST, "person": {**REQUEST["person"], "iin": "850412312348"}}),  # 422: the IIN
    orjson.dumps({**REQUEST, "date": "2019-01-01"}),  # 409: no act in force
    orjson.dumps({**REQUEST, "service": {"kind": "ambulance", "form": "emergency"}}),
    b"{not json",
    b"[]",
]
