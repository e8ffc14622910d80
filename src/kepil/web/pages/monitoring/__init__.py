"""The monitoring pages (issue 7) over what the runs stored (`monitoring-rules` 10, app1, 13, 26, 53, 53-1):

- `/monitoring?period&region&provider&on` — KPI cards, defects by code (ranked bars), over time (stacked
  columns), by region or by provider, objections (26) and hidden defects (53, 53-1) with overdue flags;
- `/monitoring/defects?period&region&provider&code&page` — one code's defects, 50 a page;
- `/monitoring/claims/{claim_id}` — a claim's defects with the inputs that decided (`details`);
- `/monitoring/defect/{id}` — one defect (contract-level defects, 10, have no claim), with its workflow:
  the steps still to do, the history, and the forms of the viewer's role (`workflow`, 26, 53, 53-1);
- `/monitoring/inbox` — the viewer's work queue (`workflow`);
- `/monitoring/worklist` — the review worklist and the experts' findings (`worklist`, 13, app1).

Analysts and admins see any scope; a provider only its own provider_id (forced; another provider's is
403); registrars are refused (403). Aggregates come from `monitoring_summary` (kepil.monitoring.dashboard).

Modules: `texts` (the words, code and region names), `filters` (the query's filters), `columns` (a
defect row's columns), `dashboard` (the page), `drilldown` (a code's defects, a claim, a defect).
"""

from __future__ import annotations

from fastapi import APIRouter

from kepil.web.pages.monitoring import dashboard, drilldown, workflow, worklist

router = APIRouter(include_in_schema=False)
router.include_router(dashboard.router)
router.include_router(workflow.router)  # before drilldown: /monitoring/inbox, POST …/defect/{id}/{step}
router.include_router(worklist.router)
router.include_router(drilldown.router)
