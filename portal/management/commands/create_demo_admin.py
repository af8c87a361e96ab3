from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from portal.setup import ADMINISTRATOR

USERNAME = "admin"
PASSWORD = "demo-admin-2026"


class Command(BaseCommand):
    help = "Create (or reset) the demo administrator and print its credentials."

    def handle(self, *args, **options):
        User = get_user_model()
        user, _ = User.objects.get_or_create(
            username=USERNAME, defaults={"email": "admin@example.org"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=ADMINISTRATOR))
        self.stdout.write(
            f"演示管理员 / demo admin: {USERNAME} / {PASSWORD}  (http://127.0.0.1:8000/admin/)"
        )
