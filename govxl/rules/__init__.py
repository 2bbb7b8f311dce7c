"""The rule catalogue (data) and its Python evaluator."""

from govxl.rules.catalogue import RULES, Rule, Scope, Severity, rule
from govxl.rules.engine import Check, checks, validate

__all__ = ["RULES", "Check", "Rule", "Scope", "Severity", "checks", "rule", "validate"]
