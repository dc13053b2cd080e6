/**
 * A full disk, for real: Chromium runs on a persistent profile inside a small tmpfs, and a
 * database of random bytes that the shop never touches fills it until one more write is
 * refused. (DevTools' Storage.overrideQuotaForOrigin is accepted by Chromium but changes
 * nothing, and LevelDB compresses repeated bytes, so only random data fills it.) A restore
 * of a large backup, a large CSV import and an order then each say the device is out of
 * space and leave every table of the shop exactly as it was; once the filler is deleted,
 * the same action goes through, which shows it was the disk that refused it.
 *
 * Mounting needs root. Without it the test fails and says so: it is never skipped.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test'
import { CHROMIUM_ARGS } from '../../playwright.config'
import { addToCart, cartLink, confirmRestore, fillDelivery, goToMenuLink, login, manageButton, openMenu, openProduct, openShop, register } from './helpers'

const PASSWORD = 'correct horse battery'
/** The app's words for a write the device had no room for (src/stores/errors.ts, QUOTA_MESSAGE). */
const OUT_OF_SPACE =
  'This device is out of storage space, so nothing was saved and nothing was lost. Free some space on this device, then try again.'
/**
 * Chromium refuses an origin's writes once it uses 60% of the disk, so on this disk after
 * about 60 MB. The rest is headroom: a large transaction's data reaches the disk before
 * Chromium checks the space at commit, and if the disk itself filled up then, Chromium would
 * throw the origin's whole IndexedDB away (seen on a 60 MB disk, with a restore over a
 * 2,000-product catalog). So the disk is big enough that only the quota ever says no.
 */
const DISK_SIZE = '100m'
const FILLER_DB = 'storage-full-test-filler'
const PROBE_DB = 'storage-full-test-probe'

/** Mounts a tmpfs of `size` on a new directory; fails (never skips) when that is not allowed. */
function mountSmallDisk(size: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'offline-shop-full-disk-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: ['ignore', 'ignore', 'pipe'] })
  } catch (err) {
    rmdirSync(dir)
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim()
    throw new Error(
      `The storage-full test fills a real disk: it mounts a ${size} tmpfs for Chromium's profile, which needs root ` +
        `(CI runs as root). Run the end-to-end tests as root. mount said: ${stderr || String(err)}`,
      { cause: err },
    )
  }
  return dir
}

function unmount(dir: string): void {
  // Chromium's last files may still be closing just after the browser exits: try a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync('umount', [dir], { stdio: ['ignore', 'ignore', 'pipe'] })
      break
    } catch (err) {
      if (attempt >= 20) throw err
      execFileSync('sleep', ['0.25'])
    }
  }
  rmdirSync(dir)
}

/**
 * In the page, writes random bytes (which no compression shrinks) as chunks of each size in
 * turn into database `name`, each in its own transaction: one chunk of each size, or with
 * `untilRefused` as many as fit. Resolves with whether the last write fit and how many
 * bytes it wrote.
 */
function writeRandomChunks(page: Page, name: string, sizes: number[], untilRefused: boolean) {
  return page.evaluate(
    async ([dbName, chunkSizes, repeat]) => {
      const open = indexedDB.open(dbName, 1)
      open.onupgradeneeded = () => open.result.createObjectStore('chunks', { autoIncrement: true })
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result)
        open.onerror = () => reject(open.error)
      })
      const write = (size: number) => {
        const bytes = new Uint8Array(size)
        // getRandomValues fills at most 64 KiB per call.
        for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(bytes.subarray(at, Math.min(size, at + 65_536)))
        return new Promise<boolean>((resolve, reject) => {
          const tx = db.transaction('chunks', 'readwrite')
          tx.objectStore('chunks').add(new Blob([bytes]))
          tx.oncomplete = () => resolve(true)
          // Refused for lack of space is an answer; anything else is a failure of the test.
          tx.onabort = () => (tx.error?.name === 'QuotaExceededError' ? resolve(false) : reject(tx.error))
        })
      }
      // A transaction that only deletes commits without a space check, and a commit has
      // Chromium count the origin's usage again: the writes below are measured against what
      // is on the disk now, not against a count from before the filler was last deleted.
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('chunks', 'readwrite')
        tx.objectStore('chunks').delete(-1)
        tx.oncomplete = () => resolve()
        tx.onabort = () => reject(tx.error)
      })
      let fit = false
      let bytes = 0
      for (const size of chunkSizes) {
        do {
          fit = await write(size)
          if (fit) bytes += size
        } while (fit && repeat)
      }
      // The chunks are never read back: a Blob read from the database keeps its file on the
      // disk, even after the database is deleted, until the page lets go of it.
      db.close()
      return { fit, bytes }
    },
    [name, sizes, untilRefused] as const,
  )
}

