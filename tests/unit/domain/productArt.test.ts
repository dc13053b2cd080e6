import { describe, expect, it } from 'vitest'
import { productArt } from '../../../src/domain/productArt'

describe('productArt', () => {
  it.each([
    ['Glass Teapot', 'GT'],
    ['house blend coffee beans', 'HB'],
    ['Espresso', 'E'],
    ['  éclair   au chocolat', 'ÉA'],
    ['Ümlaut örange', 'ÜÖ'],
    ['<b> & co', '<&'],
    ['', ''],
  ])('takes the first letter of each of the first two words of "%s", upper case, accents and all', (name, initials) => {
    expect(productArt(name, 'Kitchen').initials).toBe(initials)
  })

  it('keeps a letter made of two UTF-16 units whole', () => {
    expect(productArt('𝔊lass teapot', 'Kitchen').initials).toBe('𝔊T')
  })

  it.each([
    ['Coffee', '#6f4e37'],
    ['Tea', '#4f7942'],
    ['Bakery', '#9c5f1f'],
    ['Pantry', '#8b5a2b'],
    ['Kitchen', '#35618f'],
    ['Stationery', '#7a4fa3'],
  ])('paints %s in %s', (category, colour) => {
    expect(productArt('Thing', category).colour).toBe(colour)
  })

  it('gives an unknown category a steady colour of the palette, whatever the product', () => {
    const palette = ['#35618f', '#4f7942', '#7a4fa3', '#8b5a2b', '#a4161a', '#0f6e6e', '#5b5f97', '#6f4e37', '#3d5a2a', '#8a3b6a']
    const colour = productArt('Thing', 'Garden tools').colour
    expect(palette).toContain(colour)
    expect(productArt('Other', 'Garden tools').colour).toBe(colour)
    expect(palette).toContain(productArt('Thing', '').colour)
  })
})
