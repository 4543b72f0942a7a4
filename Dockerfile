# syntax=docker/dockerfile:1
# The whole monorepo, built once: the one-shot `secrets` and `migrate` steps (and the demo loader)
# run from it. It holds no secret: .dockerignore keeps .env, .sinergi/ and key material out.
FROM node:22-bookworm-slim AS build
WORKDIR /repo
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/runtime/package.json packages/runtime/
COPY apps/gateway/package.json apps/gateway/
COPY apps/rehab/package.json apps/rehab/
COPY apps/enforcement/package.json apps/enforcement/
COPY apps/prevention/package.json apps/prevention/
COPY apps/reporting/package.json apps/reporting/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx turbo run build

FROM node:22-bookworm-slim
# openssl: docker-compose.yml's one-shot `secrets` step makes the NATS certificates with
# `bash scripts/infra.sh certs` from this image.
RUN apt-get update \
  && apt-get install -y --no-install-recommends openssl \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /srv
COPY --from=build /repo /srv
CMD ["node", "scripts/migrate.mjs"]
