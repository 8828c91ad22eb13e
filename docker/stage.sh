#!/usr/bin/env bash
# Lays out a built toolkit (docker/build.sh) as the runtime image uses it:
#   DEST/app/   the toolkit's own jars (sgdvi-experiments.jar, sgdvi-core, sgdvi-datasets): they change
#               with every commit, so they get their own image layer
#   DEST/lib/   third-party jars (ND4J, DL4J, natives; with --cuda also the CUDA backend and the
#               bytedeco CUDA 11.6 / cuDNN 8.3 redist jars): a large layer that rarely changes
#   DEST/bin/   entrypoint.sh, jvm-opts.sh, gpu-select.sh, and `sgdvi` (a link to entrypoint.sh)
#
#   docker/stage.sh [--expect-cuda | --expect-cuda13] DEST
#     --expect-cuda     fail unless ND4J's CUDA backend and its redist jars are present (the image build)
#     --expect-cuda13   fail unless the CUDA 13 wrappers and their redist jar are present (SGDVI_GPU=cuda13)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
expected=()
case "${1:-}" in
  --expect-cuda) expected=('nd4j-cuda-11.6-*-linux-x86_64.jar' 'cuda-11.6-*-linux-x86_64-redist.jar' 'nd4j-native-*-linux-x86_64.jar'); shift ;;
  --expect-cuda13) expected=('cuda-13.*-linux-x86_64.jar' 'cuda-13.*-linux-x86_64-redist.jar' 'nd4j-native-*-linux-x86_64.jar'); shift ;;
esac
if [ $# -ne 1 ]; then
  echo "usage: docker/stage.sh [--expect-cuda | --expect-cuda13] DEST" >&2
  exit 2
fi
dest="$1"
target="$root/experiments/target"
if [ ! -f "$target/sgdvi-experiments.jar" ] || [ ! -d "$target/lib" ]; then
  echo "docker/stage.sh: $target/sgdvi-experiments.jar or $target/lib is missing; run docker/build.sh first" >&2
  exit 1
fi
for pattern in "${expected[@]}"; do
  if ! compgen -G "$target/lib/$pattern" >/dev/null; then
    echo "docker/stage.sh: $target/lib has no $pattern; was it built with docker/build.sh --cuda (or --cuda13)?" >&2
    exit 1
  fi
done

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
