/** Jest runs in band (`npm run jest`): each test file starts its own Temporal server, and the machine has 2 cores. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testTimeout: 120_000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  transform: {
    // ts-jest also compiles the few ES-module-only packages Fastify's tooling pulls in (cookie@2, content-disposition@3).
    '^.+\\.[tj]s$': [
      'ts-jest',
      { diagnostics: { warnOnly: false }, tsconfig: { allowJs: true, isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
};
