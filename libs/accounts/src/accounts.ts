import { randomUUID } from 'node:crypto';
import {
  PASSWORD_HASH_PARAMETERS,
  PasswordHashError,
  createSingleUseToken,
  hashPassword,
  needsRehash,
  singleUseTokenMatches,
  verifyPassword,
  type ScryptParameters,
} from '@backend/crypto';
import type {
  AcceptedOutput,
  ChangePasswordInput,
  CreateUserInput,
  DoneOutput,
  LoginInput,
  LoginOutput,
  LostPasswordInput,
  ResetPasswordInput,
  VerifyUserInput,
} from '@backend/contracts';
import { ConflictError, registerSensitiveValues, type Mailer } from '@backend/platform';
import { VersionConflictError, type Item, type RateLimiter, type Table } from '@backend/persistence';
import { normaliseEmail } from './email.js';
import {
  EmailNotVerifiedError,
  InvalidCredentialsError,
  InvalidLinkError,
  InvalidSessionError,
} from './errors.js';
import type { Federation } from './federation.js';
import {
  alreadyRegisteredMail,
  noAccountMail,
  pageLink,
  resetPasswordMail,
  verifyEmailMail,
} from './mail.js';
import type { PasswordPolicy } from './password-policy.js';
import { RATE_LIMITS } from './rate-limits.js';
import { SESSION_LIFETIME_SECONDS, issueSession, verifySession, type SessionKeyring } from './sessions.js';
import { asUnavailable } from './unavailable.js';

export const VERIFY_TOKEN_LIFETIME_SECONDS = 24 * 3600;
export const RESET_TOKEN_LIFETIME_SECONDS = 3600;

/** One user, as the users table holds it (partition key `email`, normalised). */
export interface UserRecord {
  readonly email: string;
  /** Opaque and stable: the session's subject and the Cognito developer user identifier. */
  readonly userId: string;
  readonly passwordHash: string;
  readonly status: 'unverified' | 'verified';
  /** Moves on with every password change or reset; a session of another version is refused. */
  readonly sessionVersion: number;
  readonly createdAt: string;
  readonly passwordChangedAt: string;
  /** SHA-256 of the pending verification token and its expiry (seconds), or null. */
  readonly verifyTokenHash: string | null;
  readonly verifyExpiresAt: number | null;
  readonly resetTokenHash: string | null;
  readonly resetExpiresAt: number | null;
  /** Optimistic locking (`@backend/persistence`). */
  readonly version: number;
}

/** Who is asking: the client's IP (API Gateway's `sourceIp`) and, for change-password, the bearer token. */
export interface RequestOrigin {
  readonly sourceIp: string;
  readonly sessionToken?: string;
}

export interface AccountsOptions {
  /** The users table (partition key `email`). */
  readonly users: Table;
  readonly limiter: RateLimiter;
  /** Needed by create-user and lost-password. */
  readonly mailer?: Mailer;
  /** The site the pages are served from (`PUBLIC_BASE_URL`): links in mails point there. */
  readonly publicBaseUrl?: string;
  /** The session keys (Secrets Manager, cached); needed by login and change-password. */
  readonly sessionKeyring?: () => Promise<SessionKeyring>;
  /** The sessions' `iss`: `accounts.<environment>`. */
  readonly issuer?: string;
  /**
   * The policy new passwords must meet (`checkPasswordPolicy`); needed by create-user, change-password and
   * reset-password. Injected, so that the functions that never set a password do not bundle the common-password
   * list (docs/performance.md).
   */
  readonly passwordPolicy?: PasswordPolicy;
  /** Cognito developer identities, when the environment federates logins. */
  readonly federation?: Federation;
  /** The hash parameters new hashes use; older hashes are upgraded at the next login. OWASP's by default. */
  readonly hashParameters?: ScryptParameters;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
}

const ACCEPTED_SIGN_UP: AcceptedOutput = {
  status: 'accepted',
  message: 'Check your mail: we sent a message to this address with what to do next.',
};
const ACCEPTED_RESET: AcceptedOutput = {
  status: 'accepted',
  message: 'Check your mail: if this address has an account, the message holds a link to reset the password.',
};

