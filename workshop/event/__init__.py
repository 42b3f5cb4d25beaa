"""Events: parallel workshops (the groups) of one meeting and its plenary — the API (`api`), what
is read for it (`reads`), the report (`report`) and the pages (`pages`)."""
