"""The method of MoHSD order No. 32 of 26 Jan 2015 for narcotic and psychotropic medicines (drug-rules,
methodology, clause 22), taken from a file because the seeds do not hold that order.

Clause 22 sends the need for medicines containing narcotic drugs and psychotropic substances to order
No. 32; kepil cannot apply a method it does not hold. Without a file such lines carry clause 20's product
labelled `order_32_not_computed` and stay out of every total. A user who holds order No. 32 states its
method in `narcotic_need_method.yaml` in the folder named by KEPIL_REFERENCE_DIR:

```yaml
source: "MoHSD order No. 32 of 26.01.2015, clause …"   # required: where the method is written
method: clause_20                                        # required: the one method kepil can apply
inn: [Morphine, Trimeperidine]                           # optional: the INNs it covers (default: all)
```

`method: clause_20` says that the order computes the need of the covered medicines as the product of
drug-rules 20 (daily dose × days a month × courses); those lines are then `order_32_method_file` and count
in the totals. Any other method is refused (kepil computes no formula it was not given), naming the file
and the field in kk/ru/en, as is a missing `source`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from kepil.claims.inputs import InputFileError, problem
from kepil.data import load_yaml
from kepil.i18n import Text
from kepil.reference.messages import EXPECTED_KEYS, unreadable
from kepil.validation import fill

FILE = "narcotic_need_method.yaml"
METHODS: tuple[str, ...] = ("clause_20",)

BAD_FIELD = Text(
    "«{field}» өрісі жоқ немесе дұрыс емес: {expected}",
    "поле «{field}» отсутствует или неверно: {expected}",
    "the field `{field}` is missing or wrong: {expected}",
)
EXPECTED_SOURCE = Text(
    "әдіс жазылған № 32 бұйрықтың мәтіні (1–1000 таңба)",
    "текст приказа № 32, в котором дан метод (1–1000 символов)",
    "the text of order No. 32 that gives the method (1–1000 characters)",
)
EXPECTED_INNS = Text(
    "бос емес ХПА (халықаралық патенттелмеген атаулар) тізімі",
    "непустой список МНН",
    "a non-empty list of INNs",
)


@dataclass(frozen=True, slots=True)
class Method:
    source: str
    method: str
    inns: tuple[str, ...] | None  # None: every narcotic/psychotropic line

    def covers(self) -> pl.Expr:
        """The narcotic/psychotropic lines this method computes."""
        narcotic = pl.col("narcotic_psychotropic")
        if self.inns is None:
            return narcotic
        names = [n.strip().lower() for n in self.inns]
        return narcotic & pl.col("inn").str.strip_chars().str.to_lowercase().is_in(names)


def load(path: Path) -> Method:
    """The method file validated; InputFileError naming the file and the field."""
    file = str(path)

    def bad(field: str, expected: Text | str) -> InputFileError:
        return InputFileError(problem(file, None, field, fill(BAD_FIELD, field=field, expected=expected)))

    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as e:
        raise InputFileError(problem(file, None, None, unreadable(e))) from None
    if not isinstance(data, dict):
        raise bad("source", EXPECTED_KEYS.format(keys="source, method"))
    source = data.get("source")
    if not isinstance(source, str) or not source.strip() or len(source) > 1000:
        raise bad("source", EXPECTED_SOURCE)
    method = data.get("method")
    if method not in METHODS:
        raise bad("method", ", ".join(METHODS))
    inns = data.get("inn")
    if inns is not None and (
        not isinstance(inns, list) or not inns or not all(isinstance(n, str) and n.strip() for n in inns)
    ):
        raise bad("inn", EXPECTED_INNS)
    unknown = set(data) - {"source", "method", "inn"}
    if unknown:
        raise bad(sorted(unknown)[0], "source, method, inn")
    return Method(source.strip(), str(method), tuple(inns) if inns is not None else None)


def reference_method(folder: Path | None = None) -> Method | None:
    """The method file of `folder` (default KEPIL_REFERENCE_DIR), or None when there is none."""
    if folder is None:
        env = os.environ.get("KEPIL_REFERENCE_DIR")
        if not env:
            return None
        folder = Path(env)
    path = folder / FILE
    return load(path) if path.is_file() else None
