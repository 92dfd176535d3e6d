#!/usr/bin/env bash
# Before `npm start`: Kasian renders PDFs with Debian's Chromium and breaks Thai lines with Debian's Thai word lists
# (libthai-data, hunspell-th). Find them, or install them when we can (root on Debian/Ubuntu), or stop with a message
# that says how.
set -euo pipefail

words=()
[ -f /usr/share/libthai/thbrk.tri ] || words+=(libthai-data)
[ -f /usr/share/hunspell/th_TH.dic ] || words+=(hunspell-th)
if [ ${#words[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Kasian: ติดตั้งรายการคำภาษาไทย / installing the Thai word lists: ${words[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${words[@]}" >/dev/null
  else
    echo "Kasian: ไม่พบรายการคำภาษาไทย / the Thai word lists are missing: sudo apt-get install ${words[*]}" >&2
    echo "        (PDFs cannot be rendered without them; the rest of Kasian starts.)" >&2
  fi
fi

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
