/** The `environment` Terraform variable of the local cloud: resource names start with it, as in AWS. */
export const LOCAL_ENVIRONMENT = 'local';

/**
 * The resources of one service, declared once in the service's own lib (e.g. libs/proofing's `proofingService`)
 * and listed in the workspace's registry (tools/services): the local cloud creates them, and a drift test
 * compares them with the service's Terraform under `terraform/services/`. Types only, plus the environment
 * name, so that service libs and the local cloud share them without depending on each other.
 */
export interface ServiceDeclaration {
  readonly service: string;
  readonly tables?: readonly TableDeclaration[];
  readonly queues?: readonly QueueDeclaration[];
  readonly buckets?: readonly BucketDeclaration[];
  readonly parameters?: readonly ParameterDeclaration[];
  readonly secrets?: readonly SecretDeclaration[];
  readonly functions?: readonly FunctionDeclaration[];
  /** The HTTP API's JWT authorizers by name (`modules/http_api`'s `jwt_authorizers`). */
  readonly jwtAuthorizers?: Readonly<Record<string, JwtAuthorizerDeclaration>>;
  /** Static pages, served under `prefix` of the HTTP API's base URL (CloudFront in front of the API in AWS). */
  readonly pages?: readonly { readonly prefix: string; readonly directory: string }[];
  /** Machine clients of the local OAuth 2.0 issuer (client credentials); their secrets go to Secrets Manager. */
  readonly oauthClients?: readonly OAuthClientDeclaration[];
  /** Cognito identity pools of developer-authenticated identities (`modules/identity_pool`). */
  readonly identityPools?: readonly IdentityPoolDeclaration[];
}

/** A Cognito identity pool whose identities a service's functions get with GetOpenIdTokenForDeveloperIdentity. */
export interface IdentityPoolDeclaration {
  /** The pool's name; a function's `{ identityPoolId: name }` variable gets its id (`<region>:<uuid>`). */
  readonly name: string;
  /** The `Logins` key the developer provider uses, e.g. `login.accounts.local`. */
  readonly developerProviderName: string;
}

/** API Gateway's JWT authorizer: tokens of this issuer, for one of these audiences (`aud`, else `client_id`). */
export interface JwtAuthorizerDeclaration {
  /** The issuer URL; `{ localIssuer: true }` is the local cloud's own OAuth 2.0 issuer. */
  readonly issuer: string | { readonly localIssuer: true };
  readonly audience: readonly string[];
}

export interface OAuthClientDeclaration {
  readonly clientId: string;
  /** Scopes the client may ask for; a token request for another scope is `invalid_scope`. */
  readonly scopes: readonly string[];
}

/** A route with API Gateway's JWT authorization: the authorizer's name and the scopes of which one is needed. */
export interface RouteDeclaration {
  readonly routeKey: string;
  readonly jwtAuthorizer?: string;
  readonly scopes?: readonly string[];
}

export type KeyType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}

export interface TableDeclaration {
  readonly name: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalSecondaryIndexes?: readonly {
    readonly name: string;
    readonly partitionKey: KeyAttribute;
    readonly sortKey?: KeyAttribute;
  }[];
  /** The TTL attribute Terraform enables; dynalite does not expire items, so code checks expiry on read. */
  readonly ttlAttribute?: string;
}

export interface QueueDeclaration {
  readonly name: string;
  readonly visibilityTimeoutSeconds?: number;
  readonly messageRetentionSeconds?: number;
  readonly delaySeconds?: number;
  /** Redrive: after `maxReceiveCount` receives a message moves to the queue `deadLetterQueue` (declared too). */
  readonly deadLetter?: { readonly queue: string; readonly maxReceiveCount: number };
}

export interface BucketNotification {
  /** Queue name that receives the S3 event messages. */
  readonly queue: string;
  /** e.g. `s3:ObjectCreated:*`, `s3:ObjectCreated:Put` */
  readonly events: readonly string[];
  readonly prefix?: string;
  readonly suffix?: string;
  readonly id?: string;
}

