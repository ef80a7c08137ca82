import type { ProviderRegistrationInput, RegistrationAcceptedOutput } from '@backend/contracts';
import { constantTimeEqual, createSingleUseToken } from '@backend/crypto';
import {
  ServiceUnavailableError,
  ValidationError,
  asServiceUnavailable,
  logger as platformLogger,
  registerSensitiveValues,
  type Logger,
  type Mailer,
} from '@backend/platform';
import type { Item, RateLimit, RateLimiter, Table } from '@backend/persistence';
import type { RecaptchaVerifier } from '@backend/vendors';
import { noMatchingLicenseMail, registrationLinkMail, registrationLink } from './registration-mail.js';
import { PROVIDERS_BY_NAME_INDEX } from './records.js';

/** 3 attempts per client IP per 15 minutes, counted before anything else is done. */
export const REGISTRATION_RATE_LIMIT: RateLimit = { name: 'ip:registration', max: 3, windowSeconds: 15 * 60 };
/** How long the mailed link works; it works once. */
export const REGISTRATION_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** The action the registration page passes to `grecaptcha.execute`. */
export const REGISTRATION_RECAPTCHA_ACTION = 'register';
/** License items of one name read at most; a name shared by more licenses than this is not looked at further. */
const MAX_CANDIDATES = 100;

/** The one answer, whether or not a license matched. */
export const REGISTRATION_ACCEPTED: RegistrationAcceptedOutput = {
  status: 'accepted',
  message: 'Check your mail: we sent a message to this address with what to do next.',
};

export interface RegistrationDependencies {
  /** The providers table (its `providers-by-name` index is queried). */
  readonly providers: Table;
  /** Registration tokens (`token#<sha-256>`) and the per-IP counters, both expiring by TTL (`expiresAt`). */
  readonly registrations: Table;
  readonly limiter: RateLimiter;
  readonly recaptcha: RecaptchaVerifier;
  readonly mailer: Mailer;
  /** Where the mailed link points (REGISTRATION_CONTINUE_URL); the token goes in its fragment. */
  readonly continueUrl: string;
  readonly logger?: Pick<Logger, 'info' | 'warn'>;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
}

/** Who asks: the client's address (`registrationClientIp`). */
export interface RegistrationOrigin {
  readonly clientIp: string;
}

/** What a stored registration token holds: enough for the continue step to create the practitioner's user. */
export interface RegistrationRecord {
  readonly key: string;
  readonly compact: string;
  readonly providerId: string;
  readonly email: string;
  readonly createdAt: string;
  /** Seconds since the epoch; DynamoDB's TTL deletes the item after it, and a reader refuses it after it. */
  readonly expiresAt: number;
}

export const registrationTokenKey = (tokenHash: string) => `token#${tokenHash}`;

const canonical = (text: string) => text.normalize('NFKC').trim().toLowerCase();

/**
 * True when the license item is the one the request describes. Every field is compared, in constant time, whatever
 * the others said (`&`, not `&&`), so how long this takes does not depend on which field differs.
 */
function sameLicense(item: Item, input: ProviderRegistrationInput): boolean {
  const field = (name: string) => (typeof item[name] === 'string' ? (item[name] as string) : '');
  let same = 1;
  same &= Number(constantTimeEqual(canonical(field('givenName')), canonical(input.givenName)));
  same &= Number(constantTimeEqual(canonical(field('familyName')), canonical(input.familyName)));
  same &= Number(constantTimeEqual(field('dateOfBirth'), input.dateOfBirth));
  same &= Number(constantTimeEqual(field('ssnLastFour'), input.ssnLastFour));
  same &= Number(constantTimeEqual(field('jurisdiction'), input.jurisdiction));
  same &= Number(constantTimeEqual(field('licenseType'), input.licenseType));
  same &= Number(item['type'] === 'license');
  return same === 1;
}

/**
 * Practitioner self-registration (`POST /v1/provider-users/registration`). In order: the client's per-IP budget
 * (429), the reCAPTCHA v3 token (400, or 503 when Google cannot be asked), then the same work whether or not the
 * details match a license: one query of the name in the compact, every candidate compared in constant time, one
 * token made and one item written, one mail sent (the link, or a note that nothing matched), and the same answer.
 * Nothing the caller sent is logged.
 */
