// `node scripts/extract-demo-pictures.mjs`: writes the demo catalog's pictures, one SVG file
// per product of the demo catalog (public/demo/catalog.json), to public/demo/<slug>.svg, from Microsoft's
// Fluent Emoji (flat style, MIT) as the devDependency @iconify-json/fluent-emoji-flat ships
// them (already optimised by Iconify: paths rounded, no metadata). The files are committed, so
// a build needs neither this script nor the package; run it again after changing the catalog.
// They are files, not JavaScript: the first page's script budget does not pay for them, and
// the service worker precaches them with every other *.svg (vite.config.ts globPatterns).
//
// The slug rule is src/domain/productArt.ts pictureSlug (Node 20 cannot import TypeScript); the unit
// test tests/unit/db/demo-pictures.test.ts checks that every demo product has its file.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const icons = require('@iconify-json/fluent-emoji-flat/icons.json')
const { version } = require('@iconify-json/fluent-emoji-flat/package.json')
const OUT = 'public/demo'

/** The closest emoji per demo product, by name. */
const BY_NAME = {
  'House Blend Coffee Beans': 'beans',
  'Ethiopian Yirgacheffe': 'hot-beverage',
  'Decaf Colombian': 'hot-beverage',
  'Espresso Roast': 'hot-beverage',
  'Cold Brew Pack': 'cup-with-straw',
  'Earl Grey Loose Leaf': 'leaf-fluttering-in-wind',
  'Sencha Green Tea': 'teacup-without-handle',
  'Chamomile Blossoms': 'blossom',
  'Masala Chai Blend': 'ginger-root',
  'Sourdough Loaf': 'bread',
  'Butter Croissant': 'croissant',
  'Cinnamon Roll': 'bagel',
  'Rye Crackers': 'flatbread',
  'Wildflower Honey': 'honey-pot',
  'Extra Virgin Olive Oil': 'olive',
  'Sea Salt Flakes': 'salt',
  'Dark Chocolate 70%': 'chocolate-bar',
  'Ceramic Pour-Over Dripper': 'droplet',
  'Glass Teapot': 'teapot',
  'Burr Coffee Grinder': 'gear',
  'Stoneware Mug': 'hot-beverage',
  'Linen Notebook': 'notebook',
  'Fountain Pen': 'fountain-pen',
  'Recycled Kraft Envelopes': 'envelope',
  'Brass Bookmark': 'bookmark',
}

/** A demo product this list does not name yet gets its category's emoji. */
const BY_CATEGORY = {
  Coffee: 'hot-beverage',
  Tea: 'teacup-without-handle',
  Bakery: 'bread',
  Pantry: 'jar',
  Kitchen: 'fork-and-knife',
  Stationery: 'pencil',
}
const FALLBACK = 'shopping-bags'

/** As src/domain/productArt.ts pictureSlug: lower case, accents dropped, every other run of characters a hyphen. */
function slugOf(name) {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/** [name, category] of each product of the demo catalog (public/demo/catalog.json, which db/seed.ts loads). */
function demoEntries() {
  const entries = JSON.parse(readFileSync('public/demo/catalog.json', 'utf8')).map(([name, category]) => [name, category])
  if (entries.length === 0) throw new Error('No products in public/demo/catalog.json')
  return entries
}

function svgOf(iconName) {
  const icon = icons.icons[iconName] ?? icons.icons[icons.aliases?.[iconName]?.parent]
  if (!icon) throw new Error(`No ${iconName} in @iconify-json/fluent-emoji-flat`)
  const width = icon.width ?? icons.width ?? 16
  const height = icon.height ?? icons.height ?? 16
  // A margin of an eighth on each side, in the file: the emoji sits inside a product's frame at
  // every size without CSS padding. width/height are for the file opened alone; <img> sizes it in the app.
  const m = Math.round(width / 8)
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width + 2 * m}" height="${height + 2 * m}" viewBox="${-m} ${-m} ${width + 2 * m} ${height + 2 * m}">` +
    `<!-- ${iconName}: Fluent Emoji by Microsoft, MIT licence (public/demo/LICENSE.md) -->` +
    `${icon.body}</svg>\n`
  )
}

mkdirSync(OUT, { recursive: true })
const written = new Set()
let bytes = 0
for (const [name, category] of demoEntries()) {
  const icon = BY_NAME[name] ?? BY_CATEGORY[category] ?? FALLBACK
  if (!BY_NAME[name]) console.warn(`No emoji chosen for "${name}": using ${category}'s (${icon})`)
  const file = `${slugOf(name)}.svg`
  const svg = svgOf(icon)
  writeFileSync(`${OUT}/${file}`, svg)
  written.add(file)
  bytes += Buffer.byteLength(svg)
}
// A renamed or removed product's old picture goes, so the precache holds only pictures in use.
for (const file of readdirSync(OUT)) if (file.endsWith('.svg') && !written.has(file)) rmSync(`${OUT}/${file}`)

writeFileSync(
  `${OUT}/LICENSE.md`,
  `# The demo catalog's pictures

The SVG files in this folder are emoji from Microsoft's Fluent Emoji (flat style),
https://github.com/microsoft/fluentui-emoji, as packaged by Iconify in
@iconify-json/fluent-emoji-flat ${version}; written by scripts/extract-demo-pictures.mjs.

MIT License

Copyright (c) Microsoft Corporation.

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`,
)
console.log(`Wrote ${written.size} pictures to ${OUT} (${(bytes / 1024).toFixed(1)} kB) and ${OUT}/LICENSE.md`)
