"""Pages of results: numbered pages for lists and search, a cursor for transcripts."""

from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination, PageNumberPagination

# utterance.sequence is a 32-bit column on PostgreSQL: a cursor past it is no position.
LARGEST_SEQUENCE = 2**31 - 1


class PagePagination(PageNumberPagination):
    """``?page=2&page_size=50``: ``count``, ``next``, ``previous`` and ``results``."""

    page_size = 30
    page_size_query_param = "page_size"
    max_page_size = 100


class TranscriptPagination(CursorPagination):
    """An episode's lines in transcript order, a page at a time however long it is.

    A cursor is a keyset position on ``sequence`` (the utterance_sequence index), so
    page 300 of a long episode costs what page 1 does, and no count is made.
    """

    ordering = "sequence"
    page_size = 200
    page_size_query_param = "page_size"
    max_page_size = 1000

    def decode_cursor(self, request):
        """DRF's decoding, refusing (404) a forged position that is not a sequence number.

        DRF would hand any text to the ORM, and a non-number there is a 500.
        """
        cursor = super().decode_cursor(request)
        position = cursor.position if cursor else None
        if position is not None and not _is_sequence(position):
            raise NotFound(self.invalid_cursor_message)
        return cursor


def _is_sequence(text: str) -> bool:
    return text.isascii() and text.isdigit() and int(text) <= LARGEST_SEQUENCE
