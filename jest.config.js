/** Jest runs the TypeScript sources directly, as native ES modules (see README "Development"). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/packages', '<rootDir>/apps'],
  testMatch: ['**/src/**/*.test.ts'],
  moduleNameMapper: {
    '^@leadrelay/([a-z-]+)$': '<rootDir>/$1/src/index.ts',
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