/** One CORS rule of a bucket, as S3's `CORSRule` (Terraform's `cors_rule`). */
export interface BucketCorsRule {
  /** Origins such as `https://idp.example.gov`; each may hold one `*` wildcard (`http://127.0.0.1:*`). */
  readonly allowedOrigins: readonly string[];
  /** `GET`, `PUT`, `POST`, `DELETE`, `HEAD` */
  readonly allowedMethods: readonly string[];
  /** Request headers a preflight may ask for (case-insensitive, one `*` wildcard each). */
  readonly allowedHeaders?: readonly string[];
  /** Response headers the browser lets the page read. */
  readonly exposeHeaders?: readonly string[];
  readonly maxAgeSeconds?: number;
}

export interface BucketDeclaration {
  readonly name: string;
  readonly notifications?: readonly BucketNotification[];
  /** CORS rules: browsers on these origins may call the bucket (e.g. PUT to pre-signed URLs). None by default. */
  readonly cors?: readonly BucketCorsRule[];
}

export interface ParameterDeclaration {
  readonly name: string;
  readonly type: 'String' | 'StringList' | 'SecureString';
  /** A fixed local value; without one, a random 32-byte hex value is generated at first start and printed nowhere. */
  readonly localValue?: string;
}

export interface SecretDeclaration {
  readonly name: string;
  /**
   * A fixed local value, or a function that makes one at first start (a value with structure, such as a keyring of
   * fresh keys); without either, a random value is generated at first start. Printed nowhere.
   */
  readonly localValue?: string | (() => string);
}

/** Where the local cloud's edge plays Google's reCAPTCHA siteverify: a function's `{ edgeUrl: LOCAL_RECAPTCHA_VERIFY_PATH }`. */
export const LOCAL_RECAPTCHA_VERIFY_PATH = '/recaptcha/api/siteverify';

/**
 * The secret key the local reCAPTCHA stand-in accepts, as Google publishes test keys (Google refuses this one): a
 * service declares its reCAPTCHA secret with it as `localValue`.
 */
export const LOCAL_RECAPTCHA_SECRET_KEY = 'local-cloud-recaptcha-secret-key';

/**
 * A value resolved at deploy time, when the local URLs and ARNs are known. `edgeUrl` is the local cloud's edge
 * endpoint followed by this path: the local stand-in of a non-AWS endpoint (`/recaptcha/api/siteverify`).
 */
export type EnvValue =
  | string
  | { readonly queueUrl: string }
  | { readonly queueArn: string }
  | { readonly httpApiUrl: true }
  | { readonly edgeUrl: string }
  | { readonly identityPoolId: string }
  /** The local cloud's OAuth 2.0 issuer (`iss` of its tokens; its JWKS at `/.well-known/jwks.json`). */
  | { readonly oauthIssuerUrl: true };

export interface SqsEventSource {
  readonly queue: string;
  /** 1-10000; Lambda's default is 10. */
  readonly batchSize?: number;
  readonly maximumBatchingWindowSeconds?: number;
  /** Lambda's `function_response_types = ["ReportBatchItemFailures"]`. */
  readonly reportBatchItemFailures?: boolean;
  /** Pollers running batches at once (Lambda's maximum concurrency); default 2. */
  readonly maximumConcurrency?: number;
}

export interface FunctionDeclaration {
  /** The Lambda function name. */
  readonly name: string;
  /** The Nx app under `apps/` whose `src/handler.ts` is bundled; or `entry` for a handler file elsewhere. */
  readonly app?: string;
  readonly entry?: string;
  /** The exported handler function; `handler` by default. */
  readonly handler?: string;
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  readonly reservedConcurrency?: number;
  readonly environment?: Readonly<Record<string, EnvValue>>;
  readonly async?: {
    readonly maxRetryAttempts?: number;
    readonly maxEventAgeSeconds?: number;
    readonly onFailure?: string;
    readonly onSuccess?: string;
  };
  readonly sqs?: readonly SqsEventSource[];
  /** HTTP API routes: `GET /users/{id}`, `ANY /files/{proxy+}`, `$default`, or with a JWT authorizer. */
  readonly routes?: readonly (string | RouteDeclaration)[];
}

/**
 * Every API's reference (docs/api/, written by the contracts generator): the local cloud's HTTP API serves it at
 * `/docs/api/` beside the services' own pages, one entry for every API.
 */
export const API_DOCS_PAGES = { prefix: '/docs/api', directory: 'docs/api' } as const;
