# Makes public/og-image.png, the 1200x630 image of shared links (og:image).
# Needs Pillow and the DejaVu fonts: python3 scripts/og-image.py
import pathlib
import unicodedata
from PIL import Image, ImageDraw, ImageFont

W, H = 1200, 630
BRAND, BRAND_DARK, WHITE, FOCUS = (11, 79, 138), (7, 55, 96), (255, 255, 255), (255, 191, 71)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT_REGULAR = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

def nfc(s):
    return unicodedata.normalize("NFC", s)

img = Image.new("RGB", (W, H), BRAND)
d = ImageDraw.Draw(img)
# a darker band at the bottom
d.rectangle([0, H - 120, W, H], fill=BRAND_DARK)
# the mark, as in favicon.svg
d.rounded_rectangle([90, 120, 290, 320], radius=36, fill=WHITE)
mark = ImageFont.truetype(FONT, 96)
d.text((190, 222), "HS", font=mark, fill=BRAND, anchor="mm")
title = ImageFont.truetype(FONT, 120)
d.text((340, 225), nfc("Học Số"), font=title, fill=WHITE, anchor="lm")
sub = ImageFont.truetype(FONT_REGULAR, 46)
d.text((90, 410), nfc("Học kỹ năng số cho mọi người"), font=sub, fill=WHITE, anchor="lm")
d.rectangle([90, 450, 250, 458], fill=FOCUS)
small = ImageFont.truetype(FONT_REGULAR, 32)
d.text((90, H - 60), nfc("Bài học ngắn, dễ hiểu · Bình dân học vụ số"), font=small, fill=WHITE, anchor="lm")
img = img.quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
img.save(pathlib.Path(__file__).resolve().parent.parent / "public" / "og-image.png", optimize=True)
