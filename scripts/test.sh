#!/usr/bin/env bash
# The test command: fetches MNIST (for the end-to-end tests) and runs the whole JUnit suite.
# Extra arguments go to Maven, e.g. scripts/test.sh -Dtest='io.dpnet.nn.*Test'.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/fetch-mnist.sh data/mnist
mvn -B verify "$@"
