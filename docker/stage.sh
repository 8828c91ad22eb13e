#!/usr/bin/env bash
# Lays out a built toolkit (docker/build.sh) as the runtime image uses it:
#   DEST/app/   the toolkit's own jars (sgdvi-experiments.jar, sgdvi-core, sgdvi-datasets): they change
#               with every commit, so they get their own image layer
#   DEST/lib/   third-party jars (ND4J, DL4J, natives; with --cuda also the CUDA backend and the
#               bytedeco CUDA 11.6 / cuDNN 8.3 redist jars): a large layer that rarely changes
#   DEST/bin/   entrypoint.sh, jvm-opts.sh, gpu-select.sh, and `sgdvi` (a link to entrypoint.sh)
#
#   docker/stage.sh [--expect-cuda] DEST
#     --expect-cuda   fail unless the CUDA backend and its redist jars are present (the image build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
expect_cuda=0
if [ "${1:-}" = "--expect-cuda" ]; then expect_cuda=1; shift; fi
if [ $# -ne 1 ]; then
  echo "usage: docker/stage.sh [--expect-cuda] DEST" >&2
  exit 2
fi
dest="$1"
target="$root/experiments/target"
if [ ! -f "$target/sgdvi-experiments.jar" ] || [ ! -d "$target/lib" ]; then
  echo "docker/stage.sh: $target/sgdvi-experiments.jar or $target/lib is missing; run docker/build.sh first" >&2
  exit 1
fi
if [ "$expect_cuda" = 1 ]; then
  for pattern in 'nd4j-cuda-11.6-*-linux-x86_64.jar' 'cuda-11.6-*-linux-x86_64-redist.jar' 'nd4j-native-*-linux-x86_64.jar'; do
    if ! compgen -G "$target/lib/$pattern" >/dev/null; then
      echo "docker/stage.sh: $target/lib has no $pattern; was it built with docker/build.sh --cuda?" >&2
      exit 1
    fi
  done
fi

rm -rf "${dest:?}/app" "${dest:?}/lib" "${dest:?}/bin"
mkdir -p "$dest/app" "$dest/lib" "$dest/bin"
cp "$target/sgdvi-experiments.jar" "$dest/app/"
for jar in "$target"/lib/*.jar; do
  case "$(basename "$jar")" in
    sgdvi-*) cp "$jar" "$dest/app/" ;;
    *) cp "$jar" "$dest/lib/" ;;
  esac
done
cp "$root/docker/entrypoint.sh" "$root/docker/jvm-opts.sh" "$root/docker/gpu-select.sh" "$dest/bin/"
chmod 0755 "$dest/bin/"*.sh
ln -sf entrypoint.sh "$dest/bin/sgdvi"
echo "docker/stage.sh: $dest/app $(find "$dest/app" -name '*.jar' | wc -l) jars, $dest/lib $(find "$dest/lib" -name '*.jar' | wc -l) jars ($(du -sh "$dest/lib" | cut -f1))" >&2
