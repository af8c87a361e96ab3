"""The daily publicity sweep as a django-q2 schedule (created after migrate)."""


def ensure_sweep_schedule(**kwargs):
    from django.utils import timezone
    from django_q.models import Schedule

    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    first_run = timezone.make_aware(
        timezone.datetime.combine(tomorrow, timezone.datetime.min.time())
    ) + timezone.timedelta(minutes=5)
    Schedule.objects.get_or_create(
        name="search_sweep",
        defaults={
            "func": "search.indexing.sweep",
            "schedule_type": Schedule.DAILY,
            "next_run": first_run,
        },
    )
