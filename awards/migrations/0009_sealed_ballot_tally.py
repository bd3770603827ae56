"""The ballot secret from the database too (awards/secrecy.py): the choices of an open electronic ballot
leave their rows (one per choice, written with the member's receipt, so linked to it by transaction id and
physical order) for one sealed tally per session; the receipts lose their time. A closed session keeps its
totals on its nominees (written at its close, untouched here); its choice rows go with the table."""

import django.db.models.deletion
from django.db import migrations, models

# The sealing as the application does it: the tally written here is the one the next vote or the close opens.
from awards.secrecy import COLUMNS, Tally, seal, unseal


def seal_open_ballots(apps, schema_editor):
    CouncilSession = apps.get_model("awards", "CouncilSession")
    Nominee = apps.get_model("awards", "Nominee")
    BallotReceipt = apps.get_model("awards", "BallotReceipt")
    BallotChoice = apps.get_model("awards", "BallotChoice")
    SealedTally = apps.get_model("awards", "SealedTally")
    for session in CouncilSession.objects.filter(closed_at__isnull=True, paper_ballot=False):
        tally = Tally.empty(Nominee.objects.filter(dossier__council_session=session).values_list("pk", flat=True))
        for nominee_id, choice in BallotChoice.objects.filter(session=session).values_list("nominee_id", "choice"):
            tally.counts.setdefault(nominee_id, [0, 0, 0])[COLUMNS.index(choice)] += 1
        tally.ballots = BallotReceipt.objects.filter(session=session).count()
        SealedTally.objects.create(session=session, sealed=seal(tally, session_pk=session.pk))


def unseal_open_ballots(apps, schema_editor):
    """Back to one row per choice (in no particular order); needs the key the tallies were sealed with."""
    BallotChoice = apps.get_model("awards", "BallotChoice")
    for row in apps.get_model("awards", "SealedTally").objects.all():
        tally = unseal(row.sealed, session_pk=row.session_id)
        BallotChoice.objects.bulk_create(
            BallotChoice(session_id=row.session_id, nominee_id=nominee_id, choice=COLUMNS[column].value)
            for nominee_id, counts in tally.counts.items()
            for column, count in enumerate(counts)
            for _ in range(count)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0008_councilsession_minutes_fields'),
    ]

    operations = [
        migrations.CreateModel(
            name='SealedTally',
            fields=[
                ('session', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='sealed_tally', serialize=False, to='awards.councilsession')),
                ('sealed', models.BinaryField()),
            ],
            options={
                'verbose_name': 'sealed ballot tally',
            },
        ),
        migrations.RunPython(seal_open_ballots, unseal_open_ballots),
        migrations.RemoveField(
            model_name='ballotreceipt',
            name='cast_at',
        ),
        migrations.DeleteModel(
            name='BallotChoice',
        ),
    ]
