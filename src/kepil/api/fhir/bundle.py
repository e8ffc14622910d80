"""`POST /fhir` with a `batch` or `transaction` Bundle (R4 http.html#transaction): reading its entries and
writing the `batch-response` / `transaction-response` Bundle. The entries' work is done by the route."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from kepil.api.fhir.common import FhirInvalid
from kepil.coverage.arrays import MAX_ITEMS
from kepil.i18n import Text
from kepil.limits import quoted

BUNDLE = "Bundle"
KINDS = {"batch": "batch-response", "transaction": "transaction-response"}
METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")


class TooManyEntries(FhirInvalid):
    """More entries than one call may carry (413, as the JSON batch's TooManyItems)."""


@dataclass
class Entry:
    """One entry as the route answers it: `create` (a POST of a CoverageEligibilityRequest, its body),
    `read` (a GET, its URL), or `refused` (status and the kepil error code, with a message)."""

    action: str
    body: Any = None
    url: str = ""
    status: int = 0
    code: str = ""
    field: str = ""
    message: Text | None = None


_NOT_SERVED = Text(
    "бұл сервер мұндай әрекетті орындамайды (GET немесе CoverageEligibilityRequest-ке POST)",
    "этот сервер не выполняет такое действие (только GET или POST CoverageEligibilityRequest)",
    "this server does not do this (only GET, or POST of a CoverageEligibilityRequest)",
)
_NO_SUCH_TYPE = Text(
    "бұл сервер мұндай ресурс түрін сақтамайды",
    "этот сервер не хранит ресурсы такого типа",
    "this server keeps no resources of this type",
)


def read_bundle(body: Any) -> tuple[str, list[Entry]]:
    """(the Bundle's type, its entries as the route will answer them); FhirInvalid names what is wrong."""
    if not isinstance(body, dict) or body.get("resourceType") != BUNDLE:
        got = body.get("resourceType") if isinstance(body, dict) else type(body).__name__
        raise FhirInvalid(
            "resourceType",
            Text(
                f"POST /fhir тек batch немесе transaction Bundle қабылдайды, берілгені: {got!r}",
                f"POST /fhir принимает только Bundle типа batch или transaction, получено: {got!r}",
                f"POST /fhir takes a batch or transaction Bundle, got {got!r}",
            ),
        )
    kind = body.get("type")
    if not isinstance(kind, str) or kind not in KINDS:  # a dict is no key (a 500 found by schemathesis)
        raise FhirInvalid(
            "Bundle.type",
            Text(
                f"{kind!r}: тек batch немесе transaction",
                f"{kind!r}: допускаются только batch или transaction",
                f"{kind!r}: only batch or transaction is processed",
            ),
        )
    entries = body.get("entry", [])
    if not isinstance(entries, list):
        raise FhirInvalid(
            "Bundle.entry", Text("тізім күтілді", "ожидается массив", "expected a list (a JSON array)")
        )
    if len(entries) > MAX_ITEMS:
        raise TooManyEntries(
            "Bundle.entry",
            Text(
                f"бір Bundle-да ең көбі {MAX_ITEMS} жазба; берілгені {len(entries)}",
                f"не более {MAX_ITEMS} записей в одном Bundle; получено {len(entries)}",
                f"at most {MAX_ITEMS} entries in one Bundle; got {len(entries)}",
            ),
        )
    return str(kind), [_entry(i, e) for i, e in enumerate(entries)]


def _refused(status: int, field: str, message: Text, code: str = "invalid_input") -> Entry:
    return Entry("refused", status=status, code=code, field=field, message=message)


def _entry(i: int, entry: Any) -> Entry:
    where = f"Bundle.entry[{i}]"
    request = entry.get("request") if isinstance(entry, dict) else None
    if not isinstance(request, dict):
        required = Text("міндетті элемент", "обязательный элемент", "is required")
        return _refused(422, f"{where}.request", required)
    method, url = request.get("method"), request.get("url")
    if method not in METHODS:
        allowed = ", ".join(METHODS)
        return _refused(
            422,
            f"{where}.request.method",
            Text(
                f"{quoted(method)}: HTTP әдісі мыналардың бірі болуы керек: {allowed}",
                f"{quoted(method)}: метод HTTP должен быть одним из: {allowed}",
                f"{quoted(method)}: the HTTP method must be one of {allowed}",
            ),
        )
    if not isinstance(url, str) or not url.strip():
        required = Text("міндетті элемент", "обязательный элемент", "is required")
        return _refused(422, f"{where}.request.url", required)
    target = url.strip().strip("/")
    if method == "GET":
        return Entry("read", url=target)
    kind = target.split("/", 1)[0].split("?", 1)[0]
    if method == "POST" and target == "CoverageEligibilityRequest":
        return Entry("create", body=entry.get("resource"))
    if kind in ("CoverageEligibilityRequest", "CoverageEligibilityResponse", "CodeSystem"):
        return _refused(405, f"{where}.request", _NOT_SERVED, "method_not_allowed")
    return _refused(404, f"{where}.request.url", _NO_SUCH_TYPE, "not_found")


def status_line(status: int) -> str:
    """R4 `Bundle.entry.response.status`: the status code, then its reason phrase."""
    return f"{status} {HTTPStatus(status).phrase}"


def response_bundle(kind: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    bundle: dict[str, Any] = {"resourceType": BUNDLE, "type": KINDS[kind]}
    return bundle | ({"entry": entries} if entries else {})  # R4 JSON has no empty arrays
