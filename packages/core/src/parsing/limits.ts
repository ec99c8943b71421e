/**
 * The bounds that keep classification of a buyer's answer cheap whatever the buyer sends.
 * Each one was chosen from measurements on the project's reference machine (2 cores); the
 * comments say what each guards against.
 */

/** Default for `ClassifyOptions.maxResponseBytes` when a caller passes no usable number: 1 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Largest re2js program a configured pattern may compile to. Program size grows with the
 * pattern's length; 2,000 is far above any pattern seen in buyer integrations (the longest
 * everyday ones are under 100) and keeps one pass over a 1 MiB body bounded.
 */
export const MAX_PATTERN_PROGRAM_SIZE = 2000;

/**
 * Largest total of counted repetitions (`{n}`, `{n,m}`, `{n,}`: the largest count, nested
 * counts multiplied) in one pattern. RE2 keeps one matcher state alive per repetition, so the
 * worst-case cost per body byte grows with this total: measured on 1 MiB built to keep every
 * state alive, `(.{0,32})x` takes 1.7 s and `(.{0,1000})x` 40 s, where `(.*)x` takes
 * milliseconds. At 16 the worst case stays under a second per MiB, while `\d{3}-\d{3}-\d{4}`
 * (10) or `[A-Z]{2}[0-9]{6}` (8) pass; longer runs can be written with `+` or `*`.
 */
export const MAX_REPETITION_WEIGHT = 16;

/**
 * Largest XML document, in nodes (elements, attributes and text), that XPath is evaluated on.
 * The xpath package builds node sets in quadratic time (2,000 selected nodes take about a
 * second, 1,000 about a quarter), so larger buyer documents are an error ("too complex")
 * instead of a stalled worker. Buyer answers are a few dozen nodes.
 */
export const MAX_XML_NODES = 1000;

/**
 * Deepest XML nesting evaluated. The xpath package recurses on depth (overflowing the stack
 * near 5,000 levels) and orders nodes by walking their ancestors; answers nest under 10 levels.
 */
export const MAX_XML_DEPTH = 32;

/** Most values one JSON path may yield; a wildcard over a huge array stops here. */
export const MAX_PATH_VALUES = 1000;

/** Most separate reason values kept (regular-expression matches or path values). */
export const MAX_REASON_VALUES = 20;

/** Longest reason kept, in characters; longer ones end in "…". Buyer text is not echoed whole. */
export const MAX_REASON_LENGTH = 500;
