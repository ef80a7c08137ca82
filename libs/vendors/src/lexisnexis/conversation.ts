import { httpRequest, type HttpClient } from '@backend/platform';
import { VendorConfigError, VendorError } from '../errors.js';
import { safeCode, sendToVendor, unreadable } from '../shared/http.js';
import { isRecord } from '../shared/json.js';
import type { LexisNexisConfig } from './config.js';

export interface LexisNexisItem {
  name: string | null;
  status: string | null;
  reasonCode: string | null;
}

export interface LexisNexisProduct {
  type: string | null;
  stepName: string | null;
  status: string | null;
  reasonCode: string | null;
  items: LexisNexisItem[];
}

/** The parts of an RDP conversation's answer that a verdict is built from; nothing the vendor reflected back. */
export interface LexisNexisAnswer {
  status: 'passed' | 'failed';
  /** `Status.ConversationId`: the transaction id the IDP keeps. */
  conversationId: string | null;
  /** `Status.TransactionReasonCode.Code`, when it is a code. */
  reasonCode: string | null;
  products: LexisNexisProduct[];
}

const record = (value: unknown): Record<string, unknown> | undefined => (isRecord(value) ? value : undefined);

const text = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

/**
 * One workflow of LexisNexis RDP (`POST /restws/identity/v2/<account>/<workflow>/conversation`, JSON, basic
 * auth), as the IDP's PhoneFinder and InstantVerify clients call it.
 */
export class LexisNexisConversation {
  constructor(
    private readonly label: string,
    private readonly http: HttpClient = httpRequest,
  ) {}

  async send(
    config: LexisNexisConfig,
    workflow: string | undefined,
    body: unknown,
    signal: AbortSignal,
  ): Promise<LexisNexisAnswer> {
    if (workflow === undefined) throw new VendorConfigError(`${this.label} has no workflow configured`);
    const path = `restws/identity/v2/${encodeURIComponent(config.accountId)}/${encodeURIComponent(workflow)}/conversation`;
    const base = config.baseUrl.href.endsWith('/') ? config.baseUrl.href : `${config.baseUrl.href}/`;
    const credentials = Buffer.from(`${config.username}:${config.password}`, 'utf8').toString('base64');
    const response = await sendToVendor(this.label, this.http, {
      url: new URL(path, base),
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Basic ${credentials}`,
      },
      body: JSON.stringify(body),
      signal,
      timeoutMs: config.requestTimeoutMs,
    });
    return this.parse(response.body);
  }

  private parse(body: Buffer): LexisNexisAnswer {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      // No cause: JSON.parse's message quotes the body, which may hold the applicant's data.
      throw unreadable(this.label);
    }
    const status = record(record(parsed)?.Status);
    const transactionStatus = status?.TransactionStatus;
    const reasonCode = safeCode(record(status?.TransactionReasonCode)?.Code);
    if (transactionStatus === 'error') {
      throw new VendorError(`${this.label} answered with an error${reasonCode ? ` (${reasonCode})` : ''}`);
    }
    if (transactionStatus !== 'passed' && transactionStatus !== 'failed') throw unreadable(this.label);
    const products = record(parsed)?.Products;
    if (products !== undefined && !Array.isArray(products)) throw unreadable(this.label);
    return {
      status: transactionStatus,
      conversationId: text(status?.ConversationId),
      reasonCode,
      products: (products ?? []).map((raw) => {
        const product = record(raw) ?? {};
        const items = Array.isArray(product.Items) ? product.Items : [];
        return {
          type: text(product.ProductType),
          stepName: text(product.ExecutedStepName),
          status: text(product.ProductStatus),
          reasonCode: safeCode(record(product.ProductReason)?.Code),
          items: items.map((rawItem) => {
            const item = record(rawItem) ?? {};
            return {
              name: text(item.ItemName),
              status: text(item.ItemStatus),
              reasonCode: safeCode(record(item.ItemReason)?.Code),
            };
          }),
        };
      }),
    };
  }
}

/** The applicant's reference as the IDP sends it: `<uuid_prefix>:<uuid>` or the uuid alone. */
export const reference = (uuid: string, prefix?: string | null): string =>
  prefix ? `${prefix}:${uuid}` : uuid;

/** `Person.DateOfBirth` of an RDP request: unpadded numbers as strings, as the IDP's DateFormatter writes them. */
export const rdpDate = (date: { year: number; month: number; day: number }) => ({
  Year: String(date.year),
  Month: String(date.month),
  Day: String(date.day),
});
