"""Casequality's data layer: the hot reads, the record versions and the page cache
(decision 0035). Only Django's public API; plain SQL only beside an ORM twin a test proves
equal on SQLite and PostgreSQL.

- `data.reads`: the small reads of one case's re-evaluation and of a caseload page, each
  `read(values)` in plain SQL beside `read_orm(values)`, its queryset. Imports no app:
  every app may use it.
- `data.record_versions`: each service's record version, moved by database triggers on
  the tables in `WATCHED` (`install`, `record_versions`). Imports no app.
- `data.search` and `data.marking`: a search's page of rows (`found_cases`) and the
  inspector's home (`assignments`, `audits`), each beside its `_orm` twin (decision 0057).
  Import no app.
- `data.page_cache`: the busiest pages kept until a record version of their user's
  services moves (`serve`, `remember`, `keeps`, `page_context`, `Reading`). Stands on
  accounts (the access log, the user's services); only web uses it.

Import the module you need (`from casequality.data import reads`): this package's
`__init__` imports nothing, so a low app importing the reads does not load the page cache.
"""
