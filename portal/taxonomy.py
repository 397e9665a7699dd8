"""Loading field taxonomies shipped as data (portal/data/*.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_taxonomy(field_model: Any, filename: str = "oecd_fos.json") -> int:
    """Create or update every node of a taxonomy file; returns the number of nodes.

    Takes the model as an argument so a data migration can pass its historical model.
    """
    document = json.loads((DATA_DIR / filename).read_text(encoding="utf-8"))
    scheme = document["scheme"]
    position = 0

    def upsert(node: dict[str, Any], parent: Any, depth: int) -> int:
        nonlocal position
        position += 1
        field, _ = field_model.objects.update_or_create(
            scheme=scheme,
            code=node["code"],
            defaults={
                "name_en": node["en"],
                "name_zh": node["zh"],
                "parent": parent,
                "depth": depth,
                "position": position,
            },
        )
        return 1 + sum(upsert(child, field, depth + 1) for child in node.get("children", []))

    return sum(upsert(node, None, 0) for node in document["fields"])
