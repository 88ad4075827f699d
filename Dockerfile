# syntax=docker/dockerfile:1
# The reference service, for production on PostgreSQL (DATABASE_URL) or as a sandbox on
# SQLite in /data. Migrations are applied by the service itself at start-up. The whole
# Centraal demo on PostgreSQL: docker-compose.yml. A development token inside a container
# (tsx is not in the image; the compiled CLIs are):
#   docker exec <container> node dist/src/cli/token.js --bsn 999993653
# test/docker/dockerfile.test.ts runs this file's install and start commands without an engine.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY openapi ./openapi
COPY src ./src
# --omit=optional as well: the Prisma CLI is an optional peer of @prisma/client, which npm
# keeps with --omit=dev alone; the service needs only the client generated at build time.
RUN npm run build && npm prune --omit=dev --omit=optional

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/openapi ./openapi
COPY --from=build /app/prisma ./prisma
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# /v1/openapi.json is served in every role (BK_ROLE), unlike /v1/organisatie.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/v1/openapi.json').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/src/server.js"]
