"""Database writes for a plan, in bulk: parties, authorities, records, penalty types,
revisions and audit log entries. The caller wraps this in one `transaction.atomic()`.

`save()` is never called per row, so what the models' save() does is done here:
party name, publicity (one `load_rules()` and one blacklist lookup per import), the
penalty-type M2M, the masked and digested ID number of new parties, and, for blacklist
entries, recomputing the listed parties' penalties.

Drafts follow Wagtail's model: a record that is live keeps its live content when a user
without publish permission imports a change; the change is stored as a new revision
(latest_revision, has_unpublished_changes) for review, like an edit saved as draft.
"""

from django.db import transaction
from django.utils import timezone

from ..models import Authority, Facility, PenaltyType
from ..models.records import RECORD_MODELS, PenaltyRecord
from ..pagecache import bump_version
from ..publicity import apply_publicity, blacklisted_facility_ids, recompute_facility_penalties
from ..signals import send_changed
from .audit import link_revisions, log_entries, make_revisions
from .fastinsert import ids_by, insert, instance_factory, update
from .parties import authority_id, chunks, facility_id

BATCH = 2000
PUBLICITY_FIELDS = ["tier", "publishable", "publicity_ends_on", "repair_allowed_from"]


class Writer:
    def __init__(self, kind, rules, user=None, publish=False, summary=None, progress=None):
        self.kind = kind
        self.model = RECORD_MODELS[kind]
        self.rules = rules
        self.user = user
        self.publish = publish
        self.summary = summary or {}
        self.progress = progress or (lambda stage, done, total: None)
        self.now = timezone.now()
        self.blacklisted = blacklisted_facility_ids() if kind == "penalty" else set()
        self.touched_facilities = set()  # parties whose live records changed

    # --- parties and authorities -------------------------------------------------------

    def create_parties(self, plan):
        used = {id(r.authority) for r, _ in self._rows(plan)}
        authorities = [a for a in plan.resolver.new_authorities if id(a) in used]
        Authority.objects.bulk_create(authorities)
        new = plan.resolver.new_facilities
        with_uscc = [f for f in new if f.uscc]  # read back by the unique USCC if need be
        if not insert(Facility, with_uscc, with_pk=True):
            ids = ids_by(Facility, "uscc", [f.uscc for f in with_uscc])
            for facility in with_uscc:
                facility.pk = ids[facility.uscc]
        for facility in with_uscc:
            facility._state.adding = False
        Facility.objects.bulk_create([f for f in new if not f.uscc], batch_size=BATCH)
        claimed = plan.resolver.claimed
        if claimed:
            facilities = list(Facility.objects.filter(pk__in=list(claimed)))
            for facility in facilities:
                facility.uscc = claimed[facility.pk]
                facility.updated_at = self.now
            Facility.objects.bulk_update(facilities, ["uscc", "updated_at"], batch_size=BATCH)

    def _rows(self, plan):
        yield from ((row, None) for row in plan.creates)
        yield from plan.updates

    # --- records -----------------------------------------------------------------------

    def _fill(self, record, row):
        for name, value in row.fields.items():
            setattr(record, name, value)
        record.facility_id = facility_id(row.facility)
        record.authority_id = authority_id(row.authority)
        record.source_hash = row.source_hash
        apply_publicity(record, self.rules, blacklisted=record.facility_id in self.blacklisted)

    def _go_live(self, record):
        record.live = True
        record.has_unpublished_changes = False
        record.expired = False
        record.last_published_at = self.now
        if record.first_published_at is None:
            record.first_published_at = self.now

    def create_records(self, rows) -> list:
        records = []
        new = instance_factory(self.model)
        for row in rows:
            record = new(record_key=row.record_key)
            self._fill(record, row)
            if self.publish:
                self._go_live(record)
            else:
                record.live = False
                record.has_unpublished_changes = True
            records.append(record)
        assigned = True
        for done, batch in enumerate(chunks(records, BATCH), start=1):
            assigned = insert(self.model, batch, with_pk=True) and assigned
            self.progress("write", min(done * BATCH, len(records)), len(records))
        if not assigned:  # read the new ids back by the unique record key
            ids = ids_by(self.model, "record_key", [r.record_key for r in records])
            for record in records:
                record.pk = ids[record.record_key]
        for record in records:
            record._state.adding = False
            record._state.db = "default"
        return records

    def update_records(self, updates) -> tuple[list, list]:
        """Returns (records whose row changed, records whose change only went to a revision)."""
        by_pk = {}
        for chunk in chunks([pk for _, pk in updates], BATCH):
            by_pk.update(self.model.objects.in_bulk(chunk))
        rewritten, drafted = [], []
        for row, pk in updates:
            record = by_pk[pk]
            was_live = record.live
            previous_facility = record.facility_id
            self._fill(record, row)
            record.updated_at = self.now
            if self.publish:
                self._go_live(record)
                rewritten.append(record)
                self.touched_facilities.add(previous_facility)
            else:
                record.has_unpublished_changes = True
                (drafted if was_live else rewritten).append(record)
                if not was_live:
                    self.touched_facilities.add(previous_facility)
        if rewritten:
            data = set(updates[0][0].fields) | {"facility", "authority", "source_hash"}
            fields = [*sorted(data), *PUBLICITY_FIELDS, "updated_at"]
            fields += ["live", "has_unpublished_changes", "expired"]
            fields += ["first_published_at", "last_published_at"]
            update(self.model, rewritten, fields)
        if drafted:
            update(self.model, drafted, ["source_hash", "has_unpublished_changes", "updated_at"])
        return rewritten, drafted

    # --- penalty types -----------------------------------------------------------------

    def penalty_types(self, records, names_by_key: dict, replace=()):
        through = PenaltyRecord.penalty_types.through
        ids = {}
        for pk, name, aliases in PenaltyType.objects.values_list("id", "name", "aliases"):
            ids.setdefault(name, pk)
            for alias in aliases.split(";"):
                if alias.strip():
                    ids.setdefault(alias.strip(), pk)
        for chunk in chunks([r.pk for r in replace]):
            through.objects.filter(penaltyrecord_id__in=chunk).delete()
        links = []
        for record in records:
            wanted = {ids[n] for n in names_by_key[record.record_key] if n in ids}
            links += [{"penaltyrecord_id": record.pk, "penaltytype_id": t} for t in wanted]
        insert(through, links)

    # --- the whole plan ----------------------------------------------------------------

    def write(self, plan):
        self.create_parties(plan)
        created = self.create_records(plan.creates)
        rewritten, drafted = self.update_records(plan.updates)
        if self.kind == "penalty":
            names = {r.record_key: r.penalty_names for r, _ in self._rows(plan)}
            self.penalty_types([*created, *rewritten], names, replace=rewritten)
        changed = [*rewritten, *drafted]
        revisions = make_revisions(self.model, [*created, *changed], self.user, self.now)
        link_revisions(self.model, revisions, live=self.publish, drafted=drafted)
        log_entries(
            self.model,
            created=created,
            updated=changed,
            revisions=revisions,
            user=self.user,
            now=self.now,
            published=self.publish,
            summary={"kind": self.kind, **self.summary},
        )
        if self.kind == "blacklist":
            self.touched_facilities.update(r.facility_id for r in [*created, *rewritten])
            for pk in sorted(self.touched_facilities):
                recompute_facility_penalties(pk)
        # Bulk writes send no signals: invalidate cached public pages and tell the search
        # index once committed.
        transaction.on_commit(bump_version)
        touched = [r.pk for r in [*created, *changed]]
        parties = [f.pk for f in plan.resolver.new_facilities if f.pk]
        parties += list(plan.resolver.claimed or ())
        transaction.on_commit(lambda: send_changed(self.kind, touched))
        transaction.on_commit(lambda: send_changed("facility", parties))
        return created, changed
