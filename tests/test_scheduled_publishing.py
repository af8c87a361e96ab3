"""Scheduled publishing of records runs from a django-q2 schedule."""

import datetime
import importlib

import pytest
from django.utils import timezone
from django_q.models import Schedule

from portal.models import PenaltyRecord


def run_schedule(name):
    schedule = Schedule.objects.get(name=name)
    module, _, func = schedule.func.rpartition(".")
    args = eval(schedule.args or "()")  # noqa: S307 - our own stored schedule
    getattr(importlib.import_module(module), func)(*(args if isinstance(args, tuple) else (args,)))


@pytest.mark.django_db
def test_record_scheduled_for_publication_goes_live_when_the_schedule_runs(
    make_penalty, admin_user
):
    record = make_penalty(datetime.date(2026, 11, 2), live=False)
    record.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = record.save_revision(user=admin_user)
    revision.publish(user=admin_user)  # go_live_at in the future: scheduled, not live
    assert not PenaltyRecord.objects.get(pk=record.pk).live
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None

    run_schedule("publish_scheduled")  # too early: nothing happens
    assert not PenaltyRecord.objects.get(pk=record.pk).live

    # An hour later (moved back rather than waiting), the schedule publishes it.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    run_schedule("publish_scheduled")
    record = PenaltyRecord.objects.get(pk=record.pk)
    assert record.live
    assert PenaltyRecord.objects.public().filter(pk=record.pk).exists()
    assert Schedule.objects.get(name="publish_scheduled").minutes == 1
