"""Account pages, one module per area; accounts/urls.py maps them."""
