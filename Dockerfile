# The rerun collector on the official Deno image. See docs/DEPLOY.md ("Or run the container").
#   docker build -t rerun-collector .
#   docker run --rm -p 8787:8787 --env-file .env.production rerun-collector
#
# The image runs what the published package's CLI runs on first use: the collector compiled to JavaScript
# (dist/collector) beside the one npm package it loads at run time, @libsql/client, at the version the
# release pins. Both stages are Debian (glibc), so the prebuilt libSQL addon npm picks is one Deno can load.

# Build stage: the repository's dev install compiles the collector, then is thrown away.
FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY deno.json tsconfig.json ./
COPY scripts ./scripts
COPY shared ./shared
COPY collector ./collector
RUN npx tsx scripts/build-package.ts collector
RUN mkdir /runtime && cd /runtime && echo '{"private":true}' > package.json \
  && npm install --no-audit --no-fund --ignore-scripts \
    "@libsql/client@$(node -p 'require("/src/package.json").devDependencies["@libsql/client"]')"

FROM denoland/deno:2.9.6
WORKDIR /app
COPY --from=build /runtime/package.json ./package.json
COPY --from=build /runtime/node_modules ./node_modules
COPY --from=build /src/dist/collector ./collector

# A local database and fs blobs live here when DATABASE_URL / BLOB_STORE keep their defaults; mount a volume to
# keep them. With Turso and S3 nothing is written.
RUN mkdir -p /app/.rerun && chown deno:deno /app/.rerun
USER deno

ENV HOST=0.0.0.0 PORT=8787
EXPOSE 8787

# The permissions of `npm run collector`; --allow-ffi loads the native libSQL addon for file: databases.
CMD ["run", "--node-modules-dir=manual", "--no-lock", "--v8-flags=--max-semi-space-size=32", "--allow-net", "--allow-env", "--allow-read", "--allow-write", "--allow-ffi", "--allow-sys", "collector/main.js"]
