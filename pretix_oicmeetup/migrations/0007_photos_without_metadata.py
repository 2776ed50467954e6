"""Photos uploaded before the plugin re-encoded uploads still carry what the camera wrote (GPS position,
camera, comments) and whatever was appended to them. Each is re-encoded as a new upload is
(meetup/images.py) and stored under its old name, so every page and cached text that shows it stays right.
A file that cannot be read as an image is left as it is and named in the log. Backwards, nothing changes."""
import logging

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import migrations

from pretix_oicmeetup.meetup.images import reencoded_image

logger = logging.getLogger(__name__)
PHOTOS = (("Speaker", "photo"), ("Person", "photo"), ("RetrospectivePhoto", "image"))


def replace_file(name: str) -> str:
    """Re-encodes the stored file ``name``; its name afterwards (the same unless the storage refused it)."""
    with default_storage.open(name, "rb") as f:
        clean = reencoded_image(f)
    # the clean copy is kept first, so that no step below can lose the photo
    copy = default_storage.save(name + ".clean", clean)
    default_storage.delete(name)
    with default_storage.open(copy, "rb") as f:
        final = default_storage.save(name, f)
    default_storage.delete(copy)
    return final


def reencode_stored_photos(apps, schema_editor):
    for model_name, field in PHOTOS:
        model = apps.get_model("pretix_oicmeetup", model_name)
        for row in model.objects.exclude(**{field: ""}).exclude(**{f"{field}__isnull": True}).iterator():
            name = getattr(row, field).name
            try:
                final = replace_file(name)
            except (OSError, ValidationError):
                logger.warning("Photo %s could not be re-encoded and was left as it is.", name)
                continue
            if final != name:
                model.objects.filter(pk=row.pk).update(**{field: final})


class Migration(migrations.Migration):

    dependencies = [
        ("pretix_oicmeetup", "0006_plugin_on_for_organizers"),
    ]

    operations = [
        migrations.RunPython(reencode_stored_photos, migrations.RunPython.noop),
    ]
