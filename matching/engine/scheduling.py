"""Enqueueing a listing's matching after the write that changed it commits."""

from __future__ import annotations

from django.db import models, transaction

KIND_BY_LABEL = {
    "needs.Need": "need",
    "achievements.Achievement": "achievement",
    "experts.Expert": "expert",
}


def schedule_if_matchable(instance: models.Model) -> None:
    """After commit, recompute the matches of a need, achievement or expert that changed.

    Called wherever their state or public content changes (the workflow's transition(), the
    approval of an edit, the admin). The task itself decides: a published listing (an active
    expert) gets its lists recomputed, any other loses its matches. Other models: nothing.
    """
    kind = KIND_BY_LABEL.get(instance._meta.label)
    if kind is None:
        return
    pk = int(instance.pk)
    transaction.on_commit(lambda: enqueue(kind, pk))


def enqueue(kind: str, object_id: int) -> None:
    from matching import tasks

    if kind == "need":
        tasks.match_need.delay(object_id)
    elif kind == "achievement":
        tasks.match_achievement.delay(object_id)
    else:
        tasks.match_expert.delay(object_id)
