export { toClassicXml, wantsXml } from './answers.js';
export type { SourceAnswer } from './answers.js';
export { buildApi, leadView } from './server.js';
export type { ApiOptions } from './server.js';
