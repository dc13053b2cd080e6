/**
 * A shipped upgrade must do forever what it did when it shipped, so it imports nothing of
 * the app that keeps changing (domain rules, db code): what it needs is written out in its
 * own file. Only Dexie's types may come from outside.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const folder = new URL('../../../src/db/migrations/', import.meta.url)
const files = readdirSync(folder).filter((file) => file.endsWith('.ts'))

/** Every module specifier a file imports or re-exports from, static or dynamic. */
function specifiersOf(source: string): string[] {
  const found = [...source.matchAll(/\b(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g), ...source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]/g)]
  return found.map((match) => match[1] ?? '')
}

describe('shipped migrations', () => {
  it('finds the migration files', () => {
    expect(files).toEqual(expect.arrayContaining(['v2.ts', 'v3.ts', 'v4.ts', 'v5.ts']))
  })

  it('reads an import of app code as one (the check itself can fail)', () => {
    expect(specifiersOf("import { LOW_STOCK_THRESHOLD } from '../../domain/product'\nexport { x } from '../dataUrl'")).toEqual([
      '../../domain/product',
      '../dataUrl',
    ])
  })

  it.each(files)('%s imports nothing but Dexie', (file) => {
    const source = readFileSync(new URL(file, folder), 'utf8')
    expect(specifiersOf(source).filter((specifier) => specifier !== 'dexie')).toEqual([])
  })
})
