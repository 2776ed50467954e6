"""The topics a series had before it was renamed, so that its old public address redirects to the current
one. Nothing to fill in: the topics renamed before were not kept. Backwards, the table goes."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pretix_oicmeetup', '0007_photos_without_metadata'),
        ('pretixbase', '0311_fix_unshredded_invoices'),
    ]

    operations = [
        migrations.CreateModel(
            name='SeriesFormerTopic',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                ('topic', models.CharField(max_length=100)),
                ('organizer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='pretixbase.organizer')),
                ('series', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='former_topics', to='pretix_oicmeetup.series')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organizer', 'topic'), name='oicmeetup_series_former_topic')],
            },
        ),
    ]
