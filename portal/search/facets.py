"""Facets: what each dimension is, how its values are stored, parsed from a URL and labelled.

Every facet value of a listing is one bigint in `facet_keys`: (dimension << 32) + value id.
One GIN index then serves every filter (`facet_keys && ARRAY[...]`) and one pass over the
matching rows (`unnest(facet_keys)`) counts every facet at once.

Value ids of the controlled vocabularies are positions in their choices (1-based), so new
choices are appended at the end (or the index rebuilt); fields and institutions use row ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from portal.vocabulary import ContentLanguage, IPStatus, Region, TransferMode

KINDS = {"achievement": 1, "need": 2, "expert": 3}
KIND_NAMES = {number: name for name, number in KINDS.items()}
KIND_LABELS = {
    "achievement": _("Achievements"),
    "need": _("Technology needs"),
    "expert": _("Experts"),
}

REGIONS = list(Region.values)
TRANSFER_MODES = list(TransferMode.values)
IP_STATUSES = list(IPStatus.values)
LANGUAGES = list(ContentLanguage.values)


@dataclass(frozen=True)
class Dimension:
    number: int
    param: str
    label: object  # a lazy translation
    hierarchical: bool = False


DIMENSIONS = [
    Dimension(1, "type", _("Type")),
    Dimension(2, "field", _("Field"), hierarchical=True),
    Dimension(3, "trl", _("Technology readiness")),
    Dimension(4, "institution", _("Institution")),
    Dimension(5, "region", _("Region")),
    Dimension(6, "transfer_mode", _("Transfer mode")),
    Dimension(7, "ip_status", _("IP status")),
    Dimension(8, "language", _("Language")),
    Dimension(9, "year", _("Year")),
]
BY_PARAM = {dimension.param: dimension for dimension in DIMENSIONS}
BY_NUMBER = {dimension.number: dimension for dimension in DIMENSIONS}
FACET_PARAMS = [dimension.param for dimension in DIMENSIONS]


def key(dimension: int, value: int) -> int:
    return (dimension << 32) + value


def split_key(facet_key: int) -> tuple[int, int]:
    return facet_key >> 32, facet_key & 0xFFFFFFFF


@dataclass
class FacetValue:
    value: str  # as it appears in the URL
    label: str
    count: int
    selected: bool = False
    children: list[FacetValue] = field(default_factory=list)
    url: str = ""  # query string that toggles this value (set by the search page)


@dataclass
class Facet:
    param: str
    label: str
    values: list[FacetValue]


class FilterError(ValueError):
    """A facet parameter with a value that does not exist; the message names both."""


def _vocabulary_id(values: list[str], raw: str, param: str) -> int:
    try:
        return values.index(raw) + 1
    except ValueError:
        raise FilterError(f"{param}: unknown value {raw!r}") from None


def filter_keys(filters: Mapping[str, Iterable[str]]) -> list[list[int]]:
    """URL filters → groups of facet keys: any key of a group (OR), every group (AND)."""
    from accounts.models import Organization
    from portal.models import Field

    groups: list[list[int]] = []
    for param, raw_values in filters.items():
        dimension = BY_PARAM.get(param)
        values = [str(v).strip() for v in raw_values if str(v).strip()]
        if dimension is None or not values:
            continue
        ids: list[int] = []
        for raw in values:
            if param == "type":
                if raw not in KINDS:
                    raise FilterError(f"type: unknown value {raw!r}")
                ids.append(KINDS[raw])
            elif param == "field":
                found = Field.objects.filter(code=raw).values_list("id", flat=True).first()
                if found is None:
                    raise FilterError(f"field: unknown code {raw!r}")
                ids.append(found)
            elif param == "institution":
                lookup = {"id": int(raw)} if raw.isdigit() else {"slug": raw}
                org = Organization.objects.filter(**lookup).values_list("id", flat=True).first()
                if org is None:
                    raise FilterError(f"institution: unknown organisation {raw!r}")
                ids.append(org)
            elif param in {"trl", "year"}:
                if not raw.isdigit():
                    raise FilterError(f"{param}: {raw!r} is not a number")
                ids.append(int(raw))
            elif param == "region":
                ids.append(_vocabulary_id(REGIONS, raw, param))
            elif param == "transfer_mode":
                ids.append(_vocabulary_id(TRANSFER_MODES, raw, param))
            elif param == "ip_status":
                ids.append(_vocabulary_id(IP_STATUSES, raw, param))
            elif param == "language":
                ids.append(_vocabulary_id(LANGUAGES, raw, param))
        groups.append([key(dimension.number, value) for value in ids])
    return groups


def label_facets(
    counts: Mapping[int, int], selected: Mapping[str, Iterable[str]], *, top: int = 12
) -> list[Facet]:
    """Counted facet keys → labelled facets, largest first; fields nested under parents."""
    from accounts.models import Organization
    from portal.models import Field

    by_dimension: dict[int, dict[int, int]] = {}
    for facet_key, count in counts.items():
        number, value = split_key(facet_key)
        by_dimension.setdefault(number, {})[value] = count

    def chosen(param: str) -> set[str]:
        return {str(v) for v in selected.get(param, [])}

    facets: list[Facet] = []
    for dimension in DIMENSIONS:
        values = by_dimension.get(dimension.number, {})
        picked = chosen(dimension.param)
        entries: list[FacetValue] = []
        if dimension.param == "type":
            for value, count in values.items():
                name = KIND_NAMES.get(value, "")
                entries.append(
                    FacetValue(name, str(KIND_LABELS.get(name, name)), count, name in picked)
                )
        elif dimension.param == "field":
            nodes = {f.id: f for f in Field.objects.filter(id__in=values)}
            made: dict[int, FacetValue] = {}
            for value, count in values.items():
                node = nodes.get(value)
                if node is not None:
                    made[value] = FacetValue(node.code, node.name, count, node.code in picked)
            for value, entry in made.items():
                parent = nodes[value].parent_id
                if parent in made:
                    made[parent].children.append(entry)
                else:
                    entries.append(entry)
            for entry in made.values():
                entry.children.sort(key=lambda child: (-child.count, child.label))
        elif dimension.param == "institution":
            # Only the largest (and chosen) institutions are shown: name only those.
            shown = sorted(values, key=lambda v: -values[v])[:top]
            shown += [int(v) for v in picked if v.isdigit() and int(v) in values]
            values = {v: values[v] for v in shown}
            names = {o.id: o for o in Organization.objects.filter(id__in=values)}
            for value, count in values.items():
                if value in names:
                    entries.append(
                        FacetValue(str(value), names[value].name, count, str(value) in picked)
                    )
        elif dimension.param == "trl":
            for value, count in values.items():
                label = str(_("TRL {level}")).format(level=value)
                entries.append(FacetValue(str(value), label, count, str(value) in picked))
        elif dimension.param == "year":
            for value, count in values.items():
                entries.append(FacetValue(str(value), str(value), count, str(value) in picked))
        else:
            vocabulary = {
                "region": (REGIONS, Region),
                "transfer_mode": (TRANSFER_MODES, TransferMode),
                "ip_status": (IP_STATUSES, IPStatus),
                "language": (LANGUAGES, ContentLanguage),
            }[dimension.param]
            slugs, choices = vocabulary
            for value, count in values.items():
                if 1 <= value <= len(slugs):
                    slug = slugs[value - 1]
                    label = str(choices(slug).label)
                    entries.append(FacetValue(slug, label, count, slug in picked))
        if dimension.param == "trl":
            entries.sort(key=lambda entry: int(entry.value))
        elif dimension.param == "year":
            entries.sort(key=lambda entry: -int(entry.value))
        else:
            entries.sort(key=lambda entry: (-entry.count, entry.label))
        if entries:
            keep = [e for e in entries[:top]] + [e for e in entries[top:] if e.selected]
            facets.append(Facet(dimension.param, str(dimension.label), keep))
    return facets
