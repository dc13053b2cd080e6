/**
 * The demo catalog's rows: data in a file of their own (public/demo/catalog.json, next to the
 * products' pictures, precached like them), fetched by the one visit that seeds (db/seed.ts),
 * rather than 1.2 kB (gzip) of JavaScript that a first visit would parse. Apart from the seed
 * code so that the catalog store can start the fetch while that code loads.
 */

/** One product of the demo catalog: [name, category, price in cents, stock, description]. */
export type DemoRow = readonly [name: string, category: string, price: number, stock: number, description: string]

/** Where the demo catalog's rows are, under the app's base. */
export const DEMO_CATALOG_URL = `${import.meta.env.BASE_URL}demo/catalog.json`

/** The demo catalog's rows, from DEMO_CATALOG_URL. */
export async function loadDemoCatalog(url = DEMO_CATALOG_URL): Promise<DemoRow[]> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`The demo catalog could not be loaded (${response.status}).`)
  return (await response.json()) as DemoRow[]
}
