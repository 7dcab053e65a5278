"""`backcare bench`: cost and speed per turn, side by side with the baseline.

The baseline (bench/baseline_skill.py) is the canonical ask-sdk-core
pattern: the SDK's DynamoDB adapter, persistent attributes read and saved
on every turn, everything imported at module level. Both skills play the
same scripted conversation (launch, start a routine, a screen answer, a
skip, three nexts, a pause, a tip, a massage question, stop) as a pool of
returning users, and every figure is reported with its ratio to the
baseline from the same run:

1. cold start: a new process imports the Lambda module and answers its
   first request (median of N runs, each process new);
2. warm turns: p50 and p99 handler time per turn, store in memory, then
   against a local DynamoDB server (dynalite);
3. store traffic: DynamoDB calls and bytes per turn and per session,
   counted with botocore's event hooks;
4. response size: bytes per response, max and mean;
5. self-hosted throughput: requests per second on loopback with 1 and 2
   waitress worker threads.

This package's own file imports nothing: `python -m ...bench.cold_start`
loads it in the process whose start-up is being timed.
"""
