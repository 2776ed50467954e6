"""The organizer's meetup series. Each event's own series fields (name, link, info, topic) stay as they are;
forwards, the events that carry the same series name become editions of one new series record, described
by the newest of them. Backwards, the records go and the events keep their fields: nothing is lost but
series that no event names."""
import json
import re

import django.db.models.deletion
import i18nfield.fields
from django.db import migrations, models
from django.utils.text import slugify

PREFIX = "oicmeetup_series_"
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")


def _i18n(value):
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return value or ""
    return data if isinstance(data, (dict, str)) else value


def _name_key(data):
    # as series.records.name_key, frozen here as this migration ran
    if isinstance(data, dict):
        filled = [data[k] for k in ("de", "de-informal", *sorted(data)) if str(data.get(k) or "").strip()]
        data = filled[0] if filled else ""
    return " ".join(str(data or "").split()).casefold()


def create_series(apps, schema_editor):
    Event = apps.get_model("pretixbase", "Event")
    SettingsStore = apps.get_model("pretixbase", "Event_SettingsStore")
    Series = apps.get_model("pretix_oicmeetup", "Series")
    SeriesEdition = apps.get_model("pretix_oicmeetup", "SeriesEdition")
    fields = {}
    for row in SettingsStore.objects.filter(key__startswith=PREFIX).values_list("object_id", "key", "value"):
        fields.setdefault(row[0], {})[row[1][len(PREFIX):]] = row[2]
    groups = {}
    for event in Event.objects.filter(pk__in=fields).order_by("date_from", "pk"):
        values = fields[event.pk]
        key = _name_key(_i18n(values.get("name")))
        if key:
            groups.setdefault((event.organizer_id, key), []).append((event, values))
    for (organizer_id, key), editions in groups.items():
        def newest(name):
            return next((v[name] for _, v in reversed(editions) if (v.get(name) or "").strip()), "")

        taken = set(Series.objects.filter(organizer_id=organizer_id).values_list("topic", flat=True))
        wanted = newest("topic")
        base = (wanted if SLUG_RE.match(wanted) else slugify(key))[:96].strip("-") or "meetups"
        topic, counter = base, 2
        while topic in taken:
            topic, counter = f"{base}-{counter}", counter + 1
        series = Series.objects.create(
            organizer_id=organizer_id, name=_i18n(newest("name")), topic=topic, url=newest("url"),
            info=_i18n(newest("info")),
        )
        SeriesEdition.objects.bulk_create([SeriesEdition(event=event, series=series) for event, _ in editions])


class Migration(migrations.Migration):

    dependencies = [
        ('pretix_oicmeetup', '0003_retrospective'),
        ('pretixbase', '0311_fix_unshredded_invoices'),
    ]

    operations = [
        migrations.CreateModel(
            name='Series',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                ('name', i18nfield.fields.I18nCharField(max_length=200)),
                ('topic', models.CharField(max_length=100)),
                ('url', models.URLField(max_length=500)),
                ('info', i18nfield.fields.I18nTextField()),
                ('organizer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='oicmeetup_series', to='pretixbase.organizer')),
            ],
            options={
                'ordering': ('topic',),
            },
        ),
        migrations.CreateModel(
            name='SeriesEdition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                ('event', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='oicmeetup_edition', to='pretixbase.event')),
                ('series', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='editions', to='pretix_oicmeetup.series')),
            ],
        ),
        migrations.AddConstraint(
            model_name='series',
            constraint=models.UniqueConstraint(fields=('organizer', 'topic'), name='oicmeetup_series_topic'),
        ),
        # backwards the tables go, and with them the records; the events' own fields were never touched
        migrations.RunPython(create_series, migrations.RunPython.noop),
    ]
