"""A PDF rebuilt from what its pages show, and nothing else.

A PDF carries metadata in many places besides its /Info dictionary: XMP
streams on the document, on pages, on images and on fonts; annotations with
their author (/T) and dates (/M, /CreationDate); page thumbnails; the photo
a scan-to-PDF app embedded byte for byte, with its EXIF (GPS, camera,
artist), XMP and ICC profile; objects no page uses any more (an earlier
version of an edited page). Copying pages over keeps most of that, so
``rebuild`` builds a new document instead:

- only the pages, and of each page only its boxes, rotation, resources and
  contents; nothing of the catalogue (outlines, attachments, forms,
  scripts) and no object no page reaches;
- every image decoded to pixels and encoded again by Pillow (JPEG stays
  JPEG, the rest is compressed pixels), in device colours: no EXIF, XMP or
  ICC profile survives, whatever the image held;
- annotations flattened: what one shows (its appearance) is painted onto the
  page, and the annotation itself (author, dates, text, replies) is dropped;
- /Metadata, /PieceInfo and /LastModified dropped wherever they are, ICC
  colour spaces replaced by the device space of as many colours, content
  streams parsed and written again (comments go, inline JPEGs are
  re-encoded).

Anything it cannot decode raises ``PdfNotCleanable``; the caller refuses the
file with a message rather than store what it could not clean.
"""

import io

from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

# Keys that carry metadata, or lead out of the page (to its parent, the
# page tree, or an action), wherever they appear.
DROPPED_KEYS = {
    "/Metadata", "/PieceInfo", "/LastModified", "/Parent", "/P", "/StructParent", "/StructParents",
    "/AA", "/A", "/Thumb", "/B", "/ID", "/Annots", "/URI", "/JS",
}
# Stream keys that belong to the old encoding of the data.
ENCODING_KEYS = {"/Length", "/Filter", "/DecodeParms", "/DL", "/F", "/FFilter", "/FDecodeParms"}
PAGE_KEYS = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate", "/UserUnit")
DEVICE_SPACES = {1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}
HIDDEN_FLAGS = 0b10 | 0b100000  # Hidden, NoView
JPEG_QUALITY = 88


class PdfNotCleanable(ValueError):
    """Something in the PDF could not be decoded, so could not be cleaned."""


