"""The names a series and a person of the speaker library are found by, kept as indexed columns: an edition
finds its series and a speaker row its person by a query on them, no longer by reading every one of the
organizer's. Forwards, the keys of the rows there are filled in; backwards, the columns go (nothing else was
changed)."""
import unicodedata

from django.db import migrations, models


def _name_key(value):
    # as meetup.names.name_key, frozen here as this migration ran
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        filled = [data[k] for k in ("de", "de-informal", *sorted(data)) if str(data.get(k) or "").strip()]
        data = filled[0] if filled else ""
    text = " ".join(unicodedata.normalize("NFC", str(data or "")).split())
    return unicodedata.normalize("NFC", text.casefold())


def _profile_key(url):
    # as meetup.names.profile_key, frozen here as this migration ran
    return (url or "").strip().rstrip("/").casefold()


def fill_keys(apps, schema_editor):
    Series = apps.get_model("pretix_oicmeetup", "Series")
    Person = apps.get_model("pretix_oicmeetup", "Person")
    series = list(Series.objects.all())
    for row in series:
        row.name_key = _name_key(row.name)
    Series.objects.bulk_update(series, ["name_key"], batch_size=500)
    people = list(Person.objects.all())
    for row in people:
        row.name_key, row.profile_key = _name_key(row.name), _profile_key(row.profile_url)
    Person.objects.bulk_update(people, ["name_key", "profile_key"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('pretix_oicmeetup', '0008_series_former_topics'),
        ('pretixbase', '0311_fix_unshredded_invoices'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='name_key',
            field=models.CharField(default='', editable=False, max_length=600),
        ),
        migrations.AddField(
            model_name='person',
            name='profile_key',
            field=models.CharField(blank=True, default='', editable=False, max_length=1500),
        ),
        migrations.AddField(
            model_name='series',
            name='name_key',
            field=models.CharField(default='', editable=False, max_length=600),
        ),
        # backwards the columns go; there is nothing to undo in the rows
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='person',
            index=models.Index(fields=['organizer', 'name_key'], name='oicmeetup_person_name_key'),
        ),
        migrations.AddIndex(
            model_name='series',
            index=models.Index(fields=['organizer', 'name_key'], name='oicmeetup_series_name_key'),
        ),
    ]
