"""`backcare bench`: cost and speed per turn, side by side with the baseline.

The baseline (bench/baseline_skill.py) is the canonical ask-sdk-core
pattern: the SDK's DynamoDB adapter, persistent attributes read and saved
on every turn, everything imported at module level. Both skills play the
same scripted conversation (launch, start a routine, a screen answer, a
skip, three nexts, a pause, a tip, a massage question, stop) as a pool of
returning users, and every figure is reported with its ratio to the
baseline from the same run, with its spread:

1. cold start: both Lambda artifacts (ours as `backcare package --lambda`
   builds it, the baseline as `sam build` builds a plain function) run by
   the runtime's Python version in new processes, interleaved;
2. warm turns: p50 and p99 handler time per turn from interleaved rounds
   after a warm-up, store in memory (speaker and Echo Show envelopes), then
   against a local DynamoDB server (dynalite);
3. store traffic: DynamoDB calls and bytes per turn and per session,
   counted with botocore's event hooks;
4. response size: bytes per response;
5. self-hosted throughput: requests per second under waitress with 1, 2
   and 4 worker threads, loaded by a separate client process, interleaved
   rounds.

After the figures: the load average while it ran and the ratios it could
not measure steadily (`report.py`); with `--doc`, docs/performance.md is
written from the run.

`cold_start.py` imports nothing but the standard library: it runs in the
process whose start-up is being timed.
"""
