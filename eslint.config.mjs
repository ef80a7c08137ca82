import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * Services: each `scope:<service>` project (its lib and its apps) depends only on its own service and on
 * `scope:shared`, so one service never imports another's lib. A new service adds its name here and tags its
 * projects `scope:<service>` (libs/testing tests/unit/module-boundaries.test.ts fails until both are done).
 */
export const SERVICE_SCOPES = ['proofing', 'messages', 'accounts', 'licensing'];

/**
 * Scopes: `scope:shared` (platform, contracts, crypto, persistence, testing, vendors and the tools those reach:
 * local-cloud, release) depends on shared only; `scope:tools` (simulators, bench, terraform) spans every service.
 */
const scopeConstraints = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  ...SERVICE_SCOPES.map((service) => ({
    sourceTag: `scope:${service}`,
    onlyDependOnLibsWithTags: [`scope:${service}`, 'scope:shared'],
  })),
];

/**
 * Apps never import apps; libs are reached only through their src/index.ts alias. `testTags` are the extra
 * tags that test files (and only they) may import: the test helpers of libs/testing.
 */
const moduleBoundaries = (testTags) => ({
  enforceBuildableLibDependency: false,
  banTransitiveDependencies: true,
  // platform's integration tests start the local cloud through libs/testing, whose proofing harness validates with
  // platform: a cycle through test files only. Production code of platform still cannot import testing (its tag).
  // local-cloud's drift test reads Terraform through testing's expandForEach, as terraform/tests do: also test files only.
  ignoredCircularDependencies: [
    ['platform', 'testing'],
    ['local-cloud', 'testing'],
  ],
  depConstraints: [
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', ...testTags] },
    { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', ...testTags] },
    { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:testing', 'type:tool'] },
    // Test helpers may start the local cloud (a tool); production code never imports them.
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
    { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:lib', ...testTags] },
    ...scopeConstraints,
  ],
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'tmp/**',
      '.nx/**',
      '**/*.d.ts',
      '**/*.d.cts',
      '**/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts', '**/*.mjs', '**/*.js'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries([])],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['**/tests/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', moduleBoundaries(['type:testing'])] },
  },
  {
    // Command-line tools and benchmarks talk to a person on the terminal.
    files: ['tools/**', 'bench/**', '**/scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Plain CommonJS scripts Node runs directly (tools/node-version must parse on any Node it may meet).
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
