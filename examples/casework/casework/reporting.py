"""Tables the monthly statistics job writes (SQLAlchemy Core)."""

from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table

metadata = MetaData()

monthly_summary = Table(
    "monthly_summary",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("office", String(40)),
    Column("race_start_time", String(20)),  # near-miss: when the report run started
    Column("citizenship", String(40)),  # expect: NEV103
    Column("is_muslim", Boolean),  # expect: NEV102
)
