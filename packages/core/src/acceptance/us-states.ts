/**
 * USPS two-letter codes of the 50 states, the District of Columbia and the five inhabited
 * territories, with the names people type for them.
 */
const STATE_NAMES: Record<string, readonly string[]> = {
  AL: ['Alabama'],
  AK: ['Alaska'],
  AZ: ['Arizona'],
  AR: ['Arkansas'],
  CA: ['California'],
  CO: ['Colorado'],
  CT: ['Connecticut'],
  DE: ['Delaware'],
  FL: ['Florida'],
  GA: ['Georgia'],
  HI: ['Hawaii'],
  ID: ['Idaho'],
  IL: ['Illinois'],
  IN: ['Indiana'],
  IA: ['Iowa'],
  KS: ['Kansas'],
  KY: ['Kentucky'],
  LA: ['Louisiana'],
  ME: ['Maine'],
  MD: ['Maryland'],
  MA: ['Massachusetts'],
  MI: ['Michigan'],
  MN: ['Minnesota'],
  MS: ['Mississippi'],
  MO: ['Missouri'],
  MT: ['Montana'],
  NE: ['Nebraska'],
  NV: ['Nevada'],
  NH: ['New Hampshire'],
  NJ: ['New Jersey'],
  NM: ['New Mexico'],
  NY: ['New York'],
  NC: ['North Carolina'],
  ND: ['North Dakota'],
  OH: ['Ohio'],
  OK: ['Oklahoma'],
  OR: ['Oregon'],
  PA: ['Pennsylvania'],
  RI: ['Rhode Island'],
  SC: ['South Carolina'],
  SD: ['South Dakota'],
  TN: ['Tennessee'],
  TX: ['Texas'],
  UT: ['Utah'],
  VT: ['Vermont'],
  VA: ['Virginia'],
  WA: ['Washington'],
  WV: ['West Virginia'],
  WI: ['Wisconsin'],
  WY: ['Wyoming'],
  DC: ['District of Columbia', 'Washington DC', 'Washington D.C.'],
  PR: ['Puerto Rico'],
  GU: ['Guam'],
  VI: ['Virgin Islands', 'U.S. Virgin Islands', 'United States Virgin Islands'],
  AS: ['American Samoa'],
  MP: ['Northern Mariana Islands', 'Northern Marianas'],
};

/** Lower case, no periods, single spaces: how names and codes are compared. */
function comparable(value: string): string {
  return value.toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ').trim();
}

const CODE_BY_KEY = new Map<string, string>();
for (const [code, names] of Object.entries(STATE_NAMES)) {
  CODE_BY_KEY.set(comparable(code), code);
  for (const name of names) CODE_BY_KEY.set(comparable(name), code);
}

/** Every accepted two-letter code: 50 states, DC, PR, GU, VI, AS and MP. */
export const US_STATE_CODES: readonly string[] = Object.freeze(Object.keys(STATE_NAMES));

/**
 * The two-letter code for a state or territory given by code or full name, case-insensitive
 * (`ca`, `California`, `washington d.c.`), or undefined when it is neither.
 */
export function usStateCode(value: string): string | undefined {
  return CODE_BY_KEY.get(comparable(value));
}
