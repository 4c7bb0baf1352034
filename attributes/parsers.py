"""The JSON parser of the API, with a body size limit."""

from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from attributes.errors import PayloadTooLarge


class BoundedJSONParser(JSONParser):
    """Parse JSON, refusing a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE with 413."""

    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Any = None
    ) -> Any:
        """Return the decoded body, or raise 413 before reading an oversized one."""
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        if limit is not None and length and length.isdigit() and int(length) > limit:
            raise PayloadTooLarge(f"Request body is larger than {limit} bytes.")
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            # The JSON decoder recurses per nesting level; a hostile body nests deep.
            raise ParseError("JSON parse error - nested too deeply.") from None
