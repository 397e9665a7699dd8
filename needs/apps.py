from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = _("Technology needs")

    def ready(self) -> None:
        from needs.moderation import register_needs

        register_needs()
