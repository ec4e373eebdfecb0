#!/bin/sh
# The HTML report is tested in a real headless Chromium driven through chromedriver.
# Both come from Debian (packages chromium and chromium-driver); install them when missing.
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "tests need Debian's chromium and chromium-driver: run  sudo apt-get install -y chromium chromium-driver" >&2
    exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
