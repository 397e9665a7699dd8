"""Notifications, the people's choice of how to hear about them, and the email outbox.

Other code calls:

- ``matching.notifications.services.notify(...)`` to tell a user something;
- ``portal.mail.queue_email(...)`` to send any other email (it becomes an outbox row);
- ``matching.notifications.preferences`` to read or change a user's choices.

docs/notifications.md describes the model, the delivery guarantees and the operations.
"""
