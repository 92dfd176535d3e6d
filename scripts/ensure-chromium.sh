#!/usr/bin/env bash
# Before `npm start`: Kasian renders PDFs with Debian's Chromium. Find it, or install it when we can (root on
# Debian/Ubuntu), or stop with a message that says how.
set -euo pipefail

if [ -n "${PUPPETEER_EXECUTABLE_PATH:-}" ]; then
  if [ -x "$PUPPETEER_EXECUTABLE_PATH" ]; then exit 0; fi
  echo "Kasian: PUPPETEER_EXECUTABLE_PATH=$PUPPETEER_EXECUTABLE_PATH is not an executable file." >&2
  exit 1
fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -x "$candidate" ]; then exit 0; fi
done

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Kasian: ไม่พบ Chromium กำลังติดตั้งจาก Debian (apt-get install chromium) / installing Debian's chromium…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  exit 0
fi

cat >&2 <<'MSG'
Kasian: ไม่พบเบราว์เซอร์ Chromium ที่ใช้จัดทำไฟล์ PDF
Kasian needs Chromium to render PDFs and could not find it.
  Debian/Ubuntu:  sudo apt-get install chromium
  elsewhere:      install Chromium or Chrome and set PUPPETEER_EXECUTABLE_PATH=/path/to/chrome
MSG
exit 1