/**
 * Fills the disk with chunks that halve each time one is refused, from 4 MiB down to
 * `smallest` bytes: afterwards not even `smallest` more bytes fit. Returns how much it wrote.
 */
async function fillDisk(page: Page, smallest: number): Promise<number> {
  const sizes: number[] = []
  for (let size = 4 * 1024 * 1024; size >= smallest; size = Math.floor(size / 2)) sizes.push(size)
  const { fit, bytes } = await writeRandomChunks(page, FILLER_DB, sizes, true)
  expect(fit, 'the last write into the filler was refused').toBe(false)
  return bytes
}

/**
 * Deletes the filler, then waits until a write of 1 MiB fits again: Chromium removes a
 * deleted database's files a moment after the deletion has succeeded, and counts the space
 * as free only after that.
 */
async function freeDisk(page: Page): Promise<void> {
  await page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase(name)
        request.onsuccess = () => resolve()
        request.onerror = () => reject(request.error)
      }),
    FILLER_DB,
  )
  await expect
    .poll(async () => (await writeRandomChunks(page, PROBE_DB, [1024 * 1024], false)).fit, {
      message: 'the filler’s space is given back',
      timeout: 30_000,
    })
    .toBe(true)
}

type Dump = Record<string, unknown[]>

/**
 * Every record of every table of the shop's database, read straight from IndexedDB (photos
 * as their type and size). A session's last-activity time is left out: it is the one thing
 * the app writes by itself as a person clicks around.
 */
async function dumpShop(page: Page): Promise<Dump> {
  const dump = await page.evaluate(async () => {
    const open = indexedDB.open('offline-shop')
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
    })
    const names = [...db.objectStoreNames]
    // No tables at all: the database is gone (opening it made an empty one).
    if (names.length === 0) return { 'the shop’s database is gone': [] }
    const tx = db.transaction(names, 'readonly')
    const tables = await Promise.all(
      names.map(
        (name) =>
          new Promise<[string, unknown[]]>((resolve, reject) => {
            const request = tx.objectStore(name).getAll()
            request.onsuccess = () => resolve([name, request.result])
            request.onerror = () => reject(request.error)
          }),
      ),
    )
    db.close()
    const text = JSON.stringify(Object.fromEntries(tables), (_key, value: unknown) =>
      value instanceof Blob ? { blob: value.type, size: value.size } : value,
    )
    return JSON.parse(text) as Dump
  })
  if (dump.sessions) dump.sessions = dump.sessions.map((session) => ({ ...(session as object), lastActiveAt: 'left out' }))
  return dump
}

/** `count` random letters and digits: text that LevelDB's compression cannot shrink. */
function randomText(count: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = new Uint8Array(count)
  for (let at = 0; at < count; at += 65_536) crypto.getRandomValues(bytes.subarray(at, Math.min(count, at + 65_536)))
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('')
}

