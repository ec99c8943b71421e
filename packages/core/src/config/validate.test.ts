import { ConfigError } from '../errors.js';
import { CLASSIC_RETRY_POLICY } from '../retry/policy.js';
import { validateCampaignsFile } from './validate.js';
import { ENV, PARSER, issueLines, rawDestination, rawFile } from './test-support/fixtures.js';

const BEHAVIOR_ONE_OF = 'must be one of continue, continue_retry_later, stop, stop_retry_later';

/** The example of DESIGN.md "Configuration", as a YAML parser returns it. */
const designExample = {
  sources: [{ id: 'web-forms', apiKey: '${SOURCE_WEB_FORMS_KEY}', campaigns: ['solar-us'] }],
  campaigns: [
    {
      id: 'solar-us',
      fields: [
        { name: 'email', type: 'email', required: true },
        { name: 'phone', type: 'phone', required: true },
        { name: 'state', type: 'state' },
      ],
      deliveredWhen: 1,
      destinations: [
        {
          id: 'acme',
          url: 'https://buyer.example/leads',
          method: 'POST',
          format: 'form',
          body: { first_name: '#{first_name}', email: '#{email}', phone: '#{phone}' },
          headers: { 'X-Api-Key': '${ACME_KEY}' },
          timeoutMs: 5000,
          parser: {
            ...PARSER,
            reasonPattern: '<reason>([^<]*)</reason>',
            defaultReason: 'no reason given',
          },
          errorStatuses: [408, 429, '5xx'],
          behavior: { success: 'stop', failure: 'continue', error: 'stop_retry_later' },
          retry: {
            backoff: 'exponential',
            delayMs: 60000,
            maxDelayMs: 3600000,
            maxAttempts: 10,
            maxAgeMs: 86400000,
          },
          onRetriesExhausted: 'stop',
          concurrency: 20,
        },
        rawDestination({ id: 'backup', retry: { preset: 'classic' } }),
      ],
    },
  ],
};

describe('validateCampaignsFile: valid files', () => {
  test('accepts the DESIGN.md example, substituting the environment', () => {
    const file = validateCampaignsFile(designExample, ENV);
    const [acme, backup] = file.campaigns[0]?.destinations ?? [];

    expect(file.sources).toEqual([
      { id: 'web-forms', apiKey: 'wf-0123456789abcdef', campaigns: ['solar-us'] },
    ]);
    expect(file.campaigns[0]?.fields).toEqual([
      { name: 'email', type: 'email', required: true },
      { name: 'phone', type: 'phone', required: true },
      { name: 'state', type: 'state', required: false },
    ]);
    expect(acme).toMatchObject({
      headers: { 'X-Api-Key': 'acme-secret' },
      concurrency: 20,
      retry: { backoff: 'exponential', jitter: 0.2, maxAttempts: 10 },
    });
    expect(backup?.retry).toEqual(CLASSIC_RETRY_POLICY);
  });

  test('fills campaign defaults', () => {
    const raw = rawFile();
    delete raw.campaigns[0]?.['fields'];
    const campaign = validateCampaignsFile(raw, ENV).campaigns[0];
    expect(campaign).toMatchObject({ fields: [], deliveredWhen: 1 });
  });

  test('returns a deeply frozen copy and leaves the input alone', () => {
    const raw = rawFile();
    const file = validateCampaignsFile(raw, ENV);
    const destination = file.campaigns[0]?.destinations[0];

    expect(Object.isFrozen(file)).toBe(true);
    expect(Object.isFrozen(file.sources[0]?.campaigns)).toBe(true);
    expect(Object.isFrozen(destination?.behavior)).toBe(true);
    expect(Object.isFrozen(destination?.retry)).toBe(true);
    expect(Object.isFrozen(destination?.errorStatuses)).toBe(true);
    expect(Object.isFrozen(raw)).toBe(false);
    expect(raw.sources[0]?.['apiKey']).toBe('${SOURCE_WEB_FORMS_KEY}');
  });

  test('$${ keeps a literal ${ in any string', () => {
    const raw = rawFile();
    raw.campaigns[0]!['destinations'] = [rawDestination({ headers: { 'X-T': '$${NOT_A_VAR}' } })];
    const file = validateCampaignsFile(raw, ENV);
    expect(file.campaigns[0]?.destinations[0]?.headers).toEqual({ 'X-T': '${NOT_A_VAR}' });
  });

  test('deliveredWhen may equal the number of destinations', () => {
    const raw = rawFile();
    Object.assign(raw.campaigns[0]!, {
      deliveredWhen: 2,
      destinations: [rawDestination({ id: 'a' }), rawDestination({ id: 'b' })],
    });
    expect(validateCampaignsFile(raw, ENV).campaigns[0]?.deliveredWhen).toBe(2);
  });

  test('the same destination id may appear in different campaigns', () => {
    const raw = rawFile();
    raw.campaigns.push({ id: 'roofing', destinations: [rawDestination()] });
    expect(validateCampaignsFile(raw, ENV).campaigns).toHaveLength(2);
  });
});

