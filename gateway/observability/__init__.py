"""Logs, metrics and traces of the requests: one JSON (or text) line per request, a
Prometheus `/metrics` endpoint, OpenTelemetry spans when configured. `middleware.observed`
puts them on an app."""
