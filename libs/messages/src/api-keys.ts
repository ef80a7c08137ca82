import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createSingleUseToken, hashSingleUseToken } from '@backend/crypto';
import { Table, type Item } from '@backend/persistence';
import { randomBytes } from 'node:crypto';
import { ApiKeySettingsError, InvalidApiKeyError } from './errors.js';
import { domainOf, mailboxToRead } from './recipient.js';

/** What is stored of an API key: its hash, never the key. */
export interface ApiKeyRecord {
  /** base64url SHA-256 of the key's secret part; the table's partition key. */
  readonly key_hash: string;
  /** A short public id, to list and revoke a key without holding it. */
  readonly key_id: string;
  readonly name: string;
  /** Mailboxes (email addresses in lower case, E.164 numbers) the key may send to and read. */
  readonly recipients: readonly string[];
  /** Email domains whose every mailbox the key may send to and read. */
  readonly domains: readonly string[];
  /** Whether the key reads the content of `store_secure` messages. */
  readonly can_decrypt: boolean;
  /** Requests per minute (every route counts). */
  readonly rate_limit_per_minute: number;
  readonly created_at: string;
  readonly revoked_at?: string;
}

export interface ApiKeySettings {
  readonly name: string;
  readonly recipients?: readonly string[];
  readonly domains?: readonly string[];
  readonly canDecrypt?: boolean;
  readonly rateLimitPerMinute?: number;
}

/** `msgk_` and 256 random bits, base64url: recognisable in a leaked file, impossible to guess. */
const API_KEY = /^msgk_([A-Za-z0-9_-]{43})$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 60;
export const MAX_RATE_LIMIT_PER_MINUTE = 100_000;

/** Whether a key may send to and read this mailbox: named among its recipients, or in one of its domains. */
export function mayReach(key: Pick<ApiKeyRecord, 'recipients' | 'domains'>, mailbox: string): boolean {
  if (key.recipients.includes(mailbox)) return true;
  const domain = domainOf(mailbox);
  return domain !== undefined && key.domains.includes(domain);
}

function checkedSettings(settings: ApiKeySettings) {
  const name = settings.name?.trim() ?? '';
  if (name.length < 1 || name.length > 64)
    throw new ApiKeySettingsError('name must be 1-64 characters', 'name');
  const recipients = (settings.recipients ?? []).map((recipient) => {
    try {
      return mailboxToRead(recipient.trim());
    } catch {
      throw new ApiKeySettingsError(
        'each recipient must be an email address or an E.164 phone number',
        'recipients',
      );
    }
  });
  const domains = (settings.domains ?? []).map((domain) => {
    const lower = domain.trim().toLowerCase();
    if (!DOMAIN.test(lower) || lower.length > 253) {
      throw new ApiKeySettingsError('each domain must be a domain name such as example.com', 'domains');
    }
    return lower;
  });
  if (recipients.length + domains.length === 0) {
    throw new ApiKeySettingsError('a key needs at least one recipient or domain', 'recipients');
  }
  const rate = settings.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  if (!Number.isInteger(rate) || rate < 1 || rate > MAX_RATE_LIMIT_PER_MINUTE) {
    throw new ApiKeySettingsError(
      `the rate limit must be an integer from 1 to ${MAX_RATE_LIMIT_PER_MINUTE} requests per minute`,
      'rateLimitPerMinute',
    );
  }
  return { name, recipients: [...new Set(recipients)], domains: [...new Set(domains)], rate };
}

/** The API keys table: keys are looked up by the hash of what the caller presents. */
export class ApiKeyStore {
  private readonly table: Table;

  constructor(private readonly options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.table = new Table({
      client: options.client,
      tableName: options.tableName,
      partitionKey: 'key_hash',
    });
  }

  /** Stores a new key and returns it: the only time the key itself exists outside the caller. */
  async issue(settings: ApiKeySettings, now = new Date()): Promise<{ apiKey: string; record: ApiKeyRecord }> {
    const { name, recipients, domains, rate } = checkedSettings(settings);
    const { token, hash } = createSingleUseToken();
    const record: ApiKeyRecord = {
      key_hash: hash,
      key_id: randomBytes(8).toString('hex'),
      name,
      recipients,
      domains,
      can_decrypt: settings.canDecrypt === true,
      rate_limit_per_minute: rate,
      created_at: now.toISOString(),
    };
    await this.table.putNew(record as unknown as Item);
    return { apiKey: `msgk_${token}`, record };
  }

  /** The record of a presented key; `InvalidApiKeyError` when absent, malformed, unknown or revoked. */
  async authenticate(presented: string | undefined): Promise<ApiKeyRecord> {
    const token = presented === undefined ? undefined : API_KEY.exec(presented.trim())?.[1];
    if (token === undefined) throw new InvalidApiKeyError();
    const record = (await this.table.get({ key_hash: hashSingleUseToken(token) })) as
      ApiKeyRecord | undefined;
    if (record === undefined || record.revoked_at !== undefined) throw new InvalidApiKeyError();
    return record;
  }

  /** Every key, revoked ones too, without hashes, oldest first. */
  async list(): Promise<Omit<ApiKeyRecord, 'key_hash'>[]> {
    return (await this.scanAll()).map(({ key_hash: _hash, ...rest }) => rest);
  }

  /** Revokes the key with this public id; false when there is none. Revoking twice keeps the first time. */
  async revoke(keyId: string, now = new Date()): Promise<boolean> {
    const record = (await this.scanAll()).find((r) => r.key_id === keyId);
    if (record === undefined) return false;
    await this.table.modify({ key_hash: record.key_hash }, (current) =>
      current['revoked_at'] === undefined ? { revoked_at: now.toISOString() } : {},
    );
    return true;
  }

  /** A scan: the table holds a handful of keys, and only the keys tool lists them. */
  private async scanAll(): Promise<ApiKeyRecord[]> {
    const records: ApiKeyRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.options.client.send(
        new ScanCommand({
          TableName: this.options.tableName,
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      for (const { version: _version, ...item } of page.Items ?? []) records.push(item as ApiKeyRecord);
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return records.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }
}
