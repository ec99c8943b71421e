# syntax=docker/dockerfile:1
# Build stage: install everything, compile the workspaces.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY packages packages
COPY apps apps
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

# Runtime stage: compiled output and production dependencies only, as a non-root user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/packages packages
COPY --from=build /app/apps apps
COPY samples samples
USER node
ENTRYPOINT ["node", "apps/cli/bin/leadrelay.js"]
CMD ["all"]