const required = <T>(value: T | undefined, name: string): T => {
  if (value === undefined) throw new Error(`accounts: ${name} is not configured for this function`);
  return value;
};

/** A scrypt hash of nothing anyone knows, at the given parameters: what an unknown address's login is checked against. */
const decoyHash = ({ logN, r, p }: ScryptParameters) =>
  `$scrypt$ln=${logN},r=${r},p=${p}$c2FsdHNhbHRzYWx0c2FsdA$${'A'.repeat(42)}g`;

/** Runs an operation and turns AWS throttling, AWS failures and SES refusals into 503s. */
async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw asUnavailable(error);
  }
}

export interface Accounts {
  createUser(input: CreateUserInput, origin: RequestOrigin): Promise<AcceptedOutput>;
  verifyUser(input: VerifyUserInput, origin: RequestOrigin): Promise<DoneOutput>;
  login(input: LoginInput, origin: RequestOrigin): Promise<LoginOutput>;
  changePassword(input: ChangePasswordInput, origin: RequestOrigin): Promise<DoneOutput>;
  lostPassword(input: LostPasswordInput, origin: RequestOrigin): Promise<AcceptedOutput>;
  resetPassword(input: ResetPasswordInput, origin: RequestOrigin): Promise<DoneOutput>;
}

/**
 * The six operations of the accounts service. None tells whether an address has an account: create-user and
 * lost-password answer the same and do the same work (a hash, a mail) either way; login answers "invalid
 * credentials" after checking a decoy hash for an unknown address; verify and reset answer one "invalid link".
 */
