"""Controlled vocabularies shared by achievements, needs, experts and organisations.

They are facets in search and columns in imports and exports, so their stored values are stable
English slugs; labels are translated.
"""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Region(models.TextChoices):
    """Province-level divisions of China, plus one value for everywhere else."""

    BEIJING = "beijing", _("Beijing")
    TIANJIN = "tianjin", _("Tianjin")
    HEBEI = "hebei", _("Hebei")
    SHANXI = "shanxi", _("Shanxi")
    INNER_MONGOLIA = "inner-mongolia", _("Inner Mongolia")
    LIAONING = "liaoning", _("Liaoning")
    JILIN = "jilin", _("Jilin")
    HEILONGJIANG = "heilongjiang", _("Heilongjiang")
    SHANGHAI = "shanghai", _("Shanghai")
    JIANGSU = "jiangsu", _("Jiangsu")
    ZHEJIANG = "zhejiang", _("Zhejiang")
    ANHUI = "anhui", _("Anhui")
    FUJIAN = "fujian", _("Fujian")
    JIANGXI = "jiangxi", _("Jiangxi")
    SHANDONG = "shandong", _("Shandong")
    HENAN = "henan", _("Henan")
    HUBEI = "hubei", _("Hubei")
    HUNAN = "hunan", _("Hunan")
    GUANGDONG = "guangdong", _("Guangdong")
    GUANGXI = "guangxi", _("Guangxi")
    HAINAN = "hainan", _("Hainan")
    CHONGQING = "chongqing", _("Chongqing")
    SICHUAN = "sichuan", _("Sichuan")
    GUIZHOU = "guizhou", _("Guizhou")
    YUNNAN = "yunnan", _("Yunnan")
    TIBET = "tibet", _("Tibet")
    SHAANXI = "shaanxi", _("Shaanxi")
    GANSU = "gansu", _("Gansu")
    QINGHAI = "qinghai", _("Qinghai")
    NINGXIA = "ningxia", _("Ningxia")
    XINJIANG = "xinjiang", _("Xinjiang")
    HONG_KONG = "hong-kong", _("Hong Kong")
    MACAO = "macao", _("Macao")
    TAIWAN = "taiwan", _("Taiwan")
    INTERNATIONAL = "international", _("Outside China")


class TransferMode(models.TextChoices):
    EXCLUSIVE_LICENCE = "exclusive-licence", _("Exclusive licence")
    NON_EXCLUSIVE_LICENCE = "non-exclusive-licence", _("Non-exclusive licence")
    ASSIGNMENT = "assignment", _("Assignment")
    JOINT_DEVELOPMENT = "joint-development", _("Joint development")
    EQUITY_INVESTMENT = "equity-investment", _("Equity investment")
    TECHNICAL_SERVICE = "technical-service", _("Technical service")


class Currency(models.TextChoices):
    CNY = "CNY", _("Chinese yuan (CNY)")
    USD = "USD", _("US dollar (USD)")
    EUR = "EUR", _("Euro (EUR)")
    HKD = "HKD", _("Hong Kong dollar (HKD)")


class DevelopmentStage(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    LABORATORY = "laboratory", _("Laboratory prototype")
    PILOT = "pilot", _("Pilot / small batch")
    INDUSTRIAL = "industrial", _("Industrial production")
    ON_MARKET = "on-market", _("On the market")


class IPStatus(models.TextChoices):
    NONE = "none", pgettext_lazy("IP status", "No formal protection")
    PATENT_PENDING = "patent-pending", _("Patent pending")
    PATENTED = "patented", _("Patented")
    SOFTWARE_COPYRIGHT = "software-copyright", _("Software copyright")
    TRADE_SECRET = "trade-secret", _("Know-how / trade secret")
    OTHER = "other", pgettext_lazy("IP status", "Other")


class ContentLanguage(models.TextChoices):
    """Which languages a listing's own text is written in (a search facet)."""

    ZH = "zh", _("Chinese")
    EN = "en", _("English")
    BILINGUAL = "bilingual", _("Chinese and English")


# Technology readiness levels 1-9 (the ISO 16290 / GB/T 22900 scale).
TRL_CHOICES = [(level, format_lazy(_("TRL {level}"), level=level)) for level in range(1, 10)]
