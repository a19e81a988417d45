"""Detection fixtures, one module per secret type, named after its id.

Each module has LEAKS and NEAR_MISSES (path -> text with `{token}` and `{id}` slots),
`new_token()` and `new_look_alike()` that make the values for those slots at test time, and
PRE_COMMIT, a (path, text) pair the pre-commit hooks must refuse.
"""
