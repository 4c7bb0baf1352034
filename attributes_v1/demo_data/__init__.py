"""The demo marketplace: a deterministic, realistically messy legacy data set.

`catalogue` holds the fixed definitions, `generate` turns them into rows,
`load` writes the rows; `manage.py seed_demo` runs it.
"""
