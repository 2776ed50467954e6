"""The plugin became a hybrid of pretix's plugin levels (organizer and event): pretix runs it for an event
only while the organizer has it on too. So every organizer with an event that uses it gets it switched on,
and nothing changes for any event. Backwards, the organizers keep it on, which an event-level plugin ignores."""
from django.db import migrations

PLUGIN = "pretix_oicmeetup"


def switch_on_for_organizers(apps, schema_editor):
    Organizer = apps.get_model("pretixbase", "Organizer")
    Event = apps.get_model("pretixbase", "Event")
    using = Event.objects.filter(plugins__regex=rf"(^|,){PLUGIN}(,|$)").values_list("organizer_id", flat=True)
    for organizer in Organizer.objects.filter(pk__in=set(using)):
        plugins = [p for p in (organizer.plugins or "").split(",") if p]
        if PLUGIN not in plugins:
            organizer.plugins = ",".join([*plugins, PLUGIN])
            organizer.save(update_fields=["plugins"])


class Migration(migrations.Migration):

    dependencies = [
        ("pretix_oicmeetup", "0005_speaker_library"),
    ]

    operations = [
        migrations.RunPython(switch_on_for_organizers, migrations.RunPython.noop),
    ]