describe('validateCampaignsFile: issues', () => {
  test('throws a ConfigError', () => {
    expect(() => validateCampaignsFile(null, ENV)).toThrow(ConfigError);
  });

  const cases: [string, unknown, string[]][] = [
    ['not an object', [], ['(root): must be an object with sources and campaigns']],
    ['empty object', {}, ['campaigns: is required', 'sources: is required']],
    [
      'no campaigns',
      { sources: [], campaigns: [] },
      ['campaigns: must list at least one campaign'],
    ],
    [
      'top-level typo',
      { ...rawFile(), campaign: [] },
      ['campaign: unknown key (did you mean campaigns?)'],
    ],
  ];

  test.each(cases)('%s', (_name, raw, expected) => {
    expect(issueLines(() => validateCampaignsFile(raw, ENV))).toEqual(expected);
  });

  test('a missing variable is one issue at its exact path', () => {
    expect(issueLines(() => validateCampaignsFile(rawFile(), {}))).toEqual([
      'sources[0].apiKey: environment variable SOURCE_WEB_FORMS_KEY is not set',
    ]);
  });

  test('lists every issue of the file, each at its exact path', () => {
    const file = {
      sources: [
        { id: 'web-forms', apiKey: 'short', campaigns: ['solar-us', 'nope', 'solar-us'] },
        { id: 'web-forms', apiKey: '${PARTNER_KEY}', campaigns: [] },
        { id: 'partner', apiKey: 'wf-0123456789abcdef', campaigns: ['solar-us'] },
        { id: 'again', apiKey: 'wf-0123456789abcdef', campaigns: ['roofing'], secret: 1 },
      ],
      campaigns: [
        {
          id: 'solar-us',
          fields: [{ name: 'zip', pattern: '([0-9]' }],
          deliveredWhen: 3,
          destinations: [
            rawDestination({ id: 'a' }),
            rawDestination({ id: 'b', behavior: { error: 'retry' } }),
          ],
        },
        { id: 'roofing:v2', destinations: [] },
        {
          id: 'roofing',
          destinations: [
            rawDestination({ parser: { kind: 'classic', validPattern: '(a)(b)' } }),
            rawDestination({ method: 'GET', format: 'xml' }),
          ],
        },
        { id: 'solar-us', destinations: [rawDestination()] },
      ],
    };

    const lines = issueLines(() => validateCampaignsFile(file, { PARTNER_KEY: '' }));
    expect(lines.filter((line) => !line.startsWith('campaigns[2].destinations[0].parser'))).toEqual(
      [
        'sources[1].apiKey: environment variable PARTNER_KEY is empty',
        'sources[0].apiKey: must be at least 16 characters',
        'sources[0].campaigns[1]: names no campaign ("nope")',
        'sources[0].campaigns[2]: lists "solar-us" twice',
        'sources[1].campaigns: must list at least one campaign id',
        'sources[3].secret: unknown key',
        'sources[1].id: duplicate source id',
        'sources[3].apiKey: is the same as sources[2].apiKey (every source needs its own key)',
        'campaigns[0].fields[0].pattern: invalid regular expression: missing closing ): `([0-9]`',
        `campaigns[0].destinations[1].behavior.error: ${BEHAVIOR_ONE_OF}`,
        'campaigns[0].deliveredWhen: must be at most 2, the number of destinations',
        'campaigns[1].id: must be 1 to 64 characters from A-Z, a-z, 0-9, _ and -',
        'campaigns[1].destinations: must list at least one destination',
        'campaigns[2].destinations[1].format: must be query for GET requests (a GET request has no body)',
        'campaigns[2].destinations[1].id: duplicate destination id in this campaign',
        'campaigns[3].id: duplicate campaign id',
      ],
    );
    expect(lines.filter((line) => line.startsWith('campaigns[2].destinations[0].parser'))).toEqual([
      expect.stringMatching(/^campaigns\[2\]\.destinations\[0\]\.parser\.validPattern: /),
    ]);
  });

  test('a source must name its campaigns', () => {
    const raw = rawFile();
    delete raw.sources[0]?.['campaigns'];
    expect(issueLines(() => validateCampaignsFile(raw, ENV))).toEqual([
      'sources[0].campaigns: is required (the campaign ids this source may post to)',
    ]);
  });

  test('an API key padded with whitespace is refused', () => {
    const raw = rawFile();
    raw.sources[0]!['apiKey'] = ' wf-0123456789abcdef';
    expect(issueLines(() => validateCampaignsFile(raw, ENV))).toEqual([
      'sources[0].apiKey: must not start or end with whitespace',
    ]);
  });

  test('entries that are not objects', () => {
    expect(
      issueLines(() => validateCampaignsFile({ sources: ['x'], campaigns: [7] }, ENV)),
    ).toEqual([
      'sources[0]: must be an object with id, apiKey and campaigns',
      'campaigns[0]: must be an object with id and destinations',
    ]);
  });
});
