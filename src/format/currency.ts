import { SHOP_LOCALE } from './locale'

export interface CurrencyOption {
  code: string
  /** "EUR — Euro" */
  label: string
}

let options: CurrencyOption[] | undefined

/** Every ISO 4217 currency the browser knows, by code, each with its name from Intl. */
export function currencyOptions(): CurrencyOption[] {
  if (!options) {
    const names = new Intl.DisplayNames([SHOP_LOCALE], { type: 'currency' })
    options = Intl.supportedValuesOf('currency').map((code) => ({ code, label: `${code} — ${names.of(code) ?? code}` }))
  }
  return options
}
