"""Counts as people read them: an estimate rounded to two significant digits."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def approximate(value: int, estimated: bool) -> str:
    number = int(value)
    if estimated and number >= 100:
        digits = len(str(number)) - 2
        number = round(number, -digits)
    return number_format(number, force_grouping=True)
