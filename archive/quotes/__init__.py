"""Quotes as things people share: permalinks, passages, Open Graph cards."""