export function createRegistration(deps: RegistrationDependencies) {
  const now = deps.now ?? Date.now;
  const log = deps.logger ?? platformLogger;

  return async function register(
    input: ProviderRegistrationInput,
    origin: RegistrationOrigin,
  ): Promise<RegistrationAcceptedOutput> {
    // The person's details and the token: redacted from any log line of this invocation.
    registerSensitiveValues(
      input.givenName,
      input.familyName,
      input.email,
      input.dateOfBirth,
      input.ssnLastFour,
      input.recaptchaToken,
    );
    try {
      await deps.limiter.consume(REGISTRATION_RATE_LIMIT, origin.clientIp);
      const verdict = await deps.recaptcha.verify(input.recaptchaToken, {
        action: REGISTRATION_RECAPTCHA_ACTION,
        remoteIp: origin.clientIp,
      });
      if (!verdict.ok) {
        // The reason, never the token: for the logs and their metric filters.
        log.warn('registration refused: reCAPTCHA', { reason: verdict.reason });
        if (verdict.reason === 'unavailable' || verdict.reason === 'misconfigured') {
          throw new ServiceUnavailableError('The request could not be checked; try again shortly');
        }
        throw new ValidationError('The reCAPTCHA check failed; reload the page and try again', {
          code: 'RECAPTCHA_FAILED',
          field: 'recaptchaToken',
        });
      }

      const { items } = await deps.providers.query({
        index: PROVIDERS_BY_NAME_INDEX,
        // `compact` is one of DynamoDB's reserved words.
        keyCondition: '#compact = :compact AND sortName = :sortName',
        names: { '#compact': 'compact' },
        values: {
          ':compact': input.compact,
          ':sortName': `${canonical(input.familyName)}\u0000${canonical(input.givenName)}`,
        },
        limit: MAX_CANDIDATES,
      });
      let match: Item | undefined;
      for (const item of items) if (sameLicense(item, input) && match === undefined) match = item;

      // Both paths make a token and write one item (the no-match item holds no PII and opens nothing).
      const { token, hash } = createSingleUseToken();
      registerSensitiveValues(token);
      const createdAt = new Date(now());
      const expiresAt = Math.floor(createdAt.getTime() / 1000) + REGISTRATION_TOKEN_LIFETIME_SECONDS;
      await deps.registrations.putNew({
        key: registrationTokenKey(hash),
        matched: match !== undefined,
        ...(match === undefined
          ? {}
          : { compact: input.compact, providerId: String(match['providerId']), email: input.email }),
        createdAt: createdAt.toISOString(),
        expiresAt,
      });
      if (match === undefined) {
        await deps.mailer.send(noMatchingLicenseMail, {}, { to: input.email });
      } else {
        await deps.mailer.send(
          registrationLinkMail,
          {
            link: registrationLink(deps.continueUrl, token),
            hours: REGISTRATION_TOKEN_LIFETIME_SECONDS / 3600,
          },
          { to: input.email },
        );
      }
      log.info('registration accepted', { compact: input.compact });
      return REGISTRATION_ACCEPTED;
    } catch (error) {
      throw asServiceUnavailable(error);
    }
  };
}

export type Registration = ReturnType<typeof createRegistration>;

/**
 * The stored registration of a token from a mailed link, used up: a second use, an unknown, malformed or expired
 * token, or a token whose details matched no license, all give `undefined`. For the step that creates the
 * practitioner's user (its own issue); a conditional update, so two uses at once get one record.
 */
export async function consumeRegistrationToken(
  registrations: Table,
  tokenHash: string,
  nowSeconds: number,
): Promise<RegistrationRecord | undefined> {
  const item = await registrations.updateIf(
    { key: registrationTokenKey(tokenHash) },
    { usedAt: nowSeconds },
    {
      expression:
        'attribute_exists(#key) AND #matched = :true AND attribute_not_exists(#usedAt) AND #expiresAt > :now',
      names: { '#key': 'key', '#matched': 'matched', '#usedAt': 'usedAt', '#expiresAt': 'expiresAt' },
      values: { ':true': true, ':now': nowSeconds },
    },
  );
  return item as RegistrationRecord | undefined;
}
