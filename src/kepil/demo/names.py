"""Names and administrative-territorial units (ATU, `phc-attachment-rules` 2.1) for the demonstration's
providers: a region's centre, its city districts and one rural district, in the style of the
Kazakhstan registry of health organisations (names in Kazakh, as the registry writes them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    city: str  # the region's centre, in Kazakh
    districts: tuple[str, ...]  # the city's districts' ATU slugs (cities of republican significance)
    rural: str | None  # a rural district, in Kazakh (None for the three cities)


PLACES: dict[str, Place] = {
    "abai": Place("Семей", (), "Абай ауданы"),
    "akmola": Place("Көкшетау", (), "Бурабай ауданы"),
    "aktobe": Place("Ақтөбе", (), "Мұғалжар ауданы"),
    "almaty_region": Place("Қонаев", (), "Еңбекшіқазақ ауданы"),
    "atyrau": Place("Атырау", (), "Махамбет ауданы"),
    "west_kazakhstan": Place("Орал", (), "Бөрлі ауданы"),
    "jambyl": Place("Тараз", (), "Байзақ ауданы"),
    "jetisu": Place("Талдықорған", (), "Қаратал ауданы"),
    "karaganda": Place("Қарағанды", (), "Бұқар жырау ауданы"),
    "kostanay": Place("Қостанай", (), "Қарасу ауданы"),
    "kyzylorda": Place("Қызылорда", (), "Сырдария ауданы"),
    "mangystau": Place("Ақтау", (), "Маңғыстау ауданы"),
    "pavlodar": Place("Павлодар", (), "Ертіс ауданы"),
    "north_kazakhstan": Place("Петропавл", (), "Қызылжар ауданы"),
    "turkistan": Place("Түркістан", (), "Сайрам ауданы"),
    "ulytau": Place("Жезқазған", (), "Ұлытау ауданы"),
    "east_kazakhstan": Place("Өскемен", (), "Глубокое ауданы"),
    "almaty": Place("Алматы", ("almaly", "bostandyk", "auezov", "medeu"), None),
    "astana": Place("Астана", ("esil", "almaty", "saryarka", "baikonur"), None),
    "shymkent": Place("Шымкент", ("al-farabi", "abay", "enbekshi", "karatau"), None),
}
NATIONAL = (
    "«Ұлттық ғылыми медицина орталығы» АҚ",
    "«Педиатрия және балалар хирургиясы ғылыми орталығы» АҚ",
)


@dataclass(frozen=True, slots=True)
class Site:
    name: str
    atu: str
    rural: bool


def site(kind: str, region_code: str, k: int) -> Site:
    """The name and ATU of the k-th (from 0) provider of `kind` (synth_catalog.PROVIDER_TYPES) in a region.
    The second of every three polyclinics of an oblast is rural (in its rural district); a city's
    polyclinics take its districts in turn."""
    place = PLACES[region_code]
    city_atu = f"{region_code}-centre"
    if kind == "polyclinic":
        if place.rural is not None and k % 3 == 1:
            return Site(f"{place.rural} аудандық емханасы", f"{region_code}-district", True)
        atu = f"{region_code}-{place.districts[k % len(place.districts)]}" if place.districts else city_atu
        return Site(f"{place.city} қаласының №{k + 1} қалалық емханасы", atu, False)
    if kind == "hospital":
        label = "көпбейінді облыстық ауруханасы" if place.rural else f"№{k + 1} қалалық ауруханасы"
        return Site(
            f"{place.city} {label}" if k == 0 else f"{place.city} №{k + 1} ауруханасы", city_atu, False
        )
    if kind == "ambulance_station":
        return Site(f"{place.city} жедел медициналық жәрдем станциясы", city_atu, False)
    if kind == "palliative_centre":
        return Site(f"{place.city} хосписі", city_atu, False)
    return Site(NATIONAL[k % len(NATIONAL)], city_atu, False)
