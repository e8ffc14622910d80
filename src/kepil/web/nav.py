"""The pages' menu: path, the COMMON text key of its label, the roles that may open it (admin always)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from kepil.store.keys import Principal


@dataclass(frozen=True, slots=True)
class NavItem:
    path: str
    label: str
    roles: tuple[str, ...]  # empty: public, no sign-in needed


def clause_href(act: str, clause: str) -> str:
    """The page of a clause's Kazakh text (/law/{act}/clause/{clause}), the clause quoted for the path."""
    return f"/law/{act}/clause/{quote(clause, safe='')}"


ALL = ("registrar", "provider", "analyst")
NAV: tuple[NavItem, ...] = (
    NavItem("/coverage", "nav_coverage", ALL),
    NavItem("/persons", "nav_persons", ("registrar", "analyst")),
    NavItem("/monitoring", "nav_monitoring", ("provider", "analyst", "fund")),
    NavItem("/payments", "nav_payments", ("provider", "analyst", "fund")),
    NavItem("/caps", "nav_caps", ("analyst",)),
    NavItem("/access", "nav_access", ("analyst",)),
    NavItem("/medicines", "nav_medicines", ("analyst",)),
    NavItem("/law", "nav_law", ()),
)


def menu(who: Principal | None) -> list[NavItem]:
    if who is None:
        return [n for n in NAV if not n.roles]
    return [n for n in NAV if not n.roles or who.role == "admin" or who.role in n.roles]
