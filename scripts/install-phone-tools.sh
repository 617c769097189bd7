#!/usr/bin/env bash
# The Debian packages the phone line uses: espeak-ng synthesises the Mandarin prompts (the platform
# runs without it, with tones instead); SIPp (sip-tester) and baresip are the real SIP peers of the
# tests and of `npm run bench:sip`; sox reads the recordings back in the tests.
set -euo pipefail
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
sudo_if_needed apt-get update -qq
DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq espeak-ng sip-tester baresip sox
