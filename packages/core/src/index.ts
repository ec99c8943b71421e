export * from './config/types.js';
export { ConfigError, ERROR_CODES, formatPath } from './errors.js';
export type { ConfigIssue, ErrorCode } from './errors.js';
export { compileParser, validateParserConfig } from './parsing/index.js';
export type {
  CapturedResponse,
  Classification,
  ClassifyOptions,
  CompiledParser,
} from './parsing/index.js';
