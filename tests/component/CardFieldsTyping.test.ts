import { render, screen } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { createPinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import CheckoutPaymentForm from '../../src/components/cart/CheckoutPaymentForm.vue'
import { emptyDetailsInput } from '../../src/domain/orderDetails'

function renderForm() {
  render(CheckoutPaymentForm, { props: { total: 1299, paying: false, error: '', fieldErrors: {}, initialDetails: emptyDetailsInput() }, global: { plugins: [createPinia()] } })
}

describe('card fields as a person types them', () => {
  it('groups the card number as it is printed on the card', async () => {
    renderForm()
    const number = screen.getByRole('textbox', { name: 'Card number' })
    await userEvent.type(number, '4242424242424242')
    expect(number).toHaveValue('4242 4242 4242 4242')
  })

  it('makes the expiry MM/YY, and lets the slash be deleted', async () => {
    renderForm()
    const expiry = screen.getByRole('textbox', { name: 'Expiry (MM/YY)' })
    await userEvent.type(expiry, '0429')
    expect(expiry).toHaveValue('04/29')
    await userEvent.type(expiry, '{Backspace}{Backspace}')
    expect(expiry).toHaveValue('04/')
    await userEvent.type(expiry, '{Backspace}')
    expect(expiry).toHaveValue('04')
  })
})

describe('a refused card', () => {
  it('moves focus to the first field in error', async () => {
    renderForm()
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'Grace Hopper')
    await userEvent.type(screen.getByRole('textbox', { name: /^Phone/ }), '020 7946 0000')
    await userEvent.type(screen.getByRole('textbox', { name: 'Card number' }), '4242424242424242')
    await userEvent.click(screen.getByRole('button', { name: /^Pay / }))
    const expiry = screen.getByRole('textbox', { name: 'Expiry (MM/YY)' })
    expect(expiry).toHaveAttribute('aria-invalid', 'true')
    expect(expiry).toHaveFocus()
  })
})

describe('the contact and delivery details', () => {
  it('are checked with the card, each message by its field, focus on the first: the details come first', async () => {
    renderForm()
    await userEvent.click(screen.getByRole('radio', { name: 'Delivery' }))
    await userEvent.type(screen.getByRole('textbox', { name: 'E-mail' }), 'grace@')
    await userEvent.click(screen.getByRole('button', { name: /^Pay / }))
    const name = screen.getByRole('textbox', { name: 'Name' })
    expect(name).toHaveFocus()
    expect(name).toHaveAccessibleDescription('Enter the name the order is for.')
    expect(screen.getByRole('textbox', { name: 'E-mail' })).toHaveAccessibleDescription('This e-mail address is not valid: it looks like name@example.com.')
    expect(screen.getByRole('textbox', { name: 'Street and number' })).toHaveAccessibleDescription('Enter the street and number to deliver to.')
    expect(screen.getByRole('textbox', { name: 'Postal code' })).toHaveAccessibleDescription('Enter the postal code.')
    expect(screen.getByRole('textbox', { name: 'Card number' })).toHaveAccessibleDescription('Enter the card number.')
  })

  it('tell the browser what each field is, so it can fill them', async () => {
    renderForm()
    await userEvent.click(screen.getByRole('radio', { name: 'Delivery' }))
    const tokens = Object.fromEntries(
      ['Name', 'Phone', 'E-mail', 'Street and number', 'Flat, floor, building (optional)', 'Postal code', 'Town or city', 'Country'].map((label) => [
        label,
        screen.getByLabelText(label).getAttribute('autocomplete'),
      ]),
    )
    expect(tokens).toEqual({
      Name: 'name',
      Phone: 'tel',
      'E-mail': 'email',
      'Street and number': 'shipping address-line1',
      'Flat, floor, building (optional)': 'shipping address-line2',
      'Postal code': 'shipping postal-code',
      'Town or city': 'shipping address-level2',
      Country: 'shipping country-name',
    })
    expect(screen.getByLabelText('Phone')).toHaveAttribute('type', 'tel')
    expect(screen.getByLabelText('E-mail')).toHaveAttribute('type', 'email')
  })

  it('a pickup asks no address, and paying later reads "Pay at pickup"', async () => {
    renderForm()
    expect(screen.getByRole('radio', { name: 'Pickup at the shop' })).toBeChecked()
    expect(screen.queryByRole('textbox', { name: 'Street and number' })).not.toBeInTheDocument()
    expect(screen.getByRole('radio', { name: 'Pay at pickup' })).toBeInTheDocument()
    await userEvent.click(screen.getByRole('radio', { name: 'Delivery' }))
    expect(screen.getByRole('radio', { name: 'Pay on delivery' })).toBeInTheDocument()
  })
})
