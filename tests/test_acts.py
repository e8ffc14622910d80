"""The acts registry: numbers, registrations and dates in force as the seeds give them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kepil.cli.main import app
from kepil.errors import InvalidInput
from kepil.law import acts as acts_module
from kepil.law.acts import act, acts, acts_in_force, in_force, not_in_force_reason, text_in_force
from kepil.law.citation import ACT_IDS

runner = CliRunner()
D = dt.date


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_seven_acts_one_per_glossary_id() -> None:
    assert sorted(a.id for a in acts()) == sorted(ACT_IDS)


@pytest.mark.parametrize(
    ("act_id", "number", "signed", "registration"),
    [
        ("program-2026-2028", "840", D(2025, 10, 9), None),
        ("monitoring-rules", "ҚР ДСМ-321/2020", D(2020, 12, 24), "21904"),
        ("migrant-care-rules", "665", D(2011, 9, 30), "7292"),
        ("phc-attachment-rules", "ҚР ДСМ-194/2020", D(2020, 11, 13), "21642"),
        ("phc-rules", "ҚР ДСМ-90", D(2021, 8, 24), "24094"),
        ("drug-rules", "ҚР ДСМ-89", D(2021, 8, 20), "24069"),
        ("mvd-paid-services", "931", D(2019, 10, 28), "19519"),
    ],
)
def test_number_signing_and_registration_as_in_the_seed(
    act_id: str, number: str, signed: D, registration: str | None
) -> None:
    a = act(act_id)
    assert (a.number, a.signed) == (number, signed)
    assert (a.registration.number if a.registration else None) == registration


@pytest.mark.parametrize(
    ("act_id", "number", "signed", "reg_number", "reg_date", "effective"),
    [
        # order No. 19 of 27 Feb 2026, registered 3 Mar 2026 No. 38088 (seed 002, header and item 4)
        ("monitoring-rules", "19", D(2026, 2, 27), "38088", D(2026, 3, 3), D(2026, 3, 15)),
        # order No. 141 of 31 Jul 2023, registered 1 Aug 2023 No. 33207 (seed 001, items 1-3 of its list)
        ("migrant-care-rules", "141", D(2023, 7, 31), "33207", D(2023, 8, 1), D(2023, 8, 13)),
        ("phc-attachment-rules", "141", D(2023, 7, 31), "33207", D(2023, 8, 1), D(2023, 8, 13)),
        ("phc-rules", "141", D(2023, 7, 31), "33207", D(2023, 8, 1), D(2023, 8, 13)),
        # order No. 19 of 12 Mar 2025, registered 14 Mar 2025 No. 35821 (seed 004)
        ("drug-rules", "19", D(2025, 3, 12), "35821", D(2025, 3, 14), D(2025, 3, 26)),
        # order No. 191 of 28 Feb 2023, registered 7 Mar 2023 No. 32023 (seed 000)
        ("mvd-paid-services", "191", D(2023, 2, 28), "32023", D(2023, 3, 7), D(2023, 3, 19)),
    ],
)
def test_amendment_dates_and_assumed_entry_into_force(
    act_id: str, number: str, signed: D, reg_number: str, reg_date: D, effective: D
) -> None:
    """Item 4 of each amending order: in force ten calendar days after first publication; publication is
    assumed the day after registration, so the text applies from registration + 12 days."""
    (amendment,) = act(act_id).amended_by
    assert (amendment.number, amendment.signed) == (number, signed)
    assert amendment.registration is not None
    assert (amendment.registration.number, amendment.registration.date) == (reg_number, reg_date)
    eif = amendment.entry_into_force
    assert eif.rule == "ten_days_after_publication"
    assert eif.assumption is True and eif.note is not None
    assert eif.published == reg_date + dt.timedelta(days=1)
    assert amendment.effective == effective == act(act_id).text_from


def test_order_141_items_map_to_the_three_acts() -> None:
    """Seed 001: item 1 amends order No. 665, item 2 ҚР ДСМ-194/2020, item 3 ҚР ДСМ-90."""
    items = {
        i: act(i).amended_by[0].items for i in ("migrant-care-rules", "phc-attachment-rules", "phc-rules")
    }
    assert items == {"migrant-care-rules": "1", "phc-attachment-rules": "2", "phc-rules": "3"}


def test_program_covers_2026_to_2028() -> None:
    """program-2026-2028: the period of its title, 2026-01-01 .. 2028-12-31, not an assumption."""
    a = act("program-2026-2028")
    assert (a.start, a.end) == (D(2026, 1, 1), D(2028, 12, 31))
    assert not a.assumptions()
    assert in_force("program-2026-2028", D(2026, 1, 1))
    assert in_force("program-2026-2028", D(2028, 12, 31))
    assert not in_force("program-2026-2028", D(2025, 12, 31))
    assert not in_force("program-2026-2028", D(2029, 1, 1))


def test_program_reasons_name_the_dates() -> None:
    before = not_in_force_reason("program-2026-2028", D(2025, 12, 31))
    after = not_in_force_reason("program-2026-2028", D(2029, 1, 1))
    assert before is not None and "1 January 2026" in before.en and "01.01.2026" in before.kk
    assert after is not None and "31 December 2028" in after.en and "31.12.2028" in after.ru
    assert not_in_force_reason("program-2026-2028", D(2027, 6, 1)) is None


def test_mvd_paid_services_repealed_by_order_393() -> None:
    """Seed 000 header: "Күші жойылды - ҚР Ішкі істер министрінің 29.05.2025 (№ 393 ... он күн өткен соң
    қолданысқа енгізіледі) бұйрығымен"; publication assumed 2025-05-30, so not in force from 2025-06-10."""
    a = act("mvd-paid-services")
    assert a.repealed_by is not None
    assert (a.repealed_by.number, a.repealed_by.signed) == ("393", D(2025, 5, 29))
    assert a.repealed_by.entry_into_force.assumption
    assert a.end == D(2025, 6, 9)
    assert in_force("mvd-paid-services", D(2024, 6, 1))
    assert in_force("mvd-paid-services", D(2025, 6, 9))
    assert not in_force("mvd-paid-services", D(2025, 6, 10))
    assert not in_force("mvd-paid-services", D(2026, 1, 1))
    reason = not_in_force_reason("mvd-paid-services", D(2026, 1, 1))
    assert reason is not None
    assert "No. 393 of 29 May 2025" in reason.en and "assumed" in reason.en
    assert "№ 393" in reason.kk and "№ 393" in reason.ru