export function createAccounts(options: AccountsOptions): Accounts {
  const { users, limiter } = options;
  const params = options.hashParameters ?? PASSWORD_HASH_PARAMETERS;
  const now = options.now ?? Date.now;
  const nowSeconds = () => Math.floor(now() / 1000);
  const link = (...args: Parameters<typeof pageLink> extends [string, ...infer R] ? R : never) =>
    pageLink(required(options.publicBaseUrl, 'PUBLIC_BASE_URL'), ...args);
  const mailer = () => required(options.mailer, 'the mailer');
  const checkPasswordPolicy: PasswordPolicy = (password, rule) =>
    required(options.passwordPolicy, 'the password policy')(password, rule);

  const getUser = async (email: string) =>
    (await users.get({ email }, { consistent: true })) as UserRecord | undefined;

  /** Applies `change` to the user with optimistic locking; `change` throws to refuse (the record as read). */
  const modifyUser = (email: string, change: (user: UserRecord) => Partial<UserRecord>) =>
    users.modify({ email }, (item: Item) => change(item as UserRecord) as Item) as Promise<
      UserRecord | undefined
    >;

  /** The client's request budget on this route, then the address's. */
  const admit = async (route: keyof typeof RATE_LIMITS.perIp, sourceIp: string, email?: string) => {
    await limiter.consume(RATE_LIMITS.perIp[route], sourceIp);
    if (email !== undefined) await limiter.consume(RATE_LIMITS.perEmail[route], email);
  };

  /** After repeated failures for this address or from this client, refuse before any hash is computed. */
  const checkBackOff = async (email: string, sourceIp: string) => {
    await limiter.check(RATE_LIMITS.failuresPerEmail, email);
    await limiter.check(RATE_LIMITS.failuresPerIp, sourceIp);
  };
  const recordFailure = async (email: string, sourceIp: string) => {
    await limiter.record(RATE_LIMITS.failuresPerEmail, email);
    await limiter.record(RATE_LIMITS.failuresPerIp, sourceIp);
  };

  /** True when `password` is the user's; an unknown user costs the same one hash against a decoy. */
  const passwordMatches = async (password: string, user: UserRecord | undefined): Promise<boolean> => {
    try {
      const matches = await verifyPassword(password, user?.passwordHash ?? decoyHash(params));
      return matches && user !== undefined;
    } catch (error) {
      // A password that is over-long once normalised cannot be anyone's.
      if (error instanceof PasswordHashError) return false;
      throw error;
    }
  };

  const sendVerification = async (email: string, token: string) =>
    mailer().send(
      verifyEmailMail,
      { link: link('verify', { email, token }), hours: VERIFY_TOKEN_LIFETIME_SECONDS / 3600 },
      { to: email },
    );

  return {
    createUser: (input, origin) =>
      guarded(async () => {
        registerSensitiveValues(input.email, input.password);
        const email = normaliseEmail(input.email);
        await admit('createUser', origin.sourceIp, email);
        await checkPasswordPolicy(input.password, { field: 'password', email });
        // Hashed before the address is looked up, so that a new and a registered address cost the same.
        const passwordHash = await hashPassword(input.password, params);
        const { token, hash } = createSingleUseToken();
        const verifyExpiresAt = nowSeconds() + VERIFY_TOKEN_LIFETIME_SECONDS;
        const existing = await getUser(email);
        if (existing?.status === 'verified') {
          await mailer().send(
            alreadyRegisteredMail,
            { loginLink: link('login'), resetLink: link('lost-password') },
            { to: email },
          );
          return ACCEPTED_SIGN_UP;
        }
        if (existing === undefined) {
          const stamp = new Date(now()).toISOString();
          try {
            await users.putNew({
              email,
              userId: randomUUID(),
              passwordHash,
              status: 'unverified',
              sessionVersion: 1,
              createdAt: stamp,
              passwordChangedAt: stamp,
              verifyTokenHash: hash,
              verifyExpiresAt,
              resetTokenHash: null,
              resetExpiresAt: null,
            });
            await sendVerification(email, token);
            return ACCEPTED_SIGN_UP;
          } catch (error) {
            // Another sign-up for this address was first: continue as for an unverified account.
            if (!(error instanceof ConflictError)) throw error;
          }
        }
        // Unverified: nobody has shown they own the mailbox, so the latest sign-up replaces the password and the
        // link (an attacker who signed up first with the victim's address gains nothing).
        const updated = await modifyUser(email, (user) => {
          if (user.status === 'verified') return {};
          return {
            passwordHash,
            verifyTokenHash: hash,
            verifyExpiresAt,
            sessionVersion: user.sessionVersion + 1,
          };
        });
        if (updated?.status === 'verified') {
          await mailer().send(
            alreadyRegisteredMail,
            { loginLink: link('login'), resetLink: link('lost-password') },
            { to: email },
          );
        } else await sendVerification(email, token);
        return ACCEPTED_SIGN_UP;
      }),

    verifyUser: (input, origin) =>
      guarded(async () => {
        registerSensitiveValues(input.email, input.token);
        const email = normaliseEmail(input.email);
        await admit('verifyUser', origin.sourceIp, email);
        const at = nowSeconds();
        const updated = await modifyUser(email, (user) => {
          const valid =
            user.verifyTokenHash !== null &&
            user.verifyExpiresAt !== null &&
            user.verifyExpiresAt > at &&
            singleUseTokenMatches(input.token, user.verifyTokenHash);
          if (!valid) throw new InvalidLinkError();
          return { status: 'verified', verifyTokenHash: null, verifyExpiresAt: null };
        });
        if (updated === undefined) throw new InvalidLinkError();
        return { status: 'verified', message: 'Your e-mail address is confirmed: you can log in now.' };
      }),

    login: (input, origin) =>
      guarded(async () => {
        registerSensitiveValues(input.email, input.password);
        const email = normaliseEmail(input.email);
        await admit('login', origin.sourceIp);
        await checkBackOff(email, origin.sourceIp);
        await limiter.consume(RATE_LIMITS.perEmail.login, email);
        const user = await getUser(email);
        if (!(await passwordMatches(input.password, user))) {
          await recordFailure(email, origin.sourceIp);
          throw new InvalidCredentialsError();
        }
        const account = user!;
        if (account.status !== 'verified') throw new EmailNotVerifiedError();
        if (needsRehash(account.passwordHash, params)) {
          const passwordHash = await hashPassword(input.password, params);
          // A concurrent change of the password wins; the upgrade waits for the next login.
          await users
            .updateVersioned({ email }, account.version, { passwordHash })
            .catch((error: unknown) => {
              if (!(error instanceof VersionConflictError)) throw error;
            });
        }
        const keyring = await required(options.sessionKeyring, 'the session keyring')();
        const token = await issueSession(keyring, required(options.issuer, 'the issuer'), {
          userId: account.userId,
          email,
          sessionVersion: account.sessionVersion,
        });
        registerSensitiveValues(token);
        const federated =
          options.federation === undefined ? {} : await options.federation.identityFor(account.userId);
        return { token, tokenType: 'Bearer', expiresIn: SESSION_LIFETIME_SECONDS, ...federated };
      }),

    changePassword: (input, origin) =>
      guarded(async () => {
        registerSensitiveValues(input.oldPassword, input.newPassword, origin.sessionToken ?? '');
        await admit('changePassword', origin.sourceIp);
        if (origin.sessionToken === undefined) throw new InvalidSessionError('Sign in first');
        const keyring = await required(options.sessionKeyring, 'the session keyring')();
        const session = await verifySession(
          keyring,
          required(options.issuer, 'the issuer'),
          origin.sessionToken,
        );
        const email = session.email;
        await checkBackOff(email, origin.sourceIp);
        await limiter.consume(RATE_LIMITS.perEmail.changePassword, email);
        const user = await getUser(email);
        const current = user?.userId === session.userId && user.sessionVersion === session.sessionVersion;
        if (!current) throw new InvalidSessionError();
        if (!(await passwordMatches(input.oldPassword, user))) {
          await recordFailure(email, origin.sourceIp);
          throw new InvalidCredentialsError({ field: 'oldPassword' });
        }
        await checkPasswordPolicy(input.newPassword, { field: 'newPassword', email });
        const passwordHash = await hashPassword(input.newPassword, params);
        try {
          await users.updateVersioned({ email }, user!.version, {
            passwordHash,
            sessionVersion: session.sessionVersion + 1,
            passwordChangedAt: new Date(now()).toISOString(),
            resetTokenHash: null,
            resetExpiresAt: null,
          });
        } catch (error) {
          // Another change or reset landed first and ended this session: nothing of this request is written.
          if (error instanceof VersionConflictError) throw new InvalidSessionError();
          throw error;
        }
        return {
          status: 'changed',
          message: 'Your password is changed; other sessions have ended. Log in again.',
        };
      }),

    lostPassword: (input, origin) =>
      guarded(async () => {
        registerSensitiveValues(input.email);
        const email = normaliseEmail(input.email);
        await admit('lostPassword', origin.sourceIp, email);
        const { token, hash } = createSingleUseToken();
        const resetExpiresAt = nowSeconds() + RESET_TOKEN_LIFETIME_SECONDS;
        const updated = await modifyUser(email, () => ({ resetTokenHash: hash, resetExpiresAt }));
        if (updated === undefined) {
          await mailer().send(noAccountMail, { signUpLink: link('sign-up') }, { to: email });
        } else {
          await mailer().send(
            resetPasswordMail,
            { link: link('reset-password', { email, token }), minutes: RESET_TOKEN_LIFETIME_SECONDS / 60 },
            { to: email },
          );
        }
        return ACCEPTED_RESET;
      }),

    resetPassword: (input, origin) =>
      guarded(async () => {
        registerSensitiveValues(input.email, input.token, input.newPassword);
        const email = normaliseEmail(input.email);
        await admit('resetPassword', origin.sourceIp, email);
        await checkPasswordPolicy(input.newPassword, { field: 'newPassword', email });
        const passwordHash = await hashPassword(input.newPassword, params);
        const at = nowSeconds();
        const updated = await modifyUser(email, (user) => {
          const valid =
            user.resetTokenHash !== null &&
            user.resetExpiresAt !== null &&
            user.resetExpiresAt > at &&
            singleUseTokenMatches(input.token, user.resetTokenHash);
          if (!valid) throw new InvalidLinkError();
          // The link reached the mailbox, which proves the address as verification does.
          return {
            passwordHash,
            status: 'verified',
            sessionVersion: user.sessionVersion + 1,
            passwordChangedAt: new Date(now()).toISOString(),
            resetTokenHash: null,
            resetExpiresAt: null,
            verifyTokenHash: null,
            verifyExpiresAt: null,
          };
        });
        if (updated === undefined) throw new InvalidLinkError();
        return {
          status: 'changed',
          message: 'Your password is changed; other sessions have ended. Log in now.',
        };
      }),
  };
}
