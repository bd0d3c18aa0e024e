#!/usr/bin/env bash
# Installs what turning official reports (DOCX) into PDF needs, when it is missing (idempotent):
#   libreoffice-writer-nogui (soffice --headless --convert-to pdf; falls back to
#   libreoffice-writer where the nogui flavour does not exist), fonts-liberation2 (Liberation
#   Serif 2.x: metric-compatible with Times New Roman, with Vietnamese glyphs) and
#   poppler-utils (pdftoppm / pdftotext, used by tests/documents to check the PDF).
# Messages go to stderr; stdout stays empty.
set -euo pipefail

have_liberation2() {
  # fonts-liberation (1.x) lacks many Vietnamese glyphs; 2.x has them.
  dpkg-query -W -f='${Status}' fonts-liberation2 2>/dev/null | grep -q "install ok installed"
}

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(office)
have_liberation2 || missing+=(fonts-liberation2)
{ command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; } \
  || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  echo "ensure-office: đã có LibreOffice (soffice), phông Liberation 2 và poppler-utils." >&2
  exit 0
fi

if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq >&2

packages=()
for item in "${missing[@]}"; do
  if [ "$item" = office ]; then
    if apt-cache show libreoffice-writer-nogui >/dev/null 2>&1; then
      packages+=(libreoffice-writer-nogui)
    else
      packages+=(libreoffice-writer)
    fi
  else
    packages+=("$item")
  fi
done

echo "ensure-office: cài ${packages[*]} bằng apt (có thể mất vài phút)…" >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${packages[@]}" >&2

command -v soffice >/dev/null 2>&1 || {
  echo "ensure-office: cài xong nhưng vẫn chưa có lệnh soffice." >&2
  exit 1
}
command -v pdftotext >/dev/null 2>&1 || {
  echo "ensure-office: cài xong nhưng chưa có pdftotext." >&2
  exit 1
}
echo "ensure-office: xong." >&2
