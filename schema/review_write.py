"""The `writeReview` mutation."""

from __future__ import annotations

import strawberry

from gateway.auth import require_user
from gateway.context import Context
from resolvers import reviews
from schema.review import Review
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.input
class ReviewInput:
    product_id: strawberry.ID
    rating: int = strawberry.field(description="1 to 5.")
    title: str = strawberry.field(description=f"At most {reviews.TITLE_LENGTH} characters.")
    body: str = strawberry.field(description=f"At most {reviews.BODY_LENGTH} characters.")


@strawberry.type
class WriteReviewPayload:
    review: Review | None
    errors: list[UserError]


@strawberry.type
class ReviewMutation:
    @strawberry.mutation(
        description="Review a product (once per user); its rating and its seller's include it."
    )
    async def write_review(self, info: Info, input: ReviewInput) -> WriteReviewPayload:
        viewer = await require_user(info)
        request = reviews.ReviewRequest(
            product_id=str(input.product_id),
            rating=input.rating,
            title=input.title,
            body=input.body,
        )
        written, errors = await attempt(
            reviews.write_review(info.context.loaders, viewer.user_id, request), ("input",)
        )
        return WriteReviewPayload(
            review=Review.from_item(written.review) if written else None, errors=errors
        )
