"""The results: a table on stdout, JSON in a file, and the comparison of two runs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or not b:
        return None
    return round(a / b, 2)


def ratios(entry: dict[str, Any]) -> dict[str, float | None]:
    gateway, floor, naive = entry.get("gateway"), entry.get("floor"), entry.get("naive")
    found: dict[str, float | None] = {}
    if gateway and floor:
        found["gateway/floor calls"] = _ratio(gateway["calls"], floor["calls"])
        found["gateway/floor rounds"] = _ratio(gateway["rounds"], floor["rounds"])
        found["gateway/floor p50"] = _ratio(gateway["c1"]["p50"], floor["c1"]["p50"])
        found["gateway/floor cpu"] = _ratio(gateway["cpu_ms"], floor["cpu_ms"])
    if gateway and naive:
        found["naive/gateway p50"] = _ratio(naive["c1"]["p50"], gateway["c1"]["p50"])
        if naive["concurrency"] == gateway["concurrency"]:
            key = f"c{naive['concurrency']}"
            found[f"naive/gateway {key} p50"] = _ratio(naive[key]["p50"], gateway[key]["p50"])
    return found


def above_floor(entry: dict[str, Any]) -> str | None:
    """More rounds than the floor, or more calls than the floor's and one: what the
    gateway could save."""
    gateway, floor = entry.get("gateway"), entry.get("floor")
    if not gateway or not floor:
        return None
    found = []
    if gateway["rounds"] > floor["rounds"]:
        found.append(f"rounds {gateway['rounds']} > {floor['rounds']}")
    if gateway["calls"] > floor["calls"] + 1:
        found.append(f"calls {gateway['calls']} > {floor['calls']} + 1")
    return ", ".join(found) or None


def new_path(folder: Path = RESULTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.json"


def save(report: dict[str, Any], path: Path) -> None:
    """Written after every operation too, so that a run cut short keeps what it measured."""
    path.write_text(json.dumps(report, indent=1, default=str))


def _cell(value: Any, width: int) -> str:
    text = "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
    return text.rjust(width)


COLUMNS = (
    ("operation", 18),
    ("target", 7),
    ("calls", 5),
    ("rounds", 6),
    ("RCU", 6),
    ("WCU", 5),
    ("cpu ms", 7),
    ("c1 p50", 7),
    ("c1 p99", 7),
    ("N", 3),
    ("cN p50", 7),
    ("cN p99", 7),
)


def _row(name: str, target: str, result: dict[str, Any]) -> str:
    key = f"c{result['concurrency']}"
    values = (
        result["calls"],
        result["rounds"],
        result["read_capacity"],
        result["write_capacity"],
        result["cpu_ms"],
        result["c1"]["p50"],
        result["c1"]["p99"],
        result["concurrency"],
        result[key]["p50"],
        result[key]["p99"],
    )
    cells = [name.ljust(COLUMNS[0][1]), target.ljust(COLUMNS[1][1])]
    cells += [_cell(v, w) for v, (_, w) in zip(values, COLUMNS[2:], strict=True)]
    return " ".join(cells)


def table(report: dict[str, Any]) -> str:
    settings = report["settings"]
    lines = [
        f"delay {settings['delay_ms']} ms per DynamoDB call; up to {settings['iterations']} "
        f"sequential runs (cpu, c1) and {settings['concurrent_requests']} at concurrency N "
        f"(cN; writes {settings['write_iterations']} and {settings['write_concurrent_requests']}), "
        f"each phase cut at {settings.get('phase_seconds', '-')} s; ms",
        " ".join(name.ljust(w) if i < 2 else name.rjust(w) for i, (name, w) in enumerate(COLUMNS)),
    ]
    for entry in report["operations"]:
        name = entry["operation"]
        if entry["status"] != "served":
            lines.append(f"{name.ljust(COLUMNS[0][1])} {entry['status']}")
            continue
        for target in ("gateway", "floor", "naive"):
            if entry.get(target):
                label = target + ("*" if entry[target].get("one_request_at_a_time") else "")
                lines.append(_row(name if target == "gateway" else "", label, entry[target]))
        for target in ("gateway", "floor", "naive"):
            errors = (entry.get(target) or {}).get("errors")
            if errors:
                lines.append(f"{'':18} {target} errors: {', '.join(errors)}")
        above = above_floor(entry)
        if above:
            lines.append(f"{'':18} gateway above the floor: {above}")
        shown = {k: v for k, v in entry.get("ratios", {}).items() if v is not None}
        if shown:
            lines.append(f"{'':18} " + ", ".join(f"{k} {v:g}" for k, v in shown.items()))
    if any((e.get("naive") or {}).get("one_request_at_a_time") for e in report["operations"]):
        lines.append(
            "* synchronous resolvers: the naive server answers one request at a time, "
            "so its cN latencies are mostly time in its queue"
        )
    if report.get("mix"):
        lines += mix_lines(report["mix"])
    return "\n".join(lines)


def mix_lines(mix: dict[str, Any]) -> list[str]:
    final, objective = mix["final"], f"p99 < {mix['slo_p99_ms']:g} ms"
    level = f"concurrency {final['concurrency']}"
    if mix["met_slo"]:
        headline = f"{final['rps_per_core']} req/s per core at {objective} ({level})"
    else:
        alone = mix.get("over_objective_alone") or {}
        headline = (
            f"{objective} met at no level ("
            + (
                "alone, at concurrency 1, already over it: "
                + ", ".join(f"{k} {v:g}" for k, v in sorted(alone.items(), key=lambda kv: -kv[1]))
                if alone
                else "only under load"
            )
            + f"); at the knee, {level}: {final['rps_per_core']} req/s per core"
        )
    worst = sorted(final["operations"].items(), key=lambda kv: -kv[1]["p99"])[:5]
    return [
        "",
        f"seed mix (seed 002 rates; {mix['share_not_served'] * 100:.0f}% of its traffic not "
        f"served here): {final['requests']} requests in {final['seconds']} s at {level}",
        f"  {headline}",
        f"  {final['rps']} req/s, p50 {final['p50']} ms, p99 {final['p99']} ms, without Login and "
        f"Register {final['p99_without_passwords']} ms; gateway CPU "
        f"{final['cpu_utilization'] * 100:.0f}% of a core, of which password hashing "
        f"{final['hashing_share'] * 100:.0f}% (Login and Register's Argon2id)",
        "  slowest p99: " + ", ".join(f"{k} {v['p99']:g}" for k, v in worst),
    ]


def compare(a: dict[str, Any], b: dict[str, Any]) -> str:
    """The gateway's figures of run A beside run B's, per operation, with B/A."""
    before = {e["operation"]: e for e in a["operations"]}
    lines = [
        f"A: {a['started']} (delay {a['settings']['delay_ms']} ms)   B: {b['started']} (delay {b['settings']['delay_ms']} ms)",
        f"{'operation':18} {'calls A→B':>11} {'rounds A→B':>11} {'cpu ms A→B':>17} {'c1 p50 A→B':>17} {'B/A p50':>7}",
    ]
    for entry in b["operations"]:
        old = before.get(entry["operation"])
        new_g, old_g = entry.get("gateway"), (old or {}).get("gateway")
        if not new_g or not old_g:
            status = entry["status"] if not new_g else "new"
            lines.append(f"{entry['operation']:18} {status}")
            continue
        lines.append(
            f"{entry['operation']:18} {old_g['calls']:>5}→{new_g['calls']:<5} "
            f"{old_g['rounds']:>5}→{new_g['rounds']:<5} "
            f"{old_g['cpu_ms']:>8}→{new_g['cpu_ms']:<8} "
            f"{old_g['c1']['p50']:>8}→{new_g['c1']['p50']:<8} "
            f"{_ratio(new_g['c1']['p50'], old_g['c1']['p50']) or '-':>7}"
        )
    if a.get("mix") and b.get("mix"):
        fa, fb = a["mix"]["final"], b["mix"]["final"]
        lines.append(
            f"seed mix: {fa['rps_per_core']} → {fb['rps_per_core']} req/s per core, "
            f"p99 {fa['p99']} → {fb['p99']} ms (concurrency {fa['concurrency']} → {fb['concurrency']})"
        )
    return "\n".join(lines)


def load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded
