/** Options every vendor call takes: the signal fires when the job's deadline for the call has come. */
export interface VendorCallOptions {
  signal: AbortSignal;
}

/** A vendor's verdict on one stage of proofing. Vendor failures are thrown as VendorError instead. */
export interface VendorVerdict {
  success: boolean;
  /** `{ attribute: [message] }` for the IDP's form. */
  errors: Record<string, string[]>;
  messages: string[];
  transaction_id: string | null;
}
