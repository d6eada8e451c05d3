"""`python -m bench`: measure the gateway; `python -m bench compare A.json B.json`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bench import report
from bench.contract import DEFAULT_FOLDER
from bench.run import Options, quiet_logs, run


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark the gateway against moto with injected latency (bench/README.md). "
        "`python -m bench compare A.json B.json` compares two runs.",
    )
    parser.add_argument("--delay-ms", type=float, default=5.0, help="latency per DynamoDB call (5)")
    parser.add_argument("--iterations", type=int, default=30, help="sequential runs per read (30)")
    parser.add_argument("--concurrency", type=int, default=32, help="the concurrent level (32)")
    parser.add_argument(
        "--concurrent-requests", type=int, default=64, help="requests per read at that level (64)"
    )
    parser.add_argument(
        "--write-iterations", type=int, default=10, help="sequential runs per write (10)"
    )
    parser.add_argument(
        "--write-concurrent-requests",
        type=int,
        default=32,
        help="requests per write at that level (32)",
    )
    parser.add_argument(
        "--phase-seconds",
        type=float,
        default=4.0,
        help="no new run of a phase after this, but at least 20 sequential, 5 concurrent (4)",
    )
    parser.add_argument(
        "--operation", action="append", default=[], help="only this one (repeatable)"
    )
    parser.add_argument(
        "--contract", type=Path, default=DEFAULT_FOLDER, help="folder of .graphql files"
    )
    parser.add_argument(
        "--data", choices=("small", "demo"), default="demo", help="demo data profile"
    )
    parser.add_argument("--mix-seconds", type=float, default=20.0, help="seed mix run (0: none)")
    parser.add_argument("--mix-search-seconds", type=float, default=5.0, help="per level searched")
    parser.add_argument("--no-references", action="store_true", help="skip the floor and naive")
    parser.add_argument("--output", type=Path, default=report.RESULTS, help="where the JSON goes")
    parser.add_argument("--profile", metavar="OPERATION", help="profile one operation instead")
    parser.add_argument("--profile-runs", type=int, default=200, help="runs profiled (200)")
    return parser


def _server_cpu(argv: list[str]) -> int:
    from bench import server_cpu

    parser = argparse.ArgumentParser(
        prog="python -m bench server-cpu",
        description="The gateway's own process: its CPU per request, cache on and off, "
        "beside the floor as a server (bench/README.md).",
    )
    parser.add_argument("--delay-ms", type=float, default=5.0, help="latency per DynamoDB call")
    defaults = server_cpu.CpuOptions()  # one place for each default
    for flag, kind, help_text in (
        ("--samples", int, "per operation and server"),
        ("--requests", int, "per sample"),
        ("--mix-requests", int, "per sample of the mix, per user"),
        ("--mix-users", int, "the mix again, this many users at once"),
        ("--mix-rate", float, "requests a second of the mix as a loaded process sees it"),
        ("--loaded-users", int, "the users sending it"),
        ("--process-rate", float, "the loaded process's requests a second (the cache's TTL"
         " is scaled to it)"),
    ):  # fmt: skip
        default = getattr(defaults, flag[2:].replace("-", "_"))
        parser.add_argument(flag, type=kind, default=default, help=f"{help_text} ({default:g})")
    parser.add_argument("--operation", action="append", default=[], help="only this read")
    parser.add_argument("--only-mix", action="store_true", help="only the seed mix's reads")
    parser.add_argument(
        "--against", type=Path, help="a checkout of another commit, served beside (before)"
    )
    parser.add_argument("--contract", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--data", choices=("small", "demo"), default="demo")
    parser.add_argument("--output", type=Path, default=report.RESULTS)
    args = parser.parse_args(argv)
    options = server_cpu.CpuOptions(
        samples=args.samples,
        requests=args.requests,
        mix_requests=args.mix_requests,
        mix_users=args.mix_users,
        mix_rate=args.mix_rate,
        loaded_users=args.loaded_users,
        process_rate=args.process_rate,
        operations=tuple(args.operation),
        only_mix=args.only_mix,
        contract=args.contract,
        against=args.against.resolve() if args.against else None,
    )
    path = server_cpu.run(options, args.delay_ms, args.data, args.output)
    print(f"\nresults: {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["compare"]:
        if len(argv) != 3:
            print("usage: python -m bench compare A.json B.json", file=sys.stderr)
            return 2
        print(report.compare(report.load(Path(argv[1])), report.load(Path(argv[2]))))
        return 0
    if argv[:1] == ["server-cpu"]:
        return _server_cpu(argv[1:])
    args = _parser().parse_args(argv)
    options = Options(
        delay_ms=args.delay_ms,
        iterations=args.iterations,
        concurrency=args.concurrency,
        concurrent_requests=args.concurrent_requests,
        write_iterations=args.write_iterations,
        write_concurrent_requests=args.write_concurrent_requests,
        phase_seconds=args.phase_seconds,
        operations=tuple(args.operation),
        contract=args.contract,
        data_profile=args.data,
        mix_seconds=args.mix_seconds,
        mix_search_seconds=args.mix_search_seconds,
        references=not args.no_references,
        output=args.output,
    )
    quiet_logs()
    if args.profile:
        from bench.profiling import profile

        profile(options, args.profile, args.profile_runs)
        return 0
    path, result = run(options)
    print(report.table(result))
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
