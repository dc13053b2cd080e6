import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { expectNoAxeViolations, goToMenuLink, openMenu, openShop, register, searchBox } from './helpers'

const PASSWORD = 'correct horse battery'

/** A PNG photo of `width` × `height`, drawn in the page, as a file to upload. */
async function photo(page: Page, width: number, height: number) {
  const base64 = await page.evaluate(
    ([w, h]) => {
      const canvas = document.createElement('canvas')
      canvas.width = w
      canvas.height = h
      const ctx = canvas.getContext('2d')
      if (ctx) {
        ctx.fillStyle = '#2a6f97'
        ctx.fillRect(0, 0, w, h)
        ctx.fillStyle = '#f4d35e'
        ctx.fillRect(w / 4, h / 4, w / 2, h / 2)
      }
      return canvas.toDataURL('image/png').split(',')[1] ?? ''
    },
    [width, height] as const,
  )
  return { name: 'teapot.png', mimeType: 'image/png', buffer: Buffer.from(base64, 'base64') }
}

function products(page: Page) {
  return page.getByRole('list', { name: 'Products' })
}

test('the owner creates, edits and archives a product; a second page sees every change live', async ({ context }) => {
  test.slow() // a long story over three pages
  const owner = await context.newPage()
  await openShop(owner)
  await register(owner, 'Olivia', PASSWORD)
  await expect((await openMenu(owner)).getByText('(owner)')).toBeVisible()
  await owner.keyboard.press('Escape')

  // A second page of the same device: the shop as a customer sees it, searching already.
  const shopper = await context.newPage()
  await openShop(shopper)
  await searchBox(shopper).fill('heritage')
  await expect(shopper.getByText('No products match', { exact: false })).toBeVisible()

  await owner.bringToFront()
  await goToMenuLink(owner, 'Inventory')
  await expect(owner.getByRole('heading', { name: 'Inventory', level: 1 })).toBeVisible()
  await expectNoAxeViolations(owner)
  await owner.getByRole('link', { name: 'Add a product' }).click()
  await expect(owner.getByRole('heading', { name: 'New product', level: 1 })).toBeVisible()

  // Nothing is saved while any field is wrong; each message sits next to its field.
  await owner.getByLabel('Stock', { exact: true }).fill('')
  await owner.getByRole('button', { name: 'Add product' }).click()
  await expect(owner.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(/Enter a name\./)
  await expect(owner.getByLabel('SKU')).toHaveAccessibleDescription(/Enter a SKU\./)
  await expect(owner.getByLabel('Category')).toHaveAccessibleDescription('Enter a category.')
  await expect(owner.getByLabel('Price (USD)')).toHaveAccessibleDescription(/Enter a price\./)
  await expect(owner.getByLabel('Stock', { exact: true })).toHaveAccessibleDescription(/Enter the stock\./)
  await expectNoAxeViolations(owner)

  await owner.getByLabel('Name', { exact: true }).fill('x'.repeat(121))
  await owner.getByLabel('SKU').fill('kit 9001')
  await owner.getByLabel('Category').fill('Kitchen')
  await owner.getByLabel('Price (USD)').fill('45.505')
  await owner.getByLabel('Stock', { exact: true }).fill('1.5')
  await owner.getByLabel('Low-stock threshold').fill('-2')
  await owner.getByRole('button', { name: 'Add product' }).click()
  await expect(owner.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(/Name must be at most 120 characters\./)
  await expect(owner.getByLabel('SKU')).toHaveAccessibleDescription(/SKU can only contain letters, digits/)
  await expect(owner.getByLabel('Price (USD)')).toHaveAccessibleDescription(/Price can have at most 2 decimals\./)
  await expect(owner.getByLabel('Stock', { exact: true })).toHaveAccessibleDescription(/Stock must be a whole number\./)
  await expect(owner.getByLabel('Low-stock threshold')).toHaveAccessibleDescription(/Low-stock threshold cannot be negative\./)
  await owner.getByLabel('Stock', { exact: true }).fill('2000000')
  await owner.getByRole('button', { name: 'Add product' }).click()
  await expect(owner.getByLabel('Stock', { exact: true })).toHaveAccessibleDescription(/Stock cannot be more than 1,000,000\./)
  await expect(owner.getByRole('heading', { name: 'New product', level: 1 })).toBeVisible()

  // A photo that is not a picture is refused next to the field.
  await owner.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') })
  await expect(owner.getByLabel('Photo', { exact: true })).toHaveAccessibleDescription(/could not be read as a picture/)

  // Now right: a 1200 × 900 photo is shrunk to 512 × 384 before it is stored.
  await owner.getByLabel('Name', { exact: true }).fill('Heritage Teapot')
  await owner.getByLabel('SKU').fill('kit-9001')
  await owner.getByLabel('Description').fill('Cast-iron teapot with an enamel lining.')
  await owner.getByLabel('Price (USD)').fill('45.50')
  await owner.getByLabel('Stock', { exact: true }).fill('7')
  await owner.getByLabel('Low-stock threshold').fill('2')
  await owner.getByLabel('Photo', { exact: true }).setInputFiles(await photo(owner, 1200, 900))
  await expect(owner.getByText('New photo ready (512 × 384 px)')).toBeVisible()
  await owner.getByRole('button', { name: 'Add product' }).click()
  await expect(owner.getByRole('heading', { name: 'Edit Heritage Teapot', level: 1 })).toBeVisible()
  await expect(owner.getByText('Product added.')).toBeVisible()
  await expect(owner.getByLabel('SKU')).toHaveValue('KIT-9001')
  const preview = owner.getByRole('img', { name: 'Photo of Heritage Teapot' })
  await expect(preview).toHaveAttribute('src', /^blob:/)
  expect(await preview.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([512, 384])
  await expectNoAxeViolations(owner)

  // The shopper's page shows it without a reload, with its photo.
  const card = products(shopper).getByRole('listitem').filter({ hasText: 'Heritage Teapot' })
  await expect(card).toContainText('$45.50')
  await expect(card).toContainText('In stock')
  // The card's picture is decorative (the name is beside it), so it has no role to find it by.
  await expect(card.locator('img')).toHaveAttribute('src', /^blob:/)

  // Edit: a new name and price show there too.
  await owner.getByLabel('Name', { exact: true }).fill('Heritage Iron Teapot')
  await owner.getByLabel('Price (USD)').fill('39.99')
  await owner.getByRole('button', { name: 'Save changes' }).click()
  await expect(owner.getByText('Changes saved.')).toBeVisible()
  const renamed = products(shopper).getByRole('listitem').filter({ hasText: 'Heritage Iron Teapot' })
  await expect(renamed).toContainText('$39.99')

  // Restock and adjust, each with its ledger row; the shopper sees "Only 1 left".
  await owner.getByLabel('Units received').fill('5')
  await owner.getByLabel('Note (optional)').fill('Delivery 1142')
  await owner.getByRole('button', { name: 'Restock' }).click()
  await expect(owner.getByRole('heading', { name: 'Stock: 12', level: 2 })).toBeVisible()
  await owner.getByRole('button', { name: 'Adjust stock' }).click()
  await expect(owner.getByLabel('New stock level')).toHaveAccessibleDescription(/Enter the new stock level\./)
  await owner.getByLabel('New stock level').fill('1')
  await owner.getByRole('button', { name: 'Adjust stock' }).click()
  await expect(owner.getByLabel('Reason')).toHaveAccessibleDescription(/Say why the stock changes/)
  await owner.getByLabel('Reason').fill('Two cracked in storage')
  await owner.getByRole('button', { name: 'Adjust stock' }).click()
  await expect(owner.getByRole('heading', { name: 'Stock: 1', level: 2 })).toBeVisible()
  const ledger = owner.getByRole('table', { name: /Stock ledger of Heritage Iron Teapot/ })
  await expect(ledger.getByRole('row')).toHaveCount(4)
  await expect(ledger.getByRole('row').nth(1)).toContainText('Adjustment')
  await expect(ledger.getByRole('row').nth(1)).toContainText('-11')
  await expect(ledger.getByRole('row').nth(1)).toContainText('Two cracked in storage')
  await expect(ledger.getByRole('row').nth(2)).toContainText('Restock')
  await expect(ledger.getByRole('row').nth(2)).toContainText('+5')
  await expect(ledger.getByRole('row').nth(3)).toContainText('Initial stock')
  await expect(ledger.getByRole('row').nth(3)).toContainText('+7')
  await expect(renamed).toContainText('Only 1 left')
  await expectNoAxeViolations(owner)

  // The product page a shopper has open turns to "no longer sold" when the owner archives it.
  const productPage = await context.newPage()
  await productPage.goto(`/products/${new URL(owner.url()).pathname.split('/').pop()}`)
  await expect(productPage.getByRole('heading', { name: 'Heritage Iron Teapot', level: 1 })).toBeVisible()
  await expect(productPage.getByRole('button', { name: 'Add to cart' })).toBeVisible()

  await owner.bringToFront()
  await owner.getByRole('button', { name: 'Archive product' }).click()
  await expect(owner.getByText('Heritage Iron Teapot is archived: shoppers no longer see it.')).toBeVisible()
  await expect(productPage.getByText('This product is no longer sold.')).toBeVisible()
  await expect(productPage.getByRole('button', { name: 'Add to cart' })).toHaveCount(0)
  await expect(shopper.getByText('No products match', { exact: false })).toBeVisible()

  // Archived products wait in the owner's archived list; putting one back brings it back live.
  await owner.getByRole('link', { name: '← Inventory' }).click()
  await owner.getByLabel('Status').selectOption('archived')
  await owner.getByRole('link', { name: 'Heritage Iron Teapot' }).click()
  await owner.getByRole('button', { name: 'Put back on sale' }).click()
  await expect(products(shopper).getByRole('listitem').filter({ hasText: 'Heritage Iron Teapot' })).toBeVisible()
})

test('the stock ledger verifies, and "Verify inventory" names a product whose stock was changed behind its back', async ({ page }) => {
  await openShop(page)
  await register(page, 'Olivia', PASSWORD)
  await goToMenuLink(page, 'Inventory')
  await page.getByRole('button', { name: 'Verify inventory' }).click()
  await expect(page.getByText('All 25 products match their stock ledger.')).toBeVisible()

  // Low stock: at or below each product's threshold, the shortest first.
  await page.getByRole('link', { name: 'Low stock' }).click()
  const low = page.getByRole('table', { name: 'Products running low' })
  await expect(low.getByRole('row').nth(1)).toContainText(/Cold Brew Pack|Dark Chocolate 70%/)
  await expect(low).toContainText('Brass Bookmark')
  await expect(low).not.toContainText('House Blend Coffee Beans')
  await expectNoAxeViolations(page)

  // Someone writes a stock figure straight into the database, without a ledger row.
  await page.evaluate(async () => {
    const open = indexedDB.open('offline-shop')
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
    })
    const tx = db.transaction('products', 'readwrite')
    const store = tx.objectStore('products')
    const get = store.index('sku').get('COF-0003')
    get.onsuccess = () => store.put({ ...get.result, stock: 99 })
    await new Promise((resolve) => (tx.oncomplete = resolve))
    db.close()
  })
  await page.getByRole('link', { name: '← Inventory' }).click()
  await page.getByRole('button', { name: 'Verify inventory' }).click()
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('1 product does not match the stock ledger')
  await expect(alert).toContainText('Decaf Colombian (SKU COF-0003): stock 99, ledger 3')
  await expectNoAxeViolations(page)
})

test('shoppers search as they type, filter by category and stock, and sort', async ({ page }) => {
  await openShop(page)
  const items = products(page).getByRole('listitem')
  const names = () => items.getByRole('heading').allTextContents()

  // Word prefixes of the name or the category's name, any case; an exact SKU. Typed key by key, as a person does.
  await searchBox(page).pressSequentially('tea')
  await expect(searchBox(page)).toHaveValue('tea')
  await expect(page.getByText('5 matches', { exact: true })).toBeVisible()
  expect(await names()).toEqual(['Chamomile Blossoms', 'Earl Grey Loose Leaf', 'Glass Teapot', 'Masala Chai Blend', 'Sencha Green Tea'])
  await searchBox(page).fill('bakery roll')
  await expect(page.getByText('1 match', { exact: true })).toBeVisible()
  expect(await names()).toEqual(['Cinnamon Roll'])
  await searchBox(page).fill('EARL gr')
  await expect(page.getByText('1 match', { exact: true })).toBeVisible()
  expect(await names()).toEqual(['Earl Grey Loose Leaf'])
  await searchBox(page).fill('cof-0003')
  await expect(page.getByText('1 match', { exact: true })).toBeVisible()
  expect(await names()).toEqual(['Decaf Colombian'])
  await searchBox(page).fill('ea')
  await expect(page.getByText('1 match', { exact: true })).toBeVisible()
  await searchBox(page).fill('zzz')
  await expect(page.getByText(/No products match/)).toBeVisible()
  await expectNoAxeViolations(page)

  // Category and sort.
  await searchBox(page).fill('')
  await page.getByLabel('Category').selectOption('Bakery')
  await expect(page.getByText('4 matches', { exact: true })).toBeVisible()
  expect(await names()).toEqual(['Butter Croissant', 'Cinnamon Roll', 'Rye Crackers', 'Sourdough Loaf'])
  await page.getByLabel('Sort by').selectOption({ label: 'Price (high to low)' })
  await expect.poll(names).toEqual(['Sourdough Loaf', 'Rye Crackers', 'Cinnamon Roll', 'Butter Croissant'])
  await page.getByLabel('Category').selectOption('Stationery')
  await page.getByLabel('Sort by').selectOption({ label: 'Newest first' })
  await expect.poll(names).toEqual(['Brass Bookmark', 'Recycled Kraft Envelopes', 'Fountain Pen', 'Linen Notebook'])

  // In stock only: Cold Brew Pack (none left) drops out of Coffee.
  await page.getByLabel('Category').selectOption('Coffee')
  await page.getByLabel('Sort by').selectOption({ label: 'Price (low to high)' })
  await expect.poll(names).toEqual(['Cold Brew Pack', 'Decaf Colombian', 'House Blend Coffee Beans', 'Espresso Roast', 'Ethiopian Yirgacheffe'])
  await page.getByLabel('In stock only').check()
  await expect.poll(names).toEqual(['Decaf Colombian', 'House Blend Coffee Beans', 'Espresso Roast', 'Ethiopian Yirgacheffe'])
  await expectNoAxeViolations(page)

  // The address keeps the filters: a reload shows the same list.
  await expect(page).toHaveURL(/category=Coffee/)
  await expect(page).toHaveURL(/instock=1/)
  await expect(page).toHaveURL(/sort=price-asc/)
  await page.reload()
  await expect(page.getByLabel('In stock only')).toBeChecked()
  await expect.poll(names).toEqual(['Decaf Colombian', 'House Blend Coffee Beans', 'Espresso Roast', 'Ethiopian Yirgacheffe'])
})

test('a large catalog is paged and virtualised: the list does not grow with it', async ({ page }) => {
  test.slow() // seeds 1,500 products on a fresh device, then reads every page
  // A fresh device opened with ?synthetic=N gets N generated products instead of the demo.
  await page.goto('/?synthetic=1500')
  // The exact number of products, counted from the indexes however few pages are read.
  await expect(page.getByText(/^[\d,]+ products$/)).toBeVisible({ timeout: 30_000 })
  await expect(page.getByText(/^Adding demo products/)).toHaveCount(0, { timeout: 60_000 })
  await expect(page.getByText('1,500 products', { exact: true })).toBeVisible()
  const items = products(page).getByRole('listitem')
  const rendered = await items.count()
  expect(rendered).toBeGreaterThan(5)
  expect(rendered).toBeLessThan(80)

  // Scrolling far down reads further pages but keeps the list's DOM the same size.
  for (let i = 0; i < 40; i++) await page.mouse.wheel(0, 2_000)
  await expect.poll(async () => Number(await items.last().getAttribute('aria-posinset'))).toBeGreaterThan(400)
  expect(await items.count()).toBeLessThan(80)
  await expect(items.first()).toHaveAttribute('aria-setsize', /^(-1|1500)$/)
  for (let i = 0; i < 60; i++) await page.keyboard.press('End')
  await expect(page.getByText('1,500 products', { exact: true })).toBeVisible({ timeout: 30_000 })
  await expect(items.last()).toHaveAttribute('aria-posinset', '1500')
  expect(await items.count()).toBeLessThan(80)

  // Search stays exact at this size: one product by SKU, word prefixes across the catalog.
  await searchBox(page).fill('SYN-0001234')
  await expect(page.getByText('1 match', { exact: true })).toBeVisible()
  await expect(items.getByRole('heading')).toHaveText([/ 1234$/])
  await expectNoAxeViolations(page)
})

test('CSV export then import moves the catalog to another device; a bad file changes nothing', async ({ browser }) => {
  test.slow() // two devices, each registering an owner
  // Device A: the owner adds a product and exports everything.
  const deviceA = await browser.newContext()
  const a = await deviceA.newPage()
  await openShop(a)
  await register(a, 'Olivia', PASSWORD)
  await a.goto('/inventory/new')
  await a.getByLabel('Name', { exact: true }).fill('Travel Mug, "Insulated"')
  await a.getByLabel('SKU').fill('KIT-7000')
  await a.getByLabel('Category').fill('Kitchen')
  await a.getByLabel('Description').fill('Keeps coffee hot for 6 hours.\nDishwasher safe.')
  await a.getByLabel('Price (USD)').fill('24')
  await a.getByLabel('Stock', { exact: true }).fill('12')
  await a.getByRole('button', { name: 'Add product' }).click()
  await expect(a.getByText('Product added.')).toBeVisible()
  await a.getByRole('link', { name: '← Inventory' }).click()
  await a.getByRole('link', { name: 'Import or export CSV' }).click()
  await expectNoAxeViolations(a)
  const downloading = a.waitForEvent('download')
  await a.getByRole('button', { name: 'Export products as CSV' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^products-\d{4}-\d{2}-\d{2}\.csv$/)
  const csv = await readFile(await download.path(), 'utf8')
  expect(csv.split('\r\n')[0]).toBe('sku,name,category,description,price,stock,low_stock_threshold,archived')
  expect(csv).toContain('COF-0003,Decaf Colombian,Coffee,Swiss-water decaf with a smooth caramel finish. 250 g.,11.49,3,5,no')
  expect(csv).toContain('KIT-7000,"Travel Mug, ""Insulated""",Kitchen,"Keeps coffee hot for 6 hours.\nDishwasher safe.",24.00,12,5,no')
  await deviceA.close()

  // Device B: its own owner, the demo catalog with a price changed; the import brings A's catalog.
  const deviceB = await browser.newContext()
  const b = await deviceB.newPage()
  await openShop(b)
  await register(b, 'Bruno', PASSWORD)
  await b.goto('/inventory/csv')

  // First a bad file: every problem listed by row and column, and nothing imported.
  const bad = [
    'sku,name,category,price,stock',
    'NEW-1,Good Row,Kitchen,1.00,1',
    ',No Sku,Kitchen,2.00,1',
    'NEW-3,Bad Price,Kitchen,abc,1',
    'NEW-4,Negative,Kitchen,1.00,-4',
    'new-1,Twice,Kitchen,1.00,4',
  ].join('\n')
  await b.getByLabel('CSV file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
  await b.getByRole('button', { name: 'Import products' }).click()
  await expect(b.getByRole('alert')).toContainText('Nothing was imported: 4 problems need fixing first.')
  const problems = b.getByRole('table', { name: 'Problems in the file' }).getByRole('row')
  await expect(problems).toHaveCount(5)
  await expect(problems.nth(1)).toHaveText(/^3\s*sku\s*Enter a SKU\.$/)
  await expect(problems.nth(2)).toHaveText(/^4\s*price\s*Price must be a number, like 12\.99\.$/)
  await expect(problems.nth(3)).toHaveText(/^5\s*stock\s*Stock cannot be negative\.$/)
  await expect(problems.nth(4)).toHaveText(/^6\s*sku\s*SKU NEW-1 is also on row 2/)
  await expectNoAxeViolations(b)
  await b.getByRole('link', { name: 'Products', exact: true }).click()
  await searchBox(b).fill('good row')
  await expect(b.getByText(/No products match/)).toBeVisible()

  // Then A's export: one product added, the rest already there and unchanged.
  await b.goto('/inventory/csv')
  await b.getByLabel('CSV file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await b.getByRole('button', { name: 'Import products' }).click()
  // The preview comes first; nothing is written until it is confirmed.
  await expect(b.getByText('1 to add, 0 to update, 25 unchanged.')).toBeVisible()
  await b.getByRole('button', { name: 'Confirm import' }).click()
  await expect(b.getByText('Import complete: 1 added, 0 updated, 25 unchanged.')).toBeVisible()
  await b.getByLabel('CSV file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace(',11.49,3,5,no', ',12.49,3,5,no')) })
  await b.getByRole('button', { name: 'Import products' }).click()
  await b.getByRole('button', { name: 'Confirm import' }).click()
  await expect(b.getByText('Import complete: 0 added, 1 updated, 25 unchanged.')).toBeVisible()

  await b.getByRole('link', { name: 'Products', exact: true }).click()
  await searchBox(b).fill('travel mug')
  const mug = products(b).getByRole('listitem').filter({ hasText: 'Travel Mug, "Insulated"' })
  await expect(mug).toContainText('$24.00')
  await mug.getByRole('link').click()
  await expect(b.getByText('Keeps coffee hot for 6 hours.')).toBeVisible()
  await expect(b.getByText('SKU: KIT-7000')).toBeVisible()
  await b.goto('/?q=decaf')
  await expect(products(b).getByRole('listitem').filter({ hasText: 'Decaf Colombian' })).toContainText('$12.49')

  // The import wrote ledger rows, so the inventory still verifies.
  await goToMenuLink(b, 'Inventory')
  await b.getByRole('button', { name: 'Verify inventory' }).click()
  await expect(b.getByText('All 26 products match their stock ledger.')).toBeVisible()
  await deviceB.close()
})
