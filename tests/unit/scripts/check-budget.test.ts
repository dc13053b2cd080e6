import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { budgetReport, dynamicImports, entryScripts, firstPageScripts, staticImports } from '../../../scripts/check-budget.mjs'

describe('entryScripts', () => {
  it('finds the module entry and the modulepreloads, not classic scripts, styles or the manifest', () => {
    const html = `<head>
      <script type="module" crossorigin src="/assets/index-A.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-B.js">
      <link rel="stylesheet" href="/assets/index-C.css">
      <link rel="manifest" href="/manifest.webmanifest"><script src="/legacy.js"></script>
      <link rel='modulepreload' href='/assets/db-D.js'>
    </head>`
    expect(entryScripts(html)).toEqual(['/assets/index-A.js', '/assets/vendor-B.js', '/assets/db-D.js'])
  })
})

describe('staticImports and dynamicImports', () => {
  const code =
    'import{a as b}from"./vue-1.js";import"./side-2.js";export{c}from"./re-3.js";' +
    'const r=()=>import(`./Route-4.js`),s=()=>import("./Other-5.js");import x from "https://cdn/x.js";' +
    'const t="from nowhere";'
  it('reads relative static imports, including bare imports and re-exports', () => {
    expect(staticImports(code)).toEqual(['./vue-1.js', './side-2.js', './re-3.js'])
  })
  it('reads dynamic imports written with quotes or backquotes', () => {
    expect(dynamicImports(code)).toEqual(['./Route-4.js', './Other-5.js'])
  })
})

describe('firstPageScripts', () => {
  let dist: string
  const write = (path: string, text: string) => writeFileSync(join(dist, path), text)
  const gz = (text: string) => gzipSync(Buffer.from(text)).length

  beforeEach(() => {
    dist = mkdtempSync(join(tmpdir(), 'budget-'))
    mkdirSync(join(dist, 'assets'))
  })
  afterEach(() => rmSync(dist, { recursive: true, force: true }))

  it('counts the entry, its preloads, their static imports and listed startup chunks once each; not lazy routes', () => {
    const files = {
      'assets/index.js': 'import"./vue.js";import{d}from"./db.js";const v=()=>import(`./CartView.js`);const w=()=>import(`./workbox-window.prod-X.js`);',
      'assets/vue.js': 'export const vue=1;'.repeat(50),
      'assets/db.js': 'import"./vue.js";export const d=2;',
      'assets/preloaded.js': 'export const p=3;',
      'assets/CartView.js': 'import"./big.js";export default 1;',
      'assets/big.js': 'x'.repeat(100_000),
      'assets/workbox-window.prod-X.js': 'export class Workbox{}',
    }
    for (const [path, text] of Object.entries(files)) write(path, text)
    write('index.html', '<script type="module" src="/assets/index.js"></script><link rel="modulepreload" href="/assets/preloaded.js">')

    expect(firstPageScripts(dist).map((f) => f.path)).not.toContain('assets/workbox-window.prod-X.js')
    const result = firstPageScripts(dist, [/^workbox-window\b/])
    expect(result.map((f) => f.path)).toEqual([
      'assets/index.js',
      'assets/preloaded.js',
      'assets/vue.js',
      'assets/db.js',
      'assets/workbox-window.prod-X.js',
    ])
    for (const f of result) expect(f.gzip).toBe(gz(files[f.path as keyof typeof files]))
  })

  it('adds to the first page what only a first visit loads (the seeding and its imports), and holds the total to the budget', () => {
    write('index.html', '<script type="module" src="/assets/shell-A.js"></script>')
    write('assets/shell-A.js', 'const s=()=>import(`./seed-B.js`),c=()=>import(`./CartView-C.js`);export const x=1;')
    write('assets/seed-B.js', 'import{x}from"./shell-A.js";import"./stock-D.js";export const seed=x;')
    write('assets/stock-D.js', 'export const rows=[];')
    write('assets/CartView-C.js', 'y'.repeat(5_000))
    const report = budgetReport(dist, [/^seed-[\w-]+\.js$/], 10_000)
    expect(report.everyVisit.map((f) => f.path)).toEqual(['assets/shell-A.js'])
    expect(report.firstVisit.map((f) => f.path)).toEqual(['assets/shell-A.js', 'assets/seed-B.js', 'assets/stock-D.js'])
    expect(report.firstVisitTotal).toBe(report.firstVisit.reduce((n, f) => n + f.gzip, 0))
    expect(report.problems).toEqual([])

    expect(budgetReport(dist, [/^seed-[\w-]+\.js$/], report.firstVisitTotal - 1).problems).toEqual([expect.stringMatching(/^over budget by 0\.00 kB/)])
    // A first-visit chunk that the build no longer has (renamed) would drop out of the count unseen.
    expect(budgetReport(dist, [/^seeding-[\w-]+\.js$/], 10_000).problems).toEqual([expect.stringMatching(/no chunk of the build matches/)])
  })
})
