"""A product's images: a presigned upload to S3, attaching it, removing it."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from gateway.auth import require_user
from gateway.context import Context
from loaders.ids import timestamp
from resolvers import images
from schema.product import Product
from schema.scalars import DateTime
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.type(description="A header the upload must carry.")
class HttpHeader:
    name: str
    value: str


@strawberry.type(
    description="Where and how to send the file's bytes: an HTTP request with this method "
    "to this URL, with these headers (a browser sets Content-Length itself), before expiresAt."
)
class ImageUpload:
    image_id: strawberry.ID
    url: str
    method: str
    headers: list[HttpHeader]
    expires_at: DateTime


@strawberry.type
class RequestImageUploadPayload:
    upload: ImageUpload | None
    errors: list[UserError]


@strawberry.type
class ProductImagePayload:
    product: Product | None
    errors: list[UserError]


def _upload(found: images.Upload) -> ImageUpload:
    presigned = found.presigned
    return ImageUpload(
        image_id=strawberry.ID(found.image_id),
        url=presigned.url,
        method="PUT",
        headers=[HttpHeader(name=k, value=v) for k, v in presigned.headers.items()],
        expires_at=DateTime(timestamp(datetime.fromtimestamp(presigned.expires_at, UTC))),
    )


@strawberry.type
class ImageMutation:
    @strawberry.mutation(
        description="A presigned S3 upload for a new image of your product: JPEG, PNG or WebP, "
        f"at most {images.MAX_BYTES // (1024 * 1024)} MB. Attach it once uploaded."
    )
    async def request_product_image_upload(
        self, info: Info, product_id: strawberry.ID, content_type: str, byte_size: int
    ) -> RequestImageUploadPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            images.request_upload(
                info.context.loaders,
                info.context.images,
                viewer,
                str(product_id),
                content_type,
                byte_size,
            )
        )
        return RequestImageUploadPayload(upload=_upload(found) if found else None, errors=errors)

    @strawberry.mutation(
        description="Add an uploaded image to your product (its size and dimensions are read "
        f"from the file); position 0 is the primary image. At most {images.MAX_IMAGES} images."
    )
    async def attach_product_image(
        self,
        info: Info,
        product_id: strawberry.ID,
        image_id: strawberry.ID,
        alt: str | None = None,
        position: int | None = None,
    ) -> ProductImagePayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            images.attach(
                info.context.loaders,
                info.context.images,
                viewer,
                str(product_id),
                str(image_id),
                alt,
                position,
            )
        )
        return ProductImagePayload(
            product=Product.from_item(found) if found else None, errors=errors
        )

    @strawberry.mutation(description="Remove an image from your product, and its file.")
    async def remove_product_image(
        self, info: Info, product_id: strawberry.ID, image_id: strawberry.ID
    ) -> ProductImagePayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            images.remove(
                info.context.loaders, info.context.images, viewer, str(product_id), str(image_id)
            )
        )
        return ProductImagePayload(
            product=Product.from_item(found) if found else None, errors=errors
        )
