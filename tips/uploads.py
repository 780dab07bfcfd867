"""Uploads on the tips pages: kept in memory, cleaned, then encrypted.

Django writes an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a
temporary file, in clear. ``MemoryOnlyUploadHandler`` replaces Django's
handlers on the tips views (tips.privacy.tips_csrf_protect): every chunk
stays in memory, and a file past the size limit, or one file too many, is
skipped (its bytes are read and dropped) and reported to the form, which
says so and keeps everything else the tipster typed.

``clean_upload`` sniffs the real type from the bytes (never the name or the
browser's word), then:

- images (JPEG, PNG, WebP, and a phone's MPO, kept as the JPEG of its
  first picture): refused past TIPS_MAX_IMAGE_PIXELS before decoding
  (decompression bombs), and all the images of one request together past
  TIPS_MAX_REQUEST_PIXELS (``request_pixels_problem``, read from their
  headers before any is decoded: decoding costs about 16 bytes of memory and
  a few CPU-seconds per 40 megapixels), turned upright by their EXIF
  orientation, and re-encoded from pixels only: no EXIF (GPS, camera), XMP, ICC profile or
  text chunks survive;
- PDFs: rebuilt from what their pages show (tips/pdfclean.py): no /Info,
  XMP, annotation author or date, embedded photo's EXIF, or object no page
  uses survives; encrypted PDFs are refused;
- anything else: refused with a message saying which kinds are accepted.

The name the file had is never kept (a phone names a photo by the second it
was taken: IMG_20261207_231502.jpg): a cleaned file is "附件" and the type's
suffix, numbered per tip when stored (tips.services.store_attachment).
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError


def max_file_bytes() -> int:
    return int(getattr(settings, "TIPS_MAX_FILE_BYTES", 10 * 1024 * 1024))


def max_files() -> int:
    return int(getattr(settings, "TIPS_MAX_FILES", 5))


def max_image_pixels() -> int:
    return int(getattr(settings, "TIPS_MAX_IMAGE_PIXELS", 48_000_000))


def max_request_pixels() -> int:
    return int(getattr(settings, "TIPS_MAX_REQUEST_PIXELS", 48_000_000))


def header_pixels(upload) -> int:
    """Width × height as the image's header says (nothing is decoded); 0 for
    what is not an image Pillow reads (a PDF, a refused file)."""
    position = upload.tell()
    try:
        with Image.open(upload) as probe:
            width, height = probe.size
        return width * height
    except Image.DecompressionBombError:
        return max_request_pixels() + 1
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return 0
    finally:
        upload.seek(position)


def request_pixels_problem(uploads) -> str:
    """A message when the images of one request are too large to decode
    together, before any of them is."""
    if sum(header_pixels(upload) for upload in uploads) <= max_request_pixels():
        return ""
    return str(_("Together these photos have too many pixels to be processed. Please send fewer or smaller photos."))


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps each uploaded file in memory, up to the size and count limits."""

    def __init__(self, request=None):
        super().__init__(request)
        self.count = 0
        if request is not None:
            request.tips_upload_problems = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.count += 1
        self.buffer = io.BytesIO()
        self.skipping = False
        if self.count > max_files():
            self._problem(_("At most %(count)d files can be sent.") % {"count": max_files()})
            self.skipping = True
            raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        if self.buffer.tell() + len(raw_data) > max_file_bytes():
            self._problem(
                _("A file is larger than %(size)d MB.") % {"size": max_file_bytes() // (1024 * 1024)}
            )
            self.buffer = io.BytesIO()
            raise SkipFile()
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        if not file_size or getattr(self, "skipping", False):
            return None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )

    def _problem(self, message):
        if self.request is not None and message not in self.request.tips_upload_problems:
            self.request.tips_upload_problems.append(message)


class RefusedFile(ValueError):
    """The file cannot be accepted; str(error) is the message for the tipster."""


@dataclass
class CleanFile:
    name: str
    content_type: str
    data: bytes


NEUTRAL_NAME = "附件"
_IMAGE_TYPES = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "WEBP": ("image/webp", ".webp")}
# Pillow's name for a phone's multi-picture JPEG (two lenses, depth): kept as
# the JPEG of its first picture.
_SAME_AS = {"MPO": "JPEG"}
_NAME_SUFFIXES = {
    "JPEG": (".jpg", ".jpeg", ".jfif", ".mpo"),
    "PNG": (".png",),
    "WEBP": (".webp",),
    "PDF": (".pdf",),
}


def _suffix_fits(name: str, kind: str) -> bool:
    lowered = (name or "").lower()
    return "." not in lowered or lowered.endswith(_NAME_SUFFIXES[kind])


def clean_upload(upload) -> CleanFile:
    data = upload.read()
    if data.startswith(b"%PDF-"):
        if not _suffix_fits(upload.name, "PDF"):
            raise RefusedFile(_("“%(name)s” is not the kind of file its name says.") % {"name": upload.name})
        return CleanFile(NEUTRAL_NAME + ".pdf", "application/pdf", _clean_pdf(data, upload.name))
    return _clean_image(data, upload.name)


def _clean_image(data: bytes, name: str) -> CleanFile:
    refused = RefusedFile(
        _("“%(name)s” cannot be accepted: only photos (JPEG, PNG, WebP) and PDF documents can be sent.")
        % {"name": name}
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = _SAME_AS.get(probe.format, probe.format)
            width, height = probe.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise refused from None
    if kind not in _IMAGE_TYPES:
        raise refused
    if not _suffix_fits(name, kind):
        raise RefusedFile(_("“%(name)s” is not the kind of file its name says.") % {"name": name})
    if width * height > max_image_pixels():
        raise RefusedFile(_("“%(name)s” has too many pixels to be processed.") % {"name": name})
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            # Turned and converted in place where possible: each copy of a
            # 48-megapixel photo is another 144 MB and some 10 ms per 2 MB
            # photo (README "Performance").
            ImageOps.exif_transpose(image, in_place=True)
            mode = "RGBA" if image.mode in ("RGBA", "LA", "P") and kind != "JPEG" else "RGB"
            pixels = image if image.mode == mode else image.convert(mode)
            # A new image from the pixels alone: no info dict, EXIF, XMP or ICC.
            clean = Image.new(mode, pixels.size)
            clean.paste(pixels)
            del pixels
            out = io.BytesIO()
            if kind == "JPEG":
                clean.save(out, "JPEG", quality=88)
            elif kind == "PNG":
                clean.save(out, "PNG", optimize=True)
            else:
                clean.save(out, "WEBP", quality=88)
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise refused from None
    content_type, suffix = _IMAGE_TYPES[kind]
    return CleanFile(NEUTRAL_NAME + suffix, content_type, out.getvalue())


def _clean_pdf(data: bytes, name: str) -> bytes:
    from pypdf.errors import PdfReadError

    from .pdfclean import PdfNotCleanable, rebuild

    try:
        return rebuild(data)
    except PermissionError:
        raise RefusedFile(_("“%(name)s” is protected by a password; send it without one.") % {"name": name}) from None
    except PdfNotCleanable:
        raise RefusedFile(
            _("“%(name)s” holds a picture or part that cannot be checked for hidden details. "
              "Send its pages as photos instead.") % {"name": name}
        ) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError):
        raise RefusedFile(_("“%(name)s” is not a PDF that can be read.") % {"name": name}) from None
