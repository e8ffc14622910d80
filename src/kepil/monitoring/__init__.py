"""The Fund's monitoring of purchase contracts (`monitoring-rules`): runs of the automated algorithms
(run), their stored defects (store) and the workflow of objections, hidden defects and refunds
(workflow), with deadlines from kepil.law.monitoring_rules.deadlines."""
