"""Search: the query language, its compilation per backend, and execution."""
