"""Additions to the generated OpenAPI schema that no single view can state."""

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
TOO_MANY_REQUESTS = {
    "description": "Too many requests from this address: wait the Retry-After seconds.",
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    "content": {"application/json": {"schema": ERROR_SCHEMA}},
}


def document_throttling(result, generator, request, public):
    """Every operation may answer 429 to an anonymous caller past ``API_ANON_RATE``.

    A drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS), run once per schema.
    """
    for path in result.get("paths", {}).values():
        for operation in path.values():
            operation["responses"].setdefault("429", TOO_MANY_REQUESTS)
    return result
