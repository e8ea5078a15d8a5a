"""The domain: plain functions over a Session. No HTTP here; callers commit."""
