"""`make bench` (`python -m benchmarks`): generates data in a PostgreSQL database of its
own, times Oversight's hot paths beside their baselines in the same run, prints one line
per figure (`bench <name>: <value> <unit>`, `bench <name>/<baseline>: <ratio>x`) and
writes the same table, with the machine's description, into docs/performance.md."""
