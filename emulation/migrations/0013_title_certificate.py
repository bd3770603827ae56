"""Which titles get a certificate per awardee: the Director's Giấy khen, and the giấy chứng nhận of the titles
the Director decides (LĐTT, CSTĐCS, TTLĐTT) — a practice of many provinces, not a rule of law [U]; the
Department switches it per title (admin, Title.certificate)."""

from django.db import migrations, models

CERTIFICATES = {"GK_GD": "giay_khen", "LDTT": "chung_nhan", "CSTDCS": "chung_nhan", "TTLDTT": "chung_nhan"}


def forwards(apps, schema_editor):
    Title = apps.get_model("emulation", "Title")
    for code, kind in CERTIFICATES.items():
        Title.objects.filter(code=code).update(certificate=kind)


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0012_paper_template"),
    ]

    operations = [
        migrations.AddField(
            model_name="title",
            name="certificate",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "No certificate"),
                    ("giay_khen", "Certificate of merit (giấy khen) of the Director"),
                    ("chung_nhan", "Certificate of the title (giấy chứng nhận)"),
                ],
                default="",
                max_length=20,
                verbose_name="certificate printed for each awardee",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
