"""What a district puts on the committee's report: its name for the heading, its body, executor and head."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class ReportSettings(SQLModel, table=True):
    """One district's report settings (no row: the defaults). The district's staff, never a client."""

    __tablename__ = "report_settings"

    district_id: int = Field(foreign_key="district.id", primary_key=True)
    # The district in the genitive for the heading («Солигорского района»); blank: the name as it is.
    district_genitive: str = Field(default="", max_length=200)
    body_name: str = Field(default="", max_length=300)  # «УИИ Солигорского РОВД»: creator, page header
    executor_name: str = Field(default="", max_length=200)
    executor_position: str = Field(default="", max_length=200)
    executor_phone: str = Field(default="", max_length=50)
    head_position: str = Field(default="", max_length=200)
    head_name: str = Field(default="", max_length=200)
    updated_at: datetime = Field(default_factory=utcnow)
