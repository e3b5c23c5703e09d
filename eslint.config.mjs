import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

// A clone is all a user has: nothing may be read from beside the repository (the workspace's
// shared/ folder with its QBO payloads and notes, or an absolute path on one developer's machine).
// Payloads a test needs are copied into tests/fixtures/ with their licenses.
const outsideTheRepo = /qbo-fixtures|^\/work\/|shared\/(ARCHITECTURE|DOMAIN_RULES|QBO_NOTES)/
const outsidePaths = [
  {
    selector: `Literal[value=${outsideTheRepo}]`,
    message: 'reads a file outside the repository: copy it into tests/fixtures/'
  },
  {
    selector: `TemplateElement[value.raw=${outsideTheRepo}]`,
    message: 'reads a file outside the repository: copy it into tests/fixtures/'
  }
]

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.native/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'no .only in committed tests' },
        ...outsidePaths
      ]
    }
  },
  {
    // The data layer is src/main/core/db/: a statement anywhere else in the core is a review failure.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/core/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(prepare|selectFrom|insertInto|updateTable|deleteFrom|replaceInto)$/]',
          message: 'SQL lives in the data layer (src/main/core/db/): call one of its functions'
        },
        ...outsidePaths
      ]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-syntax': ['error', ...outsidePaths] }
  }
)
