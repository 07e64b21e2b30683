"""Governance: what is done with findings (tenant policy and verdicts) and the evidence it leaves (audit log, evidence report)."""
