"""Stories: articles about the same real-world event, grouped across outlets as they arrive.

`features` turns an article into weighted terms, `cluster` decides online which story an article
joins (against any `StoryIndex`), `memory` is an in-process index (the benchmark, tests),
`sql_index` the store's own (`known` what a process keeps of it between its batches), `assign`
the ingest hook and the rebuild, `queries` what the API reads.
"""
