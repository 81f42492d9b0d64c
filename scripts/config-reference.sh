#!/usr/bin/env bash
# Regenerates docs/configuration.md from TrainConfig.KEYS (io.dpnet.config.ConfigReference).
# ConfigReferenceTest fails while the file in the repository differs from this rendering, so run
# this after changing a key's default or description, and commit the result with the change.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q compile
java -cp target/classes io.dpnet.config.ConfigReference docs/configuration.md
