# The rerun collector on the official Deno image. See docs/DEPLOY.md ("Or run the container").
#   docker build -t rerun-collector .
#   docker run --rm -p 8787:8787 --env-file .env.production rerun-collector

# Production npm dependencies, installed with npm from the lockfile. Both images are Debian (glibc), so the
# prebuilt libSQL addon npm picks here is the one the Deno image can load.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM denoland/deno:2.9.6
WORKDIR /app
# deno.json sets nodeModulesDir "manual": the collector's npm imports resolve from this node_modules.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json deno.json ./
COPY shared ./shared
COPY collector ./collector

# A local database and fs blobs live here when DATABASE_URL / BLOB_STORE keep their defaults; mount a volume to
# keep them. With Turso and S3 nothing is written.
RUN mkdir -p /app/.rerun && chown deno:deno /app/.rerun
USER deno

ENV HOST=0.0.0.0 PORT=8787
EXPOSE 8787

# The permissions of `npm run collector`; --allow-ffi loads the native libSQL addon for file: databases.
CMD ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-write", "--allow-ffi", "--allow-sys", "collector/main.ts"]
