"""Cursor pagination (ninja's, on a unique key) that refuses a bad cursor or page size with a
400 and counts the rows it hands out for the call log."""

from django.core.exceptions import ValidationError as BadValue
from ninja import Schema
from ninja.errors import ValidationError
from ninja.pagination import CursorPagination
from pydantic import Field

DEFAULT_PAGE_SIZE = 100
LARGEST_PAGE_SIZE = 500


class KeyCursor(CursorPagination):
    class Input(Schema):
        page_size: int | None = Field(
            None, ge=1, le=LARGEST_PAGE_SIZE, description="Baris per halaman (1-500, baku 100)."
        )
        cursor: str | None = Field(None, description="Dari tautan next atau previous.")

    def __init__(self, **kwargs):
        kwargs.setdefault("page_size", DEFAULT_PAGE_SIZE)
        kwargs.setdefault("max_page_size", LARGEST_PAGE_SIZE)
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        try:
            page = super().paginate_queryset(queryset, pagination, request, **params)
        except (ValueError, TypeError, BadValue):
            # A cursor that decodes but names no position of this list (edited by hand).
            raise ValidationError(
                [{"loc": ["query", "cursor"], "msg": "", "type": "cursor"}]
            ) from None
        request.api_rows = len(page[self.items_attribute])
        return page
