"""Regions of `program-2026-2028` app1: 17 oblasts and 3 cities."""

import pytest

from kepil.errors import InvalidInput
from kepil.reference.regions import region, regions


def test_twenty_regions_seventeen_oblasts() -> None:
    assert len(regions()) == 20
    assert sum(not r.is_city for r in regions()) == 17


def test_lookup_by_code_iso_and_seed_name() -> None:
    assert region("abai").name.kk == "Абай облысы"
    assert region("KZ-79").code == "shymkent"
    assert region("Солтүстік Қазақстан облысы").code == "north_kazakhstan"


def test_unknown_region_names_the_value() -> None:
    with pytest.raises(InvalidInput, match="Атлантида"):
        region("Атлантида")


def test_the_set_based_readers_table_accepts_what_region_accepts() -> None:
    """`region_codes` (claims, payment, access and medicines files) maps every spelling `region` takes."""
    from kepil.reference.regions import region_codes

    codes = region_codes()
    assert codes["abai"] == codes["абай облысы"] == "abai" and codes["kz-79"] == "shymkent"
    for r in regions():
        for spelling in (r.code, r.iso_3166_2, r.name.kk):
            assert codes[spelling.casefold()] == region(spelling).code == r.code
