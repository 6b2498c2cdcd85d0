# One pnyx instance: web app, API, Socket.IO and Yjs on one port.
#   docker build -t pnyx . && docker run -p 3000:3000 -v pnyx-data:/app/data pnyx
# Without REDIS_URL it keeps sessions in its embedded store under DATA_DIR (the volume); with REDIS_URL
# several instances share them (docker-compose.yml).
# Debian (glibc), not Alpine (musl): the embedded store, lmdb, loads a prebuilt native binary, built
# for each Node version on glibc and only as one generic build on musl.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# The manifests first, so the npm ci layer is reused until a dependency changes.
COPY package.json package-lock.json tsconfig.base.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
COPY tests/package.json tests/
RUN npm ci --no-audit --no-fund
COPY shared shared
COPY server server
COPY web web
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
WORKDIR /app
# Only what runs: the production dependencies (the lockfile hoists them all to node_modules/) and the
# build outputs, each beside the package.json that makes it an ES module package.
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/shared/package.json shared/
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/web/package.json web/
COPY --from=build /app/web/build web/build
# Owned by node, so the embedded store can write there; a new named volume takes this owner.
RUN mkdir data && chown node:node data
VOLUME /app/data
USER node
EXPOSE 3000
# node's fetch, as the image has no curl or wget.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health').then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"]
# --single-threaded-gc: as `npm start` (package.json); see docs/PERFORMANCE.md.
CMD ["node", "--single-threaded-gc", "server/dist/main.js"]
