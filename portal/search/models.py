"""The search index's own tables. Only portal.search reads or writes them.

Why tables of our own instead of a column on each model: the public index must hold public
listings only (drafts live in SearchPrivateDocument, disclosures nowhere); one table for all
three kinds makes a mixed search and its facets one query; and a full rebuild fills fresh
tables in parallel and swaps them in, instead of updating a million rows in place (measured
here: an UPDATE of the vector column ran at about 2,400 rows/s, 7 minutes for a million).
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class DocumentColumns(models.Model):
    """Columns shared by the public index and its sample."""

    # object_id * 8 + kind: unique across kinds, derived, so writers need no sequence.
    doc_id = models.BigIntegerField(primary_key=True)
    kind = models.PositiveSmallIntegerField()
    object_id = models.BigIntegerField()
    # 0: everyone may see the row; 1: signed-in users only (registered-only expert profiles).
    audience = models.PositiveSmallIntegerField(default=0)
    # A fixed 1/64 of the rows (by a hash of doc_id) form the sample used for estimates.
    sample_bucket = models.PositiveSmallIntegerField()
    # Static tie-break: publication day plus up to 90 days for a complete, verified listing.
    prior = models.IntegerField()
    published = models.DateTimeField(null=True)
    trl = models.PositiveSmallIntegerField(null=True)
    # Every facet value of the row as (dimension << 32) + value id; see portal/search/facets.py.
    facet_keys = ArrayField(models.BigIntegerField(), default=list)
    # Weighted: title A, keywords B, summary C, body D.
    tsv = SearchVectorField()
    # The title and keyword lexemes alone: the relevance tiers are probed through these.
    tsv_title = SearchVectorField()
    tsv_keywords = SearchVectorField()

    class Meta:
        abstract = True


class SearchDocument(DocumentColumns):
    """One published, public listing (achievement, need or expert profile)."""

    class Meta:
        db_table = "search_document"
        verbose_name = _("search document")
        indexes = [
            GinIndex(fields=["tsv"], name="search_doc_tsv"),
            GinIndex(fields=["tsv_title"], name="search_doc_title"),
            GinIndex(fields=["tsv_keywords"], name="search_doc_keywords"),
            GinIndex(fields=["facet_keys"], name="search_doc_facets"),
            models.Index(F("prior").desc(), F("doc_id").desc(), name="search_doc_prior"),
            models.Index(F("published").desc(), F("doc_id").desc(), name="search_doc_published"),
            models.Index(
                F("trl").desc(nulls_last=True),
                F("prior").desc(),
                F("doc_id").desc(),
                name="search_doc_trl",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class SearchSample(DocumentColumns):
    """The rows of SearchDocument whose sample_bucket is 0, kept compact for estimates."""

    class Meta:
        db_table = "search_sample"
        verbose_name = _("search sample")
        indexes = [
            GinIndex(fields=["tsv"], name="search_sample_tsv"),
            GinIndex(fields=["facet_keys"], name="search_sample_facets"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class SearchPrivateDocument(models.Model):
    """Text of listings that are not public (drafts, listings under review).

    Never read by search(); only filter_queryset() uses it, always on a queryset already
    restricted by visible_to(user), so an owner can find their own drafts on a list page.
    """

    doc_id = models.BigIntegerField(primary_key=True)
    kind = models.PositiveSmallIntegerField()
    object_id = models.BigIntegerField()
    tsv = SearchVectorField()

    class Meta:
        db_table = "search_private_document"
        verbose_name = _("private search document")
        indexes = [GinIndex(fields=["tsv"], name="search_private_tsv")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class SearchWord(models.Model):
    """Words of titles, keywords, expert and organisation names with document counts.

    With its trigram index this is the typo tolerance: "did you mean" replaces a word the
    index does not know by the most frequent similar one.
    """

    word = models.CharField(max_length=100, primary_key=True)
    df = models.IntegerField(default=1)

    class Meta:
        db_table = "search_word"
        verbose_name = _("search word")
        indexes = [GinIndex(OpClass("word", name="gin_trgm_ops"), name="search_word_trgm")]

    def __str__(self) -> str:
        return self.word
