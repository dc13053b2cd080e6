/**
 * The layer rules of eslint.config.ts can fail: each one is fed a file that breaks it and
 * must answer with an error from the expected rule (and a file that keeps it, none). The
 * project's own config is used, not a copy, so loosening it breaks these tests.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint, type Linter } from 'eslint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const CONFIG = join(ROOT, 'eslint.config.ts')

const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: CONFIG })

/** The messages for `code` as if it were the file at `path` (relative to the project; it need not exist). */
async function lint(path: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) })
  return result?.messages ?? []
}

const ruleIds = (messages: Linter.LintMessage[]) => messages.filter((m) => m.severity === 2).map((m) => m.ruleId)

const vue = (script: string) => `<script setup lang="ts">\n${script}\n</script>\n\n<template><p>{{ x }}</p></template>\n`

// Loading the TypeScript config and the Vue parser takes a while on a busy machine.
const SLOW = 30_000

describe('views and components go through a store', () => {
  it.each([
    ['src/views/FakeView.vue', "import { db } from '../db/database'\nconst x = db.name"],
    ['src/views/inventory/FakeView.vue', "import { LEDGER_LIMIT } from '../../services/inventory'\nconst x = LEDGER_LIMIT"],
    ['src/components/cart/FakeCart.vue', "import { placeOrder } from '../../services/checkout'\nconst x = placeOrder"],
    ['src/App.vue', "import { db } from './db/database'\nconst x = db.name"],
  ])('%s may not import services or db', async (path, script) => {
    expect(ruleIds(await lint(path, vue(script)))).toEqual(['@typescript-eslint/no-restricted-imports'])
  }, SLOW)

  it('catches a dynamic import() of a service too', async () => {
    const messages = await lint('src/views/FakeView.vue', vue("const x = import('../services/auth')"))
    expect(ruleIds(messages)).toEqual(['no-restricted-syntax'])
  }, SLOW)

  it('lets a view import a type from a service, and a store', async () => {
    const script = "import type { PaymentChoice } from '../services/gateway'\nimport { useCartStore } from '../stores/cart'\nconst x: PaymentChoice | undefined = useCartStore() ? undefined : undefined"
    expect(ruleIds(await lint('src/views/FakeView.vue', vue(script)))).toEqual([])
  }, SLOW)
})

describe('src/sync loads only through the sync store', () => {
  it.each([
    ['src/components/app/FakeStatus.vue', "import { startSync } from '../../sync'\nconst x = startSync"],
    ['src/views/FakeView.vue', "import { pull } from '../sync/pull'\nconst x = pull"],
    ['src/App.vue', "import { SYNC_CONFIG_KEY } from './sync/types'\nconst x = SYNC_CONFIG_KEY"],
  ])('%s may not import the engine', async (path, script) => {
    const messages = await lint(path, vue(script))
    expect(ruleIds(messages)).toEqual(['@typescript-eslint/no-restricted-imports'])
    expect(messages[0]?.message).toMatch(/never import src\/sync/)
  }, SLOW)

  it('catches a component loading it with import()', async () => {
    const messages = await lint('src/components/settings/FakeSync.vue', vue("const x = import('../../sync')"))
    expect(ruleIds(messages)).toEqual(['no-restricted-syntax'])
  }, SLOW)

  it("lets a component import the engine's types, the sync store and the sync formatters", async () => {
    const script = [
      "import type { SyncStatus } from '../../sync/types'",
      "import { syncStatusText } from '../../format/sync'",
      "import { useSyncStore } from '../../stores/sync'",
      'const x: SyncStatus | string = syncStatusText(useSyncStore().status)',
    ].join('\n')
    expect(ruleIds(await lint('src/components/app/FakeStatus.vue', vue(script)))).toEqual([])
  }, SLOW)

  it('refuses a static import of the engine in a store', async () => {
    const messages = await lint('src/stores/fake.ts', "import { startSync } from '../sync'\nexport const x = startSync\n")
    expect(ruleIds(messages)).toEqual(['@typescript-eslint/no-restricted-imports'])
    expect(messages[0]?.message).toMatch(/import\(\) only/)
  }, SLOW)

  it('lets a store load it with import() and import its types', async () => {
    const code = "import type { SyncController } from '../sync/types'\nexport const load = (): Promise<unknown> => import('../sync')\nexport type C = SyncController\n"
    expect(ruleIds(await lint('src/stores/fake.ts', code))).toEqual([])
  }, SLOW)
})

describe('base components never use a store', () => {
  it('refuses a store in src/components/base', async () => {
    const messages = await lint('src/components/base/BaseFake.vue', vue("import { useCartStore } from '../../stores/cart'\nconst x = useCartStore()"))
    expect(ruleIds(messages)).toEqual(['@typescript-eslint/no-restricted-imports'])
    expect(messages[0]?.message).toMatch(/base component never uses a store/)
  }, SLOW)

  it('lets other components use one', async () => {
    const messages = await lint('src/components/cart/FakeCart.vue', vue("import { useCartStore } from '../../stores/cart'\nconst x = useCartStore()"))
    expect(ruleIds(messages)).toEqual([])
  }, SLOW)
})

describe('no import cycle in src', () => {
  // no-cycle follows imports on disk, so the pair is written out: into a throw-away copy of
  // the layout (src/ under a temporary folder), linted with the project's config from there,
  // so nothing is ever written into the real src/.
  let dir: string
  let cycleLint: ESLint
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shop-lint-'))
    mkdirSync(join(dir, 'src', 'stores'), { recursive: true })
    mkdirSync(join(dir, 'src', 'views'), { recursive: true })
    writeFileSync(join(dir, 'src', 'stores', 'a.ts'), "import { b } from './b'\nexport const a = () => b()\n")
    writeFileSync(join(dir, 'src', 'stores', 'b.ts'), "import { a } from './a'\nexport const b = (): unknown => a\n")
    // A cycle through a .vue file and a lazy import(): the view loads the store, which loads the view later.
    writeFileSync(join(dir, 'src', 'stores', 'lazy.ts'), "export const open = () => import('../views/PageView.vue')\n")
    writeFileSync(join(dir, 'src', 'views', 'PageView.vue'), vue("import { open } from '../stores/lazy'\nconst x: unknown = open // TypeScript, as every view"))
    // Down only: no cycle.
    writeFileSync(join(dir, 'src', 'stores', 'down.ts'), "import { a } from './a'\nexport const down = a\n")
    cycleLint = new ESLint({ cwd: dir, overrideConfigFile: CONFIG })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  async function cycleErrors(path: string) {
    const [result] = await cycleLint.lintFiles([join(dir, path)])
    return (result?.messages ?? []).filter((m) => m.ruleId === 'import-x/no-cycle')
  }

  it('reports two modules importing each other', async () => {
    expect(await cycleErrors('src/stores/a.ts')).toHaveLength(1)
    expect(await cycleErrors('src/stores/b.ts')).toHaveLength(1)
  }, SLOW)

  it('reports a cycle through a .vue file and a dynamic import()', async () => {
    expect(await cycleErrors('src/views/PageView.vue')).toHaveLength(1)
    expect(await cycleErrors('src/stores/lazy.ts')).toHaveLength(1)
  }, SLOW)

  it('says nothing of imports that only point down', async () => {
    expect(await cycleErrors('src/stores/down.ts')).toEqual([])
  }, SLOW)
})
