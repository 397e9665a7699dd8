"""Moderation shared by every reviewed kind of content: the queue, decisions, abuse reports.

Achievements register themselves in achievements/apps.py; needs (same lifecycle) plug in the
same way (see moderation/registry.py), without copying the queue, workflow or notifications.
"""
