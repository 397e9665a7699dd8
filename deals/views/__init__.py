"""Deals pages: inquiries, document requests and NDAs, outcomes, the funnel."""
