"""KPI pages, split by who uses them: definitions (contract managers define, everyone
reads), returns (officers enter figures) and review (contract managers approve)."""
