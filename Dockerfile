# syntax=docker/dockerfile:1
# sgdvi with ND4J's CUDA 11.6 backend (and the CPU backend as fallback), or, with the build argument
# SGDVI_GPU=cuda13, the CUDA 13 path for D(x) and its eigenvalues (Turing to Hopper and Blackwell;
# ND4J on the CPU).
#   docker build -t sgdvi:cuda .
#   docker build --build-arg SGDVI_GPU=cuda13 -t sgdvi:cuda13 .
#   docker run --rm --gpus all -v "$PWD/runs:/runs" -v "$PWD/data:/data:ro" sgdvi:cuda doctor
# Every step is a script under docker/ that also runs on a host without Docker (see docker/ci-check.sh).
# Runtime base: a slim JRE; the CUDA 11.6 / cuDNN 8.3 user-space libraries come from the bytedeco
# redist jar that the Maven `cuda` profile pins, and the host supplies only the NVIDIA driver
# (NVIDIA Container Toolkit). Why: docker/README-section.md.

FROM maven:3.9-eclipse-temurin-17 AS build
# cuda: ND4J's CUDA 11.6 backend (compute capability 3.7 to 8.9); cuda13: JavaCPP's CUDA 13 libraries
# for the CUDA 13 path (compute capability 7.5 and above). The two bring org.bytedeco:cuda in
# different versions, so an image holds one of them.
ARG SGDVI_GPU=cuda
WORKDIR /src
COPY pom.xml ./
COPY datasets/pom.xml datasets/pom.xml
COPY core/pom.xml core/pom.xml
COPY experiments/pom.xml experiments/pom.xml
COPY datasets/src datasets/src
COPY core/src core/src
COPY experiments/src experiments/src
COPY docker/build.sh docker/stage.sh docker/entrypoint.sh docker/jvm-opts.sh docker/gpu-select.sh docker/
# The Maven repository lives in a BuildKit cache mount: the ~2.4 GB of CUDA jars are downloaded once.
RUN --mount=type=cache,target=/root/.m2 \
    docker/build.sh "--${SGDVI_GPU}" --quiet \
 && docker/stage.sh "--expect-${SGDVI_GPU}" /opt/sgdvi

FROM eclipse-temurin:17-jre-jammy AS runtime
ARG SGDVI_UID=10001
RUN groupadd --system --gid "${SGDVI_UID}" sgdvi \
 && useradd --system --uid "${SGDVI_UID}" --gid sgdvi --home-dir /home/sgdvi --create-home --shell /usr/sbin/nologin sgdvi \
 && mkdir -p /runs /data /cache/javacpp \
 && chown sgdvi:sgdvi /runs /cache/javacpp \
 && chmod 1777 /cache/javacpp
# third-party jars first (large, rarely change), then the toolkit's own jars and scripts
COPY --from=build /opt/sgdvi/lib /opt/sgdvi/lib
COPY --from=build /opt/sgdvi/app /opt/sgdvi/app
COPY --from=build /opt/sgdvi/bin /opt/sgdvi/bin
ENV PATH=/opt/sgdvi/bin:${PATH} \
    SGDVI_HOME=/opt/sgdvi \
    SGDVI_DATA=/data \
    SGDVI_JAVACPP_CACHE=/cache/javacpp \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
USER sgdvi
WORKDIR /runs
# /runs: run folders (mount a host folder or a volume); /data: data sets, mounted read-only;
# /cache/javacpp: native libraries javacpp extracts from the jars on first use (world-writable so
# that --user UID:GID works; mount a named volume there to extract the CUDA libraries only once)
VOLUME ["/runs"]
ENTRYPOINT ["/opt/sgdvi/bin/entrypoint.sh"]
CMD ["--help"]
