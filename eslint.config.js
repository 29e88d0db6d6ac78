import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const electronImport = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import Electron; the core must run under plain Node.',
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.native-cache/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: 'error',
      'no-console': 'off',
    },
  },
  // House rule 1: the core never imports Electron (type-only imports are erased and allowed).
  {
    files: ['electron/core/**', 'electron/engine/**', 'electron/venues/**', 'electron/ledger/**', 'electron/secrets/**', 'electron/headless/**', 'shared/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ ...electronImport, allowTypeImports: false }] }] },
  },
  // keytar is loaded in one place only, behind SecretStore.
  {
    files: ['electron/**', 'shared/**', 'renderer/**'],
    ignores: ['electron/secrets/keytar-store.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'keytar', message: 'Use SecretStore (electron/secrets).' }] }],
    },
  },
  // shared/ is pure: no Node, no hosts, no UI.
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', '**/electron/**', '**/renderer/**', 'better-sqlite3', 'keytar', 'ws'], message: 'shared/ holds only pure code used by both sides.' }] },
      ],
    },
  },
  // The renderer is untrusted browser code: it may import shared/ and UI libraries only.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport],
          patterns: [{ group: ['node:*', '**/electron/**', 'better-sqlite3', 'keytar', 'ws'], message: 'The renderer talks to the core only through the contract.' }],
        },
      ],
    },
  },
)
