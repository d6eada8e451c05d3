"""The model export passes the DynamoDB MCP code generator's own `SchemaValidator`: its
rules as that tool runs them (the `awslabs.dynamodb-mcp-server` package, installed by the
Makefile without its dependencies: the validator needs only the standard library), not our
reading of them. What the format has no word for (local indexes) is checked here."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from awslabs.dynamodb_mcp_server.repo_generation_tool.core.schema_validator import (
    SchemaValidator,
)


def _validated(document: dict[str, Any], folder: Path) -> list[str]:
    """The validator's errors and warnings (strict mode: a warning is an error too)."""
    path = folder / "schema.json"
    path.write_text(json.dumps(document))
    result = SchemaValidator(strict_mode=True).validate_schema_file(str(path))
    return [f"{issue.path}: {issue.message}" for issue in [*result.errors, *result.warnings]]


def _table(document: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [t for t in document["tables"] if t["table_config"]["table_name"].endswith(name)]
    return dict(found)


def test_the_export_passes_the_code_generators_validator(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    assert _validated(exported, tmp_path) == []


def test_the_validator_refuses_a_local_index_named_as_the_format_names_a_global_one(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    """What `model export` wrote before: the validator knows only global indexes."""
    broken = copy.deepcopy(exported)
    order = _table(broken, "Orders")["entities"]["Order"]
    pattern = next(p for p in order["access_patterns"] if p.get("lsi_name") == "StatusIndex")
    pattern["index_name"] = pattern.pop("lsi_name")
    assert [problem for problem in _validated(broken, tmp_path) if "StatusIndex" in problem] == [
        f"tables[4].entities.Order.access_patterns[{order['access_patterns'].index(pattern)}]"
        ".index_name: Access pattern references unknown GSI 'StatusIndex'"
    ]


def test_the_validator_finds_what_is_missing(exported: dict[str, Any], tmp_path: Path) -> None:
    broken = copy.deepcopy(exported)
    users = broken["tables"][0]["entities"]
    del users["User"]["fields"][0]["required"]
    users["User"]["gsi_mappings"][0]["name"] = "NoSuchIndex"
    problems = _validated(broken, tmp_path)
    assert any("fields[0]" in p and "required" in p for p in problems), problems
    assert any("NoSuchIndex" in p for p in problems), problems


def test_local_indexes_stay_in_the_keys_the_format_has_no_word_for(
    exported: dict[str, Any],
) -> None:
    """`lsi_list` declares them, `lsi_mappings` gives an entity's keys in them (fields of
    the entity), and `lsi_name` names the one an access pattern queries."""
    seen: set[str] = set()
    for table in exported["tables"]:
        local = {index["name"] for index in table.get("lsi_list", [])}
        assert local.isdisjoint(i["name"] for i in table.get("gsi_list", []))
        for name, entity in table["entities"].items():
            fields = {f["name"] for f in entity["fields"]}
            for mapping in entity.get("lsi_mappings", []):
                assert mapping["name"] in local, name
                params = re.findall(r"\{(\w+)\}", mapping["sk_template"])
                assert params == mapping["sk_params"], name
                assert set(params) <= fields, name
            for pattern in entity["access_patterns"]:
                assert pattern.get("index_name") not in local, pattern["name"]
                if "lsi_name" in pattern:
                    assert pattern["lsi_name"] in local, pattern["name"]
                    seen.add(pattern["lsi_name"])
    assert seen == {"StatusIndex", "AmountIndex"}
    orders = _table(exported, "Orders")
    assert [i["name"] for i in orders["lsi_list"]] == ["StatusIndex", "AmountIndex"]
