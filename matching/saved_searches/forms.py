"""The saved-search form: a name, the search (the search page's query string), a frequency."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.saved_searches.models import SavedSearch


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    query = forms.CharField(
        label=_("Search"),
        max_length=1000,
        required=False,
        help_text=_("The address of a search page, or its part after “?”."),
    )
    frequency = forms.ChoiceField(
        label=_("Look for new results"),
        choices=SavedSearch.Frequency.choices,
        initial=SavedSearch.Frequency.DAILY,
        widget=forms.RadioSelect,
    )


class FrequencyForm(forms.Form):
    """The pause and resume buttons of the list page."""

    frequency = forms.ChoiceField(choices=SavedSearch.Frequency.choices)
