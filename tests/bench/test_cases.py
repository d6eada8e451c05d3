"""The bench's cases: each operation is sent what makes it succeed, run after run."""

from __future__ import annotations

from pathlib import Path

from bench.run import Options, run
from tests.operations import HERE as OPERATIONS

# The seller tools, account settings, order lifecycle and discovery operations, each with
# its state prepared per run (AttachImage an uploaded image, RemoveImage an attached one,
# ResetPassword a code stored as the e-mailed one is).
PREPARED = (
    "MyProducts",
    "SellerDashboard",
    "MyStockLog",
    "SharedWishlist",
    "MyOrdersFiltered",
    "MyOrderStats",
    "OrdersByStatus",
    "CouponUsage",
    "Search",
    "SearchSuggestions",
    "FindCategories",
    "AllCategories",
    "UpdateStore",
    "WithdrawListing",
    "SetProductDetails",
    "RequestImageUpload",
    "AttachImage",
    "RemoveImage",
    "UpdateAddress",
    "DeleteAddress",
    "ChangePassword",
    "RequestPasswordReset",
    "ResetPassword",
    "RemoveFromWishlist",
    "DeleteWishlist",
    "RegisterSeller",
    "MarkDelivered",
    "ReturnItem",
    "CreateCoupon",
)


def test_each_case_runs_without_errors_alone_and_concurrently(tmp_path: Path) -> None:
    options = Options(
        delay_ms=0,
        iterations=2,
        concurrency=2,
        concurrent_requests=2,
        write_iterations=2,
        write_concurrent_requests=2,
        phase_seconds=0,
        operations=PREPARED,
        contract=OPERATIONS,  # the tests' own copies: a clone without ../shared runs this
        data_profile="small",
        mix_seconds=0,
        references=False,
        output=tmp_path,
    )

    _, result = run(options)

    outcomes = {
        entry["operation"]: (entry["status"], (entry.get("gateway") or {}).get("errors"))
        for entry in result["operations"]
    }
    assert outcomes == {name: ("served", []) for name in PREPARED}
    calls = {entry["operation"]: entry["gateway"]["calls"] for entry in result["operations"]}
    assert all(calls.values()), calls  # each read or wrote something