def test_base_acts_in_force_for_years_but_text_only_from_the_amendment() -> None:
    """monitoring-rules: ҚР ДСМ-321/2020 is law since 2020; kepil's text (as amended by order No. 19 of
    27 Feb 2026) applies from 2026-03-15 (assumed)."""
    assert in_force("monitoring-rules", D(2025, 1, 1))
    assert not text_in_force("monitoring-rules", D(2026, 3, 14))
    assert text_in_force("monitoring-rules", D(2026, 3, 15))
    assert act("monitoring-rules").start_is_assumed()  # the base act's entry into force is not in the seed
    assert not in_force("monitoring-rules", D(2020, 12, 23))


def test_acts_in_force_on_a_day() -> None:
    assert [a.id for a in acts_in_force(D(2024, 6, 1))] == [
        "monitoring-rules",
        "migrant-care-rules",
        "phc-attachment-rules",
        "phc-rules",
        "drug-rules",
        "mvd-paid-services",
    ]
    on_2026 = {a.id for a in acts_in_force(D(2026, 6, 1))}
    assert "program-2026-2028" in on_2026 and "mvd-paid-services" not in on_2026


def test_unknown_act_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="no-such-act"):
        act("no-such-act")


def test_registry_quotes_are_in_the_seeds(seeds_dir: Path) -> None:
    """Every signing, registration and entry-into-force quote is the seed's own words."""
    for a in acts():
        text = _norm((seeds_dir / a.seed).read_text(encoding="utf-8"))
        quotes = [a.signed_quote_kk, *([a.registration.quote_kk] if a.registration else [])]
        for o in (*a.amended_by, *([a.repealed_by] if a.repealed_by else [])):
            quotes += [q for q in (o.quote_kk, o.entry_into_force.quote_kk) if q]
            if o.registration:
                quotes.append(o.registration.quote_kk)
        for q in quotes:
            assert _norm(q) in text, (a.id, q)