/** A CSV of `rows` new products, each with a long random description: 2 kB a row. */
function largeCsv(rows: number): string {
  const lines = ['sku,name,category,description,price,stock']
  for (let i = 1; i <= rows; i++) {
    const n = String(i).padStart(5, '0')
    lines.push(`BULK-${n},Bulk item ${n},Bulk,D${randomText(1_999)},1.00,10`)
  }
  return lines.join('\r\n') + '\r\n'
}

/** `count` PNG photos of random noise (so they stay large), drawn in the page, as data: URLs. */
async function noisePhotos(page: Page, count: number): Promise<string[]> {
  return page.evaluate((n) => {
    const canvas = document.createElement('canvas')
    canvas.width = 512
    canvas.height = 384
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('no 2d canvas')
    const photos: string[] = []
    for (let i = 0; i < n; i++) {
      const image = ctx.createImageData(canvas.width, canvas.height)
      for (let at = 0; at < image.data.length; at += 65_536) crypto.getRandomValues(image.data.subarray(at, at + 65_536))
      for (let at = 3; at < image.data.length; at += 4) image.data[at] = 255
      ctx.putImageData(image, 0, 0)
      photos.push(canvas.toDataURL('image/png'))
    }
    return photos
  }, count)
}

interface BackupFile {
  checksum: string
  tables: { products: Record<string, unknown>[] } & Record<string, unknown[]>
}

/** The backup with a photo on each of its first products, its checksum made anew (the SHA-256 of its tables' JSON). */
function withPhotos(file: BackupFile, photos: string[]): BackupFile {
  const tables = { ...file.tables, products: file.tables.products.map((p, i) => (i < photos.length ? { ...p, image: photos[i] } : p)) }
  return { ...file, tables, checksum: `sha256:${createHash('sha256').update(JSON.stringify(tables)).digest('hex')}` }
}

async function openSettings(page: Page): Promise<void> {
  await goToMenuLink(page, 'Settings')
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
}

async function openCsvPage(page: Page): Promise<void> {
  await goToMenuLink(page, 'Inventory')
  await page.getByRole('link', { name: 'Import or export CSV' }).click()
  await expect(page.getByRole('heading', { name: 'Import and export', level: 1 })).toBeVisible()
}

