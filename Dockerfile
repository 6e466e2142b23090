# syntax=docker/dockerfile:1
# Build stage: dev dependencies, compile TypeScript to dist/. Also the image of the compose "test" service.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime stage: production dependencies and the compiled app only. `npm start`, `npm run migrate` and
# `npm run seed -- --allow-production` all run dist/ here (no tsx), e.g. `docker compose run --rm app npm run migrate`.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
# Chromium prints the report page to PDF (CHROMIUM_PATH); playwright-core drives it and downloads nothing.
RUN apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
COPY public ./public
COPY assets ./assets
# The local media store (MEDIA_DIR); compose mounts a volume here, which takes this owner on first use.
RUN mkdir -p /app/data/media && chown -R node:node /app/data
USER node
# 3000: the API (ROLE=api|all). 9464: the internal listener of every role (/metrics, /healthz, /readyz), which the
# health check uses, so a ROLE=worker container is checked too.
EXPOSE 3000 9464
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
