# syntax=docker/dockerfile:1
# Every Sinergi image, built from the repository root:
# - a service (the default, last stage): `docker build --build-arg APP=<service> .`, one image per
#   app in apps/ (gateway, rehab, enforcement, prevention, reporting), holding only what that app
#   needs (`turbo prune`);
# - `tools` (`docker build --target tools .`): the whole monorepo, built once, from which the
#   one-shot `secrets` and `migrate` steps and the demo loader run. It holds no secret:
#   .dockerignore keeps .env, .sinergi/ and key material out.
# BuildKit builds only the stages the chosen target needs, so `tools` needs no APP.

FROM node:22-bookworm-slim AS tools-build
WORKDIR /repo
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/runtime/package.json packages/runtime/
COPY packages/client/package.json packages/client/
COPY apps/gateway/package.json apps/gateway/
COPY apps/rehab/package.json apps/rehab/
COPY apps/enforcement/package.json apps/enforcement/
COPY apps/prevention/package.json apps/prevention/
COPY apps/reporting/package.json apps/reporting/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx turbo run build

FROM node:22-bookworm-slim AS tools
# openssl: docker-compose.yml's one-shot `secrets` step makes the NATS certificates with
# `bash scripts/infra.sh certs` from this image.
RUN apt-get update \
  && apt-get install -y --no-install-recommends openssl \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /srv
COPY --from=tools-build /repo /srv
CMD ["node", "scripts/migrate.mjs"]

FROM node:22-bookworm-slim AS prune
ARG APP
WORKDIR /repo
COPY . .
RUN test -n "${APP}" || { echo 'build a service with --build-arg APP=<one of apps/>' >&2; exit 1; }
RUN npx --yes turbo@2.11.11 prune @sinergi/${APP} --docker

FROM node:22-bookworm-slim AS build
ARG APP
WORKDIR /repo
COPY --from=prune /repo/out/json/ .
RUN npm ci --no-audit --no-fund
COPY --from=prune /repo/out/full/ .
RUN npx turbo run build --filter=@sinergi/${APP}... && npm prune --omit=dev

FROM node:22-bookworm-slim AS service
ARG APP
ENV NODE_ENV=production
# V8 heap flags and malloc arenas of every service process: packages/runtime/src/node-options.ts.
ENV NODE_OPTIONS="--max-semi-space-size=8 --max-old-space-size=256" MALLOC_ARENA_MAX=2
# Which app this image runs, for its CMD (an exec-form CMD expands no build argument).
ENV SINERGI_APP=${APP}
WORKDIR /srv
COPY --from=build /repo /srv
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# `exec`: node replaces the shell as PID 1 and gets the SIGTERM of `docker stop` itself.
CMD ["sh", "-c", "exec node \"apps/${SINERGI_APP}/dist/main.js\""]
