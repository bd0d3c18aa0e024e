#!/usr/bin/env bash
# Installs what reading scanned plans needs, when it is missing (idempotent):
#   tesseract-ocr + tesseract-ocr-vie (OCR, language "vie"; its word boxes rebuild scanned
#   tables), tesseract-ocr-eng (the English model: the render variants of
#   tests/ingest/variants_render.py OCR pages with it, as the corpus's OCR texts were made),
#   poppler-utils (pdftoppm, rasterises PDF pages at 300 dpi) and fonts-dejavu-core (font with
#   Vietnamese glyphs, used by tests/ingest/test_ocr_roundtrip.py to draw a page).
# Messages go to stderr; stdout stays empty.
set -euo pipefail

FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
missing=()
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
for lang in vie eng; do
  if ! { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx "$lang"; }; then
    missing+=("tesseract-ocr-$lang")
  fi
done
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -f "$FONT" ] || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -eq 0 ]; then
  echo "ensure-ocr: đã có tesseract (vie, eng), pdftoppm và phông DejaVu." >&2
  exit 0
fi

echo "ensure-ocr: cài ${missing[*]} bằng apt…" >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >&2

for lang in vie eng; do
  tesseract --list-langs 2>/dev/null | grep -qx "$lang" || {
    echo "ensure-ocr: cài xong nhưng tesseract vẫn chưa có ngôn ngữ $lang." >&2
    exit 1
  }
done
command -v pdftoppm >/dev/null 2>&1 || {
  echo "ensure-ocr: cài xong nhưng chưa có pdftoppm." >&2
  exit 1
}
echo "ensure-ocr: xong." >&2
