# After 0007_data_ has given the inactive units an end date.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0008_data_organisation_over_time"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='unit',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('active', True), ('valid_to__isnull', True)), models.Q(('active', False), ('valid_to__isnull', False)), _connector='OR'), name='unit_active_until_ended', violation_error_message='A unit is active exactly while it has no end date.'),
        ),
    ]
