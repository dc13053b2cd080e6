/**
 * The picture drawn for a product that has no photo: its initials on a colour of its
 * category, as an SVG data: URL so it needs no storage, no network and no object URL.
 */

const CATEGORY_COLOURS: Record<string, string> = {
  Coffee: '#6f4e37',
  Tea: '#4f7942',
  Bakery: '#9c5f1f',
  Pantry: '#8b5a2b',
  Kitchen: '#35618f',
  Stationery: '#7a4fa3',
}

/** Dark enough for white text; a category the demo does not know gets one by its name. */
const PALETTE = ['#35618f', '#4f7942', '#7a4fa3', '#8b5a2b', '#a4161a', '#0f6e6e', '#5b5f97', '#6f4e37', '#3d5a2a', '#8a3b6a']

function colourOf(category: string): string {
  const known = CATEGORY_COLOURS[category]
  if (known) return known
  let hash = 0
  for (const char of category) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0
  return PALETTE[hash % PALETTE.length] ?? '#555555'
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** A small SVG picture for a product, as a data: URL. */
export function productImage(name: string, category: string): string {
  const initials = [...name.trim().split(/\s+/)]
    .slice(0, 2)
    .map((w) => [...w][0] ?? '')
    .join('')
    .toUpperCase()
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 240">` +
    `<rect width="320" height="240" fill="${colourOf(category)}"/>` +
    `<circle cx="260" cy="50" r="90" fill="#ffffff" fill-opacity="0.12"/>` +
    `<text x="160" y="140" font-family="system-ui,sans-serif" font-size="72" font-weight="700" fill="#ffffff" text-anchor="middle">${escapeXml(initials)}</text>` +
    `<text x="160" y="200" font-family="system-ui,sans-serif" font-size="20" fill="#ffffff" fill-opacity="0.85" text-anchor="middle">${escapeXml(category)}</text>` +
    `</svg>`
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
}
