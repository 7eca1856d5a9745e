import tseslint from 'typescript-eslint';

const CORE = ['src/terraform/**', 'src/vault/**', 'src/recovery/**', 'src/advisor/**', 'src/cloud/**', 'src/policy/**', 'src/audit/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    // Type-aware rules: a promise nobody awaits or handles crashes the whole process when it rejects.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      // The same leak through a callback typed to return void (event listeners, timers).
      '@typescript-eslint/no-misused-promises': ['error', { checksConditionals: false }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Configuration is parsed once, with zod, in src/config.ts.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/config.ts.' }],
    },
  },
  {
    files: CORE,
    rules: {
      // Pure core, thin edges: only src/commands and src/discord talk to Discord.
      'no-restricted-imports': ['error', { patterns: [{ group: ['discord.js', '@discordjs/*'], message: 'Core modules must not depend on Discord.' }] }],
    },
  },
  {
    files: ['src/config.ts', 'test/**', 'bench/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
