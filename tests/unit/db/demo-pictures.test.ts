import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { demoProducts, type DemoRow } from '../../../src/db/seed'
import { generateProducts } from '../../../src/db/synthetic'
import { demoPicture, pictureSlug, SHIPPED_PICTURE } from '../../../src/domain/productArt'

describe('the demo catalog’s pictures', () => {
  const demo = demoProducts(JSON.parse(readFileSync('public/demo/catalog.json', 'utf8')) as DemoRow[], 0)

  it('every demo product has its own shipped picture, a committed SVG file under public/', () => {
    for (const product of demo) {
      expect(product.picture).toBe(demoPicture(product.name))
      expect(product.picture).toMatch(SHIPPED_PICTURE)
      const file = `public/${product.picture}`
      expect(existsSync(file), `${file} (run node scripts/extract-demo-pictures.mjs)`).toBe(true)
      const svg = readFileSync(file, 'utf8')
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+" viewBox="[-\d. ]+">/)
      // Small and inert: no scripts, no links out, no embedded bitmaps.
      expect(svg.length).toBeLessThan(6_000)
      expect(svg).not.toMatch(/<script|href=|<image|data:/i)
    }
    expect(new Set(demo.map((p) => p.picture)).size).toBe(demo.length)
  })

  it('ships no picture that no demo product uses, and names the source and licence next to them', () => {
    const files = readdirSync('public/demo').filter((f) => f.endsWith('.svg'))
    expect(files.sort()).toEqual(demo.map((p) => p.picture!.slice('demo/'.length)).sort())
    const licence = readFileSync('public/demo/LICENSE.md', 'utf8')
    expect(licence).toMatch(/Fluent Emoji/)
    expect(licence).toMatch(/MIT License/)
    expect(licence).toMatch(/Copyright \(c\) Microsoft Corporation/)
  })

  it('generated (synthetic) products keep the drawn initials: no picture', () => {
    expect(generateProducts(50, { now: 0 }).every((p) => p.picture === undefined)).toBe(true)
  })

  it.each([
    ['Dark Chocolate 70%', 'dark-chocolate-70'],
    ['Crème Brûlée  Jar', 'creme-brulee-jar'],
    ['  Pour-Over / Dripper! ', 'pour-over-dripper'],
  ])('names the file of %j %j', (name, slug) => {
    expect(pictureSlug(name)).toBe(slug)
    expect(demoPicture(name)).toMatch(SHIPPED_PICTURE)
  })

  it.each([['https://x.example/a.svg'], ['/demo/a.svg'], ['demo/../a.svg'], ['demo/a.png'], ['demo/.svg'], ['demo/A.svg']])('accepts only shipped paths, not %j', (path) => {
    expect(SHIPPED_PICTURE.test(path)).toBe(false)
  })
})
