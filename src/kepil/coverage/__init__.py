"""The coverage decision (shared/contracts/coverage.md): for a person, a date and a service — covered or not,
from which package, what is missing, under which clauses."""
