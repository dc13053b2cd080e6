import { describe, expect, it } from 'vitest'
import { productImage } from '../../../src/domain/productArt'

function svgOf(dataUrl: string): string {
  const prefix = 'data:image/svg+xml;charset=utf-8,'
  expect(dataUrl.startsWith(prefix)).toBe(true)
  return decodeURIComponent(dataUrl.slice(prefix.length))
}

describe('productImage', () => {
  it('is a standalone SVG', () => {
    expect(svgOf(productImage('Glass Teapot', 'Kitchen'))).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/)
  })

  it('draws the initials and category in the category colour', () => {
    const svg = svgOf(productImage('Glass Teapot', 'Kitchen'))
    expect(svg).toContain('fill="#35618f"')
    expect(svg).toContain('>GT</text>')
    expect(svg).toContain('>Kitchen</text>')
  })

  it('gives an unknown category a steady colour of its own', () => {
    const a = svgOf(productImage('Thing', 'Garden tools'))
    expect(a).toMatch(/<rect width="320" height="240" fill="#[0-9a-f]{6}"\/>/)
    expect(svgOf(productImage('Other', 'Garden tools')).match(/fill="#[0-9a-f]{6}"/)?.[0]).toBe(a.match(/fill="#[0-9a-f]{6}"/)?.[0])
  })

  it('escapes XML in names and categories', () => {
    const svg = svgOf(productImage('<b> & co', 'Tools & <Things>'))
    expect(svg).toContain('>&#60;&#38;</text>')
    expect(svg).toContain('>Tools &#38; &#60;Things&#62;</text>')
    expect(svg).not.toContain('<b>')
  })

  it('takes the first letter of each of the first two words, accents and all', () => {
    expect(svgOf(productImage('  éclair   au chocolat', 'Bakery'))).toContain('>ÉA</text>')
  })
})
