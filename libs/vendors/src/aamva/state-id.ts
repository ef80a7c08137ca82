import { httpRequest, type HttpClient } from '@backend/platform';
import { VendorError, VendorTimeoutError } from '../errors.js';
import { isoDate, parseBirthDate } from '../shared/dates.js';
import { sendToVendor } from '../shared/http.js';
import type { SecretSource } from '../shared/secret-config.js';
import type { StateIdApplicant, StateIdVendor, StateIdVerdict } from '../state-id/types.js';
import { unsupportedJurisdictionVerdict } from '../state-id/verdict.js';
import type { VendorCallOptions } from '../types.js';
import { aamvaConfig, type AamvaConfig } from './config.js';
import {
  LABEL,
  readAuthenticationToken,
  readSecurityContextToken,
  readSoap,
  readVerification,
  verificationErrors,
} from './soap.js';
import { verificationRequest, VERIFY_ACTION } from './verification.js';
import {
  AUTHENTICATE_ACTION,
  SOAP_CONTENT_TYPE,
  authenticationTokenRequest,
  liveEntropy,
  securityTokenRequest,
  type RequestEntropy,
} from './ws-security.js';

export interface AamvaClientOptions {
  /** Name or ARN of the Secrets Manager secret holding the AAMVA configuration. */
  secretName: string;
  secrets?: SecretSource;
  http?: HttpClient;
  /** The clock and randomness of the signed requests; live by default. */
  entropy?: () => RequestEntropy;
}

/** AAMVA tokens live 30 minutes; the IDP reuses one for 28. */
export const TOKEN_FRESHNESS_MS = 28 * 60 * 1000;

interface CachedToken {
  config: AamvaConfig;
  token: Promise<string>;
  expiresAt: number;
}

/**
 * State ID verification with AAMVA DLDV 2.1, as the IDP's Aamva::Proofer: a security context token request
 * signed with our certificate's key, an authentication token request signed with the derived key, then the
 * verification request. The token is reused for 28 minutes by every call of a warm function (one in-flight
 * authentication is shared) and dropped when the configuration rotates or AAMVA rejects a verification.
 * No request is retried: a DLDV verification is billed, and the job decides about retries.
 */
export class AamvaStateIdVendor implements StateIdVendor {
  readonly name = 'aamva:state_id';
  private readonly config: () => Promise<AamvaConfig>;
  private readonly http: HttpClient;
  private readonly entropy: () => RequestEntropy;
  private cached: CachedToken | undefined;

  constructor(options: AamvaClientOptions) {
    this.config = aamvaConfig(options.secretName, options.secrets);
    this.http = options.http ?? httpRequest;
    this.entropy = options.entropy ?? liveEntropy;
  }

  async proof(applicant: StateIdApplicant, options: VendorCallOptions): Promise<StateIdVerdict> {
    const birthDate = parseBirthDate(applicant.dob);
    if (birthDate === null) throw new VendorError(`${LABEL} needs a valid date of birth`);
    const config = await this.config();
    if (
      config.supportedJurisdictions &&
      !config.supportedJurisdictions.has(applicant.state_id_jurisdiction)
    ) {
      return unsupportedJurisdictionVerdict();
    }
    const token = await this.token(config, options.signal);
    let response;
    try {
      response = await sendToVendor(
        LABEL,
        this.http,
        {
          url: config.verificationUrl,
          method: 'POST',
          headers: { 'content-type': SOAP_CONTENT_TYPE, soapaction: VERIFY_ACTION },
          body: verificationRequest({
            token,
            applicant,
            dob: isoDate(birthDate),
            certEnabled: config.certEnabled,
          }),
          signal: options.signal,
          timeoutMs: config.verificationRequestTimeoutMs,
        },
        (status) => status >= 400,
      );
    } catch (error) {
      this.dropTokenUnlessTimeout(error);
      throw error;
    }
    let result;
    try {
      result = readVerification(readSoap(response.status, response.body));
    } catch (error) {
      this.dropTokenUnlessTimeout(error);
      throw error;
    }
    const errors = verificationErrors(result);
    return {
      success: Object.keys(errors).length === 0,
      errors,
      messages: [],
      transaction_id: result.transactionLocatorId,
      verified: Object.keys(result.matches).filter((attribute) => result.matches[attribute] === true),
    };
  }

  /** A rejected verification may mean a revoked token: the next call authenticates again. */
  private dropTokenUnlessTimeout(error: unknown): void {
    if (!(error instanceof VendorTimeoutError)) this.cached = undefined;
  }

  private token(config: AamvaConfig, signal: AbortSignal): Promise<string> {
    const now = Date.now();
    if (this.cached && this.cached.config === config && this.cached.expiresAt > now) return this.cached.token;
    const token = this.authenticate(config, signal);
    const entry: CachedToken = { config, token, expiresAt: now + TOKEN_FRESHNESS_MS };
    this.cached = entry;
    // A failed authentication is not cached; the caller still sees its error.
    token.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return token;
  }

  private async authenticate(config: AamvaConfig, signal: AbortSignal): Promise<string> {
    const authUrl = config.authUrl.href;
    const post = async (body: string) => {
      const response = await sendToVendor(
        LABEL,
        this.http,
        {
          url: config.authUrl,
          method: 'POST',
          headers: { 'content-type': SOAP_CONTENT_TYPE, soapaction: AUTHENTICATE_ACTION },
          body,
          signal,
          timeoutMs: config.authRequestTimeoutMs,
        },
        (status) => status >= 400,
      );
      return readSoap(response.status, response.body);
    };
    const request = securityTokenRequest(
      { authUrl, certificate: config.certificate, privateKey: config.privateKey },
      this.entropy(),
    );
    const contextToken = readSecurityContextToken(await post(request.body));
    const authentication = authenticationTokenRequest(
      { authUrl, token: contextToken, clientNonce: request.clientNonce },
      this.entropy(),
    );
    return readAuthenticationToken(await post(authentication));
  }
}
