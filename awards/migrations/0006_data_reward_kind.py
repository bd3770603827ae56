"""The kind of each reward already in the history: annual for the year's emulation titles and hand entries;
for a form of reward decided in the system, the kind of the dossier that proposed it (ad-hoc; a phase before
the campaign's last one is a phase reward; the last phase is the year's). Mirrors awards.selectors.reward_kind_of."""

from django.db import migrations


def derive_kinds(apps, schema_editor):
    RewardRecord = apps.get_model("awards", "RewardRecord")
    Nominee = apps.get_model("awards", "Nominee")
    Phase = apps.get_model("emulation", "Phase")
    records = RewardRecord.objects.filter(source="decision").exclude(title__category="emulation_title")
    for record in records:
        nominees = Nominee.objects.filter(
            dossier__campaign__year=record.year, title_id=record.title_id, director_decision="approved"
        )
        if record.staff_id:
            nominees = nominees.filter(staff_id=record.staff_id)
        else:
            nominees = nominees.filter(staff__isnull=True, dossier__unit_id=record.unit_id)
        nominee = nominees.select_related("dossier").first()
        if nominee is None:
            continue
        dossier = nominee.dossier
        if dossier.kind == "ad_hoc":
            kind = "ad_hoc"
        else:
            last = (
                Phase.objects.filter(campaign_id=dossier.campaign_id)
                .order_by("-number")
                .values_list("pk", flat=True)
                .first()
            )
            kind = "annual" if dossier.phase_id == last else "thematic"
        RewardRecord.objects.filter(pk=record.pk).update(kind=kind)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0005_nominee_research_rewardrecord_kind_and_more"),
        ("emulation", "0001_initial"),
    ]

    operations = [migrations.RunPython(derive_kinds, migrations.RunPython.noop)]
