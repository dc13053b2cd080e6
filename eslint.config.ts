import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

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
)
