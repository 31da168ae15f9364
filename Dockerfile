# syntax=docker/dockerfile:1
# briefing-bot: `docker build -t briefing-bot .`, then see docker-compose.yml, or
#   docker run --env-file .env -p 127.0.0.1:8080:8080 -v briefing-data:/app/data briefing-bot
# Both Node images are Debian bookworm, so the native module built in `deps` (better-sqlite3)
# runs unchanged in the slim runtime image.

# 1. build: every dependency, TypeScript compiled to dist/ (migrations copied next to it)
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# 2. deps: production dependencies only. On the full image, which has python3, make and g++ for
# the rare case that no prebuilt better-sqlite3 binary fits the platform.
FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# 3. runtime: slim, no compilers, no dev dependencies, no TypeScript sources
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8080 \
    SEEDS_DIR=/app/seeds \
    DATABASE_PATH=/app/data/briefing.sqlite
WORKDIR /app
# package.json is needed at run time: its "type": "module" makes dist/*.js ES modules.
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY locales ./locales
COPY seeds ./seeds
# The image's files stay root's; the bot (the image's unprivileged `node` user) writes only to
# /app/data, the SQLite volume (unused when DATABASE_URL points to PostgreSQL).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 8080
# Slim has no curl: Node's own fetch asks /healthz (the process is alive; /readyz also checks the store).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and gets SIGTERM itself (no npm, no shell in between): the bot handles it, stops
# intake, finishes in-flight work and exits 0 within 10 s. It starts no child processes, so no
# init is needed to reap zombies (`docker run --init` does no harm). Give the stop 15 s
# (`docker stop -t 15`, compose's stop_grace_period) so Docker's SIGKILL never cuts it short.
STOPSIGNAL SIGTERM
# A 64 MB young generation (package.json's start script uses the same): under load far fewer
# short-lived objects are promoted, so garbage collection costs less CPU and the heap less memory.
CMD ["node", "--max-semi-space-size=64", "dist/main.js"]
