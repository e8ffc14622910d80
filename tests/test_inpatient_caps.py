"""Inpatient volume caps, `program-2026-2028` appendix 1 (bound by paragraph 73).

Expected figures below were copied by hand from the seed 003_818f68c881cbfe56.txt (line numbers given).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.data import data_path
from kepil.errors import InvalidInput
from kepil.law.citation import Citation
from kepil.law.program_2026_2028.inpatient_caps import (
    FIGURES,
    cap,
    caps,
    caps_frame,
    profile,
    profiles,
)
from kepil.reference.regions import regions

REPO = Path(__file__).resolve().parent.parent
DATA = data_path("program_2026_2028")
FILES = ("inpatient_caps.csv", "bed_profiles.csv", "inpatient_caps_notes.md")
runner = CliRunner()

S = None  # `*`: no bed fund for the profile (footnote of app1)

# app1, the "Барлық бейіндер бойынша" row of each region (seed lines 957 … 4071).
ALL_PROFILES_ROWS: dict[str, tuple[int, ...]] = {
    "abai": (85472, 18552, 66920, 22810, 5000, 17810),
    "akmola": (91235, 20088, 71147, 30434, 7959, 22475),
    "aktobe": (90055, 23053, 67002, 22351, 4604, 17748),
    "almaty_region": (102122, 28414, 73708, 66439, 15958, 50481),
    "atyrau": (52663, 11266, 41397, 9834, 1920, 7913),
    "west_kazakhstan": (58038, 12513, 45525, 11750, 2031, 9719),
    "jambyl": (108130, 30903, 77227, 38810, 10914, 27896),
    "jetisu": (77630, 19672, 57958, 37043, 10294, 26749),
    "karaganda": (162836, 33065, 129771, 10039, 1366, 8673),
    "kostanay": (85253, 16798, 68455, 22372, 3579, 18793),
    "kyzylorda": (97033, 29761, 67272, 36416, 10394, 26022),
    "mangystau": (62132, 16135, 45997, 8039, 2147, 5891),
    "pavlodar": (89342, 17885, 71457, 8654, 1875, 6780),
    "north_kazakhstan": (73674, 14006, 59668, 24371, 4038, 20333),
    "turkistan": (233849, 73047, 160803, 120724, 34660, 86064),
    "ulytau": (23483, 5280, 18203, 2474, 596, 1878),
    "east_kazakhstan": (80315, 19729, 60586, 21474, 4050, 17424),
    "almaty": (235680, 54467, 181212),
    "astana": (193775, 54233, 139542),
    "shymkent": (88628, 25915, 62713),
}

# (region, profile, figures as published): a sample across the table's difficulties.
SAMPLE: list[tuple[str, str, tuple[int | None, ...]]] = [
    ("abai", "allergology", (S,) * 6),  # l. 962, "Аллерголог / ия", `*`
    ("abai", "gastroenterology", (1801, 0, 1801, 0, 0, 0)),  # l. 967, zeros are not `*`
    ("abai", "stroke", (1966, 0, 1966, 499, 0, 499)),  # l. 984, name and figures on one line
    ("abai", "burns", (126, 126, 0, 0, 0, 0)),  # l. 1019, "Күйік ( / камбустиол / огия)"
    ("abai", "neonatal_pathology", (2398, 2398, 0, 120, 120, 0)),  # l. 1046, seven-line name
    ("abai", "transplantology", (S,) * 6),  # l. 1119
    ("akmola", "traumatology", (4705, 1174, 3531, 1438, 189, 1249)),  # l. 1262, rural split
    ("turkistan", "transplantology", (14, 0, 14, 0, 0, 0)),  # l. 3524
    ("kyzylorda", "purulent_surgery", (S,) * 6),  # l. 2703, name printed "Ір інді хирургия"
    ("west_kazakhstan", "maxillofacial_surgery", (855, 259, 597, 0, 0, 0)),  # l. 1960+1968, page break
    ("kostanay", "neonatal_pathology", (3050, 3050, 0, 38, 38, 0)),  # l. 2591: "… 38 0" … "38"
    ("pavlodar", "thoracic_surgery", (0, 0, 0, 0, 0, 0)),  # l. 3148: only "0 0 0 0" printed
    ("almaty", "allergology", (3063, 1970, 1093, S, S, S)),  # l. 3893, city: no rural columns
    ("almaty", "neonatal_pathology", (12437, 12437, 0, S, S, S)),  # l. 3929, name cut by the figures
    ("almaty", "neonatal_surgery", (S,) * 6),  # l. 3962, city `*`
    ("astana", "hematology", (4482, 862, 3620, S, S, S)),  # l. 3986, "3620" ungrouped
    ("shymkent", "transplantology", (59, 0, 59, S, S, S)),  # l. 4155
]


def _figures(region: str, prof: str) -> tuple[int | None, ...]:
    c = cap(region, prof)
    return tuple(getattr(c, f) for f in FIGURES)


# --- extraction ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extractor(seeds_dir: Path) -> ModuleType:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import extract_inpatient_caps
    finally:
        sys.path.pop(0)
    return extract_inpatient_caps


def test_app1_extraction_reproduces_the_committed_files(extractor: ModuleType, tmp_path: Path) -> None:
    assert extractor.main(["--out", str(tmp_path)]) == 0
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), (
            f"{name} is stale: re-run the script"
        )


def test_app1_extraction_check_flags_a_changed_file(extractor: ModuleType, tmp_path: Path) -> None:
    assert extractor.main(["--out", str(tmp_path)]) == 0
    assert extractor.main(["--out", str(tmp_path), "--check"]) == 0
    target = tmp_path / "inpatient_caps.csv"
    target.write_text(target.read_text(encoding="utf-8").replace("85472", "85473"), encoding="utf-8")
    assert extractor.main(["--out", str(tmp_path), "--check"]) == 1


def test_app1_digit_groups_are_read_as_numbers(extractor: ModuleType) -> None:
    tokens = ["85", "472", "18", "552", "66", "920", "22", "810", "5", "000", "17", "810"]
    readings = list(extractor.groupings(tokens, 6))
    assert (85472, 18552, 66920, 22810, 5000, 17810) in readings
    assert min(readings, key=extractor.row_error) == (85472, 18552, 66920, 22810, 5000, 17810)
    assert list(extractor.groupings(["*", "*", "*"], 3)) == [(None, None, None)]
    assert extractor.join_fragments(["Аллерголог", "ия"]) == "Аллергология"
    assert extractor.join_fragments(["Жаңа туған ", "т у ғ а н  ", "хирургия"]) == "Жаңа туған туған хирургия"


# --- the table against the seed -----------------------------------------------------------------


@pytest.mark.parametrize("region", list(ALL_PROFILES_ROWS))
def test_app1_all_profiles_row_matches_the_seed(region: str) -> None:
    expected = ALL_PROFILES_ROWS[region]
    assert _figures(region, "all")[: len(expected)] == expected
    if len(expected) == 3:  # cities: no rural columns
        assert _figures(region, "all")[3:] == (None, None, None)


@pytest.mark.parametrize(("region", "prof", "expected"), SAMPLE, ids=[f"{r}-{p}" for r, p, _ in SAMPLE])
def test_app1_sample_cell_matches_the_seed(region: str, prof: str, expected: tuple[int | None, ...]) -> None:
    assert _figures(region, prof) == expected
    assert cap(region, prof).no_bed_fund == (expected[0] is None)


def test_app1_every_region_has_every_profile() -> None:
    assert len(profiles()) == 36
    assert len(caps()) == 20 * 36
    for r in regions():
        assert [c.profile.code for c in caps(r.code)] == [p.code for p in profiles()]
        if r.is_city:
            assert all(c.rural_total is None for c in caps(r.code))


def test_app1_star_is_kept_apart_from_zero() -> None:
    """Footnote of app1: `*` = no bed fund for the profile, not zero cases."""
    stars = [c for c in caps() if c.no_bed_fund]
    assert stars and all(getattr(c, f) is None for c in stars for f in FIGURES)
    zeros = [c for c in caps() if c.total == 0]
    assert zeros and not any(c.no_bed_fund for c in zeros)


def _noted() -> set[tuple[str, str, str]]:
    """(region, profile, invariant) of every place listed in the data notes."""
    kinds = {
        "total = children + adults": "total",
        "rural total = rural children + rural adults": "rural",
    }
    noted = set()
    for line in (DATA / "inpatient_caps_notes.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) >= 4 and cells[2] in kinds:
            noted.add((cells[0], cells[1], kinds[cells[2]]))
        elif len(cells) >= 4 and (m := re.fullmatch(r"sum of the profiles \((\w+)\)", cells[2])):
            noted.add((cells[0], cells[1], f"sum:{m[1]}"))
    return noted


def test_app1_invariants_hold_except_where_the_notes_say() -> None:
    """total = children + adults, rural likewise, profiles add up to "all profiles", except as noted."""
    found = set()
    for c in caps():
        if c.total is not None and c.total != (c.children or 0) + (c.adults or 0):
            found.add((c.region.code, c.profile.code, "total"))
        if c.rural_total is not None and c.rural_total != (c.rural_children or 0) + (c.rural_adults or 0):
            found.add((c.region.code, c.profile.code, "rural"))
    for r in regions():
        rows = caps(r.code)
        for f in FIGURES[: 3 if r.is_city else 6]:
            if getattr(rows[0], f) != sum(getattr(c, f) or 0 for c in rows[1:]):
                found.add((r.code, "all", f"sum:{f}"))
    assert found == _noted()
    assert 100 < len(found) < 200  # "dozens of ±1 rounding differences"


def test_app1_published_differences_are_small() -> None:
    for c in caps():
        if c.total is not None:
            assert abs(c.total - (c.children or 0) - (c.adults or 0)) <= 1


# --- lookups ------------------------------------------------------------------------------------


def test_app1_lookup_by_kazakh_names_as_in_the_seed() -> None:
    assert cap("Абай облысы", "Трансплантология") == cap("abai", "transplantology")
    assert cap("Алматы қаласы", "Барлық бейіндер бойынша").total == 235680
    assert (
        profile("Жаңа туған нәрестелер мен шала туған нәрестелер патологиясысы").code == "neonatal_pathology"
    )
    assert profile("Жақ-бет хирургиясы (стоматология)").code == "maxillofacial_surgery"
    assert profile("Пульмонолия").code == "pulmonology"  # spelled so in the seed


def test_app1_unknown_profile_names_the_value_and_the_codes() -> None:
    with pytest.raises(InvalidInput, match=r"'Кардиология'.*transplantology"):
        cap("abai", "Кардиология")
    with pytest.raises(InvalidInput, match="Атлантида"):
        cap("Атлантида", "all")


def test_app1_caps_cite_the_appendix_and_clause_73() -> None:
    assert cap("abai", "stroke").citations == (
        Citation("program-2026-2028", "app1"),
        Citation("program-2026-2028", "73"),
    )


def test_app1_frame_joins_on_region_and_profile() -> None:
    df = caps_frame()
    assert df.height == 720
    assert df.select(["region", "profile"]).is_unique().all()
    row = df.filter((df["region"] == "almaty") & (df["profile"] == "allergology")).row(0, named=True)
    assert (row["total"], row["rural_total"], row["clause"]) == (3063, None, "app1")


# --- CLI ----------------------------------------------------------------------------------------

KEYS = {"region", "profile", "total", "children", "adults", "rural_total", "rural_children", "rural_adults"}


def _json(*args: str) -> object:
    result = runner.invoke(app, ["caps", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_app1_cli_json_shape_and_null_for_star() -> None:
    out = _json("--region", "Абай облысы", "--profile", "Трансплантология")
    assert isinstance(out, dict) and out.keys() >= KEYS
    assert {k: out[k] for k in KEYS} == {"region": "abai", "profile": "transplantology"} | {
        f: None for f in FIGURES
    }
    assert out["status"] == "no_bed_fund"


def test_app1_cli_json_city_has_null_rural_columns() -> None:
    out = _json("--region", "shymkent", "--profile", "transplantology")
    assert isinstance(out, dict)
    assert [out[f] for f in FIGURES] == [59, 0, 59, None, None, None]


def test_app1_cli_lists_profiles_of_a_region_and_all_regions() -> None:
    region_rows = _json("--region", "akmola")
    assert isinstance(region_rows, list) and len(region_rows) == 36
    summary = _json()
    assert isinstance(summary, list) and [r["region"] for r in summary] == list(ALL_PROFILES_ROWS)
    assert {r["profile"] for r in summary} == {"all"}


def test_app1_cli_table_shows_star_and_footnote() -> None:
    result = runner.invoke(app, ["caps", "--region", "abai", "--lang", "kk"])
    assert result.exit_code == 0
    assert "*" in result.stdout and "төсек-орын қоры жоқ" in result.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--region", "nowhere"], "nowhere"),
        (["--region", "abai", "--profile", "cardiologia"], "cardiologia"),
        (["--profile", "xx"], "xx"),
    ],
)
def test_app1_cli_unknown_value_exits_2(args: list[str], named: str) -> None:
    result = runner.invoke(app, ["caps", *args])
    assert result.exit_code == 2
    assert named in result.output and "Traceback" not in result.output


def test_app1_caps_hold_for_the_programs_three_years_and_filter_by_region_and_profile() -> None:
    """app1 belongs to the Program "2026 – 2028 жылдарға арналған" (seed 003, title): each cap is valid from
    1 January 2026 to 31 December 2028, both days included; asking for one region and one profile gives
    that one row."""
    shown = cap("abai", "burns").as_dict()
    assert (shown["valid_from"], shown["valid_to"]) == ("2026-01-01", "2028-12-31")
    assert [(c.region.code, c.profile.code) for c in caps("abai", "burns")] == [("abai", "burns")]
