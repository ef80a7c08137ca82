// The declaration types live in @backend/contracts, where the service libs that declare themselves reach them.
export type * from '@backend/contracts';
