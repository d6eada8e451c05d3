"""Live updates: GraphQL subscriptions fed by the DynamoDB Streams of the tables they
report (`hub.py` fans changes out to subscribers, `service.py` reads the streams)."""
