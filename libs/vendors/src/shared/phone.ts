/** A US number as its ten national digits, as the IDP sends phones to vendors: `+1 (555) 123-1234` -> `5551231234`. */
export const nationalNumber = (phone: string): string =>
  phone.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
