import js from '@eslint/js'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** An import path reaching src/services or src/db, whatever the number of `../`. */
const LOWER_LAYERS = '(^|/)(services|db)(/|$)'
const STORES = '(^|/)stores(/|$)'
const LAYER_MESSAGE = 'Views and components go through a store: import its getter or action instead of src/services or src/db (type-only imports are fine).'
/**
 * src/sync itself (the engine), as a relative path reaches it: only `./` and `../` before it, so
 * format/sync and stores/sync are not it.
 */
const SYNC_ENGINE = '^(\\.\\.?/)+sync(/|$)'
const SYNC_MESSAGE =
  'Views and components never import src/sync: stores/sync.ts loads the engine and shows its state (types from src/sync/types are fine).'
const SERVICES_AND_DB = [
  { regex: LOWER_LAYERS, allowTypeImports: true, message: LAYER_MESSAGE },
  { regex: SYNC_ENGINE, allowTypeImports: true, message: SYNC_MESSAGE },
]
// no-restricted-imports does not look at import(): the same rule for dynamic imports.
const DYNAMIC_SERVICES_AND_DB = [
  { selector: `ImportExpression[source.value=/${LOWER_LAYERS.replaceAll('/', '\\/')}/]`, message: LAYER_MESSAGE },
  { selector: `ImportExpression[source.value=/${SYNC_ENGINE.replaceAll('/', '\\/')}/]`, message: SYNC_MESSAGE },
]

export default tseslint.config(
  { ignores: ['dist/**', 'dist-e2e/**', 'dev-dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', 'bench/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'vue/no-v-html': 'error',
      // Prettier-style formatting is not enforced by lint; these fight one-line templates.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain is pure TypeScript: no framework or storage may leak into the rules.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vue', 'vue/*', '@vue/*'], message: 'src/domain must not import Vue.' },
            { group: ['pinia', 'pinia/*'], message: 'src/domain must not import Pinia.' },
            { group: ['dexie', 'dexie/*'], message: 'src/domain must not import Dexie.' },
            { group: ['vue-router', 'vue-router/*'], message: 'src/domain must not import vue-router.' },
            { group: ['../db/*', '../services/*', '../stores/*', '../views/*', '../components/*'], message: 'src/domain imports nothing of the app.' },
          ],
        },
      ],
    },
  },
  {
    // Dependencies point down (views/components -> stores -> services -> domain/db): a cycle
    // means two modules each need the other, so neither can change or load alone. Dynamic
    // import() counts too: loading later does not change which way a module depends.
    files: ['src/**/*.{ts,vue}'],
    plugins: { 'import-x': importX },
    languageOptions: {
      // import-x parses every module it follows with the linted file's parser options; a .vue
      // file reached from a .ts file needs the TypeScript parser for its <script lang="ts">.
      parserOptions: { parser: tseslint.parser },
    },
    settings: {
      'import-x/extensions': ['.ts', '.vue', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'], 'vue-eslint-parser': ['.vue'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.vue', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // A page or component reads state and calls actions of a store; the store owns the
    // services and the database. Types may still come from below (they vanish at build).
    files: ['src/views/**/*.{ts,vue}', 'src/components/**/*.{ts,vue}', 'src/App.vue'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...SERVICES_AND_DB] }],
      'no-restricted-syntax': ['error', ...DYNAMIC_SERVICES_AND_DB],
    },
  },
  {
    // The sync engine is big and needed only on a device that syncs: a store loads it with
    // import() when sync is on, so the first page never carries it. Its types cost nothing.
    files: ['src/stores/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: SYNC_ENGINE,
              allowTypeImports: true,
              message: "A store loads src/sync with import() only (the first page's budget); type imports are fine.",
            },
          ],
        },
      ],
    },
  },
  {
    // Base components are the shop's building blocks: props in, events out, no store.
    files: ['src/components/base/**/*.{ts,vue}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [...SERVICES_AND_DB, { regex: STORES, message: 'A base component never uses a store: pass data in props, send events out.' }] },
      ],
    },
  },
)
