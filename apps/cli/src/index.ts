export { ROLES, startStack } from './stack.js';
export type { Role, Stack, StackOptions } from './stack.js';
export { freePort, redisAnswers, startLocalRedis } from './local-redis.js';
export type { LocalRedis } from './local-redis.js';