def test_override_the_publication_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real publication day in a copy of acts.yaml moves the repeal (published + 11 days)."""
    source = acts_module.acts_file().read_text(encoding="utf-8")
    changed = source.replace("published: 2025-05-30", "published: 2025-06-20")
    assert changed != source
    override = tmp_path / "acts.yaml"
    override.write_text(changed, encoding="utf-8")
    monkeypatch.setenv("KEPIL_ACTS_YAML", str(override))
    assert in_force("mvd-paid-services", D(2025, 6, 30))
    assert not in_force("mvd-paid-services", D(2025, 7, 1))


def test_malformed_registry_names_the_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = acts_module.acts_file().read_text(encoding="utf-8")
    bad = tmp_path / "acts.yaml"
    bad.write_text(source.replace("signed: 2025-10-09", "signed: someday"), encoding="utf-8")
    monkeypatch.setenv("KEPIL_ACTS_YAML", str(bad))
    with pytest.raises(InvalidInput, match=r"acts\.yaml:acts\[program-2026-2028\]\.signed"):
        acts()


# --- the command ------------------------------------------------------------------------------------


def _acts_json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["acts", *args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_cli_json_lists_the_acts_in_force() -> None:
    data = _acts_json("--date", "2025-12-31")
    rows = data["acts"]
    assert isinstance(rows, list)
    assert data["date"] == "2025-12-31"
    ids = [r["id"] for r in rows]
    assert "program-2026-2028" not in ids and "mvd-paid-services" not in ids and "drug-rules" in ids
    drug = next(r for r in rows if r["id"] == "drug-rules")
    assert drug["in_force_from_assumed"] is True and drug["text_from"] == "2025-03-26"
    assert drug["text_from_assumed"] is True and drug["in_force_until"] is None


def test_cli_json_program_interval_and_title_language() -> None:
    rows = _acts_json("--date", "2026-01-01", "--lang", "ru")["acts"]
    assert isinstance(rows, list)
    program = next(r for r in rows if r["id"] == "program-2026-2028")
    assert (program["in_force_from"], program["in_force_until"]) == ("2026-01-01", "2028-12-31")
    assert program["title"].startswith("Программа")
    assert program["in_force_from_assumed"] is False


def test_cli_all_shows_the_repeal_with_its_reason() -> None:
    rows = _acts_json("--date", "2026-01-01", "--all")["acts"]
    assert isinstance(rows, list) and len(rows) == 7
    mvd = next(r for r in rows if r["id"] == "mvd-paid-services")
    assert mvd["in_force"] is False and "393" in mvd["reason"]
    assert mvd["in_force_until"] == "2025-06-09" and mvd["in_force_until_assumed"] is True


def test_cli_table_marks_assumed_dates() -> None:
    result = runner.invoke(app, ["acts", "--date", "2024-06-01", "--all"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "2023-08-13*" in result.stdout and "assumed" in result.stdout


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "01.01.2026"])
def test_cli_bad_date_exits_2_naming_the_value(bad: str) -> None:
    result = runner.invoke(app, ["acts", "--date", bad])
    assert result.exit_code == 2
    assert bad in result.output and "--date" in result.output
    assert "Traceback" not in result.output


def test_cli_bad_language_exits_2() -> None:
    result = runner.invoke(app, ["acts", "--lang", "de"])
    assert result.exit_code == 2 and "'de'" in result.output
