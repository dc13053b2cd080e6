/**
 * The picture drawn for a product that has no photo: its initials on a colour of its
 * category. Only the words and the colour are decided here; ProductImage draws them with
 * plain HTML and CSS, so the picture needs no storage, no network and no object URL.
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

export interface ProductArt {
  /** The first letter of each of the first two words, upper case, accents kept. */
  initials: string
  /** A background colour for white text, the same for every product of a category. */
  colour: string
}

/** What the generated picture of a product shows: its initials and its category's colour. */
export function productArt(name: string, category: string): ProductArt {
  const initials = name
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => [...w][0] ?? '')
    .join('')
    .toUpperCase()
  return { initials, colour: colourOf(category) }
}

/**
 * The pictures the app ships (public/demo/*.svg, written by scripts/extract-demo-pictures.mjs):
 * a product's `picture` is one of these paths or nothing, so a restored backup cannot point a
 * product's <img> at another server (a tracking pixel) or at a page of the app.
 */
export const SHIPPED_PICTURE = /^demo\/[a-z0-9]+(?:-[a-z0-9]+)*\.svg$/

/** The file name the demo picture of a product named `name` has: "Dark Chocolate 70%" → "dark-chocolate-70". */
export function pictureSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/** The path, under the app's base, of the shipped picture of the demo product named `name`. */
export function demoPicture(name: string): string {
  return `demo/${pictureSlug(name)}.svg`
}
