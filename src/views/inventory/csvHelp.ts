/** What each CSV column holds, as the import page explains it. */
export const CSV_COLUMN_HELP: ReadonlyArray<readonly [string, string]> = [
  ['sku', 'Required. Unique code, like COF-0001; matches an existing product to update it.'],
  ['name', 'Required. 1 to 120 characters.'],
  ['category', 'Required.'],
  ['description', 'Optional.'],
  ['price', 'Required. In dollars, like 12.99; at most 2 decimals.'],
  ['stock', 'Required. A whole number from 0 to 1,000,000.'],
  ['low_stock_threshold', 'Optional, 5 if empty.'],
  ['archived', 'Optional: yes or no (no if empty).'],
]
