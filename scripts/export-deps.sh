#!/usr/bin/env bash
# Installs what `make export` and its tests need besides Chromium: epubcheck (checks the EPUB;
# it needs Java) and poppler-utils (pdftotext and pdfinfo read the PDFs back in the tests).
# Debian or Ubuntu packages; needs root or sudo. On other systems install them yourself.
set -euo pipefail
"$(dirname "$0")/browser-deps.sh"
missing=()
command -v epubcheck >/dev/null || missing+=(epubcheck)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
