/**
 * `leadrelay classify <cases.json>` — parser preview: classifies captured responses with their
 * parser configs and prints one JSON object per case, `{"id","outcome","reason"}` or
 * `{"id","configError"}`. When cases carry expectations it then prints `N passed, M failed`,
 * with one line per unmet expectation on stderr. The format is that of
 * packages/core/test-fixtures/response-parsing.json.
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_MAX_RESPONSE_BYTES, parseCasesFile, runParsingCase } from '@leadrelay/core';

/** Where the command writes; process.stdout and process.stderr fit. */
export interface Output {
  write(text: string): void;
}

const USAGE = 'usage: leadrelay classify <cases.json>\n';

/**
 * Runs the command with `args` (the cases file path). Bodies are classified as the strings
 * given, with each case's errorStatuses (default [408, 429, "5xx"]) and a 1 MiB size cap.
 * Returns the exit code: 0 when every checked case passed (or none carries expectations),
 * 1 when any failed, 2 for a usage error or a file that cannot be read, parsed or understood.
 */
export async function runClassify(args: string[], out: Output, err: Output): Promise<number> {
  const [file, ...extra] = args;
  if (file === undefined || extra.length > 0) {
    err.write(USAGE);
    return 2;
  }

  const raw = await readJson(file, err);
  if (raw === undefined) return 2;
  const { cases, issues } = parseCasesFile(raw);
  if (issues.length > 0) {
    const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}\n`).join('');
    err.write(`leadrelay classify: ${file} is not a cases file:\n${lines}`);
    return 2;
  }

  const nowMs = Date.now();
  let passed = 0;
  let failed = 0;
  for (const parsingCase of cases) {
    const result = runParsingCase(parsingCase, {
      nowMs,
      maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    });
    const line =
      'configError' in result
        ? { id: result.id, configError: result.configError }
        : { id: result.id, outcome: result.outcome, reason: result.reason };
    out.write(`${JSON.stringify(line)}\n`);

    if (!result.checked) continue;
    if (result.mismatches.length === 0) passed++;
    else failed++;
    for (const mismatch of result.mismatches) err.write(`${result.id}: ${mismatch}\n`);
  }

  if (passed + failed > 0) out.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

/** The file's parsed JSON, or undefined after saying on `err` why there is none. */
async function readJson(file: string, err: Output): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message);
    err.write(`leadrelay classify: cannot read ${file}: ${why}\n`);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    err.write(`leadrelay classify: ${file} is not valid JSON: ${(error as Error).message}\n`);
    return undefined;
  }
}
