"""Amounts due for claims by the payment methods of `program-2026-2028` appendix 2 (clause 77), given a
tariff book (`tariffs.py`). Set-based: one Ibis expression over the claims, run on DuckDB.

A claim's method is the one its kind of care is paid by (app2 rows through
`payment_methods.by_care_kind`), chosen per claim from the claim's own columns (contract's columns plus the
optional carried columns below); `method` may also name it outright. Amounts are integer tiyn.

Optional carried claims columns (documented in docs/payment.md):
- `method`: one of `METHODS` (overrides the inference; must be a method of the claim's kind of care);
- `ccg`: clinical cost group code (book's `clinical_cost_groups`);
- `tariff_code`: code of a tariff in the book's bed-day, average-cost, admission-department, dialysis-session
  or oncology section;
- `block`: treatment block of children's oncology (book's `paediatric_oncology_blocks`);
- `bed_days`, `sessions`: whole numbers; without `bed_days`, bed-days are end_date - start_date, at least 1;
- `complex_tariff`: `tuberculosis`, `hiv` or `mental_health`: care paid within a complex tariff per patient.

Per-capita methods (ambulance ЖБН, PHC КЖН) are paid per person per month, not per case: their claims get
amount 0 and the month's payment is one row per organisation (claim_id null) = norm × attached people.
Complex tariffs likewise: one row per organisation, direction and month = tariff × distinct patients.

The package's modules:
- `methods`: the methods kepil computes (`METHODS`) and the kinds of care each pays for;
- `inputs`: reading a Parquet/CSV batch input, `BatchInputError`, `first_bad`, region spellings;
- `claims`: the claims columns and the checks of a claim;
- `oncology`: the ICD-10 ranges of app2 row 10 and a set-based range test;
- `arithmetic`: exact integer money arithmetic (app2.4 cost groups, app2.6 withholding);
- `book`: the tariff book as tables to join;
- `expr`: typed literals and a JSON object built in the engine;
- `per_claim`: `derive_method`, `price_claims`: the method, amount and cited item of each claim;
- `per_capita`: the population (registry or files, counted by day), per-capita and drivers' rows
  (app2.1-3, 2.6, 3.3, 9) and per-person rows (app2.11-13 item 1, 3.4, 11.4, 12.2, 13.2);
- `output`: the output columns and schema, the summary by method and region;
- `run`: `pay`, `pay_to_files`, `priced_run`.
"""

from kepil.law.program_2026_2028.payment.arithmetic import (
    WITHHOLD_PERCENT,
    WITHHOLD_SHARE_PERCENT,
    ccg_amount,
    idiv,
    short_block,
    withheld,
)
from kepil.law.program_2026_2028.payment.book import book_tables
from kepil.law.program_2026_2028.payment.claims import CLAIM_COLUMNS, claim_checks, read_claims
from kepil.law.program_2026_2028.payment.expr import json_object
from kepil.law.program_2026_2028.payment.inputs import (
    IBIS_TYPE,
    BatchInputError,
    Col,
    ColumnKind,
    first_bad,
    input_checks,
    normalise_region,
    read_input,
)
from kepil.law.program_2026_2028.payment.methods import (
    ACT,
    COMPLEX_CLAUSES,
    HOSPITAL_KINDS,
    METHODS,
    Basis,
    Method,
    anchor_kinds,
    complex_kinds,
)
from kepil.law.program_2026_2028.payment.oncology import HOMOGLYPHS, icd_key, in_ranges, oncology_ranges
from kepil.law.program_2026_2028.payment.output import (
    OUTPUT_COLUMNS,
    output_schema,
    summarise,
    summary_expr,
    summary_schema,
)
from kepil.law.program_2026_2028.payment.per_capita import (
    ATTACHED_COLUMNS,
    ATTACHMENT_COLUMNS,
    PER_CAPITA_BASES,
    PER_CAPITA_ITEMS,
    attached_from_store,
    attachments_from_store,
    per_capita_rows,
    per_patient_rows,
    read_population,
)
from kepil.law.program_2026_2028.payment.per_claim import derive_method, method_table, price_claims
from kepil.law.program_2026_2028.payment.run import batch_session, pay, pay_to_files, priced_run

__all__ = [
    "ACT",
    "ATTACHED_COLUMNS",
    "ATTACHMENT_COLUMNS",
    "CLAIM_COLUMNS",
    "COMPLEX_CLAUSES",
    "HOMOGLYPHS",
    "HOSPITAL_KINDS",
    "IBIS_TYPE",
    "METHODS",
    "OUTPUT_COLUMNS",
    "PER_CAPITA_BASES",
    "PER_CAPITA_ITEMS",
    "WITHHOLD_PERCENT",
    "WITHHOLD_SHARE_PERCENT",
    "Basis",
    "BatchInputError",
    "Col",
    "ColumnKind",
    "Method",
    "anchor_kinds",
    "attached_from_store",
    "attachments_from_store",
    "batch_session",
    "book_tables",
    "ccg_amount",
    "claim_checks",
    "complex_kinds",
    "derive_method",
    "first_bad",
    "icd_key",
    "idiv",
    "in_ranges",
    "input_checks",
    "json_object",
    "method_table",
    "normalise_region",
    "oncology_ranges",
    "output_schema",
    "pay",
    "pay_to_files",
    "per_capita_rows",
    "per_patient_rows",
    "price_claims",
    "priced_run",
    "read_claims",
    "read_input",
    "read_population",
    "short_block",
    "summarise",
    "summary_expr",
    "summary_schema",
    "withheld",
]