async function expectOwnerLoggedIn(page: Page): Promise<void> {
  await expect((await openMenu(page)).getByText('(owner)')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(manageButton(page)).toBeVisible()
}

// Closed and unmounted in afterEach, which runs even when the test times out (a `finally`
// in the test would not: its await never returns).
let disk: string | undefined
let context: BrowserContext | undefined

test.afterEach(async () => {
  try {
    await context?.close()
  } finally {
    context = undefined
    if (disk) unmount(disk)
    disk = undefined
  }
})

test('with the disk full, a large restore, a large import and an order each say so and change nothing; with room again they go through', async ({
  baseURL,
}, testInfo) => {
  test.slow() // three fills of up to 60 MB of random bytes; a 5 MB restore and a 4 MB import, each tried twice
  disk = mountSmallDisk(DISK_SIZE)
  context = await chromium.launchPersistentContext(join(disk, 'profile'), {
    ...(process.env.CHROME_PATH ? { executablePath: process.env.CHROME_PATH } : {}),
    args: CHROMIUM_ARGS,
    headless: true,
    baseURL,
    // No service worker: its precache would write to the disk in the background while it fills.
    serviceWorkers: 'block',
  })
  const page = context.pages()[0] ?? (await context.newPage())

  // The shop: an owner, a cart, a checkout begun, and a backup of all of it.
  await openShop(page)
  await register(page, 'Olivia', PASSWORD)
  await openProduct(page, 'Stoneware Mug')
  await addToCart(page, '2')
  await cartLink(page).click()
  await page.getByRole('link', { name: 'Go to checkout' }).click()
  await expect(page.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible()
  await openSettings(page)
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download backup' }).click()
  const exported = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as BackupFile
  // The same shop with 8 photos of noise: over 5 MB to write when restored.
  const backupPath = testInfo.outputPath('large-backup.json')
  writeFileSync(backupPath, JSON.stringify(withPhotos(exported, await noisePhotos(page, 8))))

  await test.step('a restore of a 5 MB backup with photos that does not fit', async () => {
    await page.getByLabel('Backup file').setInputFiles(backupPath)
    await expect(page.getByText(/It holds 1 account, 25 products, 0 orders, 1 cart line\./)).toBeVisible()
    const before = await dumpShop(page)
    // Full to the last 64 KiB.
    expect(await fillDisk(page, 64 * 1024)).toBeGreaterThan(40 * 1024 * 1024)
    await confirmRestore(page, PASSWORD)
    // Told in the dialog, which stays open with the password for another try.
    const dialog = page.getByRole('dialog', { name: 'Restore this backup?' })
    await expect(dialog.getByRole('alert').filter({ hasText: 'storage' })).toHaveText(OUT_OF_SPACE)
    // The same shop (its sessions included), and its owner still logged in: the header still
    // offers the Manage menu (the open dialog makes the page behind it inert, so not opened here).
    expect(await dumpShop(page)).toEqual(before)
    await expect(manageButton(page)).toBeVisible()

    await freeDisk(page)
    await dialog.getByRole('button', { name: 'Restore this backup' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Log in with an account' })).toHaveText(
      /The shop was restored from the backup\. Log in with an account from the backup\./,
    )
    // The restored accounts are the backup's: everyone on this device logs in again.
    await expect(page.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible()
    await login(page, 'Olivia', PASSWORD)
    await expectOwnerLoggedIn(page)
    const restored = await dumpShop(page)
    expect(restored.products?.filter((p) => (p as { image?: unknown }).image !== undefined)).toHaveLength(8)
  })

  await test.step('a 4 MB CSV import that does not fit', async () => {
    await openCsvPage(page)
    const before = await dumpShop(page)
    expect(await fillDisk(page, 64 * 1024)).toBeGreaterThan(30 * 1024 * 1024)
    await page.getByLabel('CSV file').setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer: Buffer.from(largeCsv(2_000)) })
    await page.getByRole('button', { name: 'Import products' }).click()
    await page.getByRole('button', { name: 'Confirm import' }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'Nothing was imported' })).toHaveText(`Nothing was imported. ${OUT_OF_SPACE}`)
    expect(await dumpShop(page)).toEqual(before)

    await freeDisk(page)
    await page.getByRole('button', { name: 'Import products' }).click()
    await page.getByRole('button', { name: 'Confirm import' }).click()
    await expect(page.getByText('Import complete: 2,000 added, 0 updated, 0 unchanged.')).toBeVisible()
    expect((await dumpShop(page)).products).toHaveLength(2_025)
  })

  await test.step('an order whose writes do not fit', async () => {
    await cartLink(page).click()
    await page.getByRole('link', { name: 'Go to checkout' }).click()
    await expect(page.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible()
    await fillDelivery(page)
    await page.getByRole('radio', { name: 'Pay on delivery' }).check()
    const before = await dumpShop(page)
    // Full to the last few hundred bytes: not even one order record fits.
    expect(await fillDisk(page, 256)).toBeGreaterThan(20 * 1024 * 1024)
    const placeOrder = page.getByRole('button', { name: 'Place order' })
    await placeOrder.click()
    await expect(page.getByRole('alert').filter({ hasText: 'storage' })).toHaveText(OUT_OF_SPACE)
    await expect(page.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible()
    await expect(cartLink(page)).toHaveAccessibleName('Cart, 2 items')
    expect(await dumpShop(page)).toEqual(before)

    await freeDisk(page)
    await placeOrder.click()
    await expect(page.getByRole('heading', { name: /^Order #[2-9A-Z]{2,}-1001$/, level: 1 })).toBeVisible()
    await expect(cartLink(page)).toHaveAccessibleName('Cart, 0 items')
  })
})
