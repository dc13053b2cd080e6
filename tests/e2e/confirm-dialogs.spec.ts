import { expect, test, type Page } from '@playwright/test'
import { addToCart, cartLink, checkoutOnDelivery, expectNoAxeViolations, goToMenuLink, login, logOut as logOutByMenu, openMenu, openProduct, openShop, register } from './helpers'

const OLIVIA_PASSWORD = 'correct horse battery'
const BOB_PASSWORD = 'bobs own passphrase'

async function logOut(page: Page): Promise<void> {
  await logOutByMenu(page)
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible()
}

async function buy(page: Page, product: string): Promise<void> {
  await openProduct(page, product)
  await addToCart(page, '1')
  await cartLink(page).click()
  await checkoutOnDelivery(page)
  await expect(page.getByRole('heading', { name: /^Order #/, level: 1 })).toBeVisible()
}

async function expectStock(page: Page, product: string, text: string) {
  await openProduct(page, product)
  await expect(page.getByText(text, { exact: true })).toBeVisible()
}

test('cancelling, refunding, demoting yourself and deleting your account each ask first, in an accessible dialog', async ({ page }) => {
  test.setTimeout(240_000)
  await openShop(page)
  await register(page, 'Olivia', OLIVIA_PASSWORD)
  await logOut(page)

  // A customer cancels: asked first; Escape keeps the order and gives focus back to the button.
  await register(page, 'Bob', BOB_PASSWORD)
  await buy(page, 'Decaf Colombian') // 3 in stock, 2 left
  const cancel = page.getByRole('button', { name: 'Cancel order' })
  await cancel.click()
  const cancelDialog = page.getByRole('dialog', { name: /^Cancel order #.+\?$/ })
  await expect(cancelDialog).toBeVisible()
  await expect(cancelDialog).toHaveAccessibleDescription('The items go back into stock. This cannot be undone.')
  await expect(cancelDialog.getByRole('button', { name: 'Keep the order' })).toBeFocused()
  await expectNoAxeViolations(page)
  await page.keyboard.press('Escape')
  await expect(cancelDialog).toBeHidden()
  await expect(cancel).toBeFocused()
  await expect(page.getByRole('definition').filter({ hasText: 'Placed' })).toBeVisible()
  await cancel.click()
  await cancelDialog.getByRole('button', { name: /^Cancel order #/ }).click()
  await expect(page.getByRole('status').filter({ hasText: 'is now cancelled' })).toBeVisible()
  await expect(cancelDialog).toBeHidden()
  await expect(page.getByRole('heading', { name: 'Change this order' })).toBeFocused()
  await expectStock(page, 'Decaf Colombian', 'Only 3 left')
  await logOut(page)

  // The owner refunds a delivered order whose goods did not come back: nothing goes back into stock.
  await page.getByRole('link', { name: 'Log in' }).click()
  await login(page, 'Olivia', OLIVIA_PASSWORD)
  await buy(page, 'Glass Teapot') // 4 in stock, 3 left
  for (const next of ['paid', 'processing', 'shipped', 'delivered']) {
    await page.getByRole('button', { name: `Mark as ${next}` }).click()
    await expect(page.getByRole('status').filter({ hasText: 'is now' })).toHaveText(new RegExp(`is now ${next}\\.$`))
  }
  const refund = page.getByRole('button', { name: 'Refund order' })
  await refund.click()
  const refundDialog = page.getByRole('dialog', { name: /^Refund order #.+\?$/ })
  const question = refundDialog.getByRole('group', { name: 'Did the goods come back?' })
  await expect(question).toBeVisible()
  await expect(question.getByRole('radio')).toHaveCount(2)
  await expectNoAxeViolations(page)
  await refundDialog.getByRole('button', { name: /^Refund order #/ }).click()
  await expect(refundDialog.getByRole('alert')).toHaveText('Say whether the goods came back.')
  await expectNoAxeViolations(page)
  await question.getByRole('radio', { name: 'No: nothing goes back into stock' }).check()
  await refundDialog.getByRole('button', { name: /^Refund order #/ }).click()
  await expect(page.getByRole('status').filter({ hasText: 'is now refunded' })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Status history' }).getByRole('listitem').last()).toContainText('Goods not returned; nothing restocked.')
  await expectStock(page, 'Glass Teapot', 'Only 3 left')

  // Demoting yourself warns that the owner pages go; "Stay an owner" changes nothing.
  await goToMenuLink(page, 'Accounts')
  await page.getByRole('button', { name: 'Make owner (Bob)' }).click()
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Bob is now an owner.')
  const demote = page.getByRole('button', { name: 'Make customer (Olivia)' })
  await demote.click()
  const demoteDialog = page.getByRole('dialog', { name: 'Make yourself a customer?' })
  await expect(demoteDialog).toHaveAccessibleDescription(/You lose the owner pages \(inventory, orders, accounts and settings\)/)
  await expectNoAxeViolations(page)
  await demoteDialog.getByRole('button', { name: 'Stay an owner' }).click()
  await expect(demote).toBeFocused()
  await expect(page.getByRole('table', { name: 'Accounts on this device' }).getByRole('row', { name: /Olivia/ })).toContainText('Owner')
  await demote.click()
  await demoteDialog.getByRole('button', { name: 'Make myself a customer' }).click()
  await expect(page.getByRole('heading', { name: 'Not allowed', level: 1 })).toBeVisible()

  // Deleting the account: the password is asked for inside the dialog.
  await (await openMenu(page)).getByRole('link', { name: /^Your account: logged in as/ }).click()
  await page.getByRole('button', { name: 'Delete my account' }).click()
  const deleteDialog = page.getByRole('dialog', { name: 'Delete your account?' })
  await expect(deleteDialog.getByLabel('Password to confirm')).toBeFocused()
  await expectNoAxeViolations(page)
  await deleteDialog.getByLabel('Password to confirm').fill(OLIVIA_PASSWORD)
  await deleteDialog.getByRole('button', { name: 'Delete my account for good' }).click()
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'deleted' })).toHaveText('Your account has been deleted.')
})
