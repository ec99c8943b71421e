export { createRouteProcessor, startRouter } from './router.js';
export type { RouteResult, Router, RouterOptions } from './router.js';
