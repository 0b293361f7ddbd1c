# The Tideway agent image: docker build -t ghcr.io/tideway/tideway:0.1.0 .
# Runs as a non-root user on a read-only root filesystem (deploy/base/agent/deployment.yaml): state in
# /var/lib/tideway (a volume), scratch files in /tmp (an emptyDir).

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds its native module when no prebuilt one fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY bin ./bin
COPY scripts ./scripts
COPY src ./src
COPY tsconfig.json ./
# `prepare` builds the CLI bundle (dist/cli) after the install; then the build-only packages go.
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
# git (and ssh for git@ URLs, gpg for signed commits) are run by the agent.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git openssh-client gnupg ca-certificates tini \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --gid 65532 tideway && useradd --uid 65532 --gid 65532 --home-dir /var/lib/tideway --no-create-home tideway \
  && mkdir -p /var/lib/tideway && chown 65532:65532 /var/lib/tideway
WORKDIR /app
COPY --from=build /app /app
ENV NODE_ENV=production \
    HOME=/var/lib/tideway \
    TIDEWAY_DATA_DIR=/var/lib/tideway \
    TIDEWAY_CACHE_DIR=/tmp/tideway-cache
USER 65532:65532
EXPOSE 7780
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/bin/tideway.js"]
CMD ["agent", "--watch-all-namespaces"]
