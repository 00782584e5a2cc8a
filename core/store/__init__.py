"""The SQLite store: the only package that holds SQL. It returns the records of core/records.py.

- database: opening the file (checks before SQLite touches it, WAL, the daily quick_check)
- schema: the numbered migrations (7: interned text, `windows` behind the `window_spans` view)
- writer: the one writer thread (the recorder's spans, the detector's calls, `call(fn)`)
- transaction: write transactions for the record modules below
- strings: interned text (apps, titles, bucket ids, leftover event data)
- history: activity spans (windows, AFK, input) read by range; the status overview
- imported / events: ActivityWatch buckets in and out, and how an event's data is kept
- tasks, journal (moods, coach log, nudge answers, predictions), plans, state (coach timers)
- week: the weekly review's rows
- queries: range helpers, counts, and forgetting a range
"""