def rebuild(data: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise PermissionError("encrypted")
    writer = PdfWriter()
    copier = _Copier(writer)
    for page in reader.pages:
        copier.page(page)
    # pypdf writes a /Producer of its own into a new document's /Info.
    writer.metadata = None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class _Copier:
    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.copied: dict[tuple[int, int], IndirectObject] = {}
        self.copying: set[tuple[int, int]] = set()

    # ------------------------------------------------------------ pages
    def page(self, page):
        media_box = page.mediabox
        new = self.writer.add_blank_page(float(media_box.width), float(media_box.height))
        for key in PAGE_KEYS:
            if key in page:
                new[NameObject(key)] = self.copy(page[key])
        resources = self.copy(page.get("/Resources", DictionaryObject()))
        contents = page.get_contents()
        body = self.content(contents.get_data() if contents is not None else b"", page.pdf)
        painted = self.annotations(page)
        if painted:
            # The page's own resources: others may share the copied ones.
            resources = DictionaryObject(resources.get_object())
            xobjects = resources.get("/XObject")
            xobjects = DictionaryObject(xobjects.get_object() if xobjects is not None else {})
            xobjects.update({NameObject(name): form for name, form, _placement in painted})
            resources[NameObject("/XObject")] = xobjects
        flattened = b"".join(
            b"q %s cm %s Do Q\n" % (" ".join(f"{v:.4f}" for v in placement).encode(), name.encode())
            for name, _form, placement in painted
        )
        stream = DecodedStreamObject()
        stream.set_data(b"q\n" + body + b"\nQ\n" + flattened)
        new[NameObject("/Resources")] = resources
        new[NameObject("/Contents")] = self.writer._add_object(stream.flate_encode())
        return new

    def annotations(self, page) -> list:
        """(name, form, placement) for each visible annotation's appearance,
        to be painted on the page; the annotation itself is not copied."""
        painted = []
        for index, ref in enumerate(page.get("/Annots") or []):
            annotation = ref.get_object()
            if not isinstance(annotation, DictionaryObject) or annotation.get("/Subtype") == "/Popup":
                continue
            if int(annotation.get("/F", 0)) & HIDDEN_FLAGS or "/Rect" not in annotation:
                continue
            appearance = (annotation.get("/AP") or {}).get("/N")
            appearance = appearance.get_object() if appearance is not None else None
            if isinstance(appearance, DictionaryObject) and not isinstance(appearance, StreamObject):
                appearance = appearance.get(annotation.get("/AS", "/Off"))
                appearance = appearance.get_object() if appearance is not None else None
            if not isinstance(appearance, StreamObject):
                continue
            placement = _placement(appearance, [float(v) for v in annotation["/Rect"]])
            if placement is not None:
                form = self.copy(appearance.indirect_reference or appearance)
                painted.append((f"/Flat{index}", form, placement))
        return painted

    def content(self, data: bytes, pdf) -> bytes:
        """A content stream parsed and written again, inline JPEGs re-encoded."""
        if not data.strip():
            return b""
        stream = DecodedStreamObject()
        stream.set_data(data)
        parsed = ContentStream(stream, pdf)
        operations = parsed.operations
        for operands, operator in operations:
            if operator == b"INLINE IMAGE":
                settings = operands["settings"]
                filters = settings.get("/F", settings.get("/Filter"))
                names = [str(f) for f in (filters if isinstance(filters, list) else [filters])]
                if any(name in ("/DCT", "/DCTDecode") for name in names):
                    if len(names) != 1:
                        raise PdfNotCleanable("an inline JPEG behind another filter")
                    operands["data"] = _jpeg(_pixels(Image.open(io.BytesIO(operands["data"]))))
        parsed.operations = operations
        return parsed.get_data()

    # ------------------------------------------------------------ objects
    def copy(self, obj):
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in self.copied:
                return self.copied[key]
            if key in self.copying:
                raise PdfNotCleanable("an object contains itself")
            self.copying.add(key)
            new = self.copy(obj.get_object())
            self.copying.discard(key)
            ref = self.writer._add_object(new)
            self.copied[key] = ref
            return ref
        if isinstance(obj, StreamObject):
            if obj.get("/Subtype") == "/Image":
                return self.image(obj)
            return self.stream(obj)
        if isinstance(obj, DictionaryObject):
            new = DictionaryObject()
            for key, value in obj.items():
                if key not in DROPPED_KEYS:
                    new[NameObject(key)] = self.copy(value)
            return new
        if isinstance(obj, ArrayObject):
            if len(obj) == 2 and obj[0] == "/ICCBased":
                colours = int(obj[1].get_object().get("/N", 3))
                return NameObject(DEVICE_SPACES.get(colours, "/DeviceRGB"))
            return ArrayObject(self.copy(item) for item in obj)
        return obj

    def stream(self, obj: StreamObject):
        data = obj.get_data()
        if obj.get("/Subtype") == "/Form" or obj.get("/PatternType") == 1:
            data = self.content(data, getattr(obj.indirect_reference, "pdf", None))
        new = DecodedStreamObject()
        for key, value in obj.items():
            if key not in DROPPED_KEYS and key not in ENCODING_KEYS:
                new[NameObject(key)] = self.copy(value)
        new.set_data(data)
        return new.flate_encode()

    def image(self, obj: StreamObject):
        if obj.get("/ImageMask"):
            return self.stencil(obj)
        try:
            picture = obj.decode_as_image()
        except Exception as error:  # noqa: BLE001 - pypdf and Pillow raise many kinds
            raise PdfNotCleanable("an image that cannot be decoded") from error
        if picture is None:
            raise PdfNotCleanable("an image that cannot be decoded")
        was_jpeg = _last_filter(obj) == "/DCTDecode"
        pixels = _pixels(picture)
        alpha = None
        if pixels.mode in ("RGBA", "LA"):
            alpha = pixels.getchannel("A")
            pixels = pixels.convert("RGB" if pixels.mode == "RGBA" else "L")
        new = self.image_stream(pixels, as_jpeg=was_jpeg and pixels.mode != "CMYK")
        if alpha is not None:
            new[NameObject("/SMask")] = self.writer._add_object(self.image_stream(alpha, as_jpeg=False))
        elif "/SMask" in obj:
            new[NameObject("/SMask")] = self.copy(obj["/SMask"])
        if "/Mask" in obj:  # colour-key numbers, or a stencil image
            new[NameObject("/Mask")] = self.copy(obj["/Mask"])
        return new

    def image_stream(self, pixels: Image.Image, *, as_jpeg: bool):
        space = {"L": "/DeviceGray", "RGB": "/DeviceRGB", "CMYK": "/DeviceCMYK"}[pixels.mode]
        header = {
            "/Type": NameObject("/XObject"), "/Subtype": NameObject("/Image"),
            "/Width": NumberObject(pixels.width), "/Height": NumberObject(pixels.height),
            "/ColorSpace": NameObject(space), "/BitsPerComponent": NumberObject(8),
        }
        if as_jpeg:
            new = StreamObject()
            new.set_data(_jpeg(pixels))
            new[NameObject("/Filter")] = NameObject("/DCTDecode")
        else:
            new = DecodedStreamObject()
            new.set_data(pixels.tobytes())
        for key, value in header.items():
            new[NameObject(key)] = value
        return new if as_jpeg else new.flate_encode()

    def stencil(self, obj: StreamObject):
        """A 1-bit mask: its decoded samples are all there is to it."""
        if _last_filter(obj) not in (None, "/FlateDecode", "/LZWDecode", "/RunLengthDecode",
                                     "/ASCIIHexDecode", "/ASCII85Decode"):
            raise PdfNotCleanable("a mask in an encoding that cannot be checked")
        new = DecodedStreamObject()
        for key in ("/Type", "/Subtype", "/Width", "/Height", "/ImageMask", "/Decode"):
            if key in obj:
                new[NameObject(key)] = self.copy(obj[key])
        new[NameObject("/BitsPerComponent")] = NumberObject(1)
        new.set_data(obj.get_data())
        return new.flate_encode()


def _last_filter(obj) -> str | None:
    filters = obj.get("/Filter")
    filters = filters.get_object() if filters is not None else None
    if isinstance(filters, list):
        return str(filters[-1]) if filters else None
    return str(filters) if filters else None


def _pixels(picture: Image.Image) -> Image.Image:
    """A new image from the pixels alone (no info dict, EXIF, XMP or ICC)."""
    picture.load()
    if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info):
        mode = "LA" if picture.mode == "LA" else "RGBA"
    elif picture.mode in ("1", "L", "I", "I;16", "F"):
        mode = "L"
    elif picture.mode == "CMYK":
        mode = "CMYK"
    else:
        mode = "RGB"
    converted = picture.convert(mode) if mode != "L" or picture.mode in ("1", "L") else _to_gray(picture)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _to_gray(picture: Image.Image) -> Image.Image:
    # Wide grey samples (16-bit) scaled down to 8 bits.
    if picture.mode == "F":
        return picture.convert("L")
    return picture.convert("I").point(lambda value: value / 256).convert("L")


def _jpeg(pixels: Image.Image) -> bytes:
    out = io.BytesIO()
    (pixels if pixels.mode in ("L", "RGB") else pixels.convert("RGB")).save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _placement(appearance: StreamObject, rect: list[float]) -> list[float] | None:
    """The matrix that maps an appearance's box onto the annotation's
    rectangle (PDF 32000-1, 12.5.5), for painting it with Do."""
    box = [float(v) for v in appearance.get("/BBox", [0, 0, 0, 0])]
    a, b, c, d, e, f = [float(v) for v in appearance.get("/Matrix", [1, 0, 0, 1, 0, 0])]
    corners = [(x * a + y * c + e, x * b + y * d + f) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [x for x, _y in corners], [y for _x, y in corners]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    left, bottom = min(rect[0], rect[2]), min(rect[1], rect[3])
    right, top = max(rect[0], rect[2]), max(rect[1], rect[3])
    if width <= 0 or height <= 0 or right <= left or top <= bottom:
        return None
    sx, sy = (right - left) / width, (top - bottom) / height
    return [sx, 0.0, 0.0, sy, left - min(xs) * sx, bottom - min(ys) * sy]
