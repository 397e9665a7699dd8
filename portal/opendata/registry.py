"""The tables of the open-data export, in the order of the data package."""

from __future__ import annotations

from portal.opendata.tables import Table


def tables() -> dict[str, Table]:
    from accounts.opendata import TABLE as ORGANIZATIONS
    from achievements.opendata import TABLE as ACHIEVEMENTS
    from experts.opendata import TABLE as EXPERTS
    from needs.opendata import TABLE as NEEDS

    return {table.name: table for table in (ORGANIZATIONS, ACHIEVEMENTS, NEEDS, EXPERTS)}
