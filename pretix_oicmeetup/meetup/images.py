"""Uploaded photos, stored as new files drawn from their pixels only.

A camera's JPEG carries EXIF (GPS position, camera, owner), a PNG text chunks, a GIF comments, and any of
them can carry a second file (HTML after the image data). Re-encoding keeps what a viewer sees (pixels,
orientation, colour profile, transparency, animation) and drops everything else.
"""
import io
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

# Pillow's format name → the file ending the stored file gets
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif"}
# More than any camera of the team takes; beyond it, decoding alone would take seconds and gigabytes.
MAX_PIXELS = 40_000_000
MAX_FRAMES = 500
# What an animated GIF's frames keep: their timing and transparency, no comment or extension block.
GIF_FRAME_INFO = ("duration", "transparency", "disposal", "loop", "background")
JPEG_QUALITY = 90


def reencoded_image(upload) -> ContentFile:
    """The upload as a new file of the same format, without metadata; ``ValidationError`` if it is no image
    of the formats above or too large to decode."""
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in EXTENSIONS:
                raise ValidationError(_("This file is no JPEG, PNG or GIF image."), code="image_format")
            if probe.width * probe.height > MAX_PIXELS or getattr(probe, "n_frames", 1) > MAX_FRAMES:
                raise ValidationError(_("This image is too large: at most {megapixels} megapixels, please.").format(
                    megapixels=MAX_PIXELS // 1_000_000), code="image_size")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            encoded = _encode(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError,
            EOFError) as e:
        raise ValidationError(_("This file cannot be read as an image."), code="image_unreadable") from e
    stem = os.path.splitext(os.path.basename(getattr(upload, "name", None) or "photo"))[0] or "photo"
    return ContentFile(encoded, name=stem + EXTENSIONS[image.format])


def _encode(image) -> bytes:
    out = io.BytesIO()
    icc = image.info.get("icc_profile")
    colour = {"icc_profile": icc} if icc else {}
    if image.format == "GIF":
        frames = []
        for frame in ImageSequence.Iterator(image):
            copy = frame.copy()
            copy.info = {k: v for k, v in frame.info.items() if k in GIF_FRAME_INFO}
            frames.append(copy)
        first = frames[0]
        first.save(out, "GIF", save_all=len(frames) > 1, append_images=frames[1:], optimize=False)
        return out.getvalue()
    upright = ImageOps.exif_transpose(image)  # the orientation the camera recorded, then no EXIF at all
    upright.info = {}  # Pillow writes a comment, XMP or EXIF it finds here
    if image.format == "JPEG":
        if upright.mode not in ("L", "RGB", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, **colour)
    else:
        extra = {"transparency": image.info["transparency"]} if "transparency" in image.info else {}
        upright.save(out, "PNG", **colour, **extra)
    return out.getvalue()
