"""Data only: the new legal parameters of campaigns that existed before them keep the verdicts those
campaigns had (a past year's verdicts never change because a default changed): the CSTĐCS cap applied only
under R2017, and R2017 counted 10 months from recruitment (emulation.legal.REGIME_DEFAULTS)."""

from django.db import migrations


def forwards(apps, schema_editor):
    CampaignRules = apps.get_model("emulation", "CampaignRules")
    CampaignRules.objects.exclude(campaign__regime="R2017").update(cstdcs_cap_applies=False)
    CampaignRules.objects.filter(campaign__regime="R2017").update(ldtt_min_months_recruited=10)


class Migration(migrations.Migration):
    dependencies = [("emulation", "0008_regime_2025_reference_data")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
