import type { ParserConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { compileClassic } from './classic.js';
import { classifyResponse } from './pipeline.js';
import { compileSearch } from './search.js';
import type { CompiledParser } from './types.js';

/**
 * Builds a parser from validated config (see `validateParserConfig`). Throws `ConfigError`
 * (code LR_CONFIG_INVALID) when the config has issues, with paths under `parser`; the returned
 * parser's `classify` never throws.
 */
export function compileParser(config: ParserConfig): CompiledParser {
  const { parser, issues } =
    config.kind === 'classic' ? compileClassic(config, 'parser') : compileSearch(config, 'parser');
  if (parser === undefined) throw new ConfigError(issues);
  return { classify: (response, options) => classifyResponse(parser, response, options) };
}
