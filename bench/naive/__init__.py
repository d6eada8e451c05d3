"""The naive implementation: what a team writes first, one DynamoDB call per object.

A small Strawberry schema over the same tables that serves the contract's `MyOrders`
(with items, products and sellers) and `ProductPage`: every resolved product, seller,
category and reviewer is a GetItem of its own, every child list a Query. Its resolvers
are synchronous, over boto3 (the standard SDK), so the calls follow one another. The
bench measures it beside the gateway, so the gateway's batching has a number to beat.
"""
