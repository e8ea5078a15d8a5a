"""The audit log as people read it (pages): each row in words, ids replaced by names."""

from fairs.services.audit_reading.lines import AuditLine, audit_page

__all__ = ["AuditLine", "audit_page"]
