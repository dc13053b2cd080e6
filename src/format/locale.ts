/** The locale money, counts and dates are shown in. */
export const SHOP_LOCALE = 'en-US'
