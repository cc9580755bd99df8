"""What every app shares and no domain owns: months, spreadsheet and CSV export with the
formula guard, form fields, GOV.UK tags, change history, formatting, status colours,
optimistic locking, the task queue hand-off and the generic list page. Imports no app of
the project."""
