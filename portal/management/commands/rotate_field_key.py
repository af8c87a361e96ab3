from django.core.management.base import BaseCommand
from django.db import transaction

from portal import crypto
from portal.normalize import normalize_code


def encrypted_columns():
    """(model, field names) for every EncryptedTextField in the project."""
    from django.apps import apps

    for model in apps.get_models():
        names = [f.name for f in model._meta.fields if isinstance(f, crypto.EncryptedTextField)]
        if names:
            yield model, names


class Command(BaseCommand):
    help = (
        "Re-encrypt personal data with the first key of PORTAL_FIELD_KEY and recompute "
        "the blind-index digests (after adding a key or changing PORTAL_BLIND_INDEX_KEY)."
    )

    def handle(self, *args, **options):
        total = 0
        with transaction.atomic():
            for model, names in encrypted_columns():
                raw = model.objects.values_list("pk", *names)
                for pk, *values in raw.iterator():
                    # values come back decrypted; saving re-encrypts with the newest key
                    changes = dict(zip(names, values, strict=True))
                    if hasattr(model, "id_number_digest"):
                        changes["id_number_digest"] = crypto.blind_index(
                            normalize_code(changes.get("id_number", ""))
                        )
                    model.objects.filter(pk=pk).update(**changes)
                    total += 1
        self.stdout.write(f"re-encrypted rows={total}")
