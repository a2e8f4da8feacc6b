#!/bin/sh
# The Liquid unit tests' expected values are Jekyll's: checked against the
# jekyll on this machine (Debian's package), skipped where there is none.
command -v jekyll >/dev/null 2>&1 || { echo "1..0 # SKIP no jekyll here (apt install jekyll) to check Liquid's expected values against"; exit 0; }
command -v python3 >/dev/null 2>&1 || { echo "1..0 # SKIP no python3"; exit 0; }
exec python3 "$(dirname "$0")/jekyll.py"
