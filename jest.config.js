/** Jest runs the TypeScript sources directly, as native ES modules (see README "Development"). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/packages', '<rootDir>/apps'],
  testMatch: ['**/src/**/*.test.ts'],
  moduleNameMapper: {
    '^@leadrelay/(core|runtime)$': '<rootDir>/packages/$1/src/index.ts',
    '^@leadrelay/(api|worker|router|dashboard|buyer-sim|cli)$': '<rootDir>/apps/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: '<rootDir>/tsconfig.test.json', diagnostics: false },
    ],
  },
  testTimeout: 30000,
};
