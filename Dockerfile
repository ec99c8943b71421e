# syntax=docker/dockerfile:1
# leadrelay: one image for every role. `docker run leadrelay:0.1.0 <role>` with role one of
# api, worker, router, dashboard, all (every role in one process) or buyer-sim.
#   docker build -t leadrelay:0.1.0 .
ARG NODE_IMAGE=node:20-bookworm-slim

# Build stage: install everything, compile the workspaces, then drop the dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Manifests first, so the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY packages/core/package.json packages/core/
COPY packages/runtime/package.json packages/runtime/
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/router/package.json apps/router/
COPY apps/dashboard/package.json apps/dashboard/
COPY apps/buyer-sim/package.json apps/buyer-sim/
COPY apps/cli/package.json apps/cli/
# --ignore-scripts: the root `prepare` (tsc -b) needs the sources, copied next; the native
# addons that would build here have pure-JS fallbacks or prebuilt binaries.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY packages packages
COPY apps apps
RUN npx tsc -b \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
  && mkdir -p /out \
  && for dir in packages/* apps/*; do \
       mkdir -p "/out/$dir" && cp -r "$dir/package.json" "$dir/dist" "/out/$dir/"; \
       if [ -d "$dir/bin" ]; then cp -r "$dir/bin" "/out/$dir/"; fi; \
     done \
  && rm -rf /out/*/*/dist/.tsbuildinfo

# Runtime stage: compiled output and production dependencies only, no sources, no compiler.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /out ./
# The sample campaign and leads: docker compose and `leadrelay demo` use them.
COPY samples samples
# The image's `node` user, by number so Kubernetes can check runAsNonRoot.
USER 1000:1000
# PORT (api) and OPS_PORT (worker, router, dashboard: /healthz, /readyz, /metrics).
EXPOSE 3000 9464
ENTRYPOINT ["node", "apps/cli/bin/leadrelay.js"]
CMD ["all"]
