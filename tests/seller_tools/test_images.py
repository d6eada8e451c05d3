"""Product images end to end: a presigned upload, real bytes PUT to S3 (moto's), the file
checked and attached, removed; lies, oversized files, expired URLs and missing uploads
refused."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import boto3
import httpx
from PIL import Image

from gateway.settings import Settings
from tests.accounts.factories import item
from tests.apps import client_for
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.seller_catalog.factories import (
    ADMIN,
    CUSTOMER,
    SELLER,
    Person,
    payload_codes,
    person,
    product_item,
)
from tests.seller_tools.factories import Shop, send, shop

MB = 1024 * 1024


def stored(settings: Settings, key: str) -> bytes | None:
    """The bytes of an object of the images' bucket, None if there is none."""
    s3 = boto3.client("s3", endpoint_url=settings.s3_endpoint_url, region_name=settings.aws_region)
    try:
        body: bytes = s3.get_object(Bucket=settings.images_bucket, Key=key)["Body"].read()
    except s3.exceptions.NoSuchKey:
        return None
    return body


def picture(kind: str, size: tuple[int, int]) -> bytes:
    """A real image file made by Pillow: "JPEG", "PNG" or "WEBP"."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(out, kind)
    return out.getvalue()


async def requested(
    graphql: GraphQLClient, who: Person | None, product_id: str, content_type: str, size: int
) -> GraphQLResponse:
    return await send(
        graphql,
        "RequestImageUpload",
        who,
        productId=product_id,
        contentType=content_type,
        byteSize=size,
    )


async def put(upload: dict[str, Any], body: bytes) -> httpx.Response:
    headers = {h["name"]: h["value"] for h in upload["headers"]}
    headers.pop("Content-Length")  # httpx sends the body's own, as a browser does
    async with httpx.AsyncClient() as http:
        return await http.request(upload["method"], upload["url"], content=body, headers=headers)


async def uploaded(
    graphql: GraphQLClient, found: Shop, content_type: str, body: bytes, declared: int = 0
) -> str:
    """An image id whose bytes are in the bucket."""
    response = await requested(
        graphql, found.seller, found.product_id, content_type, declared or len(body)
    )
    upload = response.data["requestProductImageUpload"]["upload"]
    assert (await put(upload, body)).status_code == 200
    image_id: str = upload["imageId"]
    return image_id


async def attach(
    graphql: GraphQLClient, who: Person | None, product_id: str, image_id: str, **more: Any
) -> GraphQLResponse:
    return await send(graphql, "AttachImage", who, productId=product_id, imageId=image_id, **more)


async def test_a_jpeg_and_a_png_uploaded_attached_and_removed(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated)
    jpeg = picture("JPEG", (64, 48))
    asked = await requested(
        isolated_graphql, found.seller, found.product_id, "image/jpeg", len(jpeg)
    )
    upload = asked.data["requestProductImageUpload"]["upload"]
    assert upload["method"] == "PUT"
    assert {h["name"]: h["value"] for h in upload["headers"]} == {
        "Content-Type": "image/jpeg",
        "Content-Length": str(len(jpeg)),
    }
    assert upload["expiresAt"].endswith("Z")
    # Who owns the product: its Product item and the caller's listing, one batch.
    assert asked.call_count() == 1
    assert (await put(upload, jpeg)).status_code == 200

    attached = await attach(
        isolated_graphql, found.seller, found.product_id, upload["imageId"], alt=" Front "
    )
    product = attached.data["attachProductImage"]["product"]
    (shown,) = product["images"]
    assert shown == {
        "id": upload["imageId"],
        "url": shown["url"],
        "alt": "Front",
        "position": 0,
        "width": 64,
        "height": 48,
    }
    assert product["primaryImage"] == {"id": upload["imageId"], "url": shown["url"]}
    # The item collection as of now, then one transaction (and S3: HeadObject, GetObject).
    assert attached.call_count() == 2
    key = f"products/{found.product_id}/{upload['imageId']}"
    assert shown["url"] == f"{isolated.settings.images_url}/{key}"
    assert stored(isolated.settings, key) == jpeg

    png_id = await uploaded(isolated_graphql, found, "image/png", picture("PNG", (30, 20)))
    first = await attach(isolated_graphql, found.seller, found.product_id, png_id, position=0)
    product = first.data["attachProductImage"]["product"]
    assert [(i["id"], i["position"], i["width"]) for i in product["images"]] == [
        (png_id, 0, 30),
        (upload["imageId"], 1, 64),
    ]
    assert product["primaryImage"]["id"] == png_id
    assert product_item(isolated.settings, found.product_id)["primary_image"]["image_id"] == png_id

    removed = await send(
        isolated_graphql, "RemoveImage", found.seller, productId=found.product_id, imageId=png_id
    )
    assert removed.data["removeProductImage"]["product"]["images"] == [
        {"id": upload["imageId"], "position": 0}
    ]
    assert item(isolated.settings, "Products", found.product_id, f"IMAGE#{png_id}") is None
    assert stored(isolated.settings, f"products/{found.product_id}/{png_id}") is None
    await send(
        isolated_graphql,
        "RemoveImage",
        found.seller,
        productId=found.product_id,
        imageId=upload["imageId"],
    )
    assert "primary_image" not in product_item(isolated.settings, found.product_id)


async def test_a_webp_is_an_image_too(isolated_graphql: GraphQLClient, isolated: Isolated) -> None:
    found = await shop(isolated_graphql, isolated)
    image_id = await uploaded(isolated_graphql, found, "image/webp", picture("WEBP", (8, 9)))
    attached = await attach(isolated_graphql, found.seller, found.product_id, image_id)
    (shown,) = attached.data["attachProductImage"]["product"]["images"]
    assert (shown["width"], shown["height"]) == (8, 9)


async def test_a_file_that_lies_about_its_type_is_refused_and_deleted(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated)
    for declared, body in (
        ("image/png", b"#!/bin/sh\necho this is no picture\n" * 20),
        ("image/png", picture("JPEG", (10, 10))),  # a real image, but not the type declared
    ):
        image_id = await uploaded(isolated_graphql, found, declared, body)
        refused = await attach(isolated_graphql, found.seller, found.product_id, image_id)
        errors = refused.data["attachProductImage"]["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [("INVALID_INPUT", ["imageId"])]
        assert "not the JPEG, PNG or WebP image" in errors[0]["message"]
        again = await attach(isolated_graphql, found.seller, found.product_id, image_id)
        assert payload_codes(again, "attachProductImage") == ["NOT_FOUND"]  # deleted
    assert "primary_image" not in product_item(isolated.settings, found.product_id)


async def test_a_file_over_10_mb_is_refused(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated)
    asked = await requested(
        isolated_graphql, found.seller, found.product_id, "image/jpeg", 10 * MB + 1
    )
    errors = asked.data["requestProductImageUpload"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_INPUT", ["byteSize"])]
    assert asked.call_count() == 0
    # More bytes than the URL was signed for: S3 refuses the PUT (a signed Content-Length);
    # moto does not, so the attach's own check is what is seen here.
    big = picture("JPEG", (16, 16)).ljust(10 * MB + 1, b"\0")
    image_id = await uploaded(isolated_graphql, found, "image/jpeg", big, declared=1000)
    refused = await attach(isolated_graphql, found.seller, found.product_id, image_id)
    errors = refused.data["attachProductImage"]["errors"]
    assert [e["code"] for e in errors] == ["INVALID_INPUT"]
    assert "over 10 MB" in errors[0]["message"]


async def test_an_expired_upload_url_is_refused(isolated: Isolated) -> None:
    async with client_for(isolated.settings, image_upload_seconds=1) as graphql:
        found = await shop(graphql, isolated)
        jpeg = picture("JPEG", (4, 4))
        asked = await requested(graphql, found.seller, found.product_id, "image/jpeg", len(jpeg))
        upload = asked.data["requestProductImageUpload"]["upload"]
        await asyncio.sleep(2.1)  # past the URL's one second (S3 counts whole seconds)
        late = await put(upload, jpeg)
        assert late.status_code == 403
        assert b"Request has expired" in late.content
        refused = await attach(graphql, found.seller, found.product_id, upload["imageId"])
        assert payload_codes(refused, "attachProductImage") == ["NOT_FOUND"]


async def test_an_image_never_uploaded_cannot_be_attached(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated)
    asked = await requested(isolated_graphql, found.seller, found.product_id, "image/png", 100)
    image_id = asked.data["requestProductImageUpload"]["upload"]["imageId"]
    for candidate in (image_id, "01NEVERREQUESTED", "../../other/x"):
        refused = await attach(isolated_graphql, found.seller, found.product_id, candidate)
        errors = refused.data["attachProductImage"]["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [("NOT_FOUND", ["imageId"])]


async def test_who_may_manage_images(isolated_graphql: GraphQLClient, isolated: Isolated) -> None:
    found = await shop(isolated_graphql, isolated)
    image_id = await uploaded(isolated_graphql, found, "image/png", picture("PNG", (5, 5)))
    other, customer = person(isolated.settings, SELLER), person(isolated.settings, CUSTOMER)
    for who in (other, customer):
        asked = await requested(isolated_graphql, who, found.product_id, "image/png", 10)
        assert payload_codes(asked, "requestProductImageUpload") == ["NOT_FOUND"]
        refused = await attach(isolated_graphql, who, found.product_id, image_id)
        assert payload_codes(refused, "attachProductImage") == ["NOT_FOUND"]
    anonymous = await requested(isolated_graphql, None, found.product_id, "image/png", 10)
    assert anonymous.error_codes == ["UNAUTHENTICATED"]
    admin = person(isolated.settings, ADMIN)
    asked = await requested(isolated_graphql, admin, found.product_id, "image/png", 10)
    assert asked.data["requestProductImageUpload"]["errors"] == []
    attached = await attach(isolated_graphql, admin, found.product_id, image_id)
    assert attached.data["attachProductImage"]["errors"] == []
    for who in (other, customer):
        kept = await send(
            isolated_graphql, "RemoveImage", who, productId=found.product_id, imageId=image_id
        )
        assert payload_codes(kept, "removeProductImage") == ["NOT_FOUND"]
    assert (
        await send(
            isolated_graphql, "RemoveImage", None, productId=found.product_id, imageId=image_id
        )
    ).error_codes == ["UNAUTHENTICATED"]
    gone = await send(
        isolated_graphql, "RemoveImage", found.seller, productId=found.product_id, imageId=image_id
    )
    assert gone.data["removeProductImage"]["product"]["images"] == []
