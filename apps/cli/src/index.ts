export { ROLES, startStack } from './stack.js';
export type { Role, Stack, StackOptions } from './stack.js';
