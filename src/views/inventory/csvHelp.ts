import { examplePrice } from '../../format/money'

/** What each CSV column holds, as the import page explains it; prices in the shop's `currency`, with its `digits`. */
export const csvColumnHelp = (currency: string, digits: number): ReadonlyArray<readonly [string, string]> => [
  ['sku', 'Required. Unique code, like COF-0001; matches an existing product to update it.'],
  ['name', 'Required. 1 to 120 characters.'],
  ['category', 'Required.'],
  ['description', 'Optional.'],
  ['price', `Required. In ${currency}, like ${examplePrice(digits)}; ${digits === 0 ? 'no decimals' : `at most ${digits} decimals`}.`],
  ['stock', "Required. A whole number from 0 to 1,000,000. Sets a new product's stock; a product already in the shop keeps its stock unless you choose otherwise in the preview."],
  ['low_stock_threshold', 'Optional, 5 if empty.'],
  ['archived', 'Optional: yes or no (no if empty).'],
]
