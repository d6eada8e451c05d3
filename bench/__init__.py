"""The benchmark suite: the gateway's DynamoDB calls, CPU and latency per contract
operation, beside a hand-written floor and a naive schema, and a load run of seed 002's
mix. Not part of the product; `python -m bench` (bench/README.md)."""
